import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/** A browser's Web Push subscription for a signed-in person (one per device). */
export const pushSubscriptions = pgTable(
	'push_subscriptions',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		endpoint: text().notNull().unique(),
		p256dh: text().notNull(),
		auth: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('push_subscriptions_user_idx').on(t.userId)]
);

/**
 * Pushes queued in the transaction that caused them and sent after commit (like mail). The payload is a
 * translated, generic title and a link: never personal data.
 */
export const pushOutbox = pgTable(
	'push_outbox',
	{
		id: uuid().primaryKey().defaultRandom(),
		subscriptionId: uuid()
			.notNull()
			.references(() => pushSubscriptions.id, { onDelete: 'cascade' }),
		title: text().notNull(),
		url: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		sentAt: timestamp({ withTimezone: true }),
		error: text()
	},
	(t) => [index('push_outbox_pending_idx').on(t.sentAt, t.createdAt)]
);

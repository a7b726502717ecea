import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every e-mail is queued here inside the transaction that caused it and sent after commit.
 * Without SMTP configured the row stays as the development outbox, readable by platform admins.
 */
export const emailOutbox = pgTable(
	'email_outbox',
	{
		id: uuid().primaryKey().defaultRandom(),
		toAddress: text().notNull(),
		subject: text().notNull(),
		body: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		sentAt: timestamp({ withTimezone: true }),
		error: text()
	},
	(t) => [index('email_outbox_created_idx').on(t.createdAt)]
);

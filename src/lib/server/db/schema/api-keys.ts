import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';
import { users } from './users';

/** An area's keys for its own systems. Only the SHA-256 of a key is kept; the prefix identifies it in lists. */
export const apiKeys = pgTable(
	'api_keys',
	{
		id: uuid().primaryKey().defaultRandom(),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		name: text().notNull(),
		prefix: text().notNull().unique(),
		keyHash: text().notNull(),
		scopes: text().array().notNull(),
		createdBy: uuid().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		lastUsedAt: timestamp({ withTimezone: true }),
		revokedAt: timestamp({ withTimezone: true })
	},
	(t) => [index('api_keys_area_idx').on(t.areaId)]
);

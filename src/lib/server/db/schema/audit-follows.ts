import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';
import { users } from './users';

/**
 * An auditor follows something in an area's audit log: a saved search of the log (an object such as a contract or
 * a provider, an action code, a staff member's e-mail; never a customer). The home shows the entries newer than
 * `seenId`, and opening them moves `seenId` on. The person's own bookkeeping: deleted with the person.
 */
export const auditFollows = pgTable(
	'audit_follows',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		/** The object's type and id as the log writes them (target_type, target_ids). */
		targetType: text(),
		targetId: uuid(),
		action: text(),
		userEmail: text(),
		/** The newest log entry the person has seen through this follow. */
		seenId: bigint({ mode: 'number' }).notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('audit_follows_user_idx').on(t.userId, t.areaId)]
);

export type AuditFollow = typeof auditFollows.$inferSelect;

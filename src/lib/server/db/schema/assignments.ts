import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cohorts, contracts } from './contracts';
import { organisations } from './organisations';
import { users } from './users';

/**
 * A provider user's assignment to work for an area. Access to customer data flows only through
 * assignments that are valid today (`validFrom <= today <= validUntil`): it ends by itself.
 * A contract or a cohort narrows an assignment through `contractId`/`cohortId`.
 */
export const assignments = pgTable(
	'assignments',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		contractId: uuid().references(() => contracts.id, { onDelete: 'cascade' }),
		cohortId: uuid().references(() => cohorts.id, { onDelete: 'cascade' }),
		validFrom: date({ mode: 'string' }).notNull(),
		validUntil: date({ mode: 'string' }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('assignments_user_idx').on(t.userId, t.validUntil), check('assignments_period_check', sql`${t.validFrom} <= ${t.validUntil}`)]
);

export type Assignment = typeof assignments.$inferSelect;

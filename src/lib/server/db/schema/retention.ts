import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { RetentionCounts } from '../../../domain/retention';
import { organisations } from './organisations';
import { users } from './users';

/** An area's retention rules in months (`$lib/domain/retention`); an area without a row runs with the defaults. */
export const retentionRules = pgTable(
	'retention_rules',
	{
		areaId: uuid()
			.primaryKey()
			.references(() => organisations.id),
		customerMonths: integer().notNull(),
		consentMonths: integer().notNull(),
		referralTextMonths: integer().notNull(),
		absenceReasonMonths: integer().notNull(),
		arviTextMonths: integer().notNull(),
		auditMonths: integer().notNull(),
		updatedAt: timestamp({ withTimezone: true }).notNull(),
		updatedBy: uuid().references(() => users.id)
	},
	(t) => [
		check(
			'retention_rules_months_check',
			sql`least(${t.customerMonths}, ${t.consentMonths}, ${t.referralTextMonths}, ${t.absenceReasonMonths}, ${t.arviTextMonths}) >= 1 and ${t.auditMonths} >= 12`
		)
	]
);

/** One run of the anonymisation for one area: when, the day it counted from, and what it removed (counts, no names). */
export const retentionRuns = pgTable(
	'retention_runs',
	{
		id: uuid().primaryKey().defaultRandom(),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		ranAt: timestamp({ withTimezone: true }).notNull(),
		asOf: date({ mode: 'string' }).notNull(),
		counts: jsonb().$type<RetentionCounts>().notNull()
	},
	(t) => [index('retention_runs_area_idx').on(t.areaId, t.ranAt)]
);

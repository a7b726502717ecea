import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { ARVI_STATUSES, END_SITUATIONS, type ArviContent } from '../../../domain/arvi';
import { inList } from './attendance';
import { contracts } from './contracts';
import { organisations } from './organisations';
import { customers, participations } from './referrals';
import { users } from './users';

/**
 * One ARVI per ended participation, made in the same transaction that ends it. `content` is the working
 * draft (autosaved, also from a phone's offline queue); each submission is frozen as an `arvi_versions`
 * row, which is all the area ever reads. Area, provider, contract and customer are copied here so that
 * the lists are scoped and sorted without joins through the participation.
 */
export const arvis = pgTable(
	'arvis',
	{
		id: uuid().primaryKey().defaultRandom(),
		participationId: uuid()
			.notNull()
			.unique()
			.references(() => participations.id),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		status: text({ enum: ARVI_STATUSES }).notNull().default('draft'),
		/** The customer's language of service: the form is written and printed in it. */
		language: text({ enum: ['fi', 'sv', 'en'] }).notNull(),
		dueOn: date({ mode: 'string' }).notNull(),
		content: jsonb().$type<ArviContent>().notNull(),
		/** Bumped by every draft save; a device saving on top of an older revision from another device is a conflict. */
		draftRevision: integer().notNull().default(0),
		/** The device and the save key of the last draft save (a resent save is recognised, not a conflict). */
		draftDevice: text(),
		draftKey: text(),
		draftSavedAt: timestamp({ withTimezone: true }),
		draftSavedBy: uuid().references(() => users.id),
		/** The situation at the end in the accepted version: the outcome figures count it. */
		outcome: text({ enum: END_SITUATIONS }),
		submittedAt: timestamp({ withTimezone: true }),
		decidedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		/** When the retention run removed its free texts (the codes stay for the outcome figures). */
		textsRemovedAt: timestamp({ withTimezone: true }),
		/** Optimistic lock for submit / return / accept. */
		version: integer().notNull().default(1)
	},
	(t) => [
		index('arvis_provider_idx').on(t.providerId, t.status, t.dueOn),
		index('arvis_area_idx').on(t.areaId, t.status, t.submittedAt),
		index('arvis_contract_idx').on(t.contractId, t.outcome),
		// The invoice list's "which periods hold records": outcomes accepted on a Helsinki day of the period.
		index('arvis_contract_decided_idx')
			.on(t.contractId, sql`((decided_at at time zone 'Europe/Helsinki')::date)`)
			.where(sql`status = 'accepted' and outcome is not null`),
		check('arvis_status_check', sql`${t.status} in (${inList(ARVI_STATUSES)})`)
	]
);

/** Every submission, frozen, with the area's decision on it (returned with a comment, or accepted). */
export const arviVersions = pgTable(
	'arvi_versions',
	{
		id: uuid().primaryKey().defaultRandom(),
		arviId: uuid()
			.notNull()
			.references(() => arvis.id),
		number: integer().notNull(),
		content: jsonb().$type<ArviContent>().notNull(),
		submittedAt: timestamp({ withTimezone: true }).notNull(),
		submittedBy: uuid()
			.notNull()
			.references(() => users.id),
		decision: text({ enum: ['returned', 'accepted'] }),
		comment: text(),
		decidedAt: timestamp({ withTimezone: true }),
		decidedBy: uuid().references(() => users.id)
	},
	(t) => [unique('arvi_versions_number').on(t.arviId, t.number)]
);

export type Arvi = typeof arvis.$inferSelect;

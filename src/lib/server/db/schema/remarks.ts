import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { REMARK_CATEGORIES, REMARK_EVENT_KINDS, REMARK_STATUSES } from '../../../domain/remarks';
import { inList } from './attendance';
import { bytea, cohorts, contracts } from './contracts';
import { invoices } from './invoices';
import { organisations } from './organisations';
import { customers, participations } from './referrals';
import { users } from './users';

/**
 * A quality remark (reklamaatio) of an area on a contract, optionally on one cohort or one participation (then
 * it is confidential like the customer: see `canOnRemark`). Its status moves only through the state machine in
 * `$lib/domain/remarks` (remarks/steps.ts); every step is a `remark_events` row and an audit entry.
 */
export const remarks = pgTable(
	'remarks',
	{
		id: uuid().primaryKey().defaultRandom(),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		cohortId: uuid().references(() => cohorts.id),
		participationId: uuid().references(() => participations.id),
		customerId: uuid().references(() => customers.id),
		/** The year it was filed and its running number in the area: "2026-0007". */
		number: text().notNull(),
		category: text({ enum: REMARK_CATEGORIES }).notNull(),
		description: text().notNull(),
		observedOn: date({ mode: 'string' }).notNull(),
		status: text({ enum: REMARK_STATUSES }).notNull().default('open'),
		/** The working days the provider was given (the last time the area asked). */
		responseDays: integer().notNull(),
		/** When the provider's (next) answer is due. */
		dueOn: date({ mode: 'string' }).notNull(),
		filedAt: timestamp({ withTimezone: true }).notNull(),
		filedBy: uuid()
			.notNull()
			.references(() => users.id),
		firstAnsweredAt: timestamp({ withTimezone: true }),
		closedAt: timestamp({ withTimezone: true }),
		/** JYSE 2014: a price reduction for a closed remark, a manual line on the contract's next invoice. */
		reductionCents: bigint({ mode: 'number' }),
		reductionVatRateBp: integer(),
		reductionReason: text(),
		reductionAt: timestamp({ withTimezone: true }),
		reductionBy: uuid().references(() => users.id),
		/** The invoice the reduction is on (a discarded draft frees it for the next one). */
		reductionInvoiceId: uuid().references(() => invoices.id, { onDelete: 'set null' }),
		version: integer().notNull().default(1)
	},
	(t) => [
		unique('remarks_area_number_unique').on(t.areaId, t.number),
		index('remarks_area_idx').on(t.areaId, t.status, t.dueOn),
		index('remarks_provider_idx').on(t.providerId, t.status, t.dueOn),
		index('remarks_contract_idx').on(t.contractId),
		check('remarks_status_check', sql`${t.status} in (${inList(REMARK_STATUSES)})`),
		check('remarks_category_check', sql`${t.category} in (${inList(REMARK_CATEGORIES)})`),
		check('remarks_reduction_check', sql`${t.reductionCents} is null or ${t.reductionCents} > 0`)
	]
);

/** A remark's history: who did what when, with the texts they wrote. */
export const remarkEvents = pgTable(
	'remark_events',
	{
		id: uuid().primaryKey().defaultRandom(),
		/** The order of the steps (two may share a timestamp). */
		seq: bigserial({ mode: 'number' }).notNull(),
		remarkId: uuid()
			.notNull()
			.references(() => remarks.id, { onDelete: 'cascade' }),
		kind: text({ enum: REMARK_EVENT_KINDS }).notNull(),
		at: timestamp({ withTimezone: true }).notNull(),
		by: uuid()
			.notNull()
			.references(() => users.id),
		/** The description (filed), the explanation (answered), the area's comment (more requested, closed), the reason (price reduction). */
		text: text(),
		/** The provider's corrective action and the day it is done by. */
		correctiveAction: text(),
		correctiveBy: date({ mode: 'string' }),
		/** A new deadline (more requested). */
		dueOn: date({ mode: 'string' }),
		amountCents: bigint({ mode: 'number' })
	},
	(t) => [index('remark_events_remark_idx').on(t.remarkId, t.seq), check('remark_events_kind_check', sql`${t.kind} in (${inList(REMARK_EVENT_KINDS)})`)]
);

/** Documents attached to a remark by either side (the rules of contract documents: PDF or office, 10 MB). */
export const remarkAttachments = pgTable(
	'remark_attachments',
	{
		id: uuid().primaryKey().defaultRandom(),
		remarkId: uuid()
			.notNull()
			.references(() => remarks.id, { onDelete: 'cascade' }),
		eventId: uuid().references(() => remarkEvents.id, { onDelete: 'cascade' }),
		filename: text().notNull(),
		mediaType: text().notNull(),
		size: integer().notNull(),
		content: bytea().notNull(),
		uploadedBy: uuid()
			.notNull()
			.references(() => users.id),
		uploadedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('remark_attachments_remark_idx').on(t.remarkId)]
);

export type Remark = typeof remarks.$inferSelect;
export type RemarkEvent = typeof remarkEvents.$inferSelect;

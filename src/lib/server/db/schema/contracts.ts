import { DEFAULT_UNEXCUSED_THRESHOLD } from '../../../domain/attendance';
import type { AbsenceReason } from '../../../domain/attendance-codes';
import type { ServiceType } from '../../../domain/contracts';
import type { VatExemptionCode } from '../../../domain/vat-exemptions';
import type { Locale } from '../../../i18n/core';
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';
import { users } from './users';

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * An area's register of providers: a provider is one organisation, known to several areas. The shared master
 * data (name, address, bank account, e-invoice address) is the provider's own (`organisations`); this row is the
 * area's supplier record of it: its supplier number, its contact person there, its notes.
 */
export const areaProviders = pgTable(
	'area_providers',
	{
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		supplierNumber: text(),
		contactName: text(),
		contactEmail: text(),
		contactPhone: text(),
		notes: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.areaId, t.providerId] }), index('area_providers_provider_idx').on(t.providerId)]
);

/** Contact people of an organisation (contractId null) or of one contract (side = whose person). */
export const contacts = pgTable(
	'contacts',
	{
		id: uuid().primaryKey().defaultRandom(),
		organisationId: uuid()
			.notNull()
			.references(() => organisations.id),
		contractId: uuid().references(() => contracts.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		title: text(),
		email: text(),
		phone: text()
	},
	(t) => [index('contacts_org_idx').on(t.organisationId), index('contacts_contract_idx').on(t.contractId)]
);

export const contracts = pgTable(
	'contracts',
	{
		id: uuid().primaryKey().defaultRandom(),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		contractNumber: text().notNull(),
		diaryNumber: text(),
		title: text().notNull(),
		serviceType: text().$type<ServiceType>().notNull(),
		kind: text({ enum: ['framework', 'single'] }).notNull(),
		status: text({ enum: ['draft', 'active', 'ended', 'terminated'] })
			.notNull()
			.default('draft'),
		startDate: date({ mode: 'string' }).notNull(),
		endDate: date({ mode: 'string' }).notNull(),
		languages: text()
			.array()
			.$type<Locale[]>()
			.notNull()
			.default(sql`'{fi}'::text[]`),
		places: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** Max participants in total and/or per cohort; null = not limited that way. */
		capacityTotal: integer(),
		capacityPerCohort: integer(),
		/** Budget commitment (sidonta) in integer cents. */
		budgetCents: bigint({ mode: 'number' }).notNull().default(0),
		paymentTermDays: integer().notNull().default(21),
		/** Whether referrals under this contract must carry the customer's henkilötunnus. */
		requiresPersonalId: boolean().notNull().default(false),
		/** Deadlines: { referralAnswer: { days: 5, count: 'working' }, … } and the invoicing period. */
		deadlines: jsonb().$type<Record<string, { days: number; count: 'working' | 'calendar' }>>().notNull(),
		/** Consecutive unexcused absences that send a notice to the area; null = no such rule. */
		unexcusedThreshold: integer().default(DEFAULT_UNEXCUSED_THRESHOLD),
		invoicingPeriod: text({ enum: ['month', 'quarter'] })
			.notNull()
			.default('month'),
		/** Absence reasons paid like a day present (codes of ABSENCE_REASONS); none unless the contract says so. */
		billableAbsences: text()
			.array()
			.$type<AbsenceReason[]>()
			.notNull()
			.default(sql`'{}'::text[]`),
		/**
		 * Mid-point participant feedback, if the contract says so: participations planned longer than this many weeks
		 * get a feedback invitation when they pass their mid-point (feedback/midpoints.ts); null = none.
		 */
		midpointFeedbackWeeks: integer(),
		/** The area's own buyer reference on its invoices (its circulation routes by it); null = the contract number. */
		buyerReference: text(),
		/** The area's order / purchase reference on its invoices (EN 16931 BT-13); optional. */
		orderReference: text(),
		/** Optimistic locking: every update must name the version it read. */
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		updatedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [
		unique('contracts_area_number').on(t.areaId, t.contractNumber),
		index('contracts_area_idx').on(t.areaId, t.status),
		index('contracts_provider_idx').on(t.providerId, t.status),
		check('contracts_period_check', sql`${t.startDate} <= ${t.endDate}`),
		check('contracts_budget_check', sql`${t.budgetCents} >= 0`),
		check('contracts_capacity_check', sql`coalesce(${t.capacityTotal}, 1) > 0 and coalesce(${t.capacityPerCohort}, 1) > 0`)
	]
);

export const contractOptions = pgTable(
	'contract_options',
	{
		id: uuid().primaryKey().defaultRandom(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		startDate: date({ mode: 'string' }).notNull(),
		endDate: date({ mode: 'string' }).notNull(),
		used: boolean().notNull().default(false)
	},
	(t) => [index('contract_options_contract_idx').on(t.contractId), check('contract_options_period_check', sql`${t.startDate} <= ${t.endDate}`)]
);

export const priceLines = pgTable(
	'price_lines',
	{
		id: uuid().primaryKey().defaultRandom(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		unit: text({ enum: ['participant_start', 'participant_day', 'hour', 'meeting', 'lump_sum', 'outcome_bonus'] }).notNull(),
		description: text().notNull(),
		/** bigint: the form allows up to `MAX_CENTS` (1,000,000,000 €), beyond an `integer`'s 21.4 M€. */
		unitPriceCents: bigint({ mode: 'number' }).notNull(),
		/** VAT in basis points: 2550 = 25.5 %. */
		vatRateBp: integer().notNull(),
		validFrom: date({ mode: 'string' }).notNull(),
		/** For outcome bonuses: the condition, e.g. employed within 3 months (a code). */
		condition: text(),
		/** Why a 0 % line is VAT exempt: a VATEX code of VAT_EXEMPTIONS (domain/vat-exemptions.ts); null = the default. */
		vatExemption: text().$type<VatExemptionCode>()
	},
	(t) => [
		index('price_lines_contract_idx').on(t.contractId, t.unit, t.validFrom),
		check('price_lines_price_check', sql`${t.unitPriceCents} >= 0`),
		check('price_lines_vat_check', sql`${t.vatRateBp} between 0 and 10000`)
	]
);

export const cohorts = pgTable(
	'cohorts',
	{
		id: uuid().primaryKey().defaultRandom(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		startDate: date({ mode: 'string' }).notNull(),
		endDate: date({ mode: 'string' }).notNull(),
		/** ISO weekdays 1 = Monday … 7 = Sunday. */
		weekdays: integer().array().notNull(),
		dailyStart: text().notNull(),
		dailyEnd: text().notNull(),
		place: text().notNull(),
		language: text().$type<Locale>().notNull(),
		capacity: integer().notNull()
	},
	(t) => [
		index('cohorts_contract_idx').on(t.contractId, t.startDate),
		check('cohorts_period_check', sql`${t.startDate} <= ${t.endDate}`),
		check('cohorts_capacity_check', sql`${t.capacity} > 0`)
	]
);

export const contractDocuments = pgTable(
	'contract_documents',
	{
		id: uuid().primaryKey().defaultRandom(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		filename: text().notNull(),
		mediaType: text().notNull(),
		size: integer().notNull(),
		content: bytea().notNull(),
		uploadedBy: uuid().references(() => users.id),
		uploadedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('contract_documents_contract_idx').on(t.contractId)]
);

/**
 * The contract as it was after each change: the change log on the contract. Who and when are also
 * in the audit log (same transaction); this table keeps the content, which the audit log never does.
 */
export const contractVersions = pgTable(
	'contract_versions',
	{
		id: uuid().primaryKey().defaultRandom(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		version: integer().notNull(),
		action: text().notNull(),
		changedFields: text().array().notNull(),
		snapshot: jsonb().notNull(),
		userId: uuid().references(() => users.id),
		at: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('contract_versions_contract_idx').on(t.contractId, t.at)]
);

export type Contract = typeof contracts.$inferSelect;
export type PriceLine = typeof priceLines.$inferSelect;
export type Cohort = typeof cohorts.$inferSelect;

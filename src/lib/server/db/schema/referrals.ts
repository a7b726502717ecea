import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { cohorts, contracts } from './contracts';
import { organisations } from './organisations';
import { users } from './users';

/**
 * A job seeker, as far as this portal needs to know (the area's own system holds the rest). The fact that
 * someone is a customer is itself confidential: every read goes to the audit log with this id.
 */
export const customers = pgTable(
	'customers',
	{
		id: uuid().primaryKey().defaultRandom(),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		/** The area's own customer number. */
		customerNumber: text().notNull(),
		name: text().notNull(),
		phone: text(),
		email: text(),
		language: text({ enum: ['fi', 'sv', 'en'] }).notNull(),
		/** Henkilötunnus, AES-256-GCM encrypted; only when a contract needs it. */
		personalIdEncrypted: text(),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		/** When the area last corrected the contact data (GDPR art. 16); the provider's pages say so. */
		contactCorrectedAt: timestamp({ withTimezone: true }),
		/** When the retention run anonymised the customer (name, contact data and henkilötunnus gone; retention/). */
		anonymisedAt: timestamp({ withTimezone: true })
	},
	(t) => [unique('customers_area_number').on(t.areaId, t.customerNumber)]
);

/** The customer's consent to sharing data with the provider: form version, scope, date, revocation. */
export const consents = pgTable(
	'consents',
	{
		id: uuid().primaryKey().defaultRandom(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id, { onDelete: 'cascade' }),
		formVersion: text().notNull(),
		scope: text().notNull(),
		givenOn: date({ mode: 'string' }).notNull(),
		recordedBy: uuid().references(() => users.id),
		recordedAt: timestamp({ withTimezone: true }).notNull(),
		revokedOn: date({ mode: 'string' }),
		revokedBy: uuid().references(() => users.id),
		/** Why it was revoked (the area's words; never shown to the provider). */
		revokeReason: text()
	},
	(t) => [
		index('consents_customer_idx').on(t.customerId),
		// The provider's access asks "is a consent of this customer in force?" on every read (policy/scope.ts).
		index('consents_customer_in_force_idx')
			.on(t.customerId)
			.where(sql`${t.revokedOn} is null`)
	]
);

import type { InterruptionReason } from '../../../domain/attendance';
import { DECLINE_REASONS, REFERRAL_STATUSES } from '../../../domain/referrals';
export { DECLINE_REASONS, REFERRAL_STATUSES } from '../../../domain/referrals';

export const referrals = pgTable(
	'referrals',
	{
		id: uuid().primaryKey().defaultRandom(),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		cohortId: uuid().references(() => cohorts.id),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		officerId: uuid()
			.notNull()
			.references(() => users.id),
		status: text({ enum: REFERRAL_STATUSES }).notNull().default('waiting'),
		needs: text(),
		plannedStart: date({ mode: 'string' }),
		referredAt: timestamp({ withTimezone: true }).notNull(),
		/** The day by which the provider must answer (Helsinki day, working days from the contract rule). */
		answerDue: date({ mode: 'string' }).notNull(),
		answeredAt: timestamp({ withTimezone: true }),
		answeredBy: uuid().references(() => users.id),
		declineReason: text({ enum: DECLINE_REASONS }),
		declineText: text(),
		withdrawReason: text(),
		/** When the deadline job last told people about this referral (so that it tells them once). */
		dueSoonNotifiedAt: timestamp({ withTimezone: true }),
		overdueNotifiedAt: timestamp({ withTimezone: true }),
		version: integer().notNull().default(1)
	},
	(t) => [
		index('referrals_area_idx').on(t.areaId, t.status, t.answerDue),
		index('referrals_provider_idx').on(t.providerId, t.status, t.answerDue),
		index('referrals_contract_idx').on(t.contractId, t.status),
		// A customer's referrals (the retention run asks whether any is still open).
		index('referrals_customer_idx').on(t.customerId),
		check('referrals_status_check', sql`${t.status} in ('waiting', 'accepted', 'declined', 'withdrawn')`)
	]
);

export const participations = pgTable(
	'participations',
	{
		id: uuid().primaryKey().defaultRandom(),
		referralId: uuid()
			.notNull()
			.unique()
			.references(() => referrals.id),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		cohortId: uuid().references(() => cohorts.id),
		coachId: uuid()
			.notNull()
			.references(() => users.id),
		status: text({ enum: ['starting', 'active', 'completed', 'interrupted'] })
			.notNull()
			.default('starting'),
		startDate: date({ mode: 'string' }).notNull(),
		/** The planned last day (an approved extension moves it); null when open-ended. */
		plannedEndDate: date({ mode: 'string' }),
		/** The actual last day once completed or interrupted. */
		endDate: date({ mode: 'string' }),
		/** Why it was interrupted (INTERRUPTION_REASONS). */
		endReason: text().$type<InterruptionReason>(),
		firstMeetingAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		version: integer().notNull().default(1)
	},
	(t) => [
		index('participations_contract_idx').on(t.contractId, t.status),
		// The invoice list's "which periods hold records": starts in the period.
		index('participations_contract_start_idx')
			.on(t.contractId, t.startDate)
			.where(sql`status <> 'starting'`),
		// The case officer's "starting this week" (any status, a not yet started one too): the area's contracts' starts in a week.
		index('participations_contract_start_all_idx').on(t.contractId, t.startDate),
		// Migration 0036 adds INCLUDE (id, cohort_id), which drizzle cannot say: Today reads the coach's participations from the index alone.
		index('participations_coach_idx').on(t.coachId, t.status),
		// Today: the people of the coach's cohorts (bench/RESULTS.md).
		index('participations_cohort_idx').on(t.cohortId),
		// A customer's participations (the retention run asks when the last one ended).
		index('participations_customer_idx').on(t.customerId)
	]
);

export type Participation = typeof participations.$inferSelect;
export type Customer = typeof customers.$inferSelect;
export type Referral = typeof referrals.$inferSelect;

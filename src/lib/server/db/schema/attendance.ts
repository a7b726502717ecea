import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
	ABSENCE_REASONS,
	INTERRUPTION_REASONS,
	MARK_STATUSES,
	MEETING_MODES,
	NOTICE_DECISIONS,
	NOTICE_KINDS,
	NOTICE_STATUSES,
	PARTICIPATION_EVENT_KINDS
} from '../../../domain/attendance';
import { cohorts, contracts } from './contracts';
import { organisations } from './organisations';
import { customers, participations } from './referrals';
import { users } from './users';

/** A code list as SQL literals for a check constraint (the codes are constants, never input). */
export const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** A coaching meeting, planned or recorded afterwards. Whether it took place is an attendance mark on it. */
export const meetings = pgTable(
	'meetings',
	{
		id: uuid().primaryKey().defaultRandom(),
		participationId: uuid()
			.notNull()
			.references(() => participations.id),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		day: date({ mode: 'string' }).notNull(),
		/** Local Helsinki time "HH:MM". */
		startTime: text().notNull(),
		durationMinutes: integer().notNull(),
		mode: text({ enum: MEETING_MODES }).notNull(),
		/** The device's key: a retried or repeated request never makes a second meeting. */
		clientKey: uuid().notNull().unique(),
		createdBy: uuid()
			.notNull()
			.references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		cancelledAt: timestamp({ withTimezone: true })
	},
	(t) => [
		index('meetings_participation_idx').on(t.participationId, t.day),
		// Today: the meetings a coach planned for someone else's customer.
		index('meetings_created_by_idx').on(t.createdBy, t.day),
		// Also meetings_day_idx (day) INCLUDE (participation_id, id), only in migration 0036 (drizzle has no INCLUDE): the
		// day's meetings of the coach's own customers are hashed against the coach's participations.
		// A contract's held meetings in a period (which periods an invoice may be opened for, pricing): without
		// it every period's check joined all meetings of the country (the provider's invoice list took seconds).
		index('meetings_contract_day_idx')
			.on(t.contractId, t.day)
			.where(sql`${t.cancelledAt} is null`),
		check('meetings_duration_check', sql`${t.durationMinutes} between 5 and 600`),
		check('meetings_mode_check', sql`${t.mode} in (${inList(MEETING_MODES)})`)
	]
);

/**
 * Attendance: one row per mark ever made. The row in force for a participation's day (or meeting) is
 * the `current` one; the marks it replaced stay as history. About 10 million rows over two years
 * nationally, so every reading query has an index (partial on current rows where that fits; write the
 * condition as sql`${attendance.current}`, not a bound parameter, so that generic plans can use them):
 * - "today for this coach": participations by coach, then (participation_id, day) per participation;
 * - "this cohort this month": (cohort_id, day);
 * - "this contract this period" (invoicing): (contract_id, day).
 * A mark for a day in a locked (invoiced) period is a correction (`correction`), which the next invoice
 * picks up (`settledAt` is set then), so what was invoiced is never rewritten.
 */
export const attendance = pgTable(
	'attendance',
	{
		id: uuid().primaryKey().defaultRandom(),
		participationId: uuid()
			.notNull()
			.references(() => participations.id),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		cohortId: uuid().references(() => cohorts.id),
		/** Set for a coaching meeting's mark; null for a training day's mark. */
		meetingId: uuid().references(() => meetings.id),
		day: date({ mode: 'string' }).notNull(),
		status: text({ enum: MARK_STATUSES }).notNull(),
		reason: text({ enum: ABSENCE_REASONS }),
		reasonText: text(),
		/** When the person tapped, by their device (never later than receivedAt). Orders conflicting marks. */
		markedAt: timestamp({ withTimezone: true }).notNull(),
		receivedAt: timestamp({ withTimezone: true }).notNull(),
		markedBy: uuid()
			.notNull()
			.references(() => users.id),
		/** Idempotency key made on the device at the tap. */
		clientKey: uuid().notNull().unique(),
		current: boolean().notNull(),
		/** Marked after the contract's deadline for the day (only a provider admin may). */
		late: boolean().notNull().default(false),
		/** Made for a day in a locked period: the next invoice settles the difference. */
		correction: boolean().notNull().default(false),
		/** The row that was in force before this one. */
		replacesId: uuid(),
		settledAt: timestamp({ withTimezone: true })
	},
	(t) => [
		uniqueIndex('attendance_current_day_uniq')
			.on(t.participationId, t.day)
			.where(sql`${t.current} and ${t.meetingId} is null`),
		uniqueIndex('attendance_current_meeting_uniq')
			.on(t.meetingId)
			.where(sql`${t.current} and ${t.meetingId} is not null`),
		index('attendance_contract_day_idx')
			.on(t.contractId, t.day)
			.where(sql`${t.current}`),
		// Not limited to current rows: deleting a cohort checks its foreign key with `cohort_id = $1` alone
		// (bench/ATTENDANCE-EXPLAIN.md: a full scan of ~1 s at national size with the partial index).
		index('attendance_cohort_day_idx')
			.on(t.cohortId, t.day)
			.where(sql`${t.cohortId} is not null`),
		// Every mark of one participation's day, history included: the planner's choice for the per-day
		// lookups of Today and of the conflict rule (the largest attendance index, ~366 MB at 10M rows).
		index('attendance_participation_day_idx').on(t.participationId, t.day),
		// Corrections of locked days not yet settled on an invoice: few rows, looked up per contract before a period.
		index('attendance_unsettled_corrections_idx')
			.on(t.contractId, t.day)
			.where(sql`${t.current} and ${t.correction} and ${t.settledAt} is null`),
		// Free-text absence reasons past their time (retention/): few rows, looked up per contract and day.
		index('attendance_reason_text_idx')
			.on(t.contractId, t.day)
			.where(sql`${t.reasonText} is not null`),
		check('attendance_status_check', sql`${t.status} in (${inList(MARK_STATUSES)})`),
		check(
			'attendance_reason_check',
			sql`(${t.status} = 'present' and ${t.reason} is null) or (${t.status} = 'absent' and ${t.reason} in (${inList(ABSENCE_REASONS)}))`
		)
	]
);

/** A period of a contract closed by an invoice: later marks for its days become corrections. */
export const periodLocks = pgTable(
	'period_locks',
	{
		id: uuid().primaryKey().defaultRandom(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		startDate: date({ mode: 'string' }).notNull(),
		endDate: date({ mode: 'string' }).notNull(),
		/** The invoice that closed it (the invoicing issue adds the foreign key). */
		invoiceId: uuid(),
		lockedAt: timestamp({ withTimezone: true }).notNull(),
		lockedBy: uuid()
			.notNull()
			.references(() => users.id)
	},
	(t) => [index('period_locks_contract_idx').on(t.contractId, t.startDate), check('period_locks_period_check', sql`${t.startDate} <= ${t.endDate}`)]
);

/** What happened to a participation, in order: the history shown on the customer's page. */
export const participationEvents = pgTable(
	'participation_events',
	{
		id: uuid().primaryKey().defaultRandom(),
		participationId: uuid()
			.notNull()
			.references(() => participations.id),
		kind: text({ enum: PARTICIPATION_EVENT_KINDS }).notNull(),
		day: date({ mode: 'string' }).notNull(),
		reason: text({ enum: INTERRUPTION_REASONS }),
		text: text(),
		recordedBy: uuid()
			.notNull()
			.references(() => users.id),
		recordedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('participation_events_participation_idx').on(t.participationId, t.recordedAt)]
);

/**
 * A notice from the provider to the customer's case officer: an unexcused absence, a run of them, an
 * interruption or an extension request. The area reads, acknowledges and records what was decided.
 */
export const notices = pgTable(
	'notices',
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
		participationId: uuid()
			.notNull()
			.references(() => participations.id),
		customerId: uuid()
			.notNull()
			.references(() => customers.id),
		/** The customer's case officer (from the referral). */
		officerId: uuid()
			.notNull()
			.references(() => users.id),
		kind: text({ enum: NOTICE_KINDS }).notNull(),
		/** The day it concerns: the absence, the last day of a run, the interruption, the requested new end. */
		day: date({ mode: 'string' }).notNull(),
		/** For a run of absences: its first day. */
		fromDay: date({ mode: 'string' }),
		reason: text(),
		text: text(),
		attendanceId: uuid().references(() => attendance.id),
		status: text({ enum: NOTICE_STATUSES }).notNull().default('open'),
		dueOn: date({ mode: 'string' }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		createdBy: uuid()
			.notNull()
			.references(() => users.id),
		readAt: timestamp({ withTimezone: true }),
		acknowledgedAt: timestamp({ withTimezone: true }),
		acknowledgedBy: uuid().references(() => users.id),
		decidedAt: timestamp({ withTimezone: true }),
		decidedBy: uuid().references(() => users.id),
		decision: text({ enum: NOTICE_DECISIONS }),
		comment: text(),
		version: integer().notNull().default(1)
	},
	(t) => [
		index('notices_area_idx').on(t.areaId, t.status, t.dueOn),
		index('notices_officer_idx').on(t.officerId, t.status),
		index('notices_provider_idx').on(t.providerId, t.status),
		// The dashboard's notices of a contract in a period (dashboard/read.ts).
		index('notices_contract_idx').on(t.contractId, t.createdAt),
		index('notices_participation_idx').on(t.participationId, t.kind),
		check('notices_kind_check', sql`${t.kind} in (${inList(NOTICE_KINDS)})`),
		check('notices_status_check', sql`${t.status} in (${inList(NOTICE_STATUSES)})`)
	]
);

export type AttendanceRow = typeof attendance.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type Notice = typeof notices.$inferSelect;

/**
 * The dashboard's attendance summary: per participation and calendar month, its current marks present and absent.
 * Kept by the trigger `attendance_month_sync` (migration 0029) in the same transaction as every insert, update or
 * delete of an attendance row, so it always equals what the current marks say; the dashboard reads a few thousand
 * of these rows instead of millions of marks. A row whose marks all went away stays with zeros and counts nobody.
 * Rebuilt in one statement by `select refresh_attendance_month()` (after a bulk load with the trigger disabled).
 */
export const attendanceMonths = pgTable(
	'attendance_month',
	{
		contractId: uuid()
			.notNull()
			.references(() => contracts.id, { onDelete: 'cascade' }),
		/** The first day of the month. */
		month: date({ mode: 'string' }).notNull(),
		participationId: uuid()
			.notNull()
			.references(() => participations.id, { onDelete: 'cascade' }),
		present: integer().notNull().default(0),
		absent: integer().notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.contractId, t.month, t.participationId] }), index('attendance_month_participation_idx').on(t.participationId)]
);

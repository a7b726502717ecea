/** Code lists and pure rules for participation and attendance (DESIGN.md: participation, attendance, notice). */
import { addDays } from './clock';
import { deadlineAfter, isoWeekday, isWorkingDay } from './working-days';

import type { AbsenceReason, MarkStatus, NoticeDecision } from './attendance-codes';
export { ABSENCE_REASONS, MARK_STATUSES, MEETING_MODES, NOTICE_DECISIONS, REASON_TEXT_MAX, type NoticeDecision } from './attendance-codes';
export type { AbsenceReason, MarkStatus, MeetingMode } from './attendance-codes';

export const INTERRUPTION_REASONS = ['employed', 'studies', 'health', 'moved', 'did_not_attend', 'other'] as const;
export type InterruptionReason = (typeof INTERRUPTION_REASONS)[number];

export const PARTICIPATION_STATUSES = ['starting', 'active', 'completed', 'interrupted'] as const;
export type ParticipationStatus = (typeof PARTICIPATION_STATUSES)[number];

export const PARTICIPATION_EVENT_KINDS = [
	'started',
	'interrupted',
	'completed',
	'extension_requested',
	'extension_approved',
	'extension_declined',
	'resumed'
] as const;
export type ParticipationEventKind = (typeof PARTICIPATION_EVENT_KINDS)[number];

export const NOTICE_KINDS = ['unexcused_absence', 'absence_threshold', 'interruption', 'extension_request'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_STATUSES = ['open', 'acknowledged', 'decided'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** Decisions that make sense for each kind of notice. */
export const DECISIONS_FOR: Record<NoticeKind, readonly NoticeDecision[]> = {
	unexcused_absence: ['no_action', 'customer_contacted', 'benefit_payer_informed', 'other'],
	absence_threshold: ['no_action', 'customer_contacted', 'benefit_payer_informed', 'participation_continues', 'participation_ends', 'other'],
	interruption: ['participation_ends', 'participation_continues', 'benefit_payer_informed', 'other'],
	extension_request: ['extension_approved', 'extension_declined']
};

/** The area handles a notice within this many working days (a fixed service level, see README). */
export const NOTICE_HANDLING_WORKING_DAYS = 5;

/** Consecutive unexcused absences that make a threshold notice when the contract does not say otherwise. */
export const DEFAULT_UNEXCUSED_THRESHOLD = 5;

export interface CohortSchedule {
	startDate: string;
	endDate: string;
	/** ISO weekdays, 1 = Monday. */
	weekdays: number[];
}

/** Is the cohort expected to meet on this day? Its weekdays inside its period, public holidays excepted. */
export function isScheduledDay(cohort: CohortSchedule, day: string): boolean {
	if (day < cohort.startDate || day > cohort.endDate) return false;
	if (!cohort.weekdays.includes(isoWeekday(day))) return false;
	// Weekdays 1–5 off work are public holidays (or juhannus-/jouluaatto); weekend schedules are kept.
	return isoWeekday(day) > 5 || isWorkingDay(day);
}

export interface ParticipationPeriod {
	startDate: string;
	/** Actual end (completed or interrupted) or the planned end; null while open-ended. */
	endDate: string | null;
}

/** Is the customer in the service on this day (start and end inclusive)? */
export function participatesOn(p: ParticipationPeriod, day: string): boolean {
	return p.startDate <= day && (p.endDate === null || day <= p.endDate);
}

/**
 * The last day on which a coach may still record (or change) the attendance of `day`: the contract's
 * absence-report deadline after the day. Later only the provider's admin may, and such a mark is late.
 */
export function lastMarkingDay(day: string, rule: { days: number; count: 'working' | 'calendar' } | undefined): string {
	return deadlineAfter(day, rule ?? DEFAULT_MARKING_RULE);
}

/** How far back a coach's home looks for days still markable, whatever a contract's rule says. */
export const MARKABLE_LOOKBACK_DAYS = 31;

/**
 * The past days (newest first) whose marking deadline under at least one of the rules (undefined: the default)
 * has not passed on `today`: the days a coach may still mark.
 */
export function markableDays(today: string, rules: ({ days: number; count: 'working' | 'calendar' } | undefined)[]): string[] {
	const distinct = rules.length ? rules : [undefined];
	const out: string[] = [];
	for (let back = 1; back <= MARKABLE_LOOKBACK_DAYS; back++) {
		const day = addDays(today, -back);
		// A day's deadline is never later than a newer day's: once none allows it, no older day is markable.
		if (!distinct.some((r) => lastMarkingDay(day, r) >= today)) break;
		out.push(day);
	}
	return out;
}

/** When a contract has no absence-report deadline: three working days, as in the default contract terms. */
const DEFAULT_MARKING_RULE = { days: 3, count: 'working' } as const;

/** A mark as the conflict rule sees it. */
export interface MarkTime {
	/** When the person tapped, on their device (capped at the time the server received it). */
	markedAt: Date;
	/** When the server received it. */
	receivedAt: Date;
}

/**
 * Two marks for the same day (and meeting): the one made later on a device wins and the other stays in
 * history. A tie goes to the one the server received later. Nothing is ever dropped.
 */
export function laterMarkWins(current: MarkTime, incoming: MarkTime): boolean {
	const a = current.markedAt.getTime();
	const b = incoming.markedAt.getTime();
	return b > a || (b === a && incoming.receivedAt.getTime() >= current.receivedAt.getTime());
}

/** A device's time is trusted for ordering marks, but never beyond the moment the server got the mark. */
export function effectiveMarkedAt(deviceTime: Date | null, receivedAt: Date): Date {
	if (!deviceTime || Number.isNaN(deviceTime.getTime()) || deviceTime > receivedAt) return receivedAt;
	return deviceTime;
}

export interface DayMark {
	day: string;
	status: MarkStatus;
	reason: AbsenceReason | null;
}

export const isUnexcused = (m: DayMark) => m.status === 'absent' && m.reason === 'unexcused';

/**
 * The run of consecutive unexcused day marks (by marked days, so unmarked days in between do not break
 * it) that contains `day`, as [first, last, length]; null when the day's mark is not unexcused.
 */
export function unexcusedRunAround(marks: DayMark[], day: string): { first: string; last: string; length: number } | null {
	const sorted = [...marks].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
	const i = sorted.findIndex((m) => m.day === day);
	if (i < 0 || !isUnexcused(sorted[i])) return null;
	let lo = i;
	let hi = i;
	while (lo > 0 && isUnexcused(sorted[lo - 1])) lo--;
	while (hi < sorted.length - 1 && isUnexcused(sorted[hi + 1])) hi++;
	return { first: sorted[lo].day, last: sorted[hi].day, length: hi - lo + 1 };
}

/** First day of the month of `day` and the last. */
export function monthOf(day: string): { first: string; last: string } {
	const [y, m] = day.split('-').map(Number);
	const first = `${y}-${String(m).padStart(2, '0')}-01`;
	const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
	return { first, last: addDays(next, -1) };
}

/**
 * The attendance code lists the coach's Today page needs in the browser, apart from attendance.ts so that the
 * page's bundle does not pull in working-days.ts (date-holidays and moment-timezone, ~230 KB gzip).
 */
export const MARK_STATUSES = ['present', 'absent'] as const;
export type MarkStatus = (typeof MARK_STATUSES)[number];

export const ABSENCE_REASONS = ['sick', 'sick_child', 'job_interview_or_work', 'agreed_leave', 'unexcused', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

export const MEETING_MODES = ['in_person', 'remote', 'phone'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

export const REASON_TEXT_MAX = 200;

/**
 * What the case officer records. The portal records decisions; it never acts on them by itself, except
 * that an extension decision sets (or keeps) the planned end and "continues" reopens an interrupted
 * participation, because those are the facts the decision is about.
 */
export const NOTICE_DECISIONS = [
	'no_action',
	'benefit_payer_informed',
	'customer_contacted',
	'participation_continues',
	'participation_ends',
	'extension_approved',
	'extension_declined',
	'other'
] as const;
export type NoticeDecision = (typeof NOTICE_DECISIONS)[number];

/**
 * Quality remarks (laatupoikkeama / reklamaatio · kvalitetsanmärkning): the area's remark on a contract, and
 * the provider's answer. The state machine lives here, pure: open → answered → (more requested → answered)* →
 * closed. The server (`src/lib/server/remarks/steps.ts`) asks `nextStatus` before every change.
 */
export const REMARK_CATEGORIES = [
	'service_content',
	'staffing',
	'schedule',
	'premises',
	'reporting',
	'customer_treatment',
	'invoicing',
	'data_protection',
	'other'
] as const;
export type RemarkCategory = (typeof REMARK_CATEGORIES)[number];

export const REMARK_STATUSES = ['open', 'answered', 'more_requested', 'closed'] as const;
export type RemarkStatus = (typeof REMARK_STATUSES)[number];

/** What a person does to a remark (filing creates it: the machine starts at `open`). */
export type RemarkStep = 'answer' | 'requestMore' | 'close';

/** The history's kinds: the steps, the filing and the price reduction linked to a closed remark. */
export const REMARK_EVENT_KINDS = ['filed', 'answered', 'more_requested', 'closed', 'price_reduction'] as const;
export type RemarkEventKind = (typeof REMARK_EVENT_KINDS)[number];

const MACHINE: Record<RemarkStatus, Partial<Record<RemarkStep, RemarkStatus>>> = {
	open: { answer: 'answered' },
	answered: { requestMore: 'more_requested', close: 'closed' },
	more_requested: { answer: 'answered' },
	closed: {}
};

/** The status after `step`, or null when the step is not allowed from `status`. */
export function nextStatus(status: RemarkStatus, step: RemarkStep): RemarkStatus | null {
	return MACHINE[status][step] ?? null;
}

/** Waiting for the provider's answer (the response deadline runs). */
export function awaitsAnswer(status: RemarkStatus): boolean {
	return status === 'open' || status === 'more_requested';
}

/** The provider's answer is late: still awaited after its deadline day. */
export function isOverdue(r: { status: RemarkStatus; dueOn: string }, today: string): boolean {
	return awaitsAnswer(r.status) && r.dueOn < today;
}

/** Default and limits of the response deadline in working days. */
export const REMARK_RESPONSE_DAYS_DEFAULT = 10;
export const REMARK_RESPONSE_DAYS_MAX = 60;
export const REMARK_TEXT_MAX = 4000;
export const REMARK_COMMENT_MAX = 2000;

/** A remark's number as people read it: the year it was filed and its running number in the area ("2026-0007"). */
export function remarkNumber(year: string, seq: number): string {
	return `${year}-${String(seq).padStart(4, '0')}`;
}

/**
 * Anonymous participant feedback (osallistujapalaute · deltagarrespons): the questions, the scale and the
 * rules of showing results. Pure; shared by the server and the pages.
 */

/** Why an invitation exists: the end of a participation, or the mid-point of a long training. */
export const FEEDBACK_KINDS = ['end', 'midpoint'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** The questions answered on a 1–5 scale, in the order the form asks them. */
export const FEEDBACK_QUESTIONS = ['content', 'coachSupport', 'usefulness', 'recommend'] as const;
export type FeedbackQuestion = (typeof FEEDBACK_QUESTIONS)[number];

export const FEEDBACK_SCALE = [1, 2, 3, 4, 5] as const;

/** How results are grouped: per cohort, contract, provider, or the whole organisation. */
export const FEEDBACK_LEVELS = ['cohort', 'contract', 'provider', 'organisation'] as const;
export type FeedbackLevel = (typeof FEEDBACK_LEVELS)[number];

/** The free text's state: none written, waiting for the area's review, released (maybe redacted), or withheld. */
export const FEEDBACK_TEXT_STATUSES = ['none', 'pending', 'released', 'withheld'] as const;
export type FeedbackTextStatus = (typeof FEEDBACK_TEXT_STATUSES)[number];

/** No statistic about fewer than this many answers is ever shown. */
export const FEEDBACK_MIN_ANSWERS = 5;

/** How long an invitation can be answered. */
export const FEEDBACK_VALID_DAYS = 30;

/** The free text's length limit (characters). */
export const FEEDBACK_TEXT_MAX = 2000;

/** An average of 1–5 answers with one decimal, from a sum and a count (null for no answers). */
export function averageOf(sum: number, count: number): number | null {
	return count > 0 ? Math.round((sum * 10) / count) / 10 : null;
}

/** A response rate in whole percent (null when nobody was invited). */
export function responseRate(answers: number, invited: number): number | null {
	return invited > 0 ? Math.min(100, Math.round((answers * 100) / invited)) : null;
}

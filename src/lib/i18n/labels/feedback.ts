import type { MessageKey } from '../core';
import type { FeedbackLevel, FeedbackQuestion } from '$lib/domain/feedback';

/** The public answer page's words (each also in plain Finnish: parts/feedback/plain-fi.ts). */
export type PublicFeedbackKey = Extract<MessageKey, `feedback.public.${string}`>;

/** A question as the participant reads it. */
export const FEEDBACK_QUESTION_PUBLIC_KEY = {
	content: 'feedback.public.q.content',
	coachSupport: 'feedback.public.q.coachSupport',
	usefulness: 'feedback.public.q.usefulness',
	recommend: 'feedback.public.q.recommend'
} as const satisfies Record<FeedbackQuestion, PublicFeedbackKey>;

/** A point of the 1–5 scale. */
export const FEEDBACK_SCALE_KEY = {
	1: 'feedback.public.scale1',
	2: 'feedback.public.scale2',
	3: 'feedback.public.scale3',
	4: 'feedback.public.scale4',
	5: 'feedback.public.scale5'
} as const satisfies Record<1 | 2 | 3 | 4 | 5, PublicFeedbackKey>;

/** A question's short name in the results. */
export const FEEDBACK_QUESTION_KEY = {
	content: 'feedback.q.content',
	coachSupport: 'feedback.q.coachSupport',
	usefulness: 'feedback.q.usefulness',
	recommend: 'feedback.q.recommend'
} as const satisfies Record<FeedbackQuestion, MessageKey>;

/** How the results are grouped. */
export const FEEDBACK_LEVEL_KEY = {
	cohort: 'feedback.by.cohort',
	contract: 'feedback.by.contract',
	provider: 'feedback.by.provider',
	organisation: 'feedback.total'
} as const satisfies Record<FeedbackLevel, MessageKey>;

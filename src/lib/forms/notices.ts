/** The case officer's decision on a notice (the action and the page's own check). */
import * as v from 'valibot';
// The code list without the working-day calendar (date-holidays), which the decision page does not need.
import { NOTICE_DECISIONS } from '$lib/domain/attendance-codes';
import { defineForm, field } from './form';
import { version } from './values';

export const COMMENT_MAX = 1000;

/** The case officer's decision: one of the codes (the service checks it fits the kind), an optional comment. */
export const decideSchema = v.pipe(
	v.object({
		decision: v.picklist(NOTICE_DECISIONS, 'noticeDecisionRequired'),
		comment: v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(COMMENT_MAX, 'noticeCommentTooLong'),
			v.transform((s) => (s === '' ? null : s))
		),
		version
	}),
	// "Other" says nothing by itself: the provider needs to read what was decided.
	v.forward(
		v.check((d) => d.decision !== 'other' || d.comment !== null, 'noticeCommentRequired'),
		['comment']
	)
);

export const decideForm = defineForm(decideSchema, (data) => ({
	decision: field(data, 'decision').slice(0, 40),
	comment: field(data, 'comment').slice(0, COMMENT_MAX * 2),
	version: field(data, 'version')
}));

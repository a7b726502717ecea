/** The area's review of a submitted ARVI: return it with a comment, or accept it (the action and the page's own check). */
import * as v from 'valibot';
import { defineForm, field } from './form';
import { version } from './values';

export const COMMENT_MAX = 1000;

const comment = v.pipe(v.string(), v.trim(), v.maxLength(COMMENT_MAX, 'tooLong'));

/** Returning: the comment says what to fix, the provider has nothing else to go on. */
const arviReturnSchema = v.object({
	version,
	comment: v.pipe(comment, v.nonEmpty('arvi.error.commentRequired'))
});

/** Accepting: a comment is optional (empty = none). */
const arviAcceptSchema = v.object({
	version,
	comment: v.pipe(
		comment,
		v.transform((s) => (s === '' ? null : s))
	)
});

const read = (data: FormData) => ({ comment: field(data, 'comment').slice(0, COMMENT_MAX * 2), version: field(data, 'version') });

export const arviReturnForm = defineForm(arviReturnSchema, read);
export const arviAcceptForm = defineForm(arviAcceptSchema, read);

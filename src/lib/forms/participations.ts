/**
 * The coach's changes to a participation: start, complete, interrupt and asking the area for a later end
 * (the action and the page's own check). A day is a real calendar day; whether it fits the participation
 * (not before the start, not in the future) is the service's to say.
 */
import * as v from 'valibot';
import { INTERRUPTION_REASONS, REASON_TEXT_MAX } from '$lib/domain/attendance';
import { defineForm, field } from './form';
import { day, version } from './values';

const shortText = v.pipe(
	v.string(),
	v.trim(),
	v.maxLength(REASON_TEXT_MAX, 'tooLong'),
	v.transform((s) => (s === '' ? null : s))
);

const changeSchemas = {
	start: v.object({ kind: v.literal('start'), version, day: day() }),
	complete: v.object({ kind: v.literal('complete'), version, day: day() }),
	interrupt: v.object({ kind: v.literal('interrupt'), version, day: day(), reason: v.picklist(INTERRUPTION_REASONS, 'choose'), text: shortText }),
	requestExtension: v.object({
		kind: v.literal('requestExtension'),
		version,
		until: day(),
		text: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(REASON_TEXT_MAX, 'tooLong'))
	})
};
export type ChangeKind = keyof typeof changeSchemas;

/** The change's fields, and its kind from the action it was sent to (not from the form). */
const read = (kind: ChangeKind) => (data: FormData) => ({
	kind,
	...Object.fromEntries(['version', 'day', 'reason', 'text', 'until'].map((k) => [k, field(data, k).slice(0, REASON_TEXT_MAX * 2)]))
});

/** One form per change, by the action's name. */
export const CHANGE_FORMS = {
	start: defineForm(changeSchemas.start, read('start')),
	complete: defineForm(changeSchemas.complete, read('complete')),
	interrupt: defineForm(changeSchemas.interrupt, read('interrupt')),
	requestExtension: defineForm(changeSchemas.requestExtension, read('requestExtension'))
};

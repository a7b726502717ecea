/**
 * What a device may send: one schema per item, so that one bad item is refused on its own and the rest
 * of an offline queue still goes through. Messages are catalogue keys (`errors.<message>`).
 */
import * as v from 'valibot';
import { ABSENCE_REASONS, MARK_STATUSES, MEETING_MODES, REASON_TEXT_MAX } from '$lib/domain/attendance';
import { isIsoDate } from '$lib/domain/clock';

const uuid = v.pipe(v.string(), v.uuid('invalidInput'));
const isoDay = v.pipe(v.string(), v.check(isIsoDate, 'dateInvalid'));
const reasonText = v.nullish(
	v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(REASON_TEXT_MAX, 'tooLong'),
		v.transform((s) => (s === '' ? null : s))
	),
	null
);

export const markSchema = v.pipe(
	v.object({
		clientKey: uuid,
		participationId: uuid,
		day: isoDay,
		status: v.picklist(MARK_STATUSES, 'choose'),
		reason: v.nullish(v.picklist(ABSENCE_REASONS, 'choose'), null),
		reasonText,
		meetingId: v.nullish(uuid, null),
		/** A meeting recorded on the device in the same batch (its clientKey), before it has an id. */
		meetingKey: v.nullish(uuid, null),
		markedAt: v.nullish(
			v.pipe(
				v.string(),
				v.isoTimestamp('invalidInput'),
				v.transform((s) => new Date(s))
			),
			null
		)
	}),
	v.forward(
		v.check((m) => m.status === 'present' || m.reason !== null, 'absenceReasonRequired'),
		['reason']
	),
	v.forward(
		v.check((m) => m.reason !== 'other' || m.status !== 'absent' || !!m.reasonText, 'absenceTextRequired'),
		['reasonText']
	)
);

export const meetingSchema = v.object({
	clientKey: uuid,
	participationId: uuid,
	day: isoDay,
	startTime: v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'timeInvalid')),
	durationMinutes: v.pipe(v.union([v.number(), v.pipe(v.string(), v.transform(Number))]), v.integer('durationInvalid'), v.minValue(5, 'durationInvalid'), v.maxValue(600, 'durationInvalid')),
	mode: v.picklist(MEETING_MODES, 'choose')
});

/** The envelope of a sync request: at most a few hundred items (a cohort, or a day's offline queue). */
export const syncSchema = v.object({
	marks: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(500)), []),
	meetings: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(100)), [])
});

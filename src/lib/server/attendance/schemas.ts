/**
 * What a device may send: one schema per item, so that one bad item is refused on its own and the rest
 * of an offline queue still goes through. Messages are catalogue keys (`errors.<message>`).
 */
import * as v from 'valibot';
import { ABSENCE_REASONS, MARK_STATUSES, MEETING_MODES, REASON_TEXT_MAX } from '$lib/domain/attendance';
import { isIsoDate } from '$lib/domain/clock';
import { clockTime, day, text } from '../forms/schemas';

export const uuidSchema = v.pipe(v.string(), v.uuid('invalidInput'));
const uuid = uuidSchema;
const isoDay = day();
// A NUL here refuses this one item (the sync endpoint skips the whole-body check for that reason).
const reasonText = v.nullish(
	v.pipe(
		text(REASON_TEXT_MAX),
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
				// The format alone lets 30 February through, which Date rolls over to March.
				v.check((s) => isIsoDate(s.slice(0, 10)), 'invalidInput'),
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
	startTime: clockTime(),
	// A number (JSON) or digits (a form): Number() alone would read '0x1F' as 31 and '1e2' as 100.
	durationMinutes: v.pipe(
		v.union([v.number(), v.pipe(v.string(), v.trim(), v.regex(/^\d{1,4}$/, 'durationInvalid'), v.transform(Number))], 'durationInvalid'),
		v.integer('durationInvalid'),
		v.minValue(5, 'durationInvalid'),
		v.maxValue(600, 'durationInvalid')
	),
	mode: v.picklist(MEETING_MODES, 'choose')
});

/** The most marks one request may carry: a cohort, or a day's offline queue. */
export const MAX_MARKS = 500;

/** The envelope of a sync request: at most a few hundred items (a cohort, or a day's offline queue). */
export const syncSchema = v.object({
	marks: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(MAX_MARKS)), []),
	meetings: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(100)), [])
});

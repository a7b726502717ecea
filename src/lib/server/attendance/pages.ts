import { createHash } from 'node:crypto';
import { error, fail, json, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { addDays, isIsoDate } from '$lib/domain/clock';
import type { MessageKey } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb, getPlannedReadsDb } from '../db';
import { field, refuse, validate } from '../forms';
import { jsonOfItems } from '../hooks/input';
import { authorizeInOrg, type Actor } from '../policy';
import { MAX_MARKS, markSchema, meetingSchema, syncSchema, uuidSchema } from './schemas';
import { recordAttendance, type MarkError, type MarkInput, type MarkResult, type MeetingInput, type MeetingResult } from './service';
import { loadToday } from './today';
import { MARK_ERROR_KEY } from '$lib/i18n/labels/attendance';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string } };

/** The day shown: `?day=` when it is a real date, else today (Helsinki). */
function dayOf(event: Ev, actor: Actor): string {
	const q = event.url.searchParams.get('day');
	return q && isIsoDate(q) ? q : actor.today;
}

export async function loadTodayPage(event: Ev) {
	const orgId = event.params.orgId;
	const actor = authorizeInOrg(event.locals.actor, 'attendance.record', orgId);
	const day = dayOf(event, actor);
	// One group of those the coach covers (`?group=`, a link of Today's other groups); anything else is ignored.
	const group = event.url.searchParams.get('group');
	const shown = group && v.is(uuidSchema, group) ? group : null;
	const data = await loadToday(await getPlannedReadsDb(), await getDb(), auditContext(event, orgId), actor, orgId, day, shown);
	// The page's forms without JavaScript share this key; each mark's own key is derived from it (`markKey`).
	const formKey = crypto.randomUUID();
	return { ...data, group: shown, today: actor.today, previousDay: addDays(day, -1), nextDay: addDays(day, 1), userId: actor.userId, formKey };
}

/**
 * A mark's idempotency key for a form post without JavaScript: the page's form key and the slot it marks,
 * hashed into a UUID (version 8). Posting the same page twice (a double tap, a resend) gives the same keys,
 * so the marks are saved once, as the offline queue's own keys make them on the enhanced page.
 */
function markKey(formKey: string, slot: string): string {
	const h = createHash('sha256').update(`${formKey}|${slot}`).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The person a "present" button names: `d:<participationId>` (a day mark) or `m:<participationId>:<meetingId>`
 * (a meeting's mark). Anything else is no person (the schema then refuses it).
 */
function slotFields(slot: string): { participationId: string; meetingId: string | null } {
	const [kind, participationId = '', meetingId = ''] = slot.split(':');
	return kind === 'm' ? { participationId, meetingId } : { participationId: kind === 'd' ? participationId : '', meetingId: null };
}

export const markErrorKey = (e: MarkError | 'invalid' | 'nothingToMark'): MessageKey => MARK_ERROR_KEY[e];

/** Runs one batch for the actor in the workspace; the results say, per item, what happened. */
async function record(event: Ev, marks: MarkInput[], meetings: MeetingInput[] = []) {
	const orgId = event.params.orgId;
	const actor = authorizeInOrg(event.locals.actor, 'attendance.record', orgId);
	const db = await getDb();
	return recordAttendance(db, auditContext(event, orgId), actor, { marks, meetings });
}

/** The first refusal of a form post, as a translated message (the form path saves one thing at a time). */
function firstRefusal(results: (MarkResult | MeetingResult)[]) {
	const bad = results.find((r) => !r.ok);
	return bad && !bad.ok ? fail(bad.error === 'notFound' ? 404 : 400, { message: markErrorKey(bad.error) }) : null;
}

/** Form posts for browsers without JavaScript (and the fallback of the enhanced page). */
export const todayActions = {
	/** One mark: a "present" button of the page's shared form (`slot` + `formKey`) or a person's absence form. */
	mark: async (event: Ev) => {
		const data = await event.request.formData();
		const slot = field(data, 'slot');
		// Without a real form key every post of a slot would get the same mark key, and only the first would count.
		if (slot && !v.is(uuidSchema, field(data, 'formKey'))) return refuse('invalidInput');
		const person = slot
			? { ...slotFields(slot), clientKey: markKey(field(data, 'formKey'), slot) }
			: { participationId: field(data, 'participationId'), meetingId: field(data, 'meetingId') || null, clientKey: field(data, 'clientKey') };
		const parsed = validate(markSchema, {
			...person,
			day: field(data, 'day'),
			status: field(data, 'status'),
			reason: field(data, 'reason') || null,
			reasonText: field(data, 'reasonText'),
			markedAt: null
		});
		if (!parsed.ok) return refuse('invalidInput', { errors: parsed.errors, participationId: person.participationId });
		const r = await record(event, [parsed.value]);
		return firstRefusal(r.marks) ?? { saved: 1 };
	},
	/**
	 * "All present" for the unmarked rest of a cohort, one `p` field (a participation id) per person and the
	 * page's `formKey`. Like the JSON endpoint, each person is judged alone: the page is told how many were
	 * saved and who was refused.
	 */
	allPresent: async (event: Ev) => {
		const data = await event.request.formData();
		const day = field(data, 'day');
		const formKey = field(data, 'formKey');
		const people = data.getAll('p').map(String);
		// The same ceiling as a sync batch: nothing is saved from a request beyond it.
		if (people.length > MAX_MARKS) return refuse('tooMany');
		if (people.length > 0 && !v.is(uuidSchema, formKey)) return refuse('invalidInput');
		const marks: MarkInput[] = [];
		const refused: { participationId: string; message: MessageKey }[] = [];
		for (const participationId of people) {
			const clientKey = markKey(formKey, `d:${participationId}`);
			const parsed = v.safeParse(markSchema, { clientKey, participationId, day, status: 'present', reason: null, reasonText: null });
			if (parsed.success) marks.push(parsed.output);
			else refused.push({ participationId: participationId.slice(0, 36), message: markErrorKey('invalid') });
		}
		if (marks.length === 0 && refused.length === 0) return fail(400, { message: markErrorKey('nothingToMark') });
		const results = marks.length ? (await record(event, marks)).marks : [];
		const personOf = new Map(marks.map((m) => [m.clientKey, m.participationId]));
		for (const r of results) if (!r.ok) refused.push({ participationId: personOf.get(r.clientKey) ?? '', message: markErrorKey(r.error) });
		const saved = results.filter((r) => r.ok).length;
		if (saved > 0) return { saved, refused };
		const notFound = markErrorKey('notFound');
		return fail(refused.every((r) => r.message === notFound) ? 404 : 400, { message: refused[0].message, refused });
	},
	meeting: async (event: Ev) => {
		const data = await event.request.formData();
		const parsed = validate(meetingSchema, {
			clientKey: field(data, 'clientKey'),
			participationId: field(data, 'participationId'),
			day: field(data, 'day'),
			startTime: field(data, 'startTime'),
			durationMinutes: field(data, 'durationMinutes'),
			mode: field(data, 'mode')
		});
		if (!parsed.ok) return refuse('invalidInput', { errors: parsed.errors, meetingForm: true });
		const r = await record(event, [], [parsed.value]);
		return firstRefusal(r.meetings) ?? { saved: 1 };
	}
};

/**
 * The JSON endpoint the Today screen (and its offline queue) sends batches to. Each item is validated on
 * its own: a malformed item is answered `invalid` and the others are still saved.
 */
export async function syncAttendance(event: Ev) {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'attendance.record', orgId);
	// Items are judged one by one below (a NUL in one absence text refuses that mark only).
	const envelope = v.safeParse(syncSchema, await jsonOfItems(event.request));
	if (!envelope.success) error(400, 'invalidInput');
	const invalid: { clientKey: string; ok: false; error: 'invalid' }[] = [];
	const keyOf = (x: unknown) => (typeof x === 'object' && x && 'clientKey' in x && typeof x.clientKey === 'string' ? x.clientKey : '');
	const pick = <T>(items: unknown[], schema: v.GenericSchema<unknown, T>, into: { clientKey: string; ok: false; error: 'invalid' }[]): T[] =>
		items.flatMap((item) => {
			const parsed = v.safeParse(schema, item);
			if (parsed.success) return [parsed.output];
			into.push({ clientKey: keyOf(item), ok: false, error: 'invalid' });
			return [];
		});
	const invalidMeetings: typeof invalid = [];
	const meetings = pick(envelope.output.meetings, meetingSchema, invalidMeetings);
	const marks = pick(envelope.output.marks, markSchema, invalid);
	const r = meetings.length || marks.length ? await record(event, marks, meetings) : { marks: [], meetings: [] };
	return json({ marks: [...r.marks, ...invalid], meetings: [...r.meetings, ...invalidMeetings] });
}

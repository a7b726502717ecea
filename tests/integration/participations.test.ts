import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, meetings, notices, participationEvents, participations } from '../../src/lib/server/db/schema';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { absenceReport } from '../../src/lib/server/participations/report';
import { load as providerPage, actions } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as areaPage } from '../../src/routes/area/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as providerList } from '../../src/routes/provider/[orgId=uuid]/participations/+page.server';
import { load as areaList } from '../../src/routes/area/[orgId=uuid]/participations/+page.server';
import { load as reportPage } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/report/+page.server';
import { GET as reportCsv } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/report.csv/+server';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeAssignment, makeUser, testClock } from './helpers/fixtures';
import { loadActor } from '../../src/lib/server/auth/actor';
import { translate } from '../../src/lib/i18n';
import { mark, participationSetting } from './helpers/participations';

let database: Database;
// Monday 23 Nov 2026, 10:00 in Helsinki.
const c = testClock('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

const versionOf = async (id: string) => (await database.db.select().from(participations).where(eq(participations.id, id)))[0];

describe('participation events', () => {
	it('starts, refuses a stale version and a wrong order, and completes', async () => {
		const s = await participationSetting(database, c.clock, { start: '2026-11-16' });
		const [pid] = s.participationIds;
		const actor = await s.coachActor();
		expect(await changeParticipation(database.db, s.cctx, actor, pid, 1, { kind: 'complete', day: TODAY })).toEqual({ ok: false, error: 'wrongStatus' });
		expect(await changeParticipation(database.db, s.cctx, actor, pid, 1, { kind: 'start', day: '2026-11-24' })).toEqual({ ok: false, error: 'future' });
		expect(await changeParticipation(database.db, s.cctx, actor, pid, 1, { kind: 'start', day: '2026-11-17' })).toEqual({ ok: true });
		expect(await changeParticipation(database.db, s.cctx, actor, pid, 1, { kind: 'complete', day: TODAY })).toEqual({ ok: false, error: 'conflict' });
		expect(await changeParticipation(database.db, s.cctx, actor, pid, 2, { kind: 'complete', day: '2026-11-16' })).toEqual({
			ok: false,
			error: 'endBeforeStart'
		});
		expect(await changeParticipation(database.db, s.cctx, actor, pid, 2, { kind: 'complete', day: TODAY })).toEqual({ ok: true });
		expect(await versionOf(pid)).toMatchObject({ status: 'completed', startDate: '2026-11-17', endDate: TODAY, version: 3 });
		const events = await database.db.select().from(participationEvents).where(eq(participationEvents.participationId, pid));
		expect(events.map((e) => e.kind).sort()).toEqual(['completed', 'started']);
	});

	it('refuses what the status does not allow, and nothing changes', async () => {
		const s = await participationSetting(database, c.clock, { customers: 2, start: '2026-11-16' });
		const [a, b] = s.participationIds;
		const actor = await s.coachActor();
		expect(await changeParticipation(database.db, s.cctx, actor, a, 1, { kind: 'start', day: '2026-11-16' })).toEqual({ ok: true });
		expect(await changeParticipation(database.db, s.cctx, actor, a, 2, { kind: 'start', day: '2026-11-17' })).toEqual({ ok: false, error: 'wrongStatus' });
		expect(await changeParticipation(database.db, s.cctx, actor, a, 2, { kind: 'interrupt', day: TODAY, reason: 'moved', text: null })).toEqual({ ok: true });
		for (const change of [
			{ kind: 'interrupt', day: TODAY, reason: 'other', text: 'x' },
			{ kind: 'complete', day: TODAY },
			{ kind: 'requestExtension', until: '2026-12-31', text: 'x' },
			{ kind: 'start', day: TODAY }
		] as const) {
			expect(await changeParticipation(database.db, s.cctx, actor, a, 3, change), change.kind).toEqual({ ok: false, error: 'wrongStatus' });
		}
		expect(await versionOf(a)).toMatchObject({ status: 'interrupted', endReason: 'moved', version: 3 });
		// A stale version is refused before anything else, also for an extension request.
		expect(await changeParticipation(database.db, s.cctx, actor, b, 2, { kind: 'requestExtension', until: '2026-12-31', text: 'x' })).toEqual({
			ok: false,
			error: 'conflict'
		});
		expect(await changeParticipation(database.db, s.cctx, actor, b, 1, { kind: 'requestExtension', until: '2027-06-30', text: 'x' })).toEqual({
			ok: false,
			error: 'dateOutside'
		});
		// The area's case officer reads the participation but does not record on it.
		expect(await changeParticipation(database.db, s.octx, await s.officerActor(), b, 1, { kind: 'start', day: TODAY })).toEqual({
			ok: false,
			error: 'notFound'
		});
		expect(await versionOf(b)).toMatchObject({ status: 'starting', version: 1 });
		expect(await database.db.select().from(notices).where(eq(notices.participationId, b))).toEqual([]);
	});

	it('an interruption and an extension request each make a notice to the case officer; one extension at a time', async () => {
		// Coaching (no cohort, so no planned end yet) starting 2 Nov.
		const s = await participationSetting(database, c.clock, { customers: 2 });
		const [a, b] = s.participationIds;
		const actor = await s.coachActor();
		expect(await changeParticipation(database.db, s.cctx, actor, a, 1, { kind: 'interrupt', day: TODAY, reason: 'employed', text: 'Kokoaikatyö' })).toEqual({
			ok: true
		});
		expect(await versionOf(a)).toMatchObject({ status: 'interrupted', endDate: TODAY, endReason: 'employed' });
		expect(await changeParticipation(database.db, s.cctx, actor, b, 1, { kind: 'requestExtension', until: '2026-11-01', text: 'x' })).toEqual({
			ok: false,
			error: 'extensionNotLater'
		});
		expect(await changeParticipation(database.db, s.cctx, actor, b, 1, { kind: 'requestExtension', until: '2026-12-31', text: 'Näyttö kesken' })).toEqual({
			ok: true
		});
		expect(await changeParticipation(database.db, s.cctx, actor, b, 2, { kind: 'requestExtension', until: '2026-12-31', text: 'Uudestaan' })).toEqual({
			ok: false,
			error: 'extensionPending'
		});
		const rows = await database.db.select().from(notices).where(eq(notices.officerId, s.officer.id));
		expect(rows.find((n) => n.kind === 'interruption')).toMatchObject({ participationId: a, reason: 'employed', status: 'open' });
		expect(rows.map((n) => [n.kind, n.day]).sort()).toEqual([
			['extension_request', '2026-12-31'],
			['interruption', TODAY]
		]);
	});
});

describe('the absence report', () => {
	it('lists the expected days with the marks in force and totals them, with unmarked days called out', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-09' });
		const [pid] = s.participationIds;
		const admin = await s.adminActor();
		await recordAttendance(database.db, s.actx, admin, {
			marks: [
				mark(pid, '2026-11-09', 'present'),
				mark(pid, '2026-11-10', 'present'),
				mark(pid, '2026-11-11', 'absent', { reason: 'sick' }),
				mark(pid, '2026-11-12', 'absent', { reason: 'unexcused' }),
				// 13 Nov left unmarked; the weekend is not expected.
				mark(pid, '2026-11-16', 'present')
			]
		});
		const r = (await absenceReport(database.db, s.actx, pid, '2026-11-09', '2026-11-16'))!;
		expect(r.days.map((d) => [d.day, d.status ?? '-', d.reason ?? ''])).toEqual([
			['2026-11-09', 'present', ''],
			['2026-11-10', 'present', ''],
			['2026-11-11', 'absent', 'sick'],
			['2026-11-12', 'absent', 'unexcused'],
			['2026-11-13', '-', ''],
			['2026-11-16', 'present', '']
		]);
		expect(r.totals).toMatchObject({ expected: 6, present: 3, unmarked: 1, absent: { sick: 1, unexcused: 1, other: 0 } });
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'participation.report'), eq(auditLog.userId, s.admin.id)));
		expect(audit.map((x) => x.customerIds)).toEqual([[s.customerIds[0]]]);
	});

	it('counts a meeting as expected, with its own mark, beside the cohort day', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-16' });
		const [pid] = s.participationIds;
		const admin = await s.adminActor();
		const meetingKey = crypto.randomUUID();
		const r0 = await recordAttendance(database.db, s.actx, admin, {
			meetings: [{ clientKey: meetingKey, participationId: pid, day: '2026-11-17', startTime: '13:00', durationMinutes: 45, mode: 'phone' }],
			marks: [mark(pid, '2026-11-17', 'present'), mark(pid, '2026-11-17', 'absent', { reason: 'job_interview_or_work', meetingKey })]
		});
		expect(r0.marks.map((m) => m.ok)).toEqual([true, true]);
		const r = (await absenceReport(database.db, s.actx, pid, '2026-11-17', '2026-11-17'))!;
		expect(r.days.map((d) => [d.meetingTime, d.status, d.reason])).toEqual([
			[null, 'present', null],
			['13:00', 'absent', 'job_interview_or_work']
		]);
		expect(r.totals).toMatchObject({ expected: 2, present: 1, unmarked: 0, absent: { job_interview_or_work: 1 } });
	});

	it('downloads as CSV with formula injection made inert, and refuses a bad period with a message', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-16' });
		const [pid] = s.participationIds;
		await recordAttendance(database.db, s.actx, await s.adminActor(), {
			marks: [mark(pid, '2026-11-16', 'absent', { reason: 'other', reasonText: '=HYPERLINK("x")' })]
		});
		const actor = await s.coachActor();
		const ev = (q: string) => makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, url: `http://localhost/r?${q}` });
		const res = (await reportCsv(ev('from=2026-11-16&until=2026-11-20'))) as Response;
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
		expect(res.headers.get('content-type')).toContain('text/csv');
		expect(res.headers.get('cache-control')).toContain('no-store');
		const lines = text.split('\r\n').filter(Boolean);
		expect(lines).toHaveLength(1 + 5);
		expect(lines[0]).toBe('Asiakasnumero;Asiakas;Sopimus;Päivä;Mikä;Merkintä;Poissaolon syy;Lisätieto');
		expect(lines[1]).toMatch(/;2026-11-16;Koulutus- tai valmennuspäivä;Poissa;Muu syy;"'=HYPERLINK\(""x""\)"$/);
		expect(lines[2]).toMatch(/;2026-11-17;Koulutus- tai valmennuspäivä;Merkitsemättä;;$/);
		const bad = (await reportPage(ev('from=2026-11-20&until=2026-11-16'))) as { problem: string; report: unknown };
		expect(bad).toMatchObject({ problem: 'errors.periodInvalid', report: null });
		expect(await reportPage(ev('from=2026-01-01&until=2026-11-16'))).toMatchObject({ problem: 'participations.report.tooLong' });
		const badCsv = (await reportCsv(ev('from=x&until=y'))) as Response;
		expect(badCsv.status).toBe(400);
		expect(await badCsv.text()).toBe(translate('fi', 'errors.dateInvalid'));
		expect(await statusOf(() => reportCsv(ev('from=2026-11-20&until=2026-11-16')))).toBe(400);
		// By default the last two full weeks, Monday to Sunday, before today (Monday 23 Nov).
		expect(await reportPage(ev(''))).toMatchObject({ problem: null, from: '2026-11-09', until: '2026-11-22' });
	});
});

describe('participation pages: who sees what', () => {
	it('gives the page to the coach and the area, and nothing to another provider or another area', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const other = await participationSetting(database, c.clock, { cohort: true });
		const [pid] = s.participationIds;
		const provEv = (actor: Awaited<ReturnType<typeof s.coachActor>>, orgId = s.providerId) =>
			makeEvent({ actor, clock: c.clock, params: { orgId, participationId: pid }, url: 'http://localhost/p' });
		const page = (await providerPage(provEv(await s.coachActor()))) as { customer: { name: string }; canRecord: boolean };
		expect(page.customer.name).toMatch(/^Osallistuja/);
		expect(page.canRecord).toBe(true);
		const officer = await s.officerActor();
		const areaView = (await areaPage(
			makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id, participationId: pid }, url: 'http://localhost/p' })
		)) as { canRecord: boolean };
		expect(areaView.canRecord).toBe(false);
		// Another provider's coach, in their own workspace or ours; another area's officer in theirs.
		expect(await statusOf(async () => providerPage(provEv(await other.coachActor(), other.providerId)))).toBe(404);
		expect(await statusOf(async () => providerPage(provEv(await other.coachActor())))).toBe(404);
		const otherOfficer = await other.officerActor();
		expect(
			await statusOf(() =>
				areaPage(makeEvent({ actor: otherOfficer, clock: c.clock, params: { orgId: other.area.id, participationId: pid }, url: 'http://localhost/p' }))
			)
		).toBe(404);
		expect(await statusOf(async () => reportPage(provEv(await other.coachActor(), other.providerId)))).toBe(404);
		expect(await statusOf(async () => reportCsv(provEv(await other.coachActor(), other.providerId)))).toBe(404);
		expect(await statusOf(() => reportPage(provEv(otherOfficer, other.area.id)))).toBe(404);
		expect(await statusOf(() => reportPage(provEv(otherOfficer)))).toBe(404);
		// The area's own officer reads, but gets no report (that is the provider's) and cannot post the provider's actions.
		expect(await statusOf(() => reportPage(provEv(officer, s.area.id)))).toBe(403);
		const form = { version: '1', day: TODAY };
		expect(
			await statusOf(() => actions.start(makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, form })))
		).toBe(404);
		expect(await statusOf(() => actions.start(makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id, participationId: pid }, form })))).toBe(
			403
		);
		expect(await versionOf(pid)).toMatchObject({ status: 'starting', version: 1 });
		// Lists: the other coach sees only their own customers; each area sees its own.
		const list = (await providerList(
			makeEvent({ actor: await other.coachActor(), clock: c.clock, params: { orgId: other.providerId }, url: 'http://localhost/l?mine=0' })
		)) as { participations: { id: string }[] };
		expect(list.participations.map((p) => p.id)).toEqual(other.participationIds);
		const mine = (await providerList(
			makeEvent({ actor: await s.coachActor(), clock: c.clock, params: { orgId: s.providerId }, url: 'http://localhost/l' })
		)) as { filters: { mine: boolean }; participations: { id: string; openNotices: number }[] };
		expect(mine.filters.mine).toBe(true);
		expect(mine.participations.map((p) => p.id)).toEqual([pid]);
		const search = async (q: string) =>
			(
				(await providerList(
					makeEvent({ actor: await s.coachActor(), clock: c.clock, params: { orgId: s.providerId }, url: `http://localhost/l?q=${encodeURIComponent(q)}` })
				)) as { participations: { id: string }[] }
			).participations.map((p) => p.id);
		expect(await search('osallistuja')).toEqual([pid]);
		expect(await search('%')).toEqual([]); // a wildcard typed by the user is a character, not "everything"
		expect(await search('Nobody')).toEqual([]);
		const areaRows = (await areaList(makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id }, url: 'http://localhost/l' }))) as {
			participations: { id: string }[];
		};
		expect(areaRows.participations.map((p) => p.id)).toEqual([pid]);
		const otherAreaRows = (await areaList(makeEvent({ actor: otherOfficer, clock: c.clock, params: { orgId: other.area.id }, url: 'http://localhost/l' }))) as {
			participations: { id: string }[];
		};
		expect(otherAreaRows.participations.map((p) => p.id)).toEqual(other.participationIds);
	});

	it('shows nothing to a coach whose assignment does not cover the participation today', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const [pid] = s.participationIds;
		const unassigned = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		const expired = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		await makeAssignment(database.db, { userId: expired.id, providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-11-22' });
		for (const u of [unassigned, expired]) {
			const actor = await loadActor(database.db, u.id, TODAY);
			const list = (await providerList(makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, url: 'http://localhost/l?mine=0' }))) as {
				participations: unknown[];
			};
			expect(list.participations).toEqual([]);
			const ev = makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, url: 'http://localhost/p' });
			expect(await statusOf(() => providerPage(ev))).toBe(404);
			expect(await statusOf(() => reportPage(ev))).toBe(404);
		}
	});

	it('shows the month with marks, unmarked cohort days, meetings and the history of a changed day', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-16' });
		const [pid] = s.participationIds;
		const admin = await s.adminActor();
		await recordAttendance(database.db, s.actx, admin, {
			marks: [mark(pid, '2026-11-16', 'present', { markedAt: new Date('2026-11-16T08:00:00Z') }), mark(pid, '2026-11-17', 'present')]
		});
		await recordAttendance(database.db, s.actx, admin, {
			marks: [mark(pid, '2026-11-16', 'absent', { reason: 'sick', markedAt: new Date('2026-11-16T09:00:00Z') })]
		});
		const coach = await s.coachActor();
		const ev = (url: string, form?: Record<string, string>) =>
			makeEvent({ actor: coach, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, url, form });
		type Page = {
			month: string;
			meetingKey: string;
			calendar: { day: string; expected: boolean; marks: { status: string; replaced: number }[]; meetings: { startTime: string }[] }[];
			history: { day: string; rows: { status: string; current: boolean }[] } | null;
		};
		const page = (await providerPage(ev('http://localhost/p?month=2026-11&day=2026-11-16'))) as Page;
		expect(page.month).toBe('2026-11');
		expect(page.calendar).toHaveLength(30);
		const day = (d: string) => page.calendar.find((x) => x.day === d)!;
		expect(day('2026-11-16').marks).toMatchObject([{ status: 'absent', replaced: 1 }]);
		expect(day('2026-11-18')).toMatchObject({ expected: true, marks: [] });
		expect(day('2026-11-13').expected).toBe(false); // before the start
		expect(day('2026-11-21').expected).toBe(false); // Saturday
		expect(page.history).toMatchObject({
			day: '2026-11-16',
			rows: [
				{ status: 'absent', current: true },
				{ status: 'present', current: false }
			]
		});
		// Planning a meeting: the same key twice (a double tap) makes one meeting; the next load has a new key.
		const form = { clientKey: page.meetingKey, day: '2026-11-26', startTime: '10:30', durationMinutes: '45', mode: 'remote' };
		expect(await actions.meeting(ev('http://localhost/p', form))).toMatchObject({ success: 'participations.done.meeting' });
		expect(await actions.meeting(ev('http://localhost/p', form))).toMatchObject({ success: 'participations.done.meeting' });
		expect(await database.db.select().from(meetings).where(eq(meetings.participationId, pid))).toHaveLength(1);
		const after = (await providerPage(ev('http://localhost/p?month=2026-11'))) as Page;
		expect(after.calendar.find((x) => x.day === '2026-11-26')!.meetings).toMatchObject([{ startTime: '10:30' }]);
		expect(after.meetingKey).not.toBe(page.meetingKey);
		// A month that is not a month falls back to this month.
		expect(((await providerPage(ev('http://localhost/p?month=2026-13'))) as Page).month).toBe('2026-11');
	});

	it('refuses bad form input with a message and changes nothing', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const [pid] = s.participationIds;
		const actor = await s.coachActor();
		const post = (name: keyof typeof actions, form: Record<string, string>) =>
			actions[name](makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, form }));
		expect(await statusOf(() => post('interrupt', { version: '1', day: TODAY, reason: 'bored', text: '' }))).toBe(400);
		expect(await statusOf(() => post('start', { version: '1', day: 'eilen' }))).toBe(400);
		expect(
			await statusOf(() => post('meeting', { clientKey: crypto.randomUUID(), day: TODAY, startTime: '25:00', durationMinutes: '60', mode: 'in_person' }))
		).toBe(400);
		expect(await statusOf(() => post('start', { version: '7', day: TODAY }))).toBe(409);
		expect(await post('interrupt', { version: '1', day: TODAY, reason: 'other', text: 'x'.repeat(201) })).toMatchObject({
			status: 400,
			data: { message: 'errors.checkFields', errors: { text: 'errors.tooLong' } }
		});
		expect(await post('requestExtension', { version: '1', until: '2026-12-31', text: '  ' })).toMatchObject({
			status: 400,
			data: { errors: { text: 'errors.required' } }
		});
		expect(await post('complete', { version: '1', day: TODAY })).toMatchObject({ status: 400, data: { message: 'participations.error.wrongStatus' } });
		expect(await post('start', { version: '1', day: '2026-11-30' })).toMatchObject({ status: 400, data: { message: 'participations.error.future' } });
		expect(await versionOf(pid)).toMatchObject({ status: 'starting', version: 1 });
		expect(await database.db.select().from(participationEvents).where(eq(participationEvents.participationId, pid))).toEqual([]);
		expect(await database.db.select().from(notices).where(eq(notices.participationId, pid))).toEqual([]);
		expect(await post('start', { version: '1', day: TODAY })).toMatchObject({ success: 'participations.done.start' });
	});
});

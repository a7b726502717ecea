import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { notices, participationEvents, participations } from '../../src/lib/server/db/schema';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { absenceReport } from '../../src/lib/server/participations/report';
import { load as providerPage, actions } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as areaPage } from '../../src/routes/area/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as providerList } from '../../src/routes/provider/[orgId=uuid]/participations/+page.server';
import { load as reportPage } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/report/+page.server';
import { GET as reportCsv } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/report.csv/+server';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { testClock } from './helpers/fixtures';
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
		expect(await changeParticipation(database.db, s.cctx, actor, pid, 2, { kind: 'complete', day: '2026-11-16' })).toEqual({ ok: false, error: 'endBeforeStart' });
		expect(await changeParticipation(database.db, s.cctx, actor, pid, 2, { kind: 'complete', day: TODAY })).toEqual({ ok: true });
		expect(await versionOf(pid)).toMatchObject({ status: 'completed', startDate: '2026-11-17', endDate: TODAY, version: 3 });
		const events = await database.db.select().from(participationEvents).where(eq(participationEvents.participationId, pid));
		expect(events.map((e) => e.kind).sort()).toEqual(['completed', 'started']);
	});

	it('an interruption and an extension request each make a notice to the case officer; one extension at a time', async () => {
		// Coaching (no cohort, so no planned end yet) starting 2 Nov.
		const s = await participationSetting(database, c.clock, { customers: 2 });
		const [a, b] = s.participationIds;
		const actor = await s.coachActor();
		expect(await changeParticipation(database.db, s.cctx, actor, a, 1, { kind: 'interrupt', day: TODAY, reason: 'employed', text: 'Kokoaikatyö' })).toEqual({ ok: true });
		expect(await versionOf(a)).toMatchObject({ status: 'interrupted', endDate: TODAY, endReason: 'employed' });
		expect(await changeParticipation(database.db, s.cctx, actor, b, 1, { kind: 'requestExtension', until: '2026-11-01', text: 'x' })).toEqual({ ok: false, error: 'extensionNotLater' });
		expect(await changeParticipation(database.db, s.cctx, actor, b, 1, { kind: 'requestExtension', until: '2026-12-31', text: 'Näyttö kesken' })).toEqual({ ok: true });
		expect(await changeParticipation(database.db, s.cctx, actor, b, 2, { kind: 'requestExtension', until: '2026-12-31', text: 'Uudestaan' })).toEqual({ ok: false, error: 'extensionPending' });
		const rows = await database.db.select().from(notices).where(eq(notices.officerId, s.officer.id));
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
	});

	it('downloads as CSV with formula injection made inert, and refuses a bad period with a message', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-16' });
		const [pid] = s.participationIds;
		await recordAttendance(database.db, s.actx, await s.adminActor(), { marks: [mark(pid, '2026-11-16', 'absent', { reason: 'other', reasonText: '=HYPERLINK("x")' })] });
		const actor = await s.coachActor();
		const ev = (q: string) => makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, url: `http://localhost/r?${q}` });
		const res = (await reportCsv(ev('from=2026-11-16&until=2026-11-20'))) as Response;
		const text = await res.text();
		expect(res.headers.get('content-type')).toContain('text/csv');
		expect(text).toContain(`"'=HYPERLINK(""x"")"`);
		expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + 5);
		const bad = (await reportPage(ev('from=2026-11-20&until=2026-11-16'))) as { problem: string; report: unknown };
		expect(bad).toMatchObject({ problem: 'errors.periodInvalid', report: null });
		expect(await reportPage(ev('from=2026-01-01&until=2026-11-16'))).toMatchObject({ problem: 'participations.report.tooLong' });
		expect(await statusOf(() => reportCsv(ev('from=x&until=y')))).toBe(400);
	});
});

describe('participation pages: who sees what', () => {
	it('gives the page to the coach and the area, and nothing to another provider or another area', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const other = await participationSetting(database, c.clock, { cohort: true });
		const [pid] = s.participationIds;
		const provEv = (actor: Awaited<ReturnType<typeof s.coachActor>>, orgId = s.providerId) => makeEvent({ actor, clock: c.clock, params: { orgId, participationId: pid }, url: 'http://localhost/p' });
		const page = (await providerPage(provEv(await s.coachActor()))) as { customer: { name: string }; canRecord: boolean };
		expect(page.customer.name).toMatch(/^Osallistuja/);
		expect(page.canRecord).toBe(true);
		const officer = await s.officerActor();
		const areaView = (await areaPage(makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id, participationId: pid }, url: 'http://localhost/p' }))) as { canRecord: boolean };
		expect(areaView.canRecord).toBe(false);
		// Another provider's coach, in their own workspace or ours; another area's officer in theirs.
		expect(await statusOf(async () => providerPage(provEv(await other.coachActor(), other.providerId)))).toBe(404);
		expect(await statusOf(async () => providerPage(provEv(await other.coachActor())))).toBe(404);
		const otherOfficer = await other.officerActor();
		expect(await statusOf(() => areaPage(makeEvent({ actor: otherOfficer, clock: c.clock, params: { orgId: other.area.id, participationId: pid }, url: 'http://localhost/p' })))).toBe(404);
		expect(await statusOf(async () => reportPage(provEv(await other.coachActor(), other.providerId)))).toBe(404);
		// The area's officer may not post the provider's actions.
		const form = { version: '1', day: TODAY };
		expect(await statusOf(() => actions.start(makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, form })))).toBe(404);
		// Lists: the other coach sees only their own customers.
		const list = (await providerList(makeEvent({ actor: await other.coachActor(), clock: c.clock, params: { orgId: other.providerId }, url: 'http://localhost/l?mine=0' }))) as { participations: { id: string }[] };
		expect(list.participations.map((p) => p.id)).toEqual(other.participationIds);
	});

	it('refuses bad form input with a message and changes nothing', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const [pid] = s.participationIds;
		const actor = await s.coachActor();
		const post = (name: keyof typeof actions, form: Record<string, string>) => actions[name](makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, form }));
		expect(await statusOf(() => post('interrupt', { version: '1', day: TODAY, reason: 'bored', text: '' }))).toBe(400);
		expect(await statusOf(() => post('start', { version: '1', day: 'eilen' }))).toBe(400);
		expect(await statusOf(() => post('meeting', { clientKey: crypto.randomUUID(), day: TODAY, startTime: '25:00', durationMinutes: '60', mode: 'in_person' }))).toBe(400);
		expect(await statusOf(() => post('start', { version: '7', day: TODAY }))).toBe(409);
		expect(await versionOf(pid)).toMatchObject({ status: 'starting', version: 1 });
		expect(await post('start', { version: '1', day: TODAY })).toMatchObject({ success: 'participations.done.start' });
	});
});

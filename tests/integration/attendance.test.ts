import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { attendance, auditLog, contracts, emailOutbox, notices, notifications, participations } from '../../src/lib/server/db/schema';
import { lockPeriod, recordAttendance } from '../../src/lib/server/attendance/service';
import { createTestDatabase } from './helpers/db';
import { ctxFor, makeAssignment, makeUser, testClock } from './helpers/fixtures';
import { addGroup, mark, participationSetting, referAndAccept } from './helpers/participations';
import { dayCounts, unmarkedOn } from '../../src/lib/server/attendance/today';
import { loadActor } from '../../src/lib/server/auth/actor';
import { contractSchema } from '../../src/lib/server/contracts/schemas';
import { validate } from '../../src/lib/server/forms';
import { searchAudit } from '../../src/lib/server/audit';
import { contractInput } from './helpers/contracts';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { makeEvent, statusOf } from './helpers/event';
import { load as todayLoad, actions as todayActions } from '../../src/routes/provider/[orgId=uuid]/today/+page.server';
import { POST as syncPost } from '../../src/routes/provider/[orgId=uuid]/attendance/+server';

let database: Database;
// Monday 23 Nov 2026, 10:00 in Helsinki.
const c = testClock('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

const current = (participationId: string, day: string) =>
	database.db
		.select()
		.from(attendance)
		.where(and(eq(attendance.participationId, participationId), eq(attendance.day, day)));

describe('recording attendance', () => {
	it('saves a whole cohort in one request, and a replay of the same keys adds nothing', async () => {
		const s = await participationSetting(database, c.clock, { customers: 3, cohort: true });
		const actor = await s.coachActor();
		const marks = s.participationIds.map((id) => mark(id, TODAY, 'present'));
		const first = await recordAttendance(database.db, s.cctx, actor, { marks });
		expect(first.marks.map((m) => m.ok && m.outcome)).toEqual(['saved', 'saved', 'saved']);
		const again = await recordAttendance(database.db, s.cctx, actor, { marks });
		expect(again.marks.map((m) => m.ok && m.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate']);
		for (const id of s.participationIds) expect(await current(id, TODAY)).toHaveLength(1);
		// The first present day starts a participation that was still "starting".
		const [p] = await database.db.select().from(participations).where(eq(participations.id, s.participationIds[0]));
		expect(p.status).toBe('active');
		expect(p.startDate).toBe(TODAY);
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'attendance.record'));
		expect(audit.some((a) => s.customerIds.every((id) => a.customerIds.includes(id)))).toBe(true);
	});

	it('resolves two devices marking the same day: the later tap wins, the other stays in history', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const actor = await s.coachActor();
		const [pid] = s.participationIds;
		const later = mark(pid, TODAY, 'absent', { reason: 'sick', markedAt: new Date('2026-11-23T07:30:00Z') });
		const earlier = mark(pid, TODAY, 'present', { markedAt: new Date('2026-11-23T07:00:00Z') });
		// The later tap arrives first (the other phone was offline).
		await recordAttendance(database.db, s.cctx, actor, { marks: [later] });
		const r = await recordAttendance(database.db, s.cctx, actor, { marks: [earlier] });
		expect(r.marks[0]).toMatchObject({ ok: true, outcome: 'history' });
		const rows = await current(pid, TODAY);
		expect(rows).toHaveLength(2);
		expect(rows.find((x) => x.current)).toMatchObject({ status: 'absent', reason: 'sick' });
		expect(rows.find((x) => !x.current)).toMatchObject({ status: 'present' });
	});

	it('serialises concurrent marks of the same day: exactly one row is in force', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const actor = await s.coachActor();
		const [pid] = s.participationIds;
		const attempts = Array.from({ length: 6 }, (_, i) => mark(pid, TODAY, i % 2 ? 'present' : 'absent', { markedAt: new Date(Date.UTC(2026, 10, 23, 7, i)) }));
		const results = await Promise.all(attempts.map((m) => recordAttendance(database.db, s.cctx, actor, { marks: [m] })));
		expect(results.every((r) => r.marks[0].ok)).toBe(true);
		const rows = await current(pid, TODAY);
		expect(rows).toHaveLength(6);
		expect(rows.filter((x) => x.current)).toHaveLength(1);
		// The latest tap (minute 5, present) is the one in force whatever order they arrived in.
		expect(rows.find((x) => x.current)?.status).toBe('present');
	});

	it('refuses future days, days outside the participation and, for a coach, days past the deadline', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-02' });
		const [pid] = s.participationIds;
		// The admin records the (already late) first day, which starts the participation.
		await recordAttendance(database.db, s.actx, await s.adminActor(), { marks: [mark(pid, '2026-11-02', 'present')] });
		const r = await recordAttendance(database.db, s.cctx, await s.coachActor(), {
			marks: [mark(pid, '2026-11-24', 'present'), mark(pid, '2026-10-30', 'present'), mark(pid, '2026-11-10', 'present'), mark(pid, '2026-11-18', 'present')]
		});
		expect(r.marks.map((m) => (m.ok ? m.outcome : m.error))).toEqual(['future', 'outsideParticipation', 'tooLate', 'saved']);
		// The provider's admin may still record it, and it is flagged late.
		const late = await recordAttendance(database.db, s.actx, await s.adminActor(), { marks: [mark(pid, '2026-11-10', 'present')] });
		expect(late.marks[0]).toMatchObject({ ok: true, outcome: 'saved', late: true });
		// A mark made in time on a phone that was offline until today counts as in time.
		const offline = await recordAttendance(database.db, s.cctx, await s.coachActor(), {
			marks: [mark(pid, '2026-11-11', 'present', { markedAt: new Date('2026-11-11T08:00:00Z') })]
		});
		expect(offline.marks[0]).toMatchObject({ ok: true, outcome: 'saved', late: false });
	});

	it('gives a coach of another provider, or one whose assignment has ended, nothing', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const other = await participationSetting(database, c.clock, { cohort: true });
		const r = await recordAttendance(database.db, other.cctx, await other.coachActor(), { marks: [mark(s.participationIds[0], TODAY, 'present')] });
		expect(r.marks[0]).toEqual({ clientKey: expect.any(String), ok: false, error: 'notFound' });
		// Replaying someone else's key (for one's own customer) learns nothing about their mark.
		const theirs = mark(s.participationIds[0], TODAY, 'present');
		await recordAttendance(database.db, s.cctx, await s.coachActor(), { marks: [theirs] });
		const replay = await recordAttendance(database.db, other.cctx, await other.coachActor(), {
			marks: [{ ...theirs, participationId: other.participationIds[0] }]
		});
		expect(replay.marks[0]).toMatchObject({ ok: false, error: 'notFound' });
		const former = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		await makeAssignment(database.db, { userId: former.id, providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-11-20' });
		const actor = await loadActor(database.db, former.id, TODAY);
		const r2 = await recordAttendance(database.db, ctxFor(c.clock, former.id, s.providerId), actor, {
			marks: [mark(s.participationIds[0], '2026-11-20', 'present')]
		});
		expect(r2.marks[0]).toMatchObject({ ok: false, error: 'notFound' });
		expect(await current(s.participationIds[0], '2026-11-20')).toHaveLength(0);
	});

	it('makes an unexcused absence a notice to the case officer at once, with an e-mail that names no one', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const [pid] = s.participationIds;
		await recordAttendance(database.db, s.cctx, await s.coachActor(), { marks: [mark(pid, TODAY, 'absent', { reason: 'unexcused' })] });
		const rows = await database.db.select().from(notices).where(eq(notices.participationId, pid));
		expect(rows).toMatchObject([{ kind: 'unexcused_absence', day: TODAY, officerId: s.officer.id, status: 'open', dueOn: '2026-11-30' }]);
		const inbox = await database.db.select().from(notifications).where(eq(notifications.userId, s.officer.id));
		expect(inbox.some((x) => x.kind === 'notice_new' && x.link.endsWith(rows[0].id))).toBe(true);
		const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, s.officer.email));
		const mail = mails.at(-1)!;
		expect(mail.body).not.toContain('Osallistuja');
		// Re-marking the same day unexcused does not make a second notice; other reasons make none.
		await recordAttendance(database.db, s.cctx, await s.coachActor(), {
			marks: [mark(pid, TODAY, 'absent', { reason: 'unexcused' }), mark(pid, '2026-11-20', 'absent', { reason: 'sick' })]
		});
		expect(await database.db.select().from(notices).where(eq(notices.participationId, pid))).toHaveLength(1);
	});

	it('sends one threshold notice when consecutive unexcused days reach the contract threshold', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-16' });
		await database.db.update(contracts).set({ unexcusedThreshold: 3 }).where(eq(contracts.id, s.contractId));
		const [pid] = s.participationIds;
		// The admin, because some of these days are past the coach's deadline.
		const actor = await s.adminActor();
		const unexcused = (day: string) => mark(pid, day, 'absent', { reason: 'unexcused' });
		await recordAttendance(database.db, s.actx, actor, { marks: [unexcused('2026-11-17'), unexcused('2026-11-19')] });
		const kinds = async () => (await database.db.select().from(notices).where(eq(notices.participationId, pid))).map((x) => x.kind).sort();
		expect((await kinds()).filter((k) => k === 'absence_threshold')).toHaveLength(0);
		// A late mark fills the gap: three in a row (by marked days).
		await recordAttendance(database.db, s.actx, actor, { marks: [unexcused('2026-11-18')] });
		expect((await kinds()).filter((k) => k === 'absence_threshold')).toHaveLength(1);
		await recordAttendance(database.db, s.actx, actor, { marks: [unexcused('2026-11-20')] });
		expect((await kinds()).filter((k) => k === 'absence_threshold')).toHaveLength(1);
		const [t] = await database.db
			.select()
			.from(notices)
			.where(and(eq(notices.participationId, pid), eq(notices.kind, 'absence_threshold')));
		expect(t).toMatchObject({ fromDay: '2026-11-17', day: '2026-11-19' });
		// A present day breaks the run; a new run makes a new notice.
		await recordAttendance(database.db, s.actx, actor, { marks: [mark(pid, TODAY, 'present')] });
		expect((await kinds()).filter((k) => k === 'absence_threshold')).toHaveLength(1);
	});

	it('takes the threshold from the contract form: empty means no such rule, 0 or 61 is refused', async () => {
		const form = (threshold: string) => ({
			...Object.fromEntries(Object.entries(contractInput()).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v])),
			diaryNumber: '',
			places: 'Vaasa',
			budget: '1000,00',
			requiresPersonalId: '',
			unexcusedThreshold: threshold
		});
		expect(validate(contractSchema, form(''))).toMatchObject({ ok: true, value: { unexcusedThreshold: null } });
		expect(validate(contractSchema, form('3'))).toMatchObject({ ok: true, value: { unexcusedThreshold: 3 } });
		expect(validate(contractSchema, form('0'))).toMatchObject({ ok: false, errors: { unexcusedThreshold: 'errors.thresholdInvalid' } });
		expect(validate(contractSchema, form('61'))).toMatchObject({ ok: false, errors: { unexcusedThreshold: 'errors.thresholdInvalid' } });

		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-16', contract: { unexcusedThreshold: null } });
		const [pid] = s.participationIds;
		const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', TODAY];
		await recordAttendance(database.db, s.actx, await s.adminActor(), { marks: days.map((d) => mark(pid, d, 'absent', { reason: 'unexcused' })) });
		const kinds = (await database.db.select().from(notices).where(eq(notices.participationId, pid))).map((x) => x.kind);
		expect(kinds).toEqual(Array(6).fill('unexcused_absence'));
	});

	it('records a change to a locked (invoiced) month as a correction and keeps what was invoiced', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-02' });
		const [pid] = s.participationIds;
		const admin = await s.adminActor();
		await recordAttendance(database.db, s.actx, admin, { marks: [mark(pid, '2026-11-03', 'present')] });
		await lockPeriod(database.db, s.actx, s.contractId, '2026-11-01', '2026-11-30');
		const r = await recordAttendance(database.db, s.actx, admin, {
			marks: [mark(pid, '2026-11-03', 'absent', { reason: 'sick' }), mark(pid, '2026-11-04', 'present')]
		});
		expect(r.marks).toMatchObject([
			{ ok: true, outcome: 'saved', correction: true },
			{ ok: true, outcome: 'saved', correction: true }
		]);
		const rows = await current(pid, '2026-11-03');
		const invoiced = rows.find((x) => !x.current)!;
		const correction = rows.find((x) => x.current)!;
		expect(invoiced).toMatchObject({ status: 'present', correction: false });
		expect(correction).toMatchObject({ status: 'absent', correction: true, replacesId: invoiced.id, settledAt: null });
	});

	it('records meetings with their outcome, idempotently, and refuses a mark for a meeting of someone else', async () => {
		const s = await participationSetting(database, c.clock, { customers: 2 });
		const actor = await s.coachActor();
		const [a, b] = s.participationIds;
		const meeting = { clientKey: crypto.randomUUID(), participationId: a, day: TODAY, startTime: '09:30', durationMinutes: 60, mode: 'remote' as const };
		const r = await recordAttendance(database.db, s.cctx, actor, { marks: [], meetings: [meeting] });
		const r2 = await recordAttendance(database.db, s.cctx, actor, { marks: [], meetings: [meeting] });
		expect(r.meetings[0]).toMatchObject({ ok: true, duplicate: false });
		expect(r2.meetings[0]).toMatchObject({ ok: true, duplicate: true });
		const meetingId = r.meetings[0].ok ? r.meetings[0].meetingId : '';
		expect(r2.meetings[0].ok && r2.meetings[0].meetingId).toBe(meetingId);
		const wrong = await recordAttendance(database.db, s.cctx, actor, { marks: [mark(b, TODAY, 'present', { meetingId })] });
		expect(wrong.marks[0]).toMatchObject({ ok: false, error: 'meetingNotFound' });
		const right = await recordAttendance(database.db, s.cctx, actor, { marks: [mark(a, TODAY, 'absent', { meetingId, reason: 'unexcused' })] });
		expect(right.marks[0]).toMatchObject({ ok: true, outcome: 'saved' });
		expect(await database.db.select().from(notices).where(eq(notices.participationId, a))).toMatchObject([{ kind: 'unexcused_absence' }]);
	});

	describe('the Today page and the sync endpoint', () => {
		const syncEvent = (actor: Awaited<ReturnType<typeof loadActor>>, orgId: string, body: unknown) => {
			const ev = makeEvent({ actor, clock: c.clock, params: { orgId }, url: `http://localhost/provider/${orgId}/attendance` }) as unknown as {
				request: Request;
			};
			ev.request = new Request(`http://localhost/provider/${orgId}/attendance`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
			return ev as never;
		};

		it("shows the coach today's cohort with the marks in force, and nothing of another provider's", async () => {
			const s = await participationSetting(database, c.clock, { customers: 2, cohort: true });
			const other = await participationSetting(database, c.clock, { customers: 1, cohort: true });
			const actor = await s.coachActor();
			await recordAttendance(database.db, s.cctx, actor, { marks: [mark(s.participationIds[0], TODAY, 'absent', { reason: 'sick' })] });
			const data = (await todayLoad(
				makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, url: `http://localhost/provider/${s.providerId}/today` })
			)) as Awaited<ReturnType<typeof todayLoad>> & { cohorts: { people: { participationId: string; mark: { status: string } | null }[] }[] };
			const people = data.cohorts.flatMap((x) => x.people);
			expect(people.map((p) => p.participationId).sort()).toEqual([...s.participationIds].sort());
			expect(people.find((p) => p.participationId === s.participationIds[0])?.mark?.status).toBe('absent');
			// The area's audit search shows that the provider's coach saw its customer on this list.
			const seen = await searchAudit(database.db, { areaId: s.area.id, customerId: s.customerIds[1] });
			expect(seen.some((e) => e.action === 'customer.list' && e.userId === s.coach.id && e.targetType === 'attendance_day')).toBe(true);
			// Another day (tomorrow) lists the same people with that day's marks: none yet, not today's absence.
			const tomorrow = (await todayLoad(
				makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, url: `http://localhost/provider/${s.providerId}/today?day=2026-11-24` })
			)) as unknown as { day: string; cohorts: { people: { participationId: string; mark: unknown }[] }[] };
			expect(tomorrow.day).toBe('2026-11-24');
			const tomorrowsPeople = tomorrow.cohorts.flatMap((x) => x.people);
			expect(tomorrowsPeople.map((p) => p.participationId).sort()).toEqual([...s.participationIds].sort());
			expect(tomorrowsPeople.map((p) => p.mark)).toEqual(s.participationIds.map(() => null));
			// The other provider's coach: their own workspace shows only their own customer; ours is refused.
			const otherActor = await other.coachActor();
			const theirs = (await todayLoad(
				makeEvent({ actor: otherActor, clock: c.clock, params: { orgId: other.providerId }, url: `http://localhost/provider/${other.providerId}/today` })
			)) as unknown as { cohorts: { people: { participationId: string }[] }[] };
			expect(theirs.cohorts.flatMap((x) => x.people.map((p) => p.participationId))).toEqual(other.participationIds);
			expect(
				await statusOf(() =>
					todayLoad(makeEvent({ actor: otherActor, clock: c.clock, params: { orgId: s.providerId }, url: `http://localhost/provider/${s.providerId}/today` }))
				)
			).toBe(403);
			// A case officer of the area has no Today page at the provider.
			const officer = await s.officerActor();
			expect(await statusOf(() => todayLoad(makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.providerId }, url: 'http://localhost/' })))).toBe(
				403
			);
		});

		it("shows the coach's own groups, the provider's other groups of the day by name only, and one of them when asked", async () => {
			const s = await participationSetting(database, c.clock, { customers: 2, cohort: true });
			// A colleague's group on the same contract: the coach's provider-wide assignment lets them mark it too.
			const colleague = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
			const year = { providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' };
			await makeAssignment(database.db, { userId: colleague.id, ...year });
			const theirGroup = await addGroup(database, s.octx, s.contractId, 'Ryhmä B');
			const setting = { octx: s.octx, areaId: s.area.id, providerId: s.providerId, contractId: s.contractId };
			const theirs = await referAndAccept(database, c.clock, setting, { cohortId: theirGroup, coachId: colleague.id, customers: 1 });
			const other = await participationSetting(database, c.clock, { customers: 1, cohort: true });
			type TodayData = {
				group: string | null;
				cohorts: { id: string; name: string; people: { participationId: string }[] }[];
				otherGroups: { id: string; name: string }[];
			};
			const today = async (actor: Awaited<ReturnType<typeof loadActor>>, query = '') =>
				(await todayLoad(
					makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, url: `http://localhost/provider/${s.providerId}/today${query}` })
				)) as unknown as TodayData;
			const names = (d: TodayData) => d.cohorts.map((x) => x.name);
			const people = (d: TodayData) => d.cohorts.flatMap((x) => x.people.map((p) => p.participationId)).sort();
			const actor = await s.coachActor();

			const own = await today(actor);
			expect(names(own)).toEqual(['Ryhmä A']);
			expect(people(own)).toEqual([...s.participationIds].sort());
			expect(own.otherGroups).toEqual([expect.objectContaining({ id: theirGroup, name: 'Ryhmä B' })]);
			// The other group's people are nowhere in the page's data, and the audit does not say the coach saw them.
			expect(JSON.stringify(own)).not.toContain(theirs.participationIds[0]);
			const seen = await searchAudit(database.db, { areaId: s.area.id, customerId: theirs.customerIds[0] });
			expect(seen.some((e) => e.action === 'customer.list' && e.userId === s.coach.id)).toBe(false);

			// Opening the colleague's group shows it alone, with the coach's own listed among the others.
			const opened = await today(actor, `?group=${theirGroup}`);
			expect(opened.group).toBe(theirGroup);
			expect(names(opened)).toEqual(['Ryhmä B']);
			expect(people(opened)).toEqual(theirs.participationIds);
			expect(opened.otherGroups.map((g) => g.name)).toEqual(['Ryhmä A']);
			// Another provider's group, asked for by id, shows nothing of it; a value that is no id is ignored.
			const foreign = await today(actor, `?group=${other.cohortId}`);
			expect(foreign.cohorts).toEqual([]);
			expect(JSON.stringify(foreign)).not.toContain(other.participationIds[0]);
			expect(foreign.otherGroups.map((g) => g.id)).toEqual([s.cohortId, theirGroup]);
			const junk = await today(actor, '?group=not-a-group');
			expect(junk.group).toBeNull();
			expect(names(junk)).toEqual(['Ryhmä A']);

			// The provider's admin is nobody's coach: every group of the day is theirs.
			const admin = await today(await s.adminActor());
			expect(names(admin)).toEqual(['Ryhmä A', 'Ryhmä B']);
			expect(admin.otherGroups).toEqual([]);
			// An assignment naming a group makes it the colleague's own too.
			await makeAssignment(database.db, { userId: colleague.id, ...year, cohortId: s.cohortId! });
			expect(names(await today(await loadActor(database.db, colleague.id, TODAY)))).toEqual(['Ryhmä A', 'Ryhmä B']);

			// The coach's home counts what Today shows: one group, its two people unmarked.
			expect(await dayCounts(database.db, actor, s.providerId, TODAY, [])).toMatchObject({ groups: 1, unmarked: 2 });
			const [day] = await unmarkedOn(database.db, actor, s.providerId, [TODAY]);
			expect(day.unmarked.map((u) => u.participationId).sort()).toEqual([...s.participationIds].sort());
		});

		it('answers each item of a batch on its own: bad items are refused, good ones saved, foreign ones not found', async () => {
			const s = await participationSetting(database, c.clock, { customers: 1, cohort: true });
			const other = await participationSetting(database, c.clock, { customers: 1, cohort: true });
			const actor = await s.coachActor();
			const good = { ...mark(s.participationIds[0], TODAY, 'present'), markedAt: '2026-11-23T07:55:00.000Z' };
			const noReason = { ...mark(s.participationIds[0], TODAY, 'absent'), reason: null };
			const foreign = mark(other.participationIds[0], TODAY, 'present');
			const res = (await syncPost(syncEvent(actor, s.providerId, { marks: [good, noReason, foreign, { junk: true }] }))) as Response;
			expect(res.status).toBe(200);
			const body = (await res.json()) as { marks: { clientKey: string; ok: boolean; outcome?: string; error?: string }[] };
			const byKey = new Map(body.marks.map((m) => [m.clientKey, m]));
			expect(byKey.get(good.clientKey)).toMatchObject({ ok: true, outcome: 'saved' });
			expect(byKey.get(noReason.clientKey)).toMatchObject({ ok: false, error: 'invalid' });
			expect(byKey.get(foreign.clientKey)).toMatchObject({ ok: false, error: 'notFound' });
			expect(byKey.get('')).toMatchObject({ ok: false, error: 'invalid' });
			expect(await current(other.participationIds[0], TODAY)).toHaveLength(0);
			// Not JSON, or posted into another provider's workspace: refused as a whole.
			const notJson = syncEvent(actor, s.providerId, {}) as unknown as { request: Request };
			notJson.request = new Request('http://localhost/x', { method: 'POST', body: 'marks=1' });
			expect(await statusOf(() => syncPost(notJson as never))).toBe(415);
			expect(await statusOf(() => syncPost(syncEvent(actor, other.providerId, { marks: [foreign] })))).toBe(403);
		});

		it('keeps the form path for browsers without JavaScript: a double submit saves once', async () => {
			const s = await participationSetting(database, c.clock, { customers: 1, cohort: true });
			const actor = await s.coachActor();
			const form = { participationId: s.participationIds[0], day: TODAY, status: 'absent', reason: 'other', reasonText: '', clientKey: crypto.randomUUID() };
			const post = (f: Record<string, string>) => todayActions.mark(makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, form: f }));
			// "Other" needs a short text; nothing is saved without it.
			expect(await statusOf(() => post(form))).toBe(400);
			expect(await current(s.participationIds[0], TODAY)).toHaveLength(0);
			const filled = { ...form, reasonText: 'Muutto' };
			expect(await post(filled)).toEqual({ saved: 1 });
			expect(await post(filled)).toEqual({ saved: 1 });
			expect(await current(s.participationIds[0], TODAY)).toHaveLength(1);
		});
	});
});

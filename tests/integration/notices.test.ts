/**
 * Notices from the provider to the case officer: the queue, acknowledging and deciding, what a decision
 * changes, and the pages of both sides called as SvelteKit would (with the actor built from the database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, contracts, notices, notifications, participationEvents, participations } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { acknowledgeNotice, decideNotice, getNotice, listNotices } from '../../src/lib/server/notices/service';
import { load as areaList } from '../../src/routes/area/[orgId=uuid]/notices/+page.server';
import { actions as areaActions, load as areaNotice } from '../../src/routes/area/[orgId=uuid]/notices/[noticeId=uuid]/+page.server';
import { load as providerList } from '../../src/routes/provider/[orgId=uuid]/notices/+page.server';
import { load as providerNotice } from '../../src/routes/provider/[orgId=uuid]/notices/[noticeId=uuid]/+page.server';
import type { Actor } from '../../src/lib/server/policy';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { ctxFor, makeUser, testClock } from './helpers/fixtures';
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

type Setting = Awaited<ReturnType<typeof participationSetting>>;

/** A training customer marked absent without excuse today: the notice it made. */
async function unexcusedNotice(s: Setting, participation = 0) {
	const pid = s.participationIds[participation];
	await recordAttendance(database.db, s.cctx, await s.coachActor(), {
		marks: [mark(pid, TODAY, 'absent', { reason: 'unexcused', reasonText: 'Ei vastannut puhelimeen' })]
	});
	const [n] = await database.db
		.select()
		.from(notices)
		.where(and(eq(notices.participationId, pid), eq(notices.kind, 'unexcused_absence')));
	return n;
}

const noticeRow = async (id: string) => (await database.db.select().from(notices).where(eq(notices.id, id)))[0];
const participationRow = async (id: string) => (await database.db.select().from(participations).where(eq(participations.id, id)))[0];

describe('the case officer’s queue and decisions', () => {
	it('puts an unexcused absence in the case officer’s own queue and in no other area’s', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const other = await participationSetting(database, c.clock, { cohort: true });
		const n = await unexcusedNotice(s);
		const officer = await s.officerActor();
		const { rows: mine } = await listNotices(database.db, s.octx, officer, s.area.id, { mine: true });
		expect(mine).toMatchObject([
			{ id: n.id, kind: 'unexcused_absence', status: 'open', day: TODAY, customerName: expect.stringMatching(/^Osallistuja/), overdue: false }
		]);
		const stranger = await other.officerActor();
		expect((await listNotices(database.db, other.octx, stranger, other.area.id, {})).rows.map((r) => r.id)).not.toContain(n.id);
		// Naming the other area's id in the call gives nothing either: the scope is in SQL.
		expect((await listNotices(database.db, other.octx, stranger, s.area.id, {})).rows).toEqual([]);
		// A colleague's "only mine" does not show it; the whole area does.
		const colleague = await makeUser(database.db, { org: s.area.id, roles: ['case_officer'] });
		const colleagueActor = await loadActor(database.db, colleague.id, TODAY);
		expect((await listNotices(database.db, s.octx, colleagueActor, s.area.id, { mine: true })).rows).toEqual([]);
		expect((await listNotices(database.db, s.octx, colleagueActor, s.area.id, {})).rows.map((r) => r.id)).toContain(n.id);
		// The customers shown are in the audit log.
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'customer.list'), eq(auditLog.userId, s.officer.id)));
		expect(audit.some((a) => a.customerIds.includes(n.customerId))).toBe(true);
	});

	it('acknowledges, then records the decision with a comment, and tells the provider’s coach', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const n = await unexcusedNotice(s);
		const officer = await s.officerActor();
		const read = await getNotice(database.db, s.octx, officer, n.id);
		expect(read).toMatchObject({
			customerName: expect.any(String),
			decisions: ['no_action', 'customer_contacted', 'benefit_payer_informed', 'other'],
			currentMark: { status: 'absent', reason: 'unexcused' },
			changedMarks: []
		});
		expect((await noticeRow(n.id)).readAt).not.toBeNull();
		expect(await acknowledgeNotice(database.db, s.octx, officer, n.id, 1)).toEqual({ ok: true });
		expect(await noticeRow(n.id)).toMatchObject({ status: 'acknowledged', acknowledgedBy: s.officer.id, version: 2 });
		const r = await decideNotice(database.db, s.octx, officer, n.id, 2, { decision: 'customer_contacted', comment: 'Soitin asiakkaalle, jatkaa huomenna.' });
		expect(r).toEqual({ ok: true });
		const decided = await noticeRow(n.id);
		expect(decided).toMatchObject({
			status: 'decided',
			decision: 'customer_contacted',
			comment: 'Soitin asiakkaalle, jatkaa huomenna.',
			decidedBy: s.officer.id,
			version: 3
		});
		expect(decided.decidedAt).toEqual(c.clock());
		const inbox = await database.db.select().from(notifications).where(eq(notifications.userId, s.coach.id));
		expect(inbox.filter((x) => x.kind === 'notice_decided').map((x) => x.link)).toEqual([`/provider/${s.providerId}/notices/${n.id}`]);
		// Deciding again is refused.
		expect(await decideNotice(database.db, s.octx, officer, n.id, 3, { decision: 'no_action', comment: null })).toEqual({ ok: false, error: 'alreadyDecided' });
	});

	it('refuses a decision that does not fit the kind of notice and changes nothing', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const n = await unexcusedNotice(s);
		const r = await decideNotice(database.db, s.octx, await s.officerActor(), n.id, 1, { decision: 'extension_approved', comment: 'x' });
		expect(r).toEqual({ ok: false, error: 'decisionNotAllowed' });
		expect(await noticeRow(n.id)).toMatchObject({ status: 'open', decision: null, comment: null, decidedAt: null, version: 1 });
		const inbox = await database.db
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, s.coach.id), eq(notifications.kind, 'notice_decided')));
		expect(inbox).toEqual([]);
	});

	it('lets exactly one of two simultaneous decisions on the same version through', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const n = await unexcusedNotice(s);
		const officer = await s.officerActor();
		const colleague = await makeUser(database.db, { org: s.area.id, roles: ['case_officer'] });
		const other = await loadActor(database.db, colleague.id, TODAY);
		const results = await Promise.all([
			decideNotice(database.db, s.octx, officer, n.id, 1, { decision: 'no_action', comment: null }),
			decideNotice(database.db, ctxFor(c.clock, colleague.id, s.area.id), other, n.id, 1, { decision: 'benefit_payer_informed', comment: 'Lausunto Kelalle' })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'conflict' }]);
		const row = await noticeRow(n.id);
		expect(row.version).toBe(2);
		expect(row.decision).toBe(results[0].ok ? 'no_action' : 'benefit_payer_informed');
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'notice.decide'));
		expect(audit.filter((a) => a.targetIds.includes(n.id))).toHaveLength(1);
	});

	it('moves the planned end when an extension is approved, and keeps it when declined', async () => {
		const s = await participationSetting(database, c.clock, { customers: 2 });
		const officer = await s.officerActor();
		const coach = await s.coachActor();
		const [a, b] = s.participationIds;
		for (const pid of [a, b]) {
			const p = await participationRow(pid);
			const r = await changeParticipation(database.db, s.cctx, coach, pid, p.version, {
				kind: 'requestExtension',
				until: '2026-12-18',
				text: 'Työkokeilu kesken'
			});
			expect(r).toEqual({ ok: true });
		}
		const extension = async (pid: string) =>
			(
				await database.db
					.select()
					.from(notices)
					.where(and(eq(notices.participationId, pid), eq(notices.kind, 'extension_request')))
			)[0];
		const before = (await participationRow(b)).plannedEndDate;
		const na = await extension(a);
		expect(await decideNotice(database.db, s.octx, officer, na.id, na.version, { decision: 'extension_approved', comment: null })).toEqual({ ok: true });
		expect((await participationRow(a)).plannedEndDate).toBe('2026-12-18');
		const nb = await extension(b);
		expect(await decideNotice(database.db, s.octx, officer, nb.id, nb.version, { decision: 'extension_declined', comment: 'Ei perusteita' })).toEqual({
			ok: true
		});
		expect((await participationRow(b)).plannedEndDate).toBe(before);
		const events = await database.db.select().from(participationEvents).where(eq(participationEvents.participationId, b));
		expect(events.map((e) => e.kind)).toContain('extension_declined');
	});

	it('reopens an interrupted participation when the decision is that it continues', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const [pid] = s.participationIds;
		const coach = await s.coachActor();
		await recordAttendance(database.db, s.cctx, coach, { marks: [mark(pid, '2026-11-20', 'present')] });
		const p = await participationRow(pid);
		expect(await changeParticipation(database.db, s.cctx, coach, pid, p.version, { kind: 'interrupt', day: TODAY, reason: 'health', text: null })).toEqual({
			ok: true
		});
		expect(await participationRow(pid)).toMatchObject({ status: 'interrupted', endDate: TODAY });
		const [n] = await database.db
			.select()
			.from(notices)
			.where(and(eq(notices.participationId, pid), eq(notices.kind, 'interruption')));
		expect(await decideNotice(database.db, s.octx, await s.officerActor(), n.id, n.version, { decision: 'participation_continues', comment: null })).toEqual({
			ok: true
		});
		expect(await participationRow(pid)).toMatchObject({ status: 'active', endDate: null, endReason: null });
		const events = await database.db.select().from(participationEvents).where(eq(participationEvents.participationId, pid));
		expect(events.map((e) => e.kind)).toContain('resumed');
	});

	it('shows the mark in force now when the coach has changed it since the notice', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const n = await unexcusedNotice(s);
		const later = new Date(c.clock().getTime() + 60_000);
		await recordAttendance(database.db, s.cctx, await s.coachActor(), {
			marks: [mark(s.participationIds[0], TODAY, 'absent', { reason: 'sick', markedAt: later })]
		});
		const read = await getNotice(database.db, s.octx, await s.officerActor(), n.id);
		expect(read?.changedMarks).toEqual([{ day: TODAY, status: 'absent', reason: 'sick' }]);
	});

	it('reads the mark of the same meeting, not another meeting of that day', async () => {
		const s = await participationSetting(database, c.clock);
		const [pid] = s.participationIds;
		const coach = await s.coachActor();
		const meeting = (startTime: string) => ({
			clientKey: crypto.randomUUID(),
			participationId: pid,
			day: TODAY,
			startTime,
			durationMinutes: 60,
			mode: 'in_person' as const
		});
		const r = await recordAttendance(database.db, s.cctx, coach, { marks: [], meetings: [meeting('09:00'), meeting('13:00')] });
		const [morning, afternoon] = r.meetings.map((m) => (m.ok ? m.meetingId : ''));
		await recordAttendance(database.db, s.cctx, coach, { marks: [mark(pid, TODAY, 'absent', { reason: 'unexcused', meetingId: morning })] });
		await recordAttendance(database.db, s.cctx, coach, { marks: [mark(pid, TODAY, 'present', { meetingId: afternoon })] });
		const [n] = await database.db.select().from(notices).where(eq(notices.participationId, pid));
		const read = await getNotice(database.db, s.octx, await s.officerActor(), n.id);
		expect(read).toMatchObject({ currentMark: { day: TODAY, status: 'absent', reason: 'unexcused' }, changedMarks: [] });
	});

	it('lists the days of a run of absences that have been marked otherwise since the threshold notice', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true, start: '2026-11-16' });
		await database.db.update(contracts).set({ unexcusedThreshold: 3 }).where(eq(contracts.id, s.contractId));
		const [pid] = s.participationIds;
		const admin = await s.adminActor();
		const unexcused = (day: string) => mark(pid, day, 'absent', { reason: 'unexcused' });
		await recordAttendance(database.db, s.actx, admin, { marks: [unexcused('2026-11-17'), unexcused('2026-11-18'), unexcused('2026-11-19')] });
		const [n] = await database.db
			.select()
			.from(notices)
			.where(and(eq(notices.participationId, pid), eq(notices.kind, 'absence_threshold')));
		expect(n).toMatchObject({ fromDay: '2026-11-17', day: '2026-11-19', reason: '3' });
		await recordAttendance(database.db, s.actx, admin, {
			marks: [mark(pid, '2026-11-18', 'absent', { reason: 'sick', markedAt: new Date(c.clock().getTime() + 60_000) })]
		});
		const read = await getNotice(database.db, s.octx, await s.officerActor(), n.id);
		expect(read?.changedMarks).toEqual([{ day: '2026-11-18', status: 'absent', reason: 'sick' }]);
		const page = await areaNotice(makeEvent({ actor: await s.officerActor(), clock: c.clock, params: { orgId: s.area.id, noticeId: n.id } }));
		expect(page).toMatchObject({ notice: { runLength: 3, reason: null, fromDay: '2026-11-17' }, decisions: expect.arrayContaining(['participation_ends']) });
	});
});

describe('the notice pages', () => {
	const ev = (actor: Actor | null, params: Record<string, string>, opts: { url?: string; form?: Record<string, string> } = {}) =>
		makeEvent({ actor, clock: c.clock, params, ...opts });
	type Failure = { status: number; data: { message?: string; errors?: Record<string, string> } };

	it('gives the case officer the queue (own customers by default) and the notice', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const n = await unexcusedNotice(s);
		const officer = await s.officerActor();
		const list = await areaList(ev(officer, { orgId: s.area.id }));
		expect(list).toMatchObject({ filters: { mine: true, overdueOnly: false }, canFilterMine: true });
		expect(list!.notices.map((r: { id: string }) => r.id)).toEqual([n.id]);
		// Unknown filter values are ignored, not an error; mine=0 (sent before the checkbox) turns it off.
		const loose = await areaList(ev(officer, { orgId: s.area.id }, { url: 'http://localhost/n?status=nope&kind=%27;drop&mine=0&overdue=1' }));
		expect(loose!.filters).toEqual({ status: undefined, kind: undefined, mine: false, overdueOnly: true, undecidedOnly: false, recentlyDecided: false });
		const filtered = await areaList(ev(officer, { orgId: s.area.id }, { url: 'http://localhost/n?kind=interruption&mine=0&mine=1' }));
		expect(filtered!.filters).toMatchObject({ kind: 'interruption', mine: true });
		expect(filtered!.notices).toEqual([]);
		const page = await areaNotice(ev(officer, { orgId: s.area.id, noticeId: n.id }));
		expect(page).toMatchObject({
			canDecide: true,
			customer: { name: expect.any(String) },
			notice: { id: n.id, status: 'open', text: 'Ei vastannut puhelimeen', reason: 'unexcused' }
		});
	});

	it('gives strangers 404 (not the data) and an auditor 403 on the list', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const other = await participationSetting(database, c.clock, { cohort: true });
		const n = await unexcusedNotice(s);
		const strangerOfficer = await other.officerActor();
		const strangerCoach = await other.coachActor();
		expect(await statusOf(() => areaNotice(ev(strangerOfficer, { orgId: other.area.id, noticeId: n.id })))).toBe(404);
		expect(await statusOf(() => areaNotice(ev(strangerOfficer, { orgId: s.area.id, noticeId: n.id })))).toBe(403);
		expect(await statusOf(() => providerNotice(ev(strangerCoach, { orgId: other.providerId, noticeId: n.id })))).toBe(404);
		expect(await statusOf(() => providerNotice(ev(strangerCoach, { orgId: s.providerId, noticeId: n.id })))).toBe(403);
		expect((await providerList(ev(strangerCoach, { orgId: other.providerId })))!.notices).toEqual([]);
		// A stranger's decision is refused the same way and changes nothing.
		const form = { version: '1', decision: 'no_action', comment: '' };
		expect(await statusOf(() => areaActions.decide(ev(strangerOfficer, { orgId: other.area.id, noticeId: n.id }, { form })))).toBe(404);
		expect(await statusOf(() => areaActions.acknowledge(ev(strangerOfficer, { orgId: other.area.id, noticeId: n.id }, { form })))).toBe(404);
		// The provider's own coach reads it but cannot act through the area's pages.
		const coach = await s.coachActor();
		expect(await statusOf(() => areaNotice(ev(coach, { orgId: s.providerId, noticeId: n.id })))).toBe(404);
		expect(await statusOf(() => areaActions.decide(ev(coach, { orgId: s.area.id, noticeId: n.id }, { form })))).toBe(403);
		// The auditor reads logs, not notices.
		const auditor = await makeUser(database.db, { org: s.area.id, roles: ['auditor'] });
		const auditorActor = await loadActor(database.db, auditor.id, TODAY);
		expect(await statusOf(() => areaList(ev(auditorActor, { orgId: s.area.id })))).toBe(403);
		expect(await statusOf(() => areaNotice(ev(auditorActor, { orgId: s.area.id, noticeId: n.id })))).toBe(403);
		expect(await statusOf(() => areaList(ev(null, { orgId: s.area.id })))).toBe(401);
		expect(await noticeRow(n.id)).toMatchObject({ status: 'open', version: 1, decision: null, readAt: null });
	});

	it('answers invalid form input with a 4xx and a message, and changes nothing', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const n = await unexcusedNotice(s);
		const officer = await s.officerActor();
		const params = { orgId: s.area.id, noticeId: n.id };
		const decide = async (form: Record<string, string>) => (await areaActions.decide(ev(officer, params, { form }))) as unknown as Failure;
		const cases: [Record<string, string>, string, string?][] = [
			[{ version: '1', decision: 'launch_missiles', comment: '' }, 'errors.checkFields', 'errors.noticeDecisionRequired'],
			[{ version: '1', comment: 'ei päätöstä' }, 'errors.checkFields', 'errors.noticeDecisionRequired'],
			[{ version: '1', decision: 'no_action', comment: 'x'.repeat(1001) }, 'errors.checkFields', 'errors.noticeCommentTooLong'],
			[{ version: '1', decision: 'other', comment: '   ' }, 'errors.checkFields', 'errors.noticeCommentRequired'],
			[{ version: 'abc', decision: 'no_action', comment: '' }, 'errors.invalidInput'],
			[{ decision: 'no_action', comment: '' }, 'errors.invalidInput'],
			[{ version: '1', decision: 'participation_ends', comment: '' }, 'errors.decisionNotAllowed'],
			[{ version: '7', decision: 'no_action', comment: '' }, 'errors.noticeConflict']
		];
		for (const [form, message, fieldError] of cases) {
			const r = await decide(form);
			expect(r.status, JSON.stringify(form)).toBeGreaterThanOrEqual(400);
			expect(r.status, JSON.stringify(form)).toBeLessThan(500);
			expect(r.data.message, JSON.stringify(form)).toBe(message);
			if (fieldError) expect(Object.values(r.data.errors ?? {})).toContain(fieldError);
		}
		const ack = (await areaActions.acknowledge(ev(officer, params, { form: { version: '-1' } }))) as unknown as Failure;
		expect(ack).toMatchObject({ status: 400, data: { message: 'errors.invalidInput' } });
		expect(await noticeRow(n.id)).toMatchObject({ status: 'open', version: 1, decision: null, comment: null, acknowledgedAt: null });
		// The same form filled in properly goes through, and the provider then sees the answer.
		expect(await areaActions.acknowledge(ev(officer, params, { form: { version: '1' } }))).toEqual({
			form: 'acknowledge',
			success: 'notices.acknowledgedDone'
		});
		const ok = await areaActions.decide(ev(officer, params, { form: { version: '2', decision: 'other', comment: ' Sovittu uusi aloitus maanantaina. ' } }));
		expect(ok).toEqual({ form: 'decide', success: 'notices.decidedDone' });
		const again = (await decide({ version: '3', decision: 'no_action', comment: '' })) as Failure;
		expect(again).toMatchObject({ status: 400, data: { message: 'errors.noticeAlreadyDecided' } });
		const coach = await s.coachActor();
		const seen = await providerList(ev(coach, { orgId: s.providerId }));
		expect(seen!.canFilterMine).toBe(false);
		expect(seen!.notices).toMatchObject([{ id: n.id, status: 'decided', decision: 'other', comment: 'Sovittu uusi aloitus maanantaina.' }]);
		const detail = await providerNotice(ev(coach, { orgId: s.providerId, noticeId: n.id }));
		expect(detail).toMatchObject({
			canDecide: false,
			side: 'provider',
			decidedByName: s.officer.name,
			notice: { decision: 'other', comment: 'Sovittu uusi aloitus maanantaina.' }
		});
	});
});

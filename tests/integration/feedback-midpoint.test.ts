/**
 * Mid-point feedback of long trainings (issue 19), if the contract says so: the area sets it on the contract
 * form; the hourly sweep makes one invitation per participation planned longer than that once it passes its
 * mid-point (by the clock passed in, Helsinki days), audited, never twice; the coach shows it and the participant
 * answers; the end of the participation still makes its own invitation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, contracts, feedbackAnswers, feedbackInvitations, participations } from '../../src/lib/server/db/schema';
import { contractToFormValues } from '../../src/lib/domain/contracts';
import { runMidpointFeedbackJob } from '../../src/lib/server/feedback/midpoints';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { loadActor } from '../../src/lib/server/auth/actor';
import { actions as contractActions } from '../../src/routes/area/[orgId=uuid]/contracts/[contractId=uuid]/+page.server';
import { actions as providerParticipationActions } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as providerParticipationPage } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { actions as publicActions } from '../../src/routes/f/[token]/+page.server';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { makeUser, testClock } from './helpers/fixtures';
import { participationSetting } from './helpers/participations';

let database: Database;
// 2026-11-14 23:30 in Helsinki (UTC+2): still the day before the mid-point day 2026-11-15.
const c = testClock('2026-11-14T21:30:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

type Setting = Awaited<ReturnType<typeof participationSetting>>;

/** Sets a participation's state directly: the sweep reads only status and dates. */
async function plan(id: string, status: 'starting' | 'active' | 'completed', startDate: string, plannedEndDate: string | null) {
	await database.db.update(participations).set({ status, startDate, plannedEndDate }).where(eq(participations.id, id));
}

const midpoints = (participationId: string) =>
	database.db
		.select()
		.from(feedbackInvitations)
		.where(and(eq(feedbackInvitations.participationId, participationId), eq(feedbackInvitations.kind, 'midpoint')));

async function outcome(run: () => unknown): Promise<{ status: number; data: Record<string, unknown> }> {
	const out = (await run()) as Record<string, unknown> & { status?: number; data?: Record<string, unknown> };
	if (out && typeof out.status === 'number' && out.data) return { status: out.status, data: out.data };
	return { status: 200, data: out };
}

describe('the contract setting', () => {
	it('the area admin sets the weeks on the contract form; bad input says what to fix and changes nothing; empty = none', async () => {
		const s = await participationSetting(database, c.clock, { customers: 0 });
		const adminUser = await makeUser(database.db, { org: s.area.id, roles: ['area_admin'] });
		const admin = (await loadActor(database.db, adminUser.id, '2026-11-14'))!;
		const current = async () => (await database.db.select().from(contracts).where(eq(contracts.id, s.contractId)))[0];
		const update = async (midpointFeedbackWeeks: string) => {
			const k = await current();
			return outcome(() =>
				contractActions.update(
					makeEvent({
						actor: admin,
						clock: c.clock,
						params: { orgId: s.area.id, contractId: s.contractId },
						form: { ...contractToFormValues(k), version: String(k.version), midpointFeedbackWeeks }
					}) as never
				)
			);
		};
		expect((await current()).midpointFeedbackWeeks).toBeNull();
		for (const bad of ['0', 'kuusi', '53', '-4']) {
			expect(await update(bad)).toMatchObject({ status: 400, data: { errors: { midpointFeedbackWeeks: 'errors.midpointWeeksInvalid' } } });
		}
		expect((await current()).midpointFeedbackWeeks).toBeNull();
		expect(await update(' 8 ')).toEqual({ status: 200, data: { success: 'contracts.saved' } });
		expect((await current()).midpointFeedbackWeeks).toBe(8);
		expect(contractToFormValues(await current())).toMatchObject({ midpointFeedbackWeeks: '8' });
		// The change is in the contract's audit log like every edit.
		const edits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'contract.update'));
		expect(edits.some((e) => e.targetIds.includes(s.contractId))).toBe(true);
		expect(await update('')).toEqual({ status: 200, data: { success: 'contracts.saved' } });
		expect((await current()).midpointFeedbackWeeks).toBeNull();
	});
});

describe('the mid-point sweep', () => {
	let s: Setting;
	let other: Setting;

	beforeAll(async () => {
		// Participations planned longer than 4 weeks get a mid-point invitation under this contract.
		s = await participationSetting(database, c.clock, { customers: 5, cohort: true, contract: { midpointFeedbackWeeks: 4 } });
		other = await participationSetting(database, c.clock, { customers: 1, cohort: true });
		const [long, short, notStarted, openEnded, ended] = s.participationIds;
		// 2026-10-01 → 2026-12-31: 91 days, the mid-point day is 2026-10-01 + 45 = 2026-11-15.
		await plan(long, 'active', '2026-10-01', '2026-12-31');
		// 28 days: not longer than 4 weeks.
		await plan(short, 'active', '2026-11-02', '2026-11-30');
		await plan(notStarted, 'starting', '2026-10-01', '2026-12-31');
		await plan(openEnded, 'active', '2026-10-01', null);
		await plan(ended, 'completed', '2026-10-01', '2026-12-31');
		// Under a contract that does not say so: none.
		await plan(other.participationIds[0], 'active', '2026-10-01', '2026-12-31');
	});

	it('makes nothing before the mid-point day (Helsinki), then one invitation for the long active participation, audited', async () => {
		expect(await runMidpointFeedbackJob(database.db, c.clock)).toEqual({ ran: true, created: 0 });
		expect(await midpoints(s.participationIds[0])).toEqual([]);

		c.advance(60 * 60_000); // 2026-11-15 00:30 in Helsinki, still the 14th in UTC
		const first = await runMidpointFeedbackJob(database.db, c.clock);
		expect(first).toEqual({ ran: true, created: 1 });
		const [inv] = await midpoints(s.participationIds[0]);
		expect(inv).toMatchObject({ kind: 'midpoint', answered: false, contractId: s.contractId, providerId: s.providerId, areaId: s.area.id });
		expect(inv.expiresAt.toISOString()).toBe(new Date(c.clock().getTime() + 30 * 86_400_000).toISOString());
		for (const id of [...s.participationIds.slice(1), ...other.participationIds]) expect(await midpoints(id)).toEqual([]);

		const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'feedback.invitation_create'));
		const mine = audits.filter((a) => a.targetIds.includes(s.participationIds[0]));
		expect(mine).toHaveLength(1);
		expect(mine[0]).toMatchObject({ userId: null, ip: null, areaId: s.area.id, customerIds: [s.customerIds[0]] });
	});

	it('is idempotent: run again, or a day later, it makes no second invitation', async () => {
		expect(await runMidpointFeedbackJob(database.db, c.clock)).toEqual({ ran: true, created: 0 });
		c.advance(86_400_000);
		try {
			expect(await runMidpointFeedbackJob(database.db, c.clock)).toEqual({ ran: true, created: 0 });
		} finally {
			c.advance(-86_400_000);
		}
		expect(await midpoints(s.participationIds[0])).toHaveLength(1);
		const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'feedback.invitation_create'));
		expect(audits.filter((a) => a.targetIds.includes(s.participationIds[0]))).toHaveLength(1);
	});

	it('the coach shows it and the participant answers; ending the participation then makes the end invitation, which the coach shows next', async () => {
		const coach = (await s.coachActor())!;
		const pid = s.participationIds[0];
		const event = (form?: Record<string, string>) =>
			makeEvent({ actor: coach, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, url: 'http://localhost/x', form }) as never;
		const page = (await providerParticipationPage(event())) as { feedback: { kind: string; open: boolean } };
		expect(page.feedback).toMatchObject({ kind: 'midpoint', open: true });
		const shown = await outcome(() => providerParticipationActions.feedbackShow(event({})));
		const token = /\/f\/([a-z2-7]{32})$/.exec((shown.data.feedback as { link: string }).link)![1];
		const answered = await outcome(() =>
			publicActions.default(
				Object.assign(
					makeEvent({
						actor: null,
						clock: c.clock,
						params: { token },
						url: `http://localhost/f/${token}`,
						form: { content: '4', coachSupport: '4', usefulness: '3', recommend: '5', freeText: '' }
					}) as Record<string, unknown>,
					{ getClientAddress: () => '192.0.2.77', setHeaders: () => {} }
				) as never
			)
		);
		expect(answered).toMatchObject({ status: 200, data: { state: 'thanks' } });
		const [answer] = await database.db.select().from(feedbackAnswers).where(eq(feedbackAnswers.contractId, s.contractId));
		expect(answer).toMatchObject({ kind: 'midpoint', content: 4 });

		// The training ends: the end invitation exists besides the answered mid-point one, and showing gives its link.
		const [{ version }] = await database.db.select({ version: participations.version }).from(participations).where(eq(participations.id, pid));
		const done = await changeParticipation(database.db, s.cctx, coach, pid, version, { kind: 'complete', day: '2026-11-15' });
		expect(done.ok).toBe(true);
		const after = (await providerParticipationPage(event())) as { feedback: { kind: string; open: boolean } };
		expect(after.feedback).toMatchObject({ kind: 'end', open: true });
		expect((await outcome(() => providerParticipationActions.feedbackShow(event({})))).status).toBe(200);
	});

	it('with the mid-point invitation still open when the participation ends, showing the code goes to the end invitation only', async () => {
		const t = await participationSetting(database, c.clock, { customers: 1, cohort: true, contract: { midpointFeedbackWeeks: 2 } });
		const [pid] = t.participationIds;
		await plan(pid, 'active', '2026-10-20', '2026-12-10');
		expect((await runMidpointFeedbackJob(database.db, c.clock)).created).toBe(1);
		const coach = (await t.coachActor())!;
		const event = (form?: Record<string, string>) =>
			makeEvent({ actor: coach, clock: c.clock, params: { orgId: t.providerId, participationId: pid }, url: 'http://localhost/x', form }) as never;
		expect((await outcome(() => providerParticipationActions.feedbackShow(event({})))).status).toBe(200);
		const [{ version }] = await database.db.select({ version: participations.version }).from(participations).where(eq(participations.id, pid));
		expect((await changeParticipation(database.db, t.cctx, coach, pid, version, { kind: 'complete', day: '2026-11-15' })).ok).toBe(true);
		// Two open invitations: a new token goes to the newest (the end's); the mid-point's keeps its own.
		expect((await outcome(() => providerParticipationActions.feedbackShow(event({})))).status).toBe(200);
		const rows = await database.db.select().from(feedbackInvitations).where(eq(feedbackInvitations.participationId, pid));
		expect(rows.map((r) => r.kind).sort()).toEqual(['end', 'midpoint']);
		expect(new Set(rows.map((r) => r.tokenHash)).size).toBe(2);
	});
});

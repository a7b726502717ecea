/**
 * The participation lifecycle's transition table, driven directly: every change from every status. An
 * allowed one writes the row, the event and its audit entry; a forbidden one is refused and writes nothing.
 * Then the reactions: what follows from each outcome (a notice, an ARVI) in the same transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { PARTICIPATION_STATUSES, type InterruptionReason, type ParticipationStatus } from '../../src/lib/domain/attendance';
import type { Database } from '../../src/lib/server/db/client';
import { arvis, auditLog, notices, participationEvents, participations } from '../../src/lib/server/db/schema';
import { participationContext } from '../../src/lib/server/participations/context';
import { allows, transition, TRANSITIONS, type Transition } from '../../src/lib/server/participations/lifecycle';
import { applyTransition } from '../../src/lib/server/participations/reactions';
import { createTestDatabase } from './helpers/db';
import { testClock } from './helpers/fixtures';
import { participationSetting } from './helpers/participations';

let database: Database;
const c = testClock('2026-11-23T08:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

const CHANGES: Transition[] = [
	{ kind: 'start', day: '2026-11-17' },
	{ kind: 'interrupt', day: '2026-11-20', reason: 'moved', text: 'Muutti' },
	{ kind: 'complete', day: '2026-11-20' },
	{ kind: 'requestExtension', until: '2026-12-18', text: 'Tarvitsee lisää aikaa' },
	{ kind: 'approveExtension', until: '2026-12-18', comment: null },
	{ kind: 'declineExtension', day: '2026-11-23', comment: 'Ei' },
	{ kind: 'resume', day: '2026-11-23', comment: null }
];

/** The row as each status has it (an ended one has its last day). */
const ROW: Record<ParticipationStatus, { status: ParticipationStatus; startDate: string; endDate: string | null; endReason: InterruptionReason | null }> = {
	starting: { status: 'starting', startDate: '2026-11-16', endDate: null, endReason: null },
	active: { status: 'active', startDate: '2026-11-16', endDate: null, endReason: null },
	completed: { status: 'completed', startDate: '2026-11-16', endDate: '2026-11-19', endReason: null },
	interrupted: { status: 'interrupted', startDate: '2026-11-16', endDate: '2026-11-19', endReason: 'moved' }
};

async function snapshot(id: string) {
	const [row] = await database.db.select().from(participations).where(eq(participations.id, id));
	const events = (await database.db.select({ kind: participationEvents.kind }).from(participationEvents).where(eq(participationEvents.participationId, id)))
		.map((e) => e.kind)
		.sort();
	const [{ audits }] = await database.db
		.select({ audits: sql<number>`count(*)::int` })
		.from(auditLog)
		.where(and(sql`${auditLog.targetIds} @> array[${id}]::text[]`, sql`${auditLog.action} like 'participation.%'`));
	return { row, events, audits };
}

describe('the transition table', () => {
	it('accepts every allowed change from every status and refuses every other one with no write', async () => {
		const s = await participationSetting(database, c.clock, { start: '2026-11-16' });
		const [id] = s.participationIds;
		let allowed = 0;
		let refused = 0;
		for (const from of PARTICIPATION_STATUSES) {
			for (const change of CHANGES) {
				await database.db
					.update(participations)
					.set({ ...ROW[from], plannedEndDate: '2026-12-04', version: 1 })
					.where(eq(participations.id, id));
				const before = await snapshot(id);
				const result = await database.db.transaction(async (tx) => transition(tx, s.cctx, (await participationContext(tx, id, true))!, change));
				const after = await snapshot(id);
				const rule = TRANSITIONS[change.kind];
				const label = `${change.kind} from ${from}`;
				if (!rule.from.includes(from)) {
					refused++;
					expect(allows(from, change.kind), label).toBe(false);
					expect(result, label).toEqual({ ok: false, error: 'wrongStatus' });
					expect(after, label).toEqual(before);
					continue;
				}
				allowed++;
				expect(result, label).toMatchObject({ ok: true, event: rule.event, from });
				expect(after.row.status, label).toBe(rule.to ?? from);
				expect(after.events, label).toEqual([...before.events, rule.event].sort());
				expect(after.audits, label).toBe(before.audits + 1);
				// Only a declined extension leaves the row as it was; every other change bumps its version.
				expect(after.row.version, label).toBe(change.kind === 'declineExtension' ? 1 : 2);
				if (change.kind === 'start') expect(after.row.startDate).toBe('2026-11-17');
				if (change.kind === 'interrupt') expect(after.row).toMatchObject({ endDate: '2026-11-20', endReason: 'moved' });
				if (change.kind === 'complete') expect(after.row).toMatchObject({ endDate: '2026-11-20', endReason: null });
				if (change.kind === 'approveExtension') expect(after.row.plannedEndDate).toBe('2026-12-18');
				if (change.kind === 'resume') expect(after.row).toMatchObject({ endDate: null, endReason: null });
			}
		}
		// starting: start, interrupt, requestExtension + the two decisions; active: interrupt, complete, requestExtension
		// + decisions; completed: decisions; interrupted: decisions + resume.
		expect({ allowed, refused }).toEqual({ allowed: 15, refused: 13 });
	});
});

describe('the reactions', () => {
	const noticesOf = async (id: string) =>
		(await database.db.select({ kind: notices.kind }).from(notices).where(eq(notices.participationId, id))).map((n) => n.kind).sort();
	const arviOf = async (id: string) =>
		(await database.db.select({ dueOn: arvis.dueOn, status: arvis.status }).from(arvis).where(eq(arvis.participationId, id)))[0] ?? null;
	const apply = (id: string, ctx: Parameters<typeof applyTransition>[1], t: Transition) =>
		database.db.transaction(async (tx) => applyTransition(tx, ctx, (await participationContext(tx, id, true))!, t));

	it('an interruption makes the case officer’s notice and the ARVI; a completion the ARVI only; a start nothing', async () => {
		const s = await participationSetting(database, c.clock, { customers: 2, start: '2026-11-16' });
		const [a, b] = s.participationIds;
		await apply(a, s.cctx, { kind: 'start', day: '2026-11-16' });
		await apply(b, s.cctx, { kind: 'start', day: '2026-11-16' });
		expect([await noticesOf(a), await arviOf(a)]).toEqual([[], null]);
		await apply(a, s.cctx, { kind: 'interrupt', day: '2026-11-20', reason: 'moved', text: null });
		await apply(b, s.cctx, { kind: 'complete', day: '2026-11-20' });
		expect(await noticesOf(a)).toEqual(['interruption']);
		expect(await arviOf(a)).toMatchObject({ status: 'draft', dueOn: '2026-12-04' });
		expect(await noticesOf(b)).toEqual([]);
		expect(await arviOf(b)).toMatchObject({ status: 'draft', dueOn: '2026-12-04' });
	});

	it('an extension request makes a notice; the area’s decisions and a resumption make nothing more', async () => {
		const s = await participationSetting(database, c.clock, { start: '2026-11-16' });
		const [id] = s.participationIds;
		await apply(id, s.cctx, { kind: 'start', day: '2026-11-16' });
		await apply(id, s.cctx, { kind: 'requestExtension', until: '2026-12-18', text: 'Lisää aikaa' });
		expect(await noticesOf(id)).toEqual(['extension_request']);
		await apply(id, s.octx, { kind: 'declineExtension', day: '2026-11-23', comment: null });
		await apply(id, s.octx, { kind: 'approveExtension', until: '2026-12-18', comment: null });
		expect(await noticesOf(id)).toEqual(['extension_request']);
		expect(await arviOf(id)).toBeNull();
	});

	it('a refused change has no reactions either', async () => {
		const s = await participationSetting(database, c.clock, { start: '2026-11-16' });
		const [id] = s.participationIds;
		expect(await apply(id, s.cctx, { kind: 'complete', day: '2026-11-20' })).toEqual({ ok: false, error: 'wrongStatus' });
		expect([await noticesOf(id), await arviOf(id)]).toEqual([[], null]);
	});
});

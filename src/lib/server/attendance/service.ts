/**
 * Recording attendance: a whole batch (a cohort's marks, or what a phone queued while offline) in one
 * transaction. Every mark carries the device's idempotency key, so a retry or a double tap never makes
 * a second row; how marks are decided and stored is `./marks.ts`. A first present day starts the
 * participation and an unexcused absence makes a notice, through the participation's lifecycle and
 * reactions. Locking a period (invoicing) is here too.
 */
import { eq } from 'drizzle-orm';
import { lastMarkingDay, participatesOn, type MeetingMode } from '$lib/domain/attendance';
import { helsinkiDate } from '$lib/domain/clock';
import { recordAudit, recordAudits, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { meetings, periodLocks } from '../db/schema';
import { canOnParticipation, type Actor } from '../policy';
import { participationContexts, type ParticipationContext } from '../participations/context';
import { applyTransition, reactToMark } from '../participations/reactions';
import { decideMarks, readMarkState, storeMarks, type MarkError, type MarkInput, type MarkResult } from './marks';

export type { MarkError, MarkInput, MarkResult } from './marks';

export interface MeetingInput {
	clientKey: string;
	participationId: string;
	day: string;
	startTime: string;
	durationMinutes: number;
	mode: MeetingMode;
}

export type MeetingResult = { clientKey: string; ok: true; meetingId: string; duplicate: boolean } | { clientKey: string; ok: false; error: MarkError };

/**
 * Records meetings and marks for the actor, in one transaction. Each item is checked on its own (access,
 * dates, deadline) and refused with a reason without stopping the others; nothing is ever dropped
 * silently. What follows (a start, a notice to the case officer) happens in the same transaction.
 */
export async function recordAttendance(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	input: { marks: MarkInput[]; meetings?: MeetingInput[] }
): Promise<{ marks: MarkResult[]; meetings: MeetingResult[] }> {
	const meetingInputs = input.meetings ?? [];
	return db.transaction(async (tx) => {
		const receivedAt = ctx.clock();
		const today = helsinkiDate(receivedAt);
		const ids = [...meetingInputs.map((m) => m.participationId), ...input.marks.map((m) => m.participationId)];
		// The lock and the reads that need nothing else, sent together: on the transaction's connection the
		// reads run after the lock is granted, so they see what a concurrent batch committed before it.
		const [contexts, state] = await Promise.all([participationContexts(tx, ids, true), readMarkState(tx, input.marks)]);
		const touched = new Set<string>();

		const accessError = (p: ParticipationContext | undefined): MarkError | null => {
			if (!p || !canOnParticipation(actor, 'participation.read', p)) return 'notFound';
			if (!canOnParticipation(actor, 'participation.record', p)) return 'forbidden';
			return null;
		};
		const dayError = (p: ParticipationContext, day: string, at: Date): MarkError | null => {
			if (day > today) return 'future';
			if (day < p.contractStart || day > p.contractEnd) return 'outsideParticipation';
			if (!participatesOn({ startDate: p.status === 'starting' ? p.contractStart : p.startDate, endDate: p.endDate ?? p.plannedEndDate }, day)) {
				return 'outsideParticipation';
			}
			const inTime = helsinkiDate(at) <= lastMarkingDay(day, p.deadlines.absenceReport);
			if (!inTime && !canOnParticipation(actor, 'participation.recordLate', p)) return 'tooLate';
			return null;
		};

		const meetingResults: MeetingResult[] = [];
		for (const m of meetingInputs) {
			const p = contexts.get(m.participationId);
			const refused = accessError(p) ?? dayErrorForPlan(p!, m.day);
			if (refused) {
				meetingResults.push({ clientKey: m.clientKey, ok: false, error: refused });
				continue;
			}
			const [row] = await tx
				.insert(meetings)
				.values({ ...m, contractId: p!.contractId, createdBy: actor.userId, createdAt: receivedAt })
				.onConflictDoNothing({ target: meetings.clientKey })
				.returning({ id: meetings.id });
			const [known] = row
				? []
				: await tx.select({ id: meetings.id, participationId: meetings.participationId }).from(meetings).where(eq(meetings.clientKey, m.clientKey));
			// A key already used for another customer's meeting tells nothing about that meeting.
			if (known && known.participationId !== m.participationId) {
				meetingResults.push({ clientKey: m.clientKey, ok: false, error: 'notFound' });
				continue;
			}
			meetingResults.push({ clientKey: m.clientKey, ok: true, meetingId: row?.id ?? known!.id, duplicate: !row });
			if (row) touched.add(p!.id);
		}

		const plan = await decideMarks(tx, actor, contexts, input.marks, receivedAt, state, { accessError, dayError });
		for (const id of plan.written) touched.add(id);
		// One audit row per area, so that each area's audit search finds its own customers; sent with the marks.
		const areas = [...new Set([...touched].map((id) => contexts.get(id)!.areaId))];
		const [saved] = await Promise.all([
			storeMarks(tx, plan),
			recordAudits(
				tx,
				ctx,
				areas.map((areaId) => {
					const ids = [...touched].filter((id) => contexts.get(id)!.areaId === areaId);
					return {
						action: 'attendance.record',
						areaId,
						targetType: 'participation',
						targetIds: ids,
						customerIds: [...new Set(ids.map((id) => contexts.get(id)!.customerId))]
					};
				})
			)
		]);
		// The first day the customer is present starts a participation that was still "starting".
		for (const { p, row } of saved) {
			if (row.status === 'present' && p.status === 'starting') await applyTransition(tx, ctx, p, { kind: 'start', day: row.day });
		}
		for (const { p, row } of saved) await reactToMark(tx, ctx, p, row);
		return { marks: plan.results, meetings: meetingResults };
	});
}

/** A meeting may be planned for any day of the participation (future too) but not for an ended one. */
function dayErrorForPlan(p: ParticipationContext, day: string): MarkError | null {
	if (p.status === 'completed' || p.status === 'interrupted') return 'ended';
	if (day < p.contractStart || day > p.contractEnd) return 'outsideParticipation';
	return null;
}

/**
 * Locks a period of a contract (invoicing calls this when an invoice is submitted): marks for
 * its days made afterwards are stored as corrections for the next invoice.
 */
export async function lockPeriod(tx: DbOrTx, ctx: AuditContext, contractId: string, startDate: string, endDate: string, invoiceId: string | null = null) {
	const [row] = await tx.insert(periodLocks).values({ contractId, startDate, endDate, invoiceId, lockedAt: ctx.clock(), lockedBy: ctx.userId! }).returning();
	await recordAudit(tx, ctx, { action: 'attendance.lock_period', targetType: 'contract', targetIds: [contractId] });
	return row;
}

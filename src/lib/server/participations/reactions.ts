/**
 * What follows from what happened to a participation, in the same transaction: the one place that maps a
 * lifecycle outcome (and an unexcused absence) to its reactions. When a participation ends, this is where
 * its ARVI and the participant's feedback invitation are made; when it is interrupted or an extension is
 * asked for, the case officer's notice (which notifies them); an unexcused absence, or a run of them
 * reaching the contract's threshold, likewise.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { isUnexcused, unexcusedRunAround } from '$lib/domain/attendance';
import type { AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import { attendance, type AttendanceRow } from '../db/schema';
import { createArvi } from '../arvi/drafts';
import { createFeedbackInvitation } from '../feedback/service';
import { createNotice } from '../notices/create';
import type { ParticipationContext } from './context';
import { transition, type LifecycleOutcome, type LifecycleResult, type Transition } from './lifecycle';

/** The reactions to one outcome of the lifecycle. */
async function react(tx: DbOrTx, ctx: AuditContext, o: LifecycleOutcome): Promise<void> {
	const { p, transition: t } = o;
	switch (t.kind) {
		case 'interrupt':
			await createNotice(tx, ctx, p, { kind: 'interruption', day: t.day, reason: t.reason, text: t.text });
			await createArvi(tx, ctx, p, t.day);
			await createFeedbackInvitation(tx, ctx, p, 'end');
			return;
		case 'complete':
			await createArvi(tx, ctx, p, t.day);
			await createFeedbackInvitation(tx, ctx, p, 'end');
			return;
		case 'requestExtension':
			// The area decides it (notices/service.ts `decideNotice`, which applies the decision here).
			await createNotice(tx, ctx, p, { kind: 'extension_request', day: t.until, reason: null, text: t.text });
			return;
		case 'start':
		case 'approveExtension':
		case 'declineExtension':
		case 'resume':
			// Nothing follows. A resumed participation keeps its ARVI, hidden until it ends again.
			return;
	}
}

/** A change of the participation's life and what follows from it, in the caller's transaction. */
export async function applyTransition(tx: DbOrTx, ctx: AuditContext, p: ParticipationContext, t: Transition): Promise<LifecycleResult> {
	const outcome = await transition(tx, ctx, p, t);
	if (outcome.ok) await react(tx, ctx, outcome);
	return outcome;
}

/**
 * A mark now in force that is an unexcused absence makes a notice to the case officer at once; a run of
 * them reaching the contract's threshold makes one more (once per run, also when a late mark fills a gap).
 */
export async function reactToMark(tx: DbOrTx, ctx: AuditContext, p: ParticipationContext, row: AttendanceRow): Promise<void> {
	if (!isUnexcused(row)) return;
	await createNotice(
		tx,
		ctx,
		p,
		{ kind: 'unexcused_absence', day: row.day, attendanceId: row.id, reason: 'unexcused', text: row.reasonText },
		{ unlessSameDay: true }
	);
	const threshold = p.unexcusedThreshold;
	if (row.meetingId || threshold === null) return;
	const dayMarks = await tx
		.select({ day: attendance.day, status: attendance.status, reason: attendance.reason })
		.from(attendance)
		.where(and(eq(attendance.participationId, p.id), sql`${attendance.current}`, isNull(attendance.meetingId)));
	const run = unexcusedRunAround(dayMarks, row.day);
	if (run && run.length >= threshold) {
		await createNotice(
			tx,
			ctx,
			p,
			{ kind: 'absence_threshold', day: run.last, fromDay: run.first, attendanceId: row.id, reason: String(run.length), text: null },
			{ unlessWithin: run }
		);
	}
}

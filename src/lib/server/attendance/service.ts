/**
 * Recording attendance: a whole batch (a cohort's marks, or what a phone queued while offline) in one
 * transaction. Every mark carries the device's idempotency key, so a retry or a double tap never makes
 * a second row; two marks for the same day resolve by `laterMarkWins` and the loser stays in history.
 */
import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import {
	effectiveMarkedAt,
	isUnexcused,
	laterMarkWins,
	lastMarkingDay,
	participatesOn,
	unexcusedRunAround,
	type AbsenceReason,
	type MarkStatus,
	type MeetingMode
} from '$lib/domain/attendance';
import { helsinkiDate } from '$lib/domain/clock';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx, Tx } from '../db/client';
import { attendance, contracts, meetings, participations, periodLocks, referrals, type AttendanceRow } from '../db/schema';
import { canOnParticipation, type Actor, type CustomerScope } from '../policy';
import { createNotice } from '../notices/service';
import { recordParticipationEvent } from '../participations/service';

export interface MarkInput {
	clientKey: string;
	participationId: string;
	day: string;
	status: MarkStatus;
	reason: AbsenceReason | null;
	reasonText: string | null;
	/** For a coaching meeting's mark. */
	meetingId?: string | null;
	/** Or the device's key of a meeting recorded in the same (or an earlier) batch. */
	meetingKey?: string | null;
	/** When the person tapped, by the device's clock. */
	markedAt: Date | null;
}

export interface MeetingInput {
	clientKey: string;
	participationId: string;
	day: string;
	startTime: string;
	durationMinutes: number;
	mode: MeetingMode;
}

export type MarkError = 'notFound' | 'forbidden' | 'future' | 'outsideParticipation' | 'tooLate' | 'meetingNotFound' | 'ended';

export type MarkResult =
	| { clientKey: string; ok: true; outcome: 'saved' | 'history' | 'duplicate'; late: boolean; correction: boolean }
	| { clientKey: string; ok: false; error: MarkError };

export type MeetingResult = { clientKey: string; ok: true; meetingId: string; duplicate: boolean } | { clientKey: string; ok: false; error: MarkError };

/** A participation with what access and the rules depend on. */
export interface ParticipationContext extends CustomerScope {
	id: string;
	customerId: string;
	contractId: string;
	status: 'starting' | 'active' | 'completed' | 'interrupted';
	startDate: string;
	plannedEndDate: string | null;
	endDate: string | null;
	contractStart: string;
	contractEnd: string;
	officerId: string;
	coachId: string;
	version: number;
	deadlines: Record<string, { days: number; count: 'working' | 'calendar' }>;
	unexcusedThreshold: number | null;
}

const participationColumns = {
	id: participations.id,
	customerId: participations.customerId,
	contractId: participations.contractId,
	cohortId: participations.cohortId,
	status: participations.status,
	startDate: participations.startDate,
	plannedEndDate: participations.plannedEndDate,
	endDate: participations.endDate,
	coachId: participations.coachId,
	version: participations.version,
	areaId: contracts.areaId,
	providerId: contracts.providerId,
	contractStart: contracts.startDate,
	contractEnd: contracts.endDate,
	deadlines: contracts.deadlines,
	unexcusedThreshold: contracts.unexcusedThreshold,
	officerId: referrals.officerId
};

/** Participations with their scope; with `lock`, their rows are locked in id order (no deadlocks between batches). */
export async function participationContexts(db: DbOrTx, ids: string[], lock = false): Promise<Map<string, ParticipationContext>> {
	if (ids.length === 0) return new Map();
	const q = db
		.select(participationColumns)
		.from(participations)
		.innerJoin(contracts, eq(participations.contractId, contracts.id))
		.innerJoin(referrals, eq(participations.referralId, referrals.id))
		.where(inArray(participations.id, [...new Set(ids)]))
		.orderBy(asc(participations.id));
	const rows = lock ? await q.for('update', { of: participations }) : await q;
	return new Map(rows.map((r) => [r.id, r]));
}

export async function participationContext(db: DbOrTx, id: string): Promise<ParticipationContext | undefined> {
	return (await participationContexts(db, [id])).get(id);
}

/**
 * Records meetings and marks for the actor, in one transaction. Each item is checked on its own (access,
 * dates, deadline) and refused with a reason without stopping the others; nothing is ever dropped
 * silently. Notices to the case officer are created in the same transaction.
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
		const contexts = await participationContexts(tx, ids, true);
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
			const [known] = row ? [] : await tx.select({ id: meetings.id, participationId: meetings.participationId }).from(meetings).where(eq(meetings.clientKey, m.clientKey));
			// A key already used for another customer's meeting tells nothing about that meeting.
			if (known && known.participationId !== m.participationId) {
				meetingResults.push({ clientKey: m.clientKey, ok: false, error: 'notFound' });
				continue;
			}
			meetingResults.push({ clientKey: m.clientKey, ok: true, meetingId: row?.id ?? known!.id, duplicate: !row });
			if (row) touched.add(p!.id);
		}

		const markResults: MarkResult[] = [];
		const saved: { p: ParticipationContext; row: AttendanceRow }[] = [];
		for (let mark of input.marks) {
			const p = contexts.get(mark.participationId);
			const [existing] = await tx
				.select({ late: attendance.late, correction: attendance.correction, participationId: attendance.participationId })
				.from(attendance)
				.where(eq(attendance.clientKey, mark.clientKey));
			if (existing) {
				// A replay answers "duplicate" only to someone who may see that mark.
				const mine = existing.participationId === mark.participationId && !accessError(p);
				markResults.push(mine ? { clientKey: mark.clientKey, ok: true, outcome: 'duplicate', late: existing.late, correction: existing.correction } : { clientKey: mark.clientKey, ok: false, error: 'notFound' });
				continue;
			}
			const markedAt = effectiveMarkedAt(mark.markedAt, receivedAt);
			const refused = accessError(p) ?? dayError(p!, mark.day, markedAt);
			if (refused) {
				markResults.push({ clientKey: mark.clientKey, ok: false, error: refused });
				continue;
			}
			if (!mark.meetingId && mark.meetingKey) {
				const [byKey] = await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.clientKey, mark.meetingKey));
				mark = { ...mark, meetingId: byKey?.id ?? '00000000-0000-0000-0000-000000000000' };
			}
			if (mark.meetingId) {
				const [meeting] = await tx
					.select({ day: meetings.day, cancelledAt: meetings.cancelledAt })
					.from(meetings)
					.where(and(eq(meetings.id, mark.meetingId), eq(meetings.participationId, p!.id)));
				if (!meeting || meeting.cancelledAt || meeting.day !== mark.day) {
					markResults.push({ clientKey: mark.clientKey, ok: false, error: 'meetingNotFound' });
					continue;
				}
			}
			const result = await writeMark(tx, actor, p!, mark, markedAt, receivedAt);
			markResults.push({ clientKey: mark.clientKey, ok: true, outcome: result.row.current ? 'saved' : 'history', late: result.row.late, correction: result.row.correction });
			touched.add(p!.id);
			if (result.row.current) saved.push({ p: p!, row: result.row });
		}

		for (const { p, row } of saved) {
			if (row.status === 'present' && p.status === 'starting') await markStarted(tx, ctx, p, row.day);
		}
		await noticesForAbsences(tx, ctx, saved);
		// One audit row per area, so that each area's audit search finds its own customers.
		for (const areaId of new Set([...touched].map((id) => contexts.get(id)!.areaId))) {
			const ids = [...touched].filter((id) => contexts.get(id)!.areaId === areaId);
			await recordAudit(tx, ctx, {
				action: 'attendance.record',
				areaId,
				targetType: 'participation',
				targetIds: ids,
				customerIds: [...new Set(ids.map((id) => contexts.get(id)!.customerId))]
			});
		}
		return { marks: markResults, meetings: meetingResults };
	});
}

/** A meeting may be planned for any day of the participation (future too) but not for an ended one. */
function dayErrorForPlan(p: ParticipationContext, day: string): MarkError | null {
	if (p.status === 'completed' || p.status === 'interrupted') return 'ended';
	if (day < p.contractStart || day > p.contractEnd) return 'outsideParticipation';
	return null;
}

async function writeMark(tx: Tx, actor: Actor, p: ParticipationContext, mark: MarkInput, markedAt: Date, receivedAt: Date) {
	const slot = mark.meetingId ? eq(attendance.meetingId, mark.meetingId) : and(eq(attendance.participationId, p.id), eq(attendance.day, mark.day), isNull(attendance.meetingId));
	const [current] = await tx.select().from(attendance).where(and(slot, sql`${attendance.current}`));
	const wins = !current || laterMarkWins(current, { markedAt, receivedAt });
	if (current && wins) await tx.update(attendance).set({ current: false }).where(eq(attendance.id, current.id));
	const [locked] = await tx
		.select({ id: periodLocks.id })
		.from(periodLocks)
		.where(and(eq(periodLocks.contractId, p.contractId), lte(periodLocks.startDate, mark.day), gte(periodLocks.endDate, mark.day)))
		.limit(1);
	const [row] = await tx
		.insert(attendance)
		.values({
			participationId: p.id,
			contractId: p.contractId,
			cohortId: p.cohortId,
			meetingId: mark.meetingId ?? null,
			day: mark.day,
			status: mark.status,
			reason: mark.status === 'absent' ? mark.reason : null,
			reasonText: mark.status === 'absent' ? mark.reasonText : null,
			markedAt,
			receivedAt,
			markedBy: actor.userId,
			clientKey: mark.clientKey,
			current: wins,
			late: helsinkiDate(markedAt) > lastMarkingDay(mark.day, p.deadlines.absenceReport),
			correction: !!locked,
			replacesId: wins ? (current?.id ?? null) : null
		})
		.returning();
	return { row };
}

/** The first day the customer is present starts a participation that was still "starting". */
async function markStarted(tx: Tx, ctx: AuditContext, p: ParticipationContext, day: string) {
	await tx.update(participations).set({ status: 'active', startDate: day, version: sql`${participations.version} + 1` }).where(eq(participations.id, p.id));
	await recordParticipationEvent(tx, ctx, p, { kind: 'started', day });
	p.status = 'active';
	p.startDate = day;
}

/**
 * An unexcused absence makes a notice to the case officer at once; a run of them reaching the contract's
 * threshold makes one more (once per run, also when a late mark fills a gap).
 */
async function noticesForAbsences(tx: Tx, ctx: AuditContext, saved: { p: ParticipationContext; row: AttendanceRow }[]) {
	for (const { p, row } of saved) {
		if (!isUnexcused(row)) continue;
		await createNotice(tx, ctx, p, { kind: 'unexcused_absence', day: row.day, attendanceId: row.id, reason: 'unexcused', text: row.reasonText }, { unlessSameDay: true });
		const threshold = p.unexcusedThreshold;
		if (row.meetingId || threshold === null) continue;
		const dayMarks = await tx
			.select({ day: attendance.day, status: attendance.status, reason: attendance.reason })
			.from(attendance)
			.where(and(eq(attendance.participationId, p.id), sql`${attendance.current}`, isNull(attendance.meetingId)));
		const run = unexcusedRunAround(dayMarks, row.day);
		if (run && run.length >= threshold) {
			await createNotice(tx, ctx, p, { kind: 'absence_threshold', day: run.last, fromDay: run.first, attendanceId: row.id, reason: String(run.length), text: null }, { unlessWithin: run });
		}
	}
}

/**
 * Locks a period of a contract (the invoicing issue calls this when an invoice is submitted): marks for
 * its days made afterwards are stored as corrections for the next invoice.
 */
export async function lockPeriod(tx: DbOrTx, ctx: AuditContext, contractId: string, startDate: string, endDate: string, invoiceId: string | null = null) {
	const [row] = await tx.insert(periodLocks).values({ contractId, startDate, endDate, invoiceId, lockedAt: ctx.clock(), lockedBy: ctx.userId! }).returning();
	await recordAudit(tx, ctx, { action: 'attendance.lock_period', targetType: 'contract', targetIds: [contractId] });
	return row;
}

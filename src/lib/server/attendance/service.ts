/**
 * Recording attendance: a whole batch (a cohort's marks, or what a phone queued while offline) in one
 * transaction. Every mark carries the device's idempotency key, so a retry or a double tap never makes
 * a second row; two marks for the same day resolve by `laterMarkWins` and the loser stays in history.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, getTableColumns, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
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
import { recordAudit, recordAudits, type AuditContext } from '../audit';
import { anyOf, type Db, type DbOrTx, type Tx } from '../db/client';
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
		.where(sql`${participations.id} = ${anyOf([...new Set(ids)], 'uuid')}`)
		.orderBy(asc(participations.id));
	const rows = await (lock ? q.for('update', { of: participations }).prepare('participations_lock') : q.prepare('participations')).execute();
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
			const [known] = row ? [] : await tx.select({ id: meetings.id, participationId: meetings.participationId }).from(meetings).where(eq(meetings.clientKey, m.clientKey));
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
					return { action: 'attendance.record', areaId, targetType: 'participation', targetIds: ids, customerIds: [...new Set(ids.map((id) => contexts.get(id)!.customerId))] };
				})
			)
		]);
		for (const { p, row } of saved) {
			if (row.status === 'present' && p.status === 'starting') await markStarted(tx, ctx, p, row.day);
		}
		await noticesForAbsences(tx, ctx, saved);
		return { marks: plan.results, meetings: meetingResults };
	});
}

/** A meeting may be planned for any day of the participation (future too) but not for an ended one. */
function dayErrorForPlan(p: ParticipationContext, day: string): MarkError | null {
	if (p.status === 'completed' || p.status === 'interrupted') return 'ended';
	if (day < p.contractStart || day > p.contractEnd) return 'outsideParticipation';
	return null;
}

/** A mark's slot: a training day of a participation, or a coaching meeting. */
const slotOf = (participationId: string, day: string, meetingId: string | null) => (meetingId ? `m:${meetingId}` : `d:${participationId}:${day}`);

type MarkState = Awaited<ReturnType<typeof readMarkState>>;

/** A mark in force, as a batch needs it to decide who wins. */
const inForceColumns = { id: attendance.id, participationId: attendance.participationId, day: attendance.day, meetingId: attendance.meetingId, markedAt: attendance.markedAt, receivedAt: attendance.receivedAt };

/**
 * What a batch of marks needs that depends on nothing else, in statements sent at once: the client keys
 * already stored, the day marks in force for its slots, and the period locks of its contracts.
 */
function readMarkState(tx: Tx, marks: MarkInput[]) {
	const dayParticipations = [...new Set(marks.filter((m) => !m.meetingId && !m.meetingKey).map((m) => m.participationId))];
	const days = [...new Set(marks.map((m) => m.day))].sort();
	const participationIds = [...new Set(marks.map((m) => m.participationId))];
	return Promise.all([
		marks.length
			? tx
					.select({ clientKey: attendance.clientKey, participationId: attendance.participationId, late: attendance.late, correction: attendance.correction })
					.from(attendance)
					.where(sql`${attendance.clientKey} = ${anyOf([...new Set(marks.map((m) => m.clientKey))], 'uuid')}`)
					.prepare('marks_known')
					.execute()
			: [],
		dayParticipations.length
			? tx
					.select(inForceColumns)
					.from(attendance)
					.where(
						and(
							sql`${attendance.participationId} = ${anyOf(dayParticipations, 'uuid')}`,
							sql`${attendance.day} = ${anyOf(days, 'date')}`,
							isNull(attendance.meetingId),
							sql`${attendance.current}`
						)
					)
					.prepare('marks_in_force')
					.execute()
			: [],
		participationIds.length
			? tx
					.select({ contractId: periodLocks.contractId, startDate: periodLocks.startDate, endDate: periodLocks.endDate })
					.from(periodLocks)
					.where(
						and(
							// array(…) is computed once, so the contracts' locks are found by their index.
							sql`${periodLocks.contractId} = any(array(${tx
								.selectDistinct({ id: participations.contractId })
								.from(participations)
								.where(sql`${participations.id} = ${anyOf(participationIds, 'uuid')}`)}))`,
							lte(periodLocks.startDate, days[days.length - 1]),
							gte(periodLocks.endDate, days[0])
						)
					)
					.prepare('marks_period_locks')
					.execute()
			: []
	]);
}

/**
 * The marks of a batch, set-based: with what `readMarkState` read (and the meetings the marks name, read
 * here), every mark is decided in order in memory exactly as if they were written one by one (a later mark
 * of the same slot in the batch sees the earlier one). `storeMarks` then writes the result with one update
 * (marks that lose "current") and one insert.
 */
async function decideMarks(
	tx: Tx,
	actor: Actor,
	contexts: Map<string, ParticipationContext>,
	marks: MarkInput[],
	receivedAt: Date,
	[knownRows, dayInForce, locks]: MarkState,
	rules: { accessError: (p: ParticipationContext | undefined) => MarkError | null; dayError: (p: ParticipationContext, day: string, at: Date) => MarkError | null }
) {
	const results: MarkResult[] = [];
	const written = new Set<string>();
	// Meetings named by key (maybe created by this very batch) are looked up only now.
	const meetingKeys = [...new Set(marks.flatMap((m) => (!m.meetingId && m.meetingKey ? [m.meetingKey] : [])))];
	const keyRows = meetingKeys.length ? await tx.select({ id: meetings.id, clientKey: meetings.clientKey }).from(meetings).where(inArray(meetings.clientKey, meetingKeys)) : [];
	const known = new Map<string, { participationId: string; late: boolean; correction: boolean }>(knownRows.map((r) => [r.clientKey, r]));
	const idByKey = new Map(keyRows.map((m) => [m.clientKey, m.id]));
	const meetingOf = (m: MarkInput) => m.meetingId ?? (m.meetingKey ? (idByKey.get(m.meetingKey) ?? NO_MEETING) : null);
	const meetingIds = [...new Set(marks.flatMap((m) => meetingOf(m) ?? []))].filter((id) => id !== NO_MEETING);
	const [meetingList, meetingInForce] = meetingIds.length
		? await Promise.all([
				tx
					.select({ id: meetings.id, participationId: meetings.participationId, day: meetings.day, cancelledAt: meetings.cancelledAt })
					.from(meetings)
					.where(inArray(meetings.id, meetingIds)),
				tx
					.select(inForceColumns)
					.from(attendance)
					.where(and(inArray(attendance.meetingId, meetingIds), sql`${attendance.current}`))
			])
		: [[], []];
	const meetingRows = new Map(meetingList.map((m) => [m.id, m]));
	const current = new Map([...dayInForce, ...meetingInForce].map((r) => [slotOf(r.participationId, r.day, r.meetingId), { ...r, stored: true }]));

	const rows = new Map<string, Omit<AttendanceRow, 'settledAt'>>();
	const superseded: string[] = [];
	const wonBy: { p: ParticipationContext; id: string }[] = [];
	for (const mark of marks) {
		const p = contexts.get(mark.participationId);
		const prior = known.get(mark.clientKey);
		if (prior) {
			// A replay answers "duplicate" only to someone who may see that mark.
			const mine = prior.participationId === mark.participationId && !rules.accessError(p);
			results.push(mine ? { clientKey: mark.clientKey, ok: true, outcome: 'duplicate', late: prior.late, correction: prior.correction } : { clientKey: mark.clientKey, ok: false, error: 'notFound' });
			continue;
		}
		const markedAt = effectiveMarkedAt(mark.markedAt, receivedAt);
		const refused = rules.accessError(p) ?? rules.dayError(p!, mark.day, markedAt);
		if (refused) {
			results.push({ clientKey: mark.clientKey, ok: false, error: refused });
			continue;
		}
		const meetingId = meetingOf(mark);
		if (meetingId) {
			const meeting = meetingRows.get(meetingId);
			if (!meeting || meeting.participationId !== p!.id || meeting.cancelledAt || meeting.day !== mark.day) {
				results.push({ clientKey: mark.clientKey, ok: false, error: 'meetingNotFound' });
				continue;
			}
		}
		const slot = slotOf(p!.id, mark.day, meetingId);
		const before = current.get(slot);
		const wins = !before || laterMarkWins(before, { markedAt, receivedAt });
		if (before && wins) {
			if (before.stored) superseded.push(before.id);
			else rows.get(before.id)!.current = false;
		}
		const late = helsinkiDate(markedAt) > lastMarkingDay(mark.day, p!.deadlines.absenceReport);
		const correction = locks.some((l) => l.contractId === p!.contractId && l.startDate <= mark.day && l.endDate >= mark.day);
		const id = randomUUID();
		rows.set(id, {
			id,
			participationId: p!.id,
			contractId: p!.contractId,
			cohortId: p!.cohortId,
			meetingId,
			day: mark.day,
			status: mark.status,
			reason: mark.status === 'absent' ? mark.reason : null,
			reasonText: mark.status === 'absent' ? mark.reasonText : null,
			markedAt,
			receivedAt,
			markedBy: actor.userId,
			clientKey: mark.clientKey,
			current: wins,
			late,
			correction,
			replacesId: wins ? (before?.id ?? null) : null
		});
		if (wins) {
			current.set(slot, { id, participationId: p!.id, day: mark.day, meetingId, markedAt, receivedAt, stored: false });
			wonBy.push({ p: p!, id });
		}
		known.set(mark.clientKey, { participationId: p!.id, late, correction });
		written.add(p!.id);
		results.push({ clientKey: mark.clientKey, ok: true, outcome: wins ? 'saved' : 'history', late, correction });
	}
	return { results, written, rows, superseded, wonBy };
}

/** Writes what `decideMarks` decided; answers the marks now in force with their stored rows. */
async function storeMarks(tx: Tx, plan: Awaited<ReturnType<typeof decideMarks>>): Promise<{ p: ParticipationContext; row: AttendanceRow }[]> {
	const rows = [...plan.rows.values()].map((r) => ({
		id: r.id,
		participation_id: r.participationId,
		contract_id: r.contractId,
		cohort_id: r.cohortId,
		meeting_id: r.meetingId,
		day: r.day,
		status: r.status,
		reason: r.reason,
		reason_text: r.reasonText,
		marked_at: r.markedAt,
		received_at: r.receivedAt,
		marked_by: r.markedBy,
		client_key: r.clientKey,
		current: r.current,
		late: r.late,
		correction: r.correction,
		replaces_id: r.replacesId
	}));
	// The old marks leave "current" before the new ones arrive (one current mark per slot is a unique index):
	// sent together, the statements still run in this order on the transaction's connection. The new rows go
	// as one JSON parameter read by the table's own row type (a column the JSON lacks, settledAt, is null):
	// the statement is the same whatever the batch size, so it is prepared, and building it costs nothing (a
	// multi-row VALUES of 17 parameters per mark took longer to build than to run).
	await Promise.all([
		plan.superseded.length
			? tx
					.update(attendance)
					.set({ current: false })
					.where(sql`${attendance.id} = ${anyOf(plan.superseded, 'uuid')}`)
					.prepare('marks_supersede')
					.execute()
			: null,
		rows.length
			? tx
					.insert(attendance)
					.select(sql`select ${attendanceColumns} from json_populate_recordset(null::${attendance}, ${JSON.stringify(rows)}::json) as ${attendance}`)
					.prepare('marks_insert')
					.execute()
			: null
	]);
	// Every column is known here (nothing is left to a default but settledAt, which a new mark never has).
	return plan.wonBy.map(({ p, id }) => ({ p, row: { ...plan.rows.get(id)!, settledAt: null } }));
}

/** Every column of attendance in the schema's order (what an insert-select names). */
const attendanceColumns = sql.join(Object.values(getTableColumns(attendance)), sql`, `);

/** Stands for a meeting key that names no meeting: such a mark is refused as "meeting not found". */
const NO_MEETING = '00000000-0000-0000-0000-000000000000';

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

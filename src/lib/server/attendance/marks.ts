/**
 * Deciding and storing a batch of marks, set-based: what the batch needs is read in statements sent at
 * once, every mark is decided in memory in order (as if written one by one), and the result is written
 * with one update and one insert. Two marks for the same slot resolve by `laterMarkWins`; the loser stays
 * in history.
 */
import { randomUUID } from 'node:crypto';
import { and, getTableColumns, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { effectiveMarkedAt, laterMarkWins, lastMarkingDay, type AbsenceReason, type MarkStatus } from '$lib/domain/attendance';
import { helsinkiDate } from '$lib/domain/clock';
import { anyOf, type Tx } from '../db/client';
import { attendance, meetings, participations, periodLocks, type AttendanceRow } from '../db/schema';
import type { Actor } from '../policy';
import type { ParticipationContext } from '../participations/context';

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

export type MarkError = 'notFound' | 'forbidden' | 'future' | 'outsideParticipation' | 'tooLate' | 'meetingNotFound' | 'ended';

export type MarkResult =
	| { clientKey: string; ok: true; outcome: 'saved' | 'history' | 'duplicate'; late: boolean; correction: boolean }
	| { clientKey: string; ok: false; error: MarkError };

/** The caller's rules for one mark: may the actor record for this participation, and on this day at this time? */
export interface MarkRules {
	accessError: (p: ParticipationContext | undefined) => MarkError | null;
	dayError: (p: ParticipationContext, day: string, at: Date) => MarkError | null;
}

/** A mark's slot: a training day of a participation, or a coaching meeting. */
const slotOf = (participationId: string, day: string, meetingId: string | null) => (meetingId ? `m:${meetingId}` : `d:${participationId}:${day}`);

export type MarkState = Awaited<ReturnType<typeof readMarkState>>;

/** A mark in force, as a batch needs it to decide who wins. */
const inForceColumns = {
	id: attendance.id,
	participationId: attendance.participationId,
	day: attendance.day,
	meetingId: attendance.meetingId,
	markedAt: attendance.markedAt,
	receivedAt: attendance.receivedAt
};

/**
 * What a batch of marks needs that depends on nothing else, in statements sent at once: the client keys
 * already stored, the day marks in force for its slots, and the period locks of its contracts.
 */
export function readMarkState(tx: Tx, marks: MarkInput[]) {
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
export async function decideMarks(
	tx: Tx,
	actor: Actor,
	contexts: Map<string, ParticipationContext>,
	marks: MarkInput[],
	receivedAt: Date,
	[knownRows, dayInForce, locks]: MarkState,
	rules: MarkRules
) {
	const results: MarkResult[] = [];
	const written = new Set<string>();
	// Meetings named by key (maybe created by this very batch) are looked up only now.
	const meetingKeys = [...new Set(marks.flatMap((m) => (!m.meetingId && m.meetingKey ? [m.meetingKey] : [])))];
	const keyRows = meetingKeys.length
		? await tx.select({ id: meetings.id, clientKey: meetings.clientKey }).from(meetings).where(inArray(meetings.clientKey, meetingKeys))
		: [];
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
			results.push(
				mine
					? { clientKey: mark.clientKey, ok: true, outcome: 'duplicate', late: prior.late, correction: prior.correction }
					: { clientKey: mark.clientKey, ok: false, error: 'notFound' }
			);
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
export async function storeMarks(tx: Tx, plan: Awaited<ReturnType<typeof decideMarks>>): Promise<{ p: ParticipationContext; row: AttendanceRow }[]> {
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

/**
 * Participation events (started, interrupted, completed, extension requested) and the participation
 * lists and calendars of both sides. Every change checks the version it read (optimistic lock).
 */
import { and, asc, desc, eq, gte, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { InterruptionReason, ParticipationEventKind, ParticipationStatus } from '$lib/domain/attendance';
import { helsinkiDate } from '$lib/domain/clock';
import { recordAudit, recordCustomerList, type AuditContext } from '../audit';
import type { Db, DbOrTx, Tx } from '../db/client';
import { attendance, cohorts, contracts, customers, meetings, notices, participationEvents, participations, users } from '../db/schema';
import { canOnParticipation, type Actor } from '../policy';
import { participationListScope } from '../policy/scope';
import { participationContext, type ParticipationContext } from '../attendance/service';
import { createNotice } from '../notices/service';
import { createArvi } from '../arvi/service';

export async function recordParticipationEvent(
	tx: DbOrTx,
	ctx: AuditContext,
	p: Pick<ParticipationContext, 'id' | 'areaId' | 'customerId'>,
	e: { kind: ParticipationEventKind; day: string; reason?: InterruptionReason | null; text?: string | null }
) {
	await tx.insert(participationEvents).values({ participationId: p.id, kind: e.kind, day: e.day, reason: e.reason ?? null, text: e.text ?? null, recordedBy: ctx.userId!, recordedAt: ctx.clock() });
	await recordAudit(tx, ctx, { action: `participation.${e.kind}`, areaId: p.areaId, targetType: 'participation', targetIds: [p.id], customerIds: [p.customerId] });
}

export type ParticipationError = 'notFound' | 'conflict' | 'wrongStatus' | 'dateOutside' | 'future' | 'endBeforeStart' | 'extensionNotLater' | 'extensionPending';

export type ParticipationChange =
	| { kind: 'start'; day: string }
	| { kind: 'interrupt'; day: string; reason: InterruptionReason; text: string | null }
	| { kind: 'complete'; day: string }
	| { kind: 'requestExtension'; until: string; text: string };

const ALLOWED_FROM: Record<ParticipationChange['kind'], ParticipationStatus[]> = {
	start: ['starting'],
	interrupt: ['starting', 'active'],
	complete: ['active'],
	requestExtension: ['active', 'starting']
};

/**
 * One participation event by the provider's coach or admin. Interruptions and extension requests also
 * make a notice to the case officer (an extension is the area's decision; see `decideNotice`).
 */
export async function changeParticipation(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	participationId: string,
	version: number,
	change: ParticipationChange
): Promise<{ ok: true } | { ok: false; error: ParticipationError }> {
	return db.transaction(async (tx) => {
		const [locked] = await tx.select({ id: participations.id }).from(participations).where(eq(participations.id, participationId)).for('update');
		const p = locked ? await participationContext(tx, participationId) : undefined;
		if (!p || !canOnParticipation(actor, 'participation.record', p)) return { ok: false, error: 'notFound' } as const;
		if (p.version !== version) return { ok: false, error: 'conflict' } as const;
		if (!ALLOWED_FROM[change.kind].includes(p.status)) return { ok: false, error: 'wrongStatus' } as const;
		const today = helsinkiDate(ctx.clock());
		const day = change.kind === 'requestExtension' ? change.until : change.day;
		if (day < p.contractStart || day > p.contractEnd) return { ok: false, error: 'dateOutside' } as const;
		if (change.kind !== 'requestExtension' && day > today) return { ok: false, error: 'future' } as const;
		const bump = { version: sql`${participations.version} + 1` };
		switch (change.kind) {
			case 'start':
				await tx.update(participations).set({ status: 'active', startDate: day, ...bump }).where(eq(participations.id, p.id));
				await recordParticipationEvent(tx, ctx, p, { kind: 'started', day });
				break;
			case 'interrupt':
			case 'complete': {
				const interrupted = change.kind === 'interrupt';
				if (p.status === 'active' && day < p.startDate) return { ok: false, error: 'endBeforeStart' } as const;
				await tx
					.update(participations)
					.set({ status: interrupted ? 'interrupted' : 'completed', endDate: day, endReason: interrupted ? change.reason : null, ...bump })
					.where(eq(participations.id, p.id));
				await recordParticipationEvent(tx, ctx, p, { kind: interrupted ? 'interrupted' : 'completed', day, reason: interrupted ? change.reason : null, text: interrupted ? change.text : null });
				if (interrupted) await createNotice(tx, ctx, p, { kind: 'interruption', day, reason: change.reason, text: change.text });
				await createArvi(tx, ctx, p, day);
				break;
			}
			case 'requestExtension': {
				if (change.until <= (p.plannedEndDate ?? p.startDate)) return { ok: false, error: 'extensionNotLater' } as const;
				if (await pendingExtension(tx, p.id)) return { ok: false, error: 'extensionPending' } as const;
				await tx.update(participations).set(bump).where(eq(participations.id, p.id));
				await recordParticipationEvent(tx, ctx, p, { kind: 'extension_requested', day: change.until, text: change.text });
				await createNotice(tx, ctx, p, { kind: 'extension_request', day: change.until, reason: null, text: change.text });
				break;
			}
		}
		return { ok: true } as const;
	});
}

async function pendingExtension(tx: Tx, participationId: string): Promise<boolean> {
	const rows = await tx
		.select({ id: notices.id })
		.from(notices)
		.where(and(eq(notices.participationId, participationId), eq(notices.kind, 'extension_request'), ne(notices.status, 'decided')))
		.limit(1);
	return rows.length > 0;
}

export interface ParticipationFilters {
	status?: ParticipationStatus;
	contractId?: string;
	/** Only participations where the actor is the responsible coach. */
	mine?: boolean;
	text?: string;
}

/** Participations of an organisation, scoped in SQL; the customers shown are audited. */
export async function listParticipations(db: DbOrTx, ctx: AuditContext, actor: Actor, organisationId: string, f: ParticipationFilters) {
	const where: (SQL | undefined)[] = [participationListScope(actor, organisationId)];
	if (f.status) where.push(eq(participations.status, f.status));
	if (f.contractId) where.push(eq(participations.contractId, f.contractId));
	if (f.mine) where.push(eq(participations.coachId, actor.userId));
	// % and _ typed by the user are searched for as such, not as wildcards.
	if (f.text) where.push(sql`(${customers.name} ilike ${'%' + f.text.replace(/[\\%_]/g, '\\$&') + '%'} or ${customers.customerNumber} = ${f.text})`);
	const rows = await db
		.select({
			id: participations.id,
			status: participations.status,
			startDate: participations.startDate,
			plannedEndDate: participations.plannedEndDate,
			endDate: participations.endDate,
			customerId: customers.id,
			areaId: contracts.areaId,
			customerName: customers.name,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			cohortName: cohorts.name,
			coachName: users.name,
			openNotices: sql<number>`(select count(*)::int from notices n where n.participation_id = ${participations.id} and n.status <> 'decided')`
		})
		.from(participations)
		.innerJoin(contracts, eq(participations.contractId, contracts.id))
		.innerJoin(customers, eq(participations.customerId, customers.id))
		.innerJoin(users, eq(participations.coachId, users.id))
		.leftJoin(cohorts, eq(participations.cohortId, cohorts.id))
		.where(and(...where))
		.orderBy(asc(sql`${participations.status} in ('completed', 'interrupted')`), asc(customers.name), asc(participations.id))
		.limit(300);
	await recordCustomerList(db, ctx, 'participation', rows);
	return rows;
}

/**
 * One participation for its page: the customer, the marks in force between `from` and `until` (and how
 * many earlier marks each replaced), meetings, events and notices. Audited as a read of the customer.
 */
export async function getParticipation(db: DbOrTx, ctx: AuditContext, participationId: string, period: { from: string; until: string }) {
	const [row] = await db
		.select({
			participation: participations,
			customerName: customers.name,
			customerNumber: customers.customerNumber,
			customerLanguage: customers.language,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			areaId: contracts.areaId,
			providerId: contracts.providerId,
			cohort: { id: cohorts.id, name: cohorts.name, startDate: cohorts.startDate, endDate: cohorts.endDate, weekdays: cohorts.weekdays, dailyStart: cohorts.dailyStart, dailyEnd: cohorts.dailyEnd },
			coachName: users.name
		})
		.from(participations)
		.innerJoin(customers, eq(participations.customerId, customers.id))
		.innerJoin(contracts, eq(participations.contractId, contracts.id))
		.innerJoin(users, eq(participations.coachId, users.id))
		.leftJoin(cohorts, eq(participations.cohortId, cohorts.id))
		.where(eq(participations.id, participationId));
	if (!row) return undefined;
	const marks = await db
		.select({
			id: attendance.id,
			day: attendance.day,
			meetingId: attendance.meetingId,
			status: attendance.status,
			reason: attendance.reason,
			reasonText: attendance.reasonText,
			late: attendance.late,
			correction: attendance.correction,
			markedAt: attendance.markedAt,
			markedByName: users.name,
			replaced: sql<number>`(select count(*)::int from attendance h where h.participation_id = ${attendance.participationId} and h.day = ${attendance.day} and h.meeting_id is not distinct from ${attendance.meetingId} and not h.current)`
		})
		.from(attendance)
		.innerJoin(users, eq(attendance.markedBy, users.id))
		.where(and(eq(attendance.participationId, participationId), sql`${attendance.current}`, gte(attendance.day, period.from), lte(attendance.day, period.until)))
		.orderBy(asc(attendance.day));
	const meetingRows = await db
		.select()
		.from(meetings)
		.where(and(eq(meetings.participationId, participationId), gte(meetings.day, period.from), lte(meetings.day, period.until)))
		.orderBy(asc(meetings.day), asc(meetings.startTime));
	const events = await db
		.select({ kind: participationEvents.kind, day: participationEvents.day, reason: participationEvents.reason, text: participationEvents.text, recordedAt: participationEvents.recordedAt, byName: users.name })
		.from(participationEvents)
		.innerJoin(users, eq(participationEvents.recordedBy, users.id))
		.where(eq(participationEvents.participationId, participationId))
		.orderBy(desc(participationEvents.recordedAt));
	await recordAudit(db, ctx, { action: 'customer.read', areaId: row.areaId, targetType: 'participation', targetIds: [participationId], customerIds: [row.participation.customerId] });
	return { ...row, cohort: row.cohort?.id ? row.cohort : null, marks, meetings: meetingRows, events };
}

/** The earlier marks of a day (history), newest first. */
export function markHistory(db: DbOrTx, participationId: string, day: string) {
	return db
		.select({ status: attendance.status, reason: attendance.reason, reasonText: attendance.reasonText, markedAt: attendance.markedAt, current: attendance.current, markedByName: users.name, meetingId: attendance.meetingId })
		.from(attendance)
		.innerJoin(users, eq(attendance.markedBy, users.id))
		.where(and(eq(attendance.participationId, participationId), eq(attendance.day, day)))
		.orderBy(desc(attendance.markedAt));
}

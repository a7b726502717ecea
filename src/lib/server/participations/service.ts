/**
 * The provider's changes of a participation (checked here, applied by `./lifecycle.ts` with what follows in
 * `./reactions.ts`) and the participation lists and pages of both sides. Every change checks the version it
 * read (optimistic lock).
 */
import { and, asc, desc, eq, gte, lte, ne, sql, type SQL } from 'drizzle-orm';
import { paged, pageWindow } from '$lib/paging';
import type { ParticipationStatus } from '$lib/domain/attendance';
import { helsinkiDate } from '$lib/domain/clock';
import { recordAudit, recordCustomerList, type AuditContext } from '../audit';
import type { Db, DbOrTx, Tx } from '../db/client';
import { attendance, cohorts, contracts, customers, meetings, notices, participationEvents, participations, users } from '../db/schema';
import { canOnParticipation, type Actor } from '../policy';
import { participationListScope } from '../policy/scope';
import { participationContext } from './context';
import { allows, type Transition } from './lifecycle';
import { applyTransition } from './reactions';

export type ParticipationError =
	'notFound' | 'conflict' | 'wrongStatus' | 'dateOutside' | 'future' | 'endBeforeStart' | 'extensionNotLater' | 'extensionPending';

/** What the provider may change; the area's decisions on extensions and interruptions are notices'. */
export type ParticipationChange = Extract<Transition, { kind: 'start' | 'interrupt' | 'complete' | 'requestExtension' }>;

/**
 * One change by the provider's coach or admin (start, interruption, completion, extension request), checked
 * against the version the person was shown and the dates; the lifecycle applies it and its reactions (an
 * interruption or an extension request makes a notice, an end the ARVI; the area decides an extension,
 * see `decideNotice`).
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
		const p = await participationContext(tx, participationId, true);
		if (!p || !canOnParticipation(actor, 'participation.record', p)) return { ok: false, error: 'notFound' } as const;
		if (p.version !== version) return { ok: false, error: 'conflict' } as const;
		if (!allows(p.status, change.kind)) return { ok: false, error: 'wrongStatus' } as const;
		const today = helsinkiDate(ctx.clock());
		const day = change.kind === 'requestExtension' ? change.until : change.day;
		if (day < p.contractStart || day > p.contractEnd) return { ok: false, error: 'dateOutside' } as const;
		if (change.kind !== 'requestExtension' && day > today) return { ok: false, error: 'future' } as const;
		if ((change.kind === 'interrupt' || change.kind === 'complete') && p.status === 'active' && day < p.startDate)
			return { ok: false, error: 'endBeforeStart' } as const;
		if (change.kind === 'requestExtension') {
			if (change.until <= (p.plannedEndDate ?? p.startDate)) return { ok: false, error: 'extensionNotLater' } as const;
			if (await pendingExtension(tx, p.id)) return { ok: false, error: 'extensionPending' } as const;
		}
		const r = await applyTransition(tx, ctx, p, change);
		return r.ok ? ({ ok: true } as const) : r;
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
	/** Starting between these days (inclusive): who starts this week. */
	startFrom?: string;
	startUntil?: string;
}

/** Participations of an organisation, scoped in SQL; the customers shown are audited. */
/** The list's condition (scope and filters; the query joins `contracts` and `customers`): shared with the home page's counts. */
export function participationListWhere(actor: Actor, organisationId: string, f: ParticipationFilters): SQL | undefined {
	const where: (SQL | undefined)[] = [participationListScope(actor, organisationId)];
	if (f.status) where.push(eq(participations.status, f.status));
	if (f.contractId) where.push(eq(participations.contractId, f.contractId));
	if (f.mine) where.push(eq(participations.coachId, actor.userId));
	if (f.startFrom) where.push(gte(participations.startDate, f.startFrom));
	if (f.startUntil) where.push(lte(participations.startDate, f.startUntil));
	// % and _ typed by the user are searched for as such, not as wildcards.
	if (f.text) where.push(sql`(${customers.name} ilike ${'%' + f.text.replace(/[\\%_]/g, '\\$&') + '%'} or ${customers.customerNumber} = ${f.text})`);
	return and(...where);
}

export async function listParticipations(db: DbOrTx, ctx: AuditContext, actor: Actor, organisationId: string, f: ParticipationFilters, page = 1) {
	const { limit, offset } = pageWindow(page);
	const where = participationListWhere(actor, organisationId, f);
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
		.where(where)
		.orderBy(asc(sql`${participations.status} in ('completed', 'interrupted')`), asc(customers.name), asc(participations.id))
		.limit(limit)
		.offset(offset);
	const shown = paged(rows, page);
	await recordCustomerList(db, ctx, 'participation', shown.rows);
	return shown;
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
			cohort: {
				id: cohorts.id,
				name: cohorts.name,
				startDate: cohorts.startDate,
				endDate: cohorts.endDate,
				weekdays: cohorts.weekdays,
				dailyStart: cohorts.dailyStart,
				dailyEnd: cohorts.dailyEnd
			},
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
			replaced: sql<number>`(select count(*)::int from attendance h
				where h.participation_id = ${attendance.participationId} and h.day = ${attendance.day}
					and h.meeting_id is not distinct from ${attendance.meetingId} and not h.current)`
		})
		.from(attendance)
		.innerJoin(users, eq(attendance.markedBy, users.id))
		.where(
			and(eq(attendance.participationId, participationId), sql`${attendance.current}`, gte(attendance.day, period.from), lte(attendance.day, period.until))
		)
		.orderBy(asc(attendance.day));
	const meetingRows = await db
		.select()
		.from(meetings)
		.where(and(eq(meetings.participationId, participationId), gte(meetings.day, period.from), lte(meetings.day, period.until)))
		.orderBy(asc(meetings.day), asc(meetings.startTime));
	const events = await db
		.select({
			kind: participationEvents.kind,
			day: participationEvents.day,
			reason: participationEvents.reason,
			text: participationEvents.text,
			recordedAt: participationEvents.recordedAt,
			byName: users.name
		})
		.from(participationEvents)
		.innerJoin(users, eq(participationEvents.recordedBy, users.id))
		.where(eq(participationEvents.participationId, participationId))
		.orderBy(desc(participationEvents.recordedAt));
	await recordAudit(db, ctx, {
		action: 'customer.read',
		areaId: row.areaId,
		targetType: 'participation',
		targetIds: [participationId],
		customerIds: [row.participation.customerId]
	});
	return { ...row, cohort: row.cohort?.id ? row.cohort : null, marks, meetings: meetingRows, events };
}

/** The earlier marks of a day (history), newest first. */
export function markHistory(db: DbOrTx, participationId: string, day: string) {
	return db
		.select({
			status: attendance.status,
			reason: attendance.reason,
			reasonText: attendance.reasonText,
			markedAt: attendance.markedAt,
			current: attendance.current,
			markedByName: users.name,
			meetingId: attendance.meetingId
		})
		.from(attendance)
		.innerJoin(users, eq(attendance.markedBy, users.id))
		.where(and(eq(attendance.participationId, participationId), eq(attendance.day, day)))
		.orderBy(desc(attendance.markedAt));
}

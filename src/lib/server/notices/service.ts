/**
 * Notices from the provider to the customer's case officer, and what the area decided about them. The
 * portal records facts and decisions; it never sanctions anyone by itself.
 */
import { and, asc, desc, eq, gte, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { paged, pageWindow } from '$lib/paging';
import { DECISIONS_FOR, type AbsenceReason, type NoticeDecision, type NoticeKind, type NoticeStatus } from '$lib/domain/attendance';
import { addDays, helsinkiDate } from '$lib/domain/clock';
import { recordAudit, recordCustomerList, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { attendance, contracts, customers, notices, organisations, type Notice } from '../db/schema';
import { canOnParticipation, type Actor } from '../policy';
import { noticeListScope } from '../policy/scope';
import { markObjectHandled, notify } from '../notifications/service';
import { participationContext } from '../participations/context';
import { allows } from '../participations/lifecycle';
import { applyTransition } from '../participations/reactions';
import { noticeLink } from './create';

export interface NoticeFilters {
	status?: NoticeStatus;
	kind?: NoticeKind;
	/** Only the actor's own customers (as case officer). */
	mine?: boolean;
	overdueOnly?: boolean;
	/** Not decided yet (open or acknowledged): what the area still has to decide. */
	undecidedOnly?: boolean;
	/** Decided in the last `RECENT_DAYS` days: the area's answers the provider's people look for. */
	recentlyDecided?: boolean;
}

/** Notices of an organisation, scoped in SQL; open ones first by due date. The customers shown are audited. */
/** The list's condition (scope and filters) on `notices` alone: the list and the home page's counts share it. */
export function noticeListWhere(actor: Actor, organisationId: string, f: NoticeFilters): SQL | undefined {
	const where: (SQL | undefined)[] = [noticeListScope(actor, organisationId)];
	if (f.status) where.push(eq(notices.status, f.status));
	if (f.kind) where.push(eq(notices.kind, f.kind));
	if (f.mine) where.push(eq(notices.officerId, actor.userId));
	if (f.overdueOnly) where.push(and(sql`${notices.status} <> 'decided'`, sql`${notices.dueOn} < ${actor.today}::date`));
	if (f.undecidedOnly) where.push(sql`${notices.status} <> 'decided'`);
	// Decided in the last two weeks (Helsinki days): what the provider's people have not yet seen answered.
	if (f.recentlyDecided) where.push(sql`${notices.decidedAt} >= (${addDays(actor.today, -RECENT_DAYS)}::date::timestamp at time zone 'Europe/Helsinki')`);
	return and(...where);
}

/** How far back "recently decided" notices reach, in days. */
export const RECENT_DAYS = 14;

export async function listNotices(db: DbOrTx, ctx: AuditContext, actor: Actor, organisationId: string, f: NoticeFilters, page = 1) {
	const { limit, offset } = pageWindow(page);
	const where = noticeListWhere(actor, organisationId, f);
	const rows = await db
		.select({
			id: notices.id,
			kind: notices.kind,
			status: notices.status,
			day: notices.day,
			fromDay: notices.fromDay,
			dueOn: notices.dueOn,
			createdAt: notices.createdAt,
			decision: notices.decision,
			comment: notices.comment,
			decidedAt: notices.decidedAt,
			readAt: notices.readAt,
			customerId: customers.id,
			areaId: notices.areaId,
			customerName: customers.name,
			contractNumber: contracts.contractNumber,
			providerName: organisations.name,
			overdue: sql<boolean>`${notices.status} <> 'decided' and ${notices.dueOn} < ${actor.today}::date`
		})
		.from(notices)
		.innerJoin(customers, eq(notices.customerId, customers.id))
		.innerJoin(contracts, eq(notices.contractId, contracts.id))
		.innerJoin(organisations, eq(notices.providerId, organisations.id))
		.where(where)
		.orderBy(asc(sql`${notices.status} = 'decided'`), asc(notices.dueOn), desc(notices.createdAt), asc(notices.id))
		.limit(limit)
		.offset(offset);
	const shown = paged(rows, page);
	await recordCustomerList(db, ctx, 'notice', shown.rows);
	return shown;
}

/** A notice and its participation's scope (for the policy), without personal data. */
export async function noticeScopeOf(db: DbOrTx, noticeId: string) {
	const [n] = await db.select({ participationId: notices.participationId }).from(notices).where(eq(notices.id, noticeId));
	return n ? participationContext(db, n.participationId) : undefined;
}

/**
 * One notice with the customer, the mark it is about (and the mark in force now, which may have changed
 * since). The caller has checked access; the read is audited, and the case officer's first read is kept.
 */
export async function getNotice(db: DbOrTx, ctx: AuditContext, actor: Actor, noticeId: string) {
	const [row] = await db
		.select({
			notice: notices,
			customerName: customers.name,
			customerNumber: customers.customerNumber,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			providerName: organisations.name
		})
		.from(notices)
		.innerJoin(customers, eq(notices.customerId, customers.id))
		.innerJoin(contracts, eq(notices.contractId, contracts.id))
		.innerJoin(organisations, eq(notices.providerId, organisations.id))
		.where(eq(notices.id, noticeId));
	if (!row) return undefined;
	const n = row.notice;
	const { currentMark, changedMarks } = await marksSince(db, n);
	if (!n.readAt && n.officerId === actor.userId) await db.update(notices).set({ readAt: ctx.clock() }).where(eq(notices.id, n.id));
	await recordAudit(db, ctx, { action: 'customer.read', areaId: n.areaId, targetType: 'notice', targetIds: [n.id], customerIds: [n.customerId] });
	return { ...row, currentMark, changedMarks, decisions: DECISIONS_FOR[n.kind] };
}

/**
 * The marks in force now for what an absence notice is about. `currentMark` is the mark now in force for
 * the notice's own mark (the same day and, for a coaching meeting, the same meeting: a day may have
 * several meetings). `changedMarks` are the days the notice is about (the day, or the run of a threshold
 * notice) whose mark in force is no longer an unexcused absence: the coach may have corrected them since.
 */
async function marksSince(db: DbOrTx, n: Notice) {
	type Mark = { day: string; status: 'present' | 'absent'; reason: AbsenceReason | null };
	if (!n.attendanceId || (n.kind !== 'unexcused_absence' && n.kind !== 'absence_threshold')) return { currentMark: null, changedMarks: [] as Mark[] };
	const [original] = await db.select({ day: attendance.day, meetingId: attendance.meetingId }).from(attendance).where(eq(attendance.id, n.attendanceId));
	const markColumns = { day: attendance.day, status: attendance.status, reason: attendance.reason };
	const [currentMark] = original
		? await db
				.select(markColumns)
				.from(attendance)
				.where(
					and(
						eq(attendance.participationId, n.participationId),
						eq(attendance.day, original.day),
						sql`${attendance.current}`,
						original.meetingId ? eq(attendance.meetingId, original.meetingId) : isNull(attendance.meetingId)
					)
				)
				.limit(1)
		: [];
	const stillUnexcused = (m: Mark) => m.status === 'absent' && m.reason === 'unexcused';
	const changedMarks =
		n.kind === 'absence_threshold'
			? (
					await db
						.select(markColumns)
						.from(attendance)
						.where(
							and(
								eq(attendance.participationId, n.participationId),
								sql`${attendance.current}`,
								isNull(attendance.meetingId),
								gte(attendance.day, n.fromDay ?? n.day),
								lte(attendance.day, n.day)
							)
						)
						.orderBy(asc(attendance.day))
				).filter((m) => !stillUnexcused(m))
			: currentMark && !stillUnexcused(currentMark)
				? [currentMark]
				: [];
	return { currentMark: currentMark ?? null, changedMarks };
}

export type NoticeError = 'notFound' | 'conflict' | 'decisionNotAllowed' | 'alreadyDecided';

export async function acknowledgeNotice(db: Db, ctx: AuditContext, actor: Actor, noticeId: string, version: number) {
	return db.transaction(async (tx) => {
		const scope = await noticeScopeOf(tx, noticeId);
		if (!scope || !canOnParticipation(actor, 'notice.decide', scope)) return { ok: false, error: 'notFound' } as const;
		const [row] = await tx
			.update(notices)
			.set({ status: 'acknowledged', acknowledgedAt: ctx.clock(), acknowledgedBy: actor.userId, version: sql`${notices.version} + 1` })
			.where(and(eq(notices.id, noticeId), eq(notices.version, version), eq(notices.status, 'open')))
			.returning();
		if (!row) return { ok: false, error: 'conflict' } as const;
		await recordAudit(tx, ctx, { action: 'notice.acknowledge', areaId: row.areaId, targetType: 'notice', targetIds: [row.id], customerIds: [row.customerId] });
		return { ok: true } as const;
	});
}

/**
 * Records the area's decision and comment, tells the provider's coach, and applies what the decision is
 * about through the participation's lifecycle: an approved extension moves the planned end; "continues"
 * reopens an interrupted participation.
 */
export async function decideNotice(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	noticeId: string,
	version: number,
	input: { decision: NoticeDecision; comment: string | null }
): Promise<{ ok: true } | { ok: false; error: NoticeError }> {
	return db.transaction(async (tx) => {
		const [n] = await tx.select().from(notices).where(eq(notices.id, noticeId)).for('update');
		const p = n ? await participationContext(tx, n.participationId, true) : undefined;
		if (!n || !p || !canOnParticipation(actor, 'notice.decide', p)) return { ok: false, error: 'notFound' } as const;
		if (n.version !== version) return { ok: false, error: 'conflict' } as const;
		if (n.status === 'decided') return { ok: false, error: 'alreadyDecided' } as const;
		if (!DECISIONS_FOR[n.kind].includes(input.decision)) return { ok: false, error: 'decisionNotAllowed' } as const;
		const now = ctx.clock();
		await tx
			.update(notices)
			.set({
				status: 'decided',
				decision: input.decision,
				comment: input.comment,
				decidedAt: now,
				decidedBy: actor.userId,
				acknowledgedAt: n.acknowledgedAt ?? now,
				acknowledgedBy: n.acknowledgedBy ?? actor.userId,
				version: n.version + 1
			})
			.where(eq(notices.id, n.id));
		// What the decision is about goes through the participation's lifecycle (and what follows from it).
		const today = helsinkiDate(now);
		if (n.kind === 'extension_request') {
			const approved = input.decision === 'extension_approved';
			await applyTransition(
				tx,
				ctx,
				p,
				approved ? { kind: 'approveExtension', until: n.day, comment: input.comment } : { kind: 'declineExtension', day: today, comment: input.comment }
			);
		}
		if (n.kind === 'interruption' && input.decision === 'participation_continues' && allows(p.status, 'resume')) {
			await applyTransition(tx, ctx, p, { kind: 'resume', day: today, comment: input.comment });
		}
		await recordAudit(tx, ctx, { action: 'notice.decide', areaId: n.areaId, targetType: 'notice', targetIds: [n.id], customerIds: [n.customerId] });
		await markObjectHandled(tx, ctx.clock, n.id, ['notice_new']);
		await notify(tx, ctx.clock, [n.createdBy, p.coachId], 'notice_decided', noticeLink('provider', n.providerId, n.id));
		return { ok: true } as const;
	});
}

/** Notices about one participation (for its page on either side). */
export function noticesOfParticipation(db: DbOrTx, participationId: string) {
	return db
		.select({
			id: notices.id,
			kind: notices.kind,
			status: notices.status,
			day: notices.day,
			fromDay: notices.fromDay,
			dueOn: notices.dueOn,
			decision: notices.decision,
			comment: notices.comment,
			createdAt: notices.createdAt,
			decidedAt: notices.decidedAt
		})
		.from(notices)
		.where(eq(notices.participationId, participationId))
		.orderBy(desc(notices.createdAt));
}

/**
 * Making a notice to the customer's case officer (called by the participation's reactions,
 * `participations/reactions.ts`, in their transaction); the queue, the reads and the area's decisions are
 * in `./service.ts`.
 */
import { and, eq, gte, lte } from 'drizzle-orm';
import { NOTICE_HANDLING_WORKING_DAYS, type NoticeKind } from '$lib/domain/attendance';
import { helsinkiDate } from '$lib/domain/clock';
import { addWorkingDays } from '$lib/domain/working-days';
import { recordAudit, type AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import { notices, type Notice } from '../db/schema';
import { notify } from '../notifications/service';
import type { ParticipationContext } from '../participations/context';

export interface NoticeInput {
	kind: NoticeKind;
	day: string;
	fromDay?: string | null;
	attendanceId?: string | null;
	reason: string | null;
	text: string | null;
}

export function noticeLink(kind: 'area' | 'provider', orgId: string, noticeId: string): string {
	return `/${kind}/${orgId}/notices/${noticeId}`;
}

/**
 * Creates a notice in the caller's transaction and tells the case officer at once (in-app, e-mail without
 * personal data, push). `unlessSameDay` / `unlessWithin` make it once per day or per run of absences.
 */
export async function createNotice(
	tx: DbOrTx,
	ctx: AuditContext,
	p: ParticipationContext,
	input: NoticeInput,
	once: { unlessSameDay?: boolean; unlessWithin?: { first: string; last: string } } = {}
): Promise<Notice | null> {
	const same = [eq(notices.participationId, p.id), eq(notices.kind, input.kind)];
	if (once.unlessSameDay) same.push(eq(notices.day, input.day));
	if (once.unlessWithin) same.push(gte(notices.day, once.unlessWithin.first), lte(notices.day, once.unlessWithin.last));
	if (once.unlessSameDay || once.unlessWithin) {
		const [exists] = await tx
			.select({ id: notices.id })
			.from(notices)
			.where(and(...same))
			.limit(1);
		if (exists) return null;
	}
	const now = ctx.clock();
	const [row] = await tx
		.insert(notices)
		.values({
			areaId: p.areaId,
			providerId: p.providerId!,
			contractId: p.contractId,
			participationId: p.id,
			customerId: p.customerId,
			officerId: p.officerId,
			kind: input.kind,
			day: input.day,
			fromDay: input.fromDay ?? null,
			reason: input.reason,
			text: input.text,
			attendanceId: input.attendanceId ?? null,
			dueOn: addWorkingDays(helsinkiDate(now), NOTICE_HANDLING_WORKING_DAYS),
			createdAt: now,
			createdBy: ctx.userId!
		})
		.returning();
	await recordAudit(tx, ctx, { action: 'notice.create', areaId: p.areaId, targetType: 'notice', targetIds: [row.id], customerIds: [p.customerId] });
	await notify(tx, ctx.clock, [p.officerId], 'notice_new', noticeLink('area', p.areaId, row.id));
	return row;
}

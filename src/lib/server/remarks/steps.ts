/**
 * The steps of a filed quality remark (reklamaatio): the provider's admin answers (explanation, corrective action
 * and its day), the area asks for more or closes it, and may then link a price reduction (reductions.ts puts it
 * on the next invoice). Every step goes through `transitionRemark`: lock, authorise, check the version, ask the
 * state machine (`$lib/domain/remarks`), write the history row and the audit entry, and tell the other side, in
 * one transaction.
 */
import { eq } from 'drizzle-orm';
import { helsinkiDate } from '$lib/domain/clock';
import { nextStatus, type RemarkEventKind, type RemarkStatus, type RemarkStep } from '$lib/domain/remarks';
import { addWorkingDays } from '$lib/domain/working-days';
import type { AuditAction, AuditContext } from '../audit';
import type { Db, Tx } from '../db/client';
import { remarkEvents, remarks, type Remark } from '../db/schema';
import { notify, type NotificationKind } from '../notifications/service';
import { canOnRemark, type Actor, type RemarkAction } from '../policy';
import { auditRemark, providerAnswerers, remarkLink, remarkScopeOf, type RemarkError, type Result } from './access';
import { checkedUpload, storeAttachment, type Upload } from './attachments';

/**
 * One step of a remark, in one transaction: lock the row, let the policy decide `action`, check the version the
 * person saw and that the state machine allows `step` (none for a price reduction), then `change` writes what the
 * step means; its history row, audit entry and notification follow.
 */
async function transitionRemark(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	remarkId: string,
	version: number,
	rule: { action: RemarkAction; step: RemarkStep | null; audit: AuditAction; event: RemarkEventKind; notify: NotificationKind | null },
	change: (tx: Tx, r: Remark, status: RemarkStatus) => Promise<{ set: Partial<Remark>; event: Partial<typeof remarkEvents.$inferInsert> } | RemarkError>,
	attachment: Upload | null = null
): Promise<Result> {
	const upload = await checkedUpload(attachment);
	if (!upload.ok) return upload;
	return db.transaction(async (tx) => {
		const [r] = await tx.select().from(remarks).where(eq(remarks.id, remarkId)).for('update');
		const scope = r ? await remarkScopeOf(tx, r.id) : undefined;
		if (!r || !scope || !canOnRemark(actor, rule.action, scope)) return { ok: false, error: 'notFound' } as const;
		if (r.version !== version) return { ok: false, error: 'remarkConflict' } as const;
		const status = rule.step ? nextStatus(r.status, rule.step) : r.status;
		if (!status) return { ok: false, error: 'remarkStepNotAllowed' } as const;
		const done = await change(tx, r, status);
		if (typeof done === 'string') return { ok: false, error: done } as const;
		const now = ctx.clock();
		await tx
			.update(remarks)
			.set({ ...done.set, status, version: r.version + 1 })
			.where(eq(remarks.id, r.id));
		const [ev] = await tx
			.insert(remarkEvents)
			.values({ ...done.event, remarkId: r.id, kind: rule.event, at: now, by: actor.userId })
			.returning({ id: remarkEvents.id });
		if (upload.doc) await storeAttachment(tx, ctx, r.id, ev.id, upload.doc);
		await auditRemark(tx, ctx, rule.audit, r);
		if (!rule.notify) return { ok: true } as const;
		const toArea = rule.action === 'remark.answer';
		const recipients = toArea ? [r.filedBy] : await providerAnswerers(tx, r, helsinkiDate(now));
		await notify(tx, ctx.clock, recipients, rule.notify, toArea ? remarkLink('area', r.areaId, r.id) : remarkLink('provider', r.providerId, r.id));
		return { ok: true } as const;
	});
}

export interface AnswerInput {
	explanation: string;
	correctiveAction: string;
	correctiveBy: string | null;
	attachment: Upload | null;
}

/** The provider's admin answers (open or more requested → answered); the filer is told. */
export function answerRemark(db: Db, ctx: AuditContext, actor: Actor, remarkId: string, version: number, input: AnswerInput) {
	return transitionRemark(
		db,
		ctx,
		actor,
		remarkId,
		version,
		{ action: 'remark.answer', step: 'answer', audit: 'remark.answer', event: 'answered', notify: 'remark_answered' },
		async (_, r) => ({
			set: { firstAnsweredAt: r.firstAnsweredAt ?? ctx.clock() },
			event: { text: input.explanation, correctiveAction: input.correctiveAction, correctiveBy: input.correctiveBy }
		}),
		input.attachment
	);
}

/** The area asks for more (answered → more requested), with a new deadline in working days from today. */
export function requestMoreOnRemark(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	remarkId: string,
	version: number,
	input: { comment: string; responseDays: number }
) {
	return transitionRemark(
		db,
		ctx,
		actor,
		remarkId,
		version,
		{ action: 'remark.handle', step: 'requestMore', audit: 'remark.request_more', event: 'more_requested', notify: 'remark_more_requested' },
		async () => {
			const dueOn = addWorkingDays(helsinkiDate(ctx.clock()), input.responseDays);
			return { set: { dueOn, responseDays: input.responseDays }, event: { text: input.comment, dueOn } };
		}
	);
}

/** The area accepts the answer and closes the remark (answered → closed). */
export function closeRemark(db: Db, ctx: AuditContext, actor: Actor, remarkId: string, version: number, input: { comment: string | null }) {
	return transitionRemark(
		db,
		ctx,
		actor,
		remarkId,
		version,
		{ action: 'remark.handle', step: 'close', audit: 'remark.close', event: 'closed', notify: 'remark_closed' },
		async () => ({ set: { closedAt: ctx.clock() }, event: { text: input.comment } })
	);
}

/** JYSE 2014: a price reduction for a closed remark (once), billed as a manual line on the contract's next invoice. */
export function setRemarkReduction(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	remarkId: string,
	version: number,
	input: { cents: number; vatRateBp: number; reason: string }
) {
	return transitionRemark(
		db,
		ctx,
		actor,
		remarkId,
		version,
		{ action: 'remark.handle', step: null, audit: 'remark.price_reduction', event: 'price_reduction', notify: null },
		async (_, r, status) => {
			if (status !== 'closed') return 'remarkStepNotAllowed';
			if (r.reductionCents !== null) return 'remarkReductionExists';
			return {
				set: {
					reductionCents: input.cents,
					reductionVatRateBp: input.vatRateBp,
					reductionReason: input.reason,
					reductionAt: ctx.clock(),
					reductionBy: actor.userId
				},
				event: { text: input.reason, amountCents: input.cents }
			};
		}
	);
}

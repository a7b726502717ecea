/**
 * The provider's side of an ARVI: made when a participation ends, written (and autosaved, also from a phone's
 * offline queue) as a working draft, and submitted as a frozen version. Every change is audited in its own
 * transaction.
 */
import { count, eq, sql } from 'drizzle-orm';
import { arviProblems, emptyArvi, type ArviContent, type ArviProblems, type ArviStatus } from '$lib/domain/arvi';
import { helsinkiDate } from '$lib/domain/clock';
import { deadlineAfter } from '$lib/domain/working-days';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { arvis, arviVersions, customers, participations, referrals, users } from '../db/schema';
import { canOnParticipation, type Actor } from '../policy';
import { markObjectHandled, notify } from '../notifications/service';
import type { ParticipationContext } from '../participations/context';
import { arviLink, arviScopeOf, type ArviError } from './access';

/** When a contract names no ARVI deadline: 14 calendar days after the end (the contract form's default). */
const DEFAULT_ARVI_DEADLINE = { days: 14, count: 'calendar' } as const;

/**
 * In the transaction that ends a participation: its ARVI, due the contract's deadline after the last day.
 * A participation that the area let continue after an interruption keeps its ARVI (hidden while it runs);
 * when it ends again, the same ARVI is due again from the new end, as a draft, its earlier versions kept.
 */
export async function createArvi(tx: DbOrTx, ctx: AuditContext, p: ParticipationContext, endDate: string): Promise<string> {
	const [customer] = await tx.select({ language: customers.language }).from(customers).where(eq(customers.id, p.customerId));
	const dueOn = deadlineAfter(endDate, p.deadlines.arvi ?? DEFAULT_ARVI_DEADLINE);
	const [row] = await tx
		.insert(arvis)
		.values({
			participationId: p.id,
			areaId: p.areaId,
			providerId: p.providerId!,
			contractId: p.contractId,
			customerId: p.customerId,
			language: customer.language,
			dueOn,
			content: emptyArvi(),
			createdAt: ctx.clock()
		})
		.onConflictDoUpdate({ target: arvis.participationId, set: { dueOn, status: 'draft', outcome: null, decidedAt: null, version: sql`${arvis.version} + 1` } })
		.returning({ id: arvis.id });
	await recordAudit(tx, ctx, { action: 'arvi.create', areaId: p.areaId, targetType: 'arvi', targetIds: [row.id], customerIds: [p.customerId] });
	return row.id;
}

export interface DraftSave {
	content: ArviContent;
	/** The revision the device's copy was based on. */
	baseRevision: number;
	/** The device (its IndexedDB) and this save's key. */
	device: string;
	key: string;
}

type DraftResult =
	| { ok: true; revision: number; duplicate: boolean }
	| { ok: false; error: 'notFound' | 'notEditable' }
	| { ok: false; error: 'conflict'; current: { revision: number; content: ArviContent; savedAt: string | null; savedByName: string | null } };

const EDITABLE: readonly ArviStatus[] = ['draft', 'returned'];

/**
 * Saves the working draft. A save based on an older revision is a conflict only when that revision came
 * from another device (the same device's saves arrive in order from its queue); the device then offers to
 * load the newer text or to keep its own (which it sends again on top of the newer revision). A save
 * already applied (same key) is answered as a duplicate.
 */
export async function saveArviDraft(db: Db, ctx: AuditContext, actor: Actor, arviId: string, save: DraftSave): Promise<DraftResult> {
	return db.transaction(async (tx) => {
		const scope = await arviScopeOf(tx, arviId, true);
		if (!scope || !canOnParticipation(actor, 'arvi.write', scope)) return { ok: false, error: 'notFound' } as const;
		const [row] = await tx
			.select({
				revision: arvis.draftRevision,
				device: arvis.draftDevice,
				key: arvis.draftKey,
				content: arvis.content,
				savedAt: arvis.draftSavedAt,
				savedByName: users.name
			})
			.from(arvis)
			.leftJoin(users, eq(arvis.draftSavedBy, users.id))
			.where(eq(arvis.id, arviId));
		if (row.key === save.key) return { ok: true, revision: row.revision, duplicate: true } as const;
		if (!EDITABLE.includes(scope.status) || !scope.ended) return { ok: false, error: 'notEditable' } as const;
		if (save.baseRevision !== row.revision && row.device !== save.device) {
			return {
				ok: false,
				error: 'conflict',
				current: { revision: row.revision, content: row.content, savedAt: row.savedAt?.toISOString() ?? null, savedByName: row.savedByName }
			} as const;
		}
		const revision = row.revision + 1;
		await tx
			.update(arvis)
			.set({
				content: save.content,
				draftRevision: revision,
				draftDevice: save.device,
				draftKey: save.key,
				draftSavedAt: ctx.clock(),
				draftSavedBy: actor.userId
			})
			.where(eq(arvis.id, arviId));
		await recordAudit(tx, ctx, { action: 'arvi.draftSave', areaId: scope.areaId, targetType: 'arvi', targetIds: [arviId], customerIds: [scope.customerId] });
		return { ok: true, revision, duplicate: false } as const;
	});
}

/** The participation's own days, for the completeness rules. */
async function periodOf(db: DbOrTx, participationId: string) {
	const [p] = await db
		.select({ startDate: participations.startDate, endDate: participations.endDate })
		.from(participations)
		.where(eq(participations.id, participationId));
	return { startDate: p.startDate, endDate: p.endDate ?? p.startDate };
}

type SubmitResult =
	{ ok: true; number: number } | { ok: false; error: Exclude<ArviError, 'incomplete'> } | { ok: false; error: 'incomplete'; problems: ArviProblems };

/**
 * Submits the content as the next version, if it is complete (`arviProblems`), and tells the customer's
 * case officer. `version` is the ARVI's version the person's page showed: a return or acceptance in
 * between makes it stale. Nothing is saved when it is refused.
 */
export async function submitArvi(db: Db, ctx: AuditContext, actor: Actor, arviId: string, version: number, content: ArviContent): Promise<SubmitResult> {
	return db.transaction(async (tx) => {
		const scope = await arviScopeOf(tx, arviId, true);
		if (!scope || !canOnParticipation(actor, 'arvi.write', scope)) return { ok: false, error: 'notFound' } as const;
		if (scope.version !== version) return { ok: false, error: 'stale' } as const;
		if (!EDITABLE.includes(scope.status) || !scope.ended) return { ok: false, error: 'wrongStatus' } as const;
		const now = ctx.clock();
		const problems = arviProblems(content, { ...(await periodOf(tx, scope.participationId)), today: helsinkiDate(now) });
		if (Object.keys(problems).length) return { ok: false, error: 'incomplete', problems } as const;
		const [{ n }] = await tx.select({ n: count() }).from(arviVersions).where(eq(arviVersions.arviId, arviId));
		const number = n + 1;
		await tx.insert(arviVersions).values({ arviId, number, content, submittedAt: now, submittedBy: actor.userId });
		await tx
			.update(arvis)
			// No device owns the submitted text: a later save from any device on an older revision is a conflict.
			.set({
				status: 'submitted',
				content,
				submittedAt: now,
				draftRevision: sql`${arvis.draftRevision} + 1`,
				draftDevice: null,
				draftKey: null,
				draftSavedAt: now,
				draftSavedBy: actor.userId,
				version: sql`${arvis.version} + 1`
			})
			.where(eq(arvis.id, arviId));
		await recordAudit(tx, ctx, { action: 'arvi.submit', areaId: scope.areaId, targetType: 'arvi', targetIds: [arviId], customerIds: [scope.customerId] });
		const [officer] = await tx
			.select({ id: referrals.officerId })
			.from(participations)
			.innerJoin(referrals, eq(participations.referralId, referrals.id))
			.where(eq(participations.id, scope.participationId));
		await markObjectHandled(tx, ctx.clock, arviId, ['arvi_returned']);
		await notify(tx, ctx.clock, [officer.id], 'arvi_submitted', arviLink('area', scope.areaId, arviId));
		return { ok: true, number } as const;
	});
}

/**
 * The area's side of an ARVI: the case officer returns the submitted version with a comment or accepts it.
 * The decision is audited in its own transaction and the provider is told.
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { EndSituation } from '$lib/domain/arvi';
import { recordAudit, type AuditContext } from '../audit';
import type { Db } from '../db/client';
import { arvis, arviVersions, participations } from '../db/schema';
import { canOnParticipation, type Actor } from '../policy';
import { markObjectHandled, notify } from '../notifications/service';
import { arviLink, arviScopeOf, canReadArvi, type ArviError } from './access';

type Decision = { kind: 'return'; comment: string } | { kind: 'accept'; comment: string | null };

/**
 * The case officer's decision on the submitted version: returned to the provider with a comment (the
 * provider edits and submits again; the returned version stays as it was) or accepted (its situation at
 * the end becomes the ARVI's outcome). Exactly one of two simultaneous decisions happens.
 */
export async function decideArvi(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	arviId: string,
	version: number,
	d: Decision
): Promise<{ ok: true } | { ok: false; error: ArviError }> {
	return db.transaction(async (tx) => {
		const scope = await arviScopeOf(tx, arviId, true);
		if (!scope || !canReadArvi(actor, scope) || !canOnParticipation(actor, 'arvi.review', scope)) return { ok: false, error: 'notFound' } as const;
		if (scope.version !== version) return { ok: false, error: 'stale' } as const;
		if (scope.status !== 'submitted') return { ok: false, error: 'wrongStatus' } as const;
		const now = ctx.clock();
		const [latest] = await tx.select().from(arviVersions).where(eq(arviVersions.arviId, arviId)).orderBy(desc(arviVersions.number)).limit(1);
		const accepted = d.kind === 'accept';
		await tx
			.update(arviVersions)
			.set({ decision: accepted ? 'accepted' : 'returned', comment: d.comment, decidedAt: now, decidedBy: actor.userId })
			.where(eq(arviVersions.id, latest.id));
		await tx
			.update(arvis)
			.set({
				status: accepted ? 'accepted' : 'returned',
				outcome: accepted ? (latest.content.situation as EndSituation) : null,
				decidedAt: now,
				version: sql`${arvis.version} + 1`
			})
			.where(eq(arvis.id, arviId));
		await recordAudit(tx, ctx, {
			action: accepted ? 'arvi.accept' : 'arvi.return',
			areaId: scope.areaId,
			targetType: 'arvi',
			targetIds: [arviId],
			customerIds: [scope.customerId]
		});
		const [coach] = await tx.select({ id: participations.coachId }).from(participations).where(eq(participations.id, scope.participationId));
		await markObjectHandled(tx, ctx.clock, arviId, ['arvi_submitted']);
		await notify(tx, ctx.clock, [coach.id, latest.submittedBy], accepted ? 'arvi_accepted' : 'arvi_returned', arviLink('provider', scope.providerId!, arviId));
		return { ok: true } as const;
	});
}

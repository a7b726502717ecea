/**
 * What every change of a remark shares: the facts the policy decides it on, who on the provider's side is told
 * (and the link they get), its audit entry, and the refusals the changes (filing.ts, steps.ts) return.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit, type AuditAction, type AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import type { DocumentError } from '../documents';
import { assignments, memberships, remarks, type Remark } from '../db/schema';
import type { RemarkScope } from '../policy';
import { consentRevokedSql } from '../policy/scope';

export type RemarkError = 'notFound' | 'remarkConflict' | 'remarkStepNotAllowed' | 'remarkReductionExists' | 'remarkCohortMismatch' | DocumentError;
export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: RemarkError };

export function remarkLink(kind: 'area' | 'provider', orgId: string, remarkId: string): string {
	return `/${kind}/${orgId}/remarks/${remarkId}`;
}

const scopeColumns = {
	id: remarks.id,
	areaId: remarks.areaId,
	providerId: remarks.providerId,
	contractId: remarks.contractId,
	cohortId: remarks.cohortId,
	participationId: remarks.participationId,
	customerId: remarks.customerId,
	consentRevoked: consentRevokedSql(remarks.customerId)
};

/** What the policy decides a remark on, without its content. */
export async function remarkScopeOf(db: DbOrTx, remarkId: string): Promise<(RemarkScope & { id: string; customerId: string | null }) | undefined> {
	const [r] = await db.select(scopeColumns).from(remarks).where(eq(remarks.id, remarkId));
	return r ? { ...r, consentRevoked: !!r.participationId && !!r.consentRevoked } : undefined;
}

/** The provider's admins who may answer the remark (a remark about a customer: only those whose assignment covers them). */
export async function providerAnswerers(tx: DbOrTx, r: Remark, today: string): Promise<string[]> {
	const admins = await tx
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.organisationId, r.providerId), eq(memberships.role, 'provider_admin')));
	if (!r.participationId) return admins.map((a) => a.userId);
	if (admins.length === 0) return [];
	const covered = await tx
		.selectDistinct({ userId: assignments.userId })
		.from(assignments)
		.where(
			and(
				inArray(
					assignments.userId,
					admins.map((a) => a.userId)
				),
				eq(assignments.providerId, r.providerId),
				eq(assignments.areaId, r.areaId),
				sql`(${assignments.contractId} is null or ${assignments.contractId} = ${r.contractId})`,
				sql`(${assignments.cohortId} is null or ${assignments.cohortId} = ${r.cohortId})`,
				sql`${assignments.validFrom} <= ${today}::date and ${assignments.validUntil} >= ${today}::date`
			)
		);
	return covered.map((c) => c.userId);
}

/** The audit entry of a remark's change (its customer, if it is about one). */
export function auditRemark(tx: DbOrTx, ctx: AuditContext, action: AuditAction, r: Pick<Remark, 'id' | 'areaId' | 'customerId'>) {
	return recordAudit(tx, ctx, { action, areaId: r.areaId, targetType: 'remark', targetIds: [r.id], customerIds: r.customerId ? [r.customerId] : [] });
}

/** The area's invoice approvers and their own limits: invoices above an approver's limit need another approver. */
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { approvalLimits, memberships, users } from '../db/schema';

/** The area's invoice approvers and their own limits (null = no limit). */
export async function approverLimits(db: DbOrTx, areaId: string) {
	return db
		.select({ userId: memberships.userId, name: users.name, maxCents: approvalLimits.maxCents })
		.from(memberships)
		.innerJoin(users, eq(memberships.userId, users.id))
		.leftJoin(approvalLimits, and(eq(approvalLimits.areaId, memberships.organisationId), eq(approvalLimits.userId, memberships.userId)))
		.where(and(eq(memberships.organisationId, areaId), eq(memberships.role, 'invoice_approver'), eq(users.active, true)))
		.orderBy(asc(users.name));
}

/** Sets (or, with null, removes) an approver's limit in the area; only for the area's own approvers. */
export async function setApprovalLimit(db: Db, ctx: AuditContext, areaId: string, userId: string, maxCents: number | null): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [approver] = await tx
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(and(eq(memberships.organisationId, areaId), eq(memberships.userId, userId), eq(memberships.role, 'invoice_approver')));
		if (!approver) return false;
		if (maxCents === null) await tx.delete(approvalLimits).where(and(eq(approvalLimits.areaId, areaId), eq(approvalLimits.userId, userId)));
		else
			await tx
				.insert(approvalLimits)
				.values({ areaId, userId, maxCents })
				.onConflictDoUpdate({ target: [approvalLimits.areaId, approvalLimits.userId], set: { maxCents } });
		await recordAudit(tx, ctx, { action: 'invoice.approval_limit', areaId, targetType: 'user', targetIds: [userId] });
		return true;
	});
}

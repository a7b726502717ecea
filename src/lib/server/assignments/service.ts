import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { addDays } from '$lib/domain/clock';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { assignments, cohorts, contracts, memberships, users } from '../db/schema';
import type { AssignmentInput } from '$lib/forms/assignments';

export type { AssignmentInput };

/** The provider's assignments that have not ended, with names; scoped to the provider in SQL. */
export async function listAssignments(db: DbOrTx, providerId: string, today: string) {
	return db
		.select({
			id: assignments.id,
			userName: users.name,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			cohortName: cohorts.name,
			validFrom: assignments.validFrom,
			validUntil: assignments.validUntil
		})
		.from(assignments)
		.innerJoin(users, eq(assignments.userId, users.id))
		.leftJoin(contracts, eq(assignments.contractId, contracts.id))
		.leftJoin(cohorts, eq(assignments.cohortId, cohorts.id))
		.where(and(eq(assignments.providerId, providerId), gte(assignments.validUntil, today)))
		.orderBy(asc(users.name), asc(assignments.validFrom));
}

export type AssignmentError = 'notMember' | 'contractNotFound' | 'cohortNotFound' | 'notFound';

/**
 * The provider admin assigns one of their own people to one of their own contracts (and cohort) for a
 * period; access to the customers of that contract follows the assignment and ends with it.
 */
export async function createAssignment(
	db: Db,
	ctx: AuditContext,
	providerId: string,
	input: AssignmentInput
): Promise<{ ok: true } | { ok: false; error: AssignmentError }> {
	return db.transaction(async (tx) => {
		const member = await tx
			.select({ id: memberships.id })
			.from(memberships)
			.where(and(eq(memberships.userId, input.userId), eq(memberships.organisationId, providerId)));
		if (member.length === 0) return { ok: false, error: 'notMember' } as const;
		const [contract] = await tx
			.select({ id: contracts.id, areaId: contracts.areaId })
			.from(contracts)
			.where(and(eq(contracts.id, input.contractId), eq(contracts.providerId, providerId)));
		if (!contract) return { ok: false, error: 'contractNotFound' } as const;
		if (input.cohortId) {
			const cohort = await tx
				.select({ id: cohorts.id })
				.from(cohorts)
				.where(and(eq(cohorts.id, input.cohortId), eq(cohorts.contractId, contract.id)));
			if (cohort.length === 0) return { ok: false, error: 'cohortNotFound' } as const;
		}
		const [row] = await tx
			.insert(assignments)
			.values({ ...input, providerId, areaId: contract.areaId })
			.returning({ id: assignments.id });
		await recordAudit(tx, ctx, {
			action: 'assignment.create',
			areaId: contract.areaId,
			targetType: 'assignment',
			targetIds: [row.id, input.userId, contract.id]
		});
		return { ok: true } as const;
	});
}

/** Ends an assignment today (it stays in history); one that has not started yet is removed. */
export async function endAssignment(db: Db, ctx: AuditContext, providerId: string, assignmentId: string, today: string) {
	return db.transaction(async (tx) => {
		const [a] = await tx
			.select()
			.from(assignments)
			.where(and(eq(assignments.id, assignmentId), eq(assignments.providerId, providerId)))
			.for('update');
		if (!a) return { ok: false, error: 'notFound' } as const;
		if (a.validFrom >= today) await tx.delete(assignments).where(eq(assignments.id, a.id));
		else
			await tx
				.update(assignments)
				.set({ validUntil: sql`least(${assignments.validUntil}, ${addDays(today, -1)}::date)` })
				.where(eq(assignments.id, a.id));
		await recordAudit(tx, ctx, { action: 'assignment.end', areaId: a.areaId, targetType: 'assignment', targetIds: [a.id, a.userId] });
		return { ok: true } as const;
	});
}

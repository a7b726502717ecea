import { and, eq, gte, lte } from 'drizzle-orm';
import { isRole, type Role } from '$lib/domain/roles';
import type { DbOrTx } from '../db/client';
import { assignments, memberships, organisations } from '../db/schema';
import type { Actor, ActorMembership } from '../policy';

/** Builds the actor: memberships with their roles, and only the assignments valid on `today`. */
export async function loadActor(db: DbOrTx, userId: string, today: string): Promise<Actor> {
	const [rows, valid] = await Promise.all([
		db
			.select({
				organisationId: memberships.organisationId,
				role: memberships.role,
				kind: organisations.kind,
				name: organisations.name,
				nameSv: organisations.nameSv
			})
			.from(memberships)
			.innerJoin(organisations, eq(memberships.organisationId, organisations.id))
			.where(eq(memberships.userId, userId))
			.orderBy(organisations.name),
		db
			.select({
				providerId: assignments.providerId,
				areaId: assignments.areaId,
				contractId: assignments.contractId,
				cohortId: assignments.cohortId,
				validFrom: assignments.validFrom,
				validUntil: assignments.validUntil
			})
			.from(assignments)
			.where(
				and(
					eq(assignments.userId, userId),
					lte(assignments.validFrom, today),
					gte(assignments.validUntil, today)
				)
			)
	]);
	const byOrg = new Map<string, ActorMembership>();
	for (const r of rows) {
		if (!isRole(r.role)) continue;
		const m = byOrg.get(r.organisationId) ?? {
			organisationId: r.organisationId,
			kind: r.kind,
			name: r.name,
			nameSv: r.nameSv,
			roles: [] as Role[]
		};
		m.roles.push(r.role);
		byOrg.set(r.organisationId, m);
	}
	return { userId, memberships: [...byOrg.values()], assignments: valid, today };
}

export function actorRoles(actor: Actor): Role[] {
	return actor.memberships.flatMap((m) => m.roles);
}

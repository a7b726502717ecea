import { and, eq, gte, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { assignments, contracts } from '../db/schema';
import { hasRole, membershipIn, type Actor } from './index';

/**
 * The contracts an actor sees in one of their organisations, as a SQL condition (never filtered in
 * memory). Mirrors `canOnContract`: area staff see their area's contracts; provider admins and finance
 * their organisation's; other provider staff those their assignments valid today cover.
 */
export function contractListScope(actor: Actor, organisationId: string): SQL {
	const m = membershipIn(actor, organisationId);
	if (!m || m.kind === 'platform') return sql`false`;
	if (m.kind === 'area') return eq(contracts.areaId, organisationId);
	if (hasRole(actor, organisationId, 'provider_admin', 'finance')) return eq(contracts.providerId, organisationId);
	return and(
		eq(contracts.providerId, organisationId),
		sql`exists (select 1 from ${assignments} where ${and(
				eq(assignments.userId, actor.userId),
				eq(assignments.providerId, contracts.providerId),
				eq(assignments.areaId, contracts.areaId),
				or(isNull(assignments.contractId), eq(assignments.contractId, contracts.id)),
				lte(assignments.validFrom, actor.today),
				gte(assignments.validUntil, actor.today)
			)})`
	) as SQL;
}

/**
 * The participation's read model: what access and the rules depend on (its scope, status, dates, the
 * contract's deadlines and thresholds, the case officer and coach). Every module that acts on a
 * participation reads it through here.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { ParticipationStatus } from '$lib/domain/attendance';
import { anyOf, type DbOrTx } from '../db/client';
import { contracts, participations, referrals } from '../db/schema';
import type { CustomerScope } from '../policy';
import { consentRevokedSql } from '../policy/scope';

/** A participation with what access and the rules depend on. */
export interface ParticipationContext extends CustomerScope {
	id: string;
	customerId: string;
	contractId: string;
	status: ParticipationStatus;
	startDate: string;
	plannedEndDate: string | null;
	endDate: string | null;
	contractStart: string;
	contractEnd: string;
	officerId: string;
	coachId: string;
	version: number;
	deadlines: Record<string, { days: number; count: 'working' | 'calendar' }>;
	unexcusedThreshold: number | null;
}

const participationColumns = {
	id: participations.id,
	customerId: participations.customerId,
	contractId: participations.contractId,
	cohortId: participations.cohortId,
	status: participations.status,
	startDate: participations.startDate,
	plannedEndDate: participations.plannedEndDate,
	endDate: participations.endDate,
	coachId: participations.coachId,
	version: participations.version,
	areaId: contracts.areaId,
	providerId: contracts.providerId,
	contractStart: contracts.startDate,
	contractEnd: contracts.endDate,
	deadlines: contracts.deadlines,
	unexcusedThreshold: contracts.unexcusedThreshold,
	officerId: referrals.officerId,
	consentRevoked: consentRevokedSql(participations.customerId)
};

/** Participations with their scope; with `lock`, their rows are locked in id order (no deadlocks between batches). */
export async function participationContexts(db: DbOrTx, ids: string[], lock = false): Promise<Map<string, ParticipationContext>> {
	if (ids.length === 0) return new Map();
	const q = db
		.select(participationColumns)
		.from(participations)
		.innerJoin(contracts, eq(participations.contractId, contracts.id))
		.innerJoin(referrals, eq(participations.referralId, referrals.id))
		.where(sql`${participations.id} = ${anyOf([...new Set(ids)], 'uuid')}`)
		.orderBy(asc(participations.id));
	const rows = await (lock ? q.for('update', { of: participations }).prepare('participations_lock') : q.prepare('participations')).execute();
	return new Map(rows.map((r) => [r.id, r]));
}

/** One participation's context (`lock`: its row locked for the rest of the transaction), or undefined. */
export async function participationContext(db: DbOrTx, id: string, lock = false): Promise<ParticipationContext | undefined> {
	return (await participationContexts(db, [id], lock)).get(id);
}

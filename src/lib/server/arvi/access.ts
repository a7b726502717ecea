/**
 * What access to an ARVI depends on (its participation's scope, whether it has been submitted), who may read it,
 * the refusals its changes (drafts.ts, decisions.ts) return, and the link a notification about it carries.
 */
import { eq, sql } from 'drizzle-orm';
import type { ArviStatus } from '$lib/domain/arvi';
import type { DbOrTx } from '../db/client';
import { arvis, participations } from '../db/schema';
import { canOnParticipation, type Actor, type CustomerScope } from '../policy';
import { consentRevokedSql } from '../policy/scope';

interface ArviScope extends CustomerScope {
	id: string;
	participationId: string;
	customerId: string;
	status: ArviStatus;
	submitted: boolean;
	/** The participation has ended (it may have been resumed after an interruption). */
	ended: boolean;
	version: number;
}

const scopeColumns = {
	id: arvis.id,
	participationId: arvis.participationId,
	customerId: arvis.customerId,
	areaId: arvis.areaId,
	providerId: arvis.providerId,
	contractId: arvis.contractId,
	cohortId: participations.cohortId,
	status: arvis.status,
	submitted: sql<boolean>`${arvis.submittedAt} is not null`,
	ended: sql<boolean>`${participations.status} in ('completed', 'interrupted')`,
	version: arvis.version,
	consentRevoked: consentRevokedSql(arvis.customerId)
};

/** What access to an ARVI depends on (the participation's scope), or undefined. */
export async function arviScopeOf(db: DbOrTx, arviId: string, lock = false): Promise<ArviScope | undefined> {
	const q = db.select(scopeColumns).from(arvis).innerJoin(participations, eq(arvis.participationId, participations.id)).where(eq(arvis.id, arviId));
	const [row] = lock ? await q.for('update', { of: arvis }) : await q;
	return row;
}

/**
 * May the actor read this ARVI at all? Provider staff who cover the participation read it from the start;
 * the area's staff only once it has been submitted (a draft is the provider's unfinished work).
 */
export function canReadArvi(actor: Actor, a: ArviScope): boolean {
	if (canOnParticipation(actor, 'arvi.write', a)) return true;
	return a.submitted && canOnParticipation(actor, 'arvi.review', a);
}

export type ArviError = 'notFound' | 'notEditable' | 'conflict' | 'stale' | 'wrongStatus' | 'incomplete';

export function arviLink(side: 'area' | 'provider', orgId: string, arviId: string): string {
	return `/${side}/${orgId}/arvi/${arviId}`;
}

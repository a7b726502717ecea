/**
 * Reading ARVIs: one for its page (audited), an organisation's list (scoped in SQL, the customers shown
 * audited) and its condition, which the home page's counts share, the outcome figures per contract, and a
 * participation's ARVI as a link. The changes are in drafts.ts (the provider's) and decisions.ts (the area's).
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { paged, pageWindow } from '$lib/paging';
import { END_SITUATIONS, type ArviStatus, type EndSituation } from '$lib/domain/arvi';
import { recordAudit, recordCustomerList, type AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import { arvis, arviVersions, attendance, contracts, customers, organisations, participations, users } from '../db/schema';
import { canOnParticipation, membershipIn, type Actor } from '../policy';
import { arviListScope, valuesOf, type ScopeValues } from '../policy/scope';
import { arviScopeOf, canReadArvi } from './access';

/**
 * One ARVI for its page, as the actor may see it: the working draft for the provider, the submitted
 * versions for both, and what the records say was done (days present, meetings held). Audited.
 */
export async function getArvi(db: DbOrTx, ctx: AuditContext, actor: Actor, arviId: string) {
	const scope = await arviScopeOf(db, arviId);
	if (!scope || !canReadArvi(actor, scope)) return undefined;
	const [row] = await db
		.select({
			arvi: arvis,
			customerName: customers.name,
			customerNumber: customers.customerNumber,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			providerName: organisations.name,
			coachName: users.name,
			participationStatus: participations.status,
			startDate: participations.startDate,
			endDate: participations.endDate,
			endReason: participations.endReason
		})
		.from(arvis)
		.innerJoin(participations, eq(arvis.participationId, participations.id))
		.innerJoin(customers, eq(arvis.customerId, customers.id))
		.innerJoin(contracts, eq(arvis.contractId, contracts.id))
		.innerJoin(organisations, eq(arvis.providerId, organisations.id))
		.innerJoin(users, eq(participations.coachId, users.id))
		.where(eq(arvis.id, arviId));
	const submitter = sql<string>`(select name from users u where u.id = ${arviVersions.submittedBy})`;
	const decider = sql<string | null>`(select name from users u where u.id = ${arviVersions.decidedBy})`;
	const versions = await db
		.select({
			number: arviVersions.number,
			content: arviVersions.content,
			submittedAt: arviVersions.submittedAt,
			submittedByName: submitter,
			decision: arviVersions.decision,
			comment: arviVersions.comment,
			decidedAt: arviVersions.decidedAt,
			decidedByName: decider
		})
		.from(arviVersions)
		.where(eq(arviVersions.arviId, arviId))
		.orderBy(desc(arviVersions.number));
	const [facts] = await db
		.select({
			daysPresent: sql<number>`count(*) filter (where ${attendance.meetingId} is null and ${attendance.status} = 'present')::int`,
			meetingsHeld: sql<number>`count(*) filter (where ${attendance.meetingId} is not null and ${attendance.status} = 'present')::int`
		})
		.from(attendance)
		.where(and(eq(attendance.participationId, scope.participationId), sql`${attendance.current}`));
	await recordAudit(db, ctx, { action: 'customer.read', areaId: scope.areaId, targetType: 'arvi', targetIds: [arviId], customerIds: [scope.customerId] });
	return {
		...row,
		scope,
		versions,
		facts,
		canWrite: canOnParticipation(actor, 'arvi.write', scope),
		canReview: canOnParticipation(actor, 'arvi.review', scope)
	};
}

interface ArviFilters {
	status?: ArviStatus;
	/** Not yet submitted (draft, or returned) and past the due day. */
	overdueOnly?: boolean;
	/** The provider's coach: only participations where they are the coach. */
	mine?: boolean;
}

/** The list's condition (scope and filters; the query joins `participations`): the list and the home page's counts share it. */
export function arviListWhere(actor: Actor, organisationId: string, f: ArviFilters, values: ScopeValues = valuesOf(actor, organisationId)): SQL | undefined {
	// A participation resumed after an interruption has no ARVI due until it ends again.
	const where: (SQL | undefined)[] = [arviListScope(actor, organisationId, values), inArray(participations.status, ['completed', 'interrupted'])];
	if (f.status) where.push(eq(arvis.status, f.status));
	if (f.overdueOnly) where.push(inArray(arvis.status, ['draft', 'returned']), sql`${arvis.dueOn} < ${values.today}`);
	if (f.mine) where.push(eq(participations.coachId, values.userId));
	return and(...where);
}

/** ARVIs of an organisation, scoped in SQL, most urgent first; the customers shown are audited. */
export async function listArvis(db: DbOrTx, ctx: AuditContext, actor: Actor, organisationId: string, f: ArviFilters, page = 1) {
	const { limit, offset } = pageWindow(page);
	const where = arviListWhere(actor, organisationId, f);
	const rows = await db
		.select({
			id: arvis.id,
			status: arvis.status,
			dueOn: arvis.dueOn,
			submittedAt: arvis.submittedAt,
			language: arvis.language,
			customerId: arvis.customerId,
			areaId: arvis.areaId,
			customerName: customers.name,
			contractNumber: contracts.contractNumber,
			endDate: participations.endDate,
			coachName: users.name,
			providerName: organisations.name
		})
		.from(arvis)
		.innerJoin(participations, eq(arvis.participationId, participations.id))
		.innerJoin(customers, eq(arvis.customerId, customers.id))
		.innerJoin(contracts, eq(arvis.contractId, contracts.id))
		.innerJoin(users, eq(participations.coachId, users.id))
		.innerJoin(organisations, eq(arvis.providerId, organisations.id))
		.where(where)
		// Work waiting first: for the provider returned ones and drafts, for the area submitted ones.
		.orderBy(
			asc(
				membershipIn(actor, organisationId)?.kind === 'area'
					? sql`case ${arvis.status} when 'submitted' then 0 when 'returned' then 1 else 2 end`
					: sql`case ${arvis.status} when 'returned' then 0 when 'draft' then 1 when 'submitted' then 2 else 3 end`
			),
			asc(arvis.dueOn),
			asc(arvis.id)
		)
		.limit(limit)
		.offset(offset);
	const shown = paged(rows, page);
	await recordCustomerList(db, ctx, 'arvi', shown.rows);
	return {
		rows: shown.rows.map((r) => ({ ...r, overdue: (r.status === 'draft' || r.status === 'returned') && r.dueOn < actor.today })),
		paging: shown.paging
	};
}

type Outcomes = Record<EndSituation, number> & { total: number };

/**
 * Outcome figures per contract: how many accepted ARVIs ended employed, in training, as job seekers or
 * otherwise. Counts only (no customer data); the contract page shows them.
 */
export async function arviOutcomes(db: DbOrTx, contractIds: string[]): Promise<Map<string, Outcomes>> {
	const out = new Map<string, Outcomes>();
	if (contractIds.length === 0) return out;
	const rows = await db
		.select({ contractId: arvis.contractId, outcome: arvis.outcome, n: count() })
		.from(arvis)
		.where(and(inArray(arvis.contractId, contractIds), eq(arvis.status, 'accepted')))
		.groupBy(arvis.contractId, arvis.outcome);
	for (const id of contractIds) out.set(id, { ...(Object.fromEntries(END_SITUATIONS.map((s) => [s, 0])) as Record<EndSituation, number>), total: 0 });
	for (const r of rows) {
		const o = out.get(r.contractId)!;
		if (r.outcome) o[r.outcome] += r.n;
		o.total += r.n;
	}
	return out;
}

/** The ARVI of a participation as a link for its page: the area's side sees it only once submitted. */
export async function arviOfParticipation(db: DbOrTx, participationId: string, side: 'area' | 'provider') {
	const [row] = await db
		.select({ id: arvis.id, status: arvis.status, submittedAt: arvis.submittedAt })
		.from(arvis)
		.where(eq(arvis.participationId, participationId));
	return row && (side === 'provider' || row.submittedAt) ? { id: row.id, status: row.status } : null;
}

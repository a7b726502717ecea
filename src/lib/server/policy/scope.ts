import { and, eq, gte, isNotNull, isNull, lte, or, sql, type Column, type Placeholder, type SQL } from 'drizzle-orm';
import {
	arvis,
	assignments,
	cohorts,
	consents,
	contracts,
	customers,
	feedbackAnswers,
	feedbackInvitations,
	invoices,
	notices,
	participations,
	referrals,
	remarks
} from '../db/schema';
import { canInOrg, hasRole, membershipIn, type Actor } from './index';

/** Which of `contractListScope`'s shapes applies to the actor in the organisation: a statement is prepared per shape. */
export function contractScopeKind(actor: Actor, organisationId: string): 'none' | 'area' | 'provider' | 'assigned' {
	const m = membershipIn(actor, organisationId);
	if (!m || m.kind === 'platform') return 'none';
	// Auditors read the log, not contracts (as canOnContract says).
	if (m.kind === 'area') return m.roles.some((r) => r !== 'auditor') ? 'area' : 'none';
	return hasRole(actor, organisationId, 'provider_admin', 'finance') ? 'provider' : 'assigned';
}

/**
 * The contracts an actor sees in one of their organisations, as a SQL condition (never filtered in
 * memory). Mirrors `canOnContract`: area staff (not auditors) see their area's contracts; provider admins and finance
 * their organisation's; other provider staff those their assignments valid today cover.
 */
export function contractListScope(actor: Actor, organisationId: string, values: ScopeValues = valuesOf(actor, organisationId)): SQL {
	switch (contractScopeKind(actor, organisationId)) {
		case 'none':
			return sql`false`;
		case 'area':
			return eq(contracts.areaId, values.organisationId);
		case 'provider':
			return eq(contracts.providerId, values.organisationId);
		case 'assigned':
			return and(
				eq(contracts.providerId, values.organisationId),
				coveringAssignmentExists(values, { providerId: contracts.providerId, areaId: contracts.areaId, contractId: contracts.id })
			) as SQL;
	}
}

/**
 * Is a consent of this customer in force (recorded and not revoked)? A referral records one; revoking ends
 * every one of the customer's consents, and with them the provider's access (`CustomerScope.consentRevoked`).
 */
export function consentInForce(customerId: Column | SQL): SQL {
	return sql`exists (select 1 from ${consents} where ${consents.customerId} = ${customerId} and ${consents.revokedOn} is null)`;
}

/** The SQL twin of `CustomerScope.consentRevoked`, for the loaders of a scope. */
export const consentRevokedSql = (customerId: Column | SQL) => sql<boolean>`not ${consentInForce(customerId)}`;

/** The area's own customer with this id (a customer of another area is not there at all). */
export function customerOfArea(actor: Actor, areaId: string): SQL {
	return hasRole(actor, areaId, 'area_admin', 'case_officer') ? eq(customers.areaId, areaId) : sql`false`;
}

/**
 * The values a scope compares rows with: the actor's own (the default), or placeholders of a prepared
 * statement that is executed with them. The scope's shape is still the policy's decision on the actor.
 */
export interface ScopeValues {
	userId: string | Placeholder;
	organisationId: string | Placeholder;
	today: string | Placeholder;
}
/**
 * The placeholders of a statement prepared once per scope shape, named as `ScopeValues`' keys: such a statement is
 * executed with `valuesOf(actor, organisationId)` (and its own values).
 */
export const SCOPE_PLACEHOLDERS: ScopeValues = {
	userId: sql.placeholder('userId'),
	organisationId: sql.placeholder('organisationId'),
	today: sql.placeholder('today')
};

/** The actor's own values (a statement built for one request); a prepared one passes placeholders instead. */
export const valuesOf = (actor: Actor, organisationId: string): ScopeValues => ({ userId: actor.userId, organisationId, today: actor.today });

/**
 * SQL twin of `coveredByAssignment`: one of the actor's assignments valid today covers the row's provider,
 * area, contract and (when given) cohort. An assignment without a contract/cohort covers all of them.
 *
 * Written as one `(…) in (the actor's assignments of that shape)` per shape of assignment (provider-wide, a
 * contract, a cohort, both) rather than one `exists` that matches the row's columns: the sets do not depend on the
 * row, so PostgreSQL reads each once per statement and tests every row against it in a hash table ("hashed
 * SubPlan"), where the `exists` searched the actor's assignments again for every row a list or Today shows (issue
 * 22). A row with no cohort matches no cohort's set (null, read as false: hence the coalesce).
 */
/** The actor's own assignments valid today (the `assignments` rows a scope may use). */
const assignmentValid = (values: Pick<ScopeValues, 'userId' | 'today'>) =>
	and(eq(assignments.userId, values.userId), lte(assignments.validFrom, values.today), gte(assignments.validUntil, values.today));

function coveringAssignmentExists(
	values: Pick<ScopeValues, 'userId' | 'today'>,
	row: { providerId: Column; areaId: Column; contractId: Column; cohortId?: Column }
): SQL {
	const valid = assignmentValid(values);
	const shape = (rowColumns: Column[], columns: Column[], where: SQL) =>
		sql`(${sql.join([row.providerId, row.areaId, ...rowColumns], sql`, `)}) in (select ${sql.join(
			[assignments.providerId, assignments.areaId, ...columns],
			sql`, `
		)} from ${assignments} where ${and(valid, where)})`;
	const contractNamed = isNotNull(assignments.contractId);
	const shapes = row.cohortId
		? [
				shape([], [], and(isNull(assignments.contractId), isNull(assignments.cohortId)) as SQL),
				shape([row.contractId], [assignments.contractId], and(contractNamed, isNull(assignments.cohortId)) as SQL),
				shape([row.cohortId], [assignments.cohortId], and(isNull(assignments.contractId), isNotNull(assignments.cohortId)) as SQL),
				shape([row.contractId, row.cohortId], [assignments.contractId, assignments.cohortId], and(contractNamed, isNotNull(assignments.cohortId)) as SQL)
			]
		: [shape([], [], isNull(assignments.contractId)), shape([row.contractId], [assignments.contractId], contractNamed)];
	return sql`coalesce(${sql.join(shapes, sql` or `)}, false)`;
}

/**
 * One of the actor's assignments valid today names this cohort, or (without a cohort) its contract: not an access
 * rule (`assignedCohortScope` is), but what makes a covered group the coach's own on Today. The query must join
 * `contracts` and `cohorts`.
 */
export function assignmentNamesCohort(values: Pick<ScopeValues, 'userId' | 'today'>): SQL {
	return sql`exists (select 1 from ${assignments} where ${and(
		assignmentValid(values),
		eq(assignments.providerId, contracts.providerId),
		or(eq(assignments.cohortId, cohorts.id), and(isNull(assignments.cohortId), eq(assignments.contractId, cohorts.contractId)))
	)})`;
}

/**
 * The provider's cohorts the actor's own assignments valid today cover (an assignment without a contract
 * or cohort covers all of them): what a coach's Today lists. The query must join `contracts`.
 */
export function assignedCohortScope(actor: Actor, providerId: string, values: ScopeValues = valuesOf(actor, providerId)): SQL {
	return and(
		eq(contracts.providerId, values.organisationId),
		coveringAssignmentExists(values, { providerId: contracts.providerId, areaId: contracts.areaId, contractId: contracts.id, cohortId: cohorts.id })
	) as SQL;
}

/**
 * Referrals an actor sees in one of their organisations, in SQL: the area's own (case officers and
 * admins); for a provider, those its assignments valid today cover. Whether the customer's name may be
 * shown as well is `referralCustomerVisible`.
 */
export function referralListScope(actor: Actor, organisationId: string, values: ScopeValues = valuesOf(actor, organisationId)): SQL {
	switch (participationScopeKind(actor, organisationId)) {
		case 'none':
			return sql`false`;
		case 'area':
			return eq(referrals.areaId, values.organisationId);
	}
	return and(
		eq(referrals.providerId, values.organisationId),
		coveringAssignmentExists(values, {
			providerId: referrals.providerId,
			areaId: referrals.areaId,
			contractId: referrals.contractId,
			cohortId: referrals.cohortId
		})
	) as SQL;
}

/**
 * In a referral list: may the row show who the customer is? Never for a provider after decline/withdrawal,
 * nor once the customer's consent is revoked.
 */
export function referralCustomerVisible(actor: Actor, organisationId: string): SQL {
	const m = membershipIn(actor, organisationId);
	if (m?.kind === 'area') return sql`true`;
	return sql`${referrals.status} in ('waiting', 'accepted') and ${consentInForce(referrals.customerId)}`;
}

/**
 * Which of `participationListScope`'s shapes applies to the actor in the organisation: none, the whole
 * area, or the provider's participations their assignments cover. A statement prepared with placeholder
 * values is prepared once per shape.
 */
export function participationScopeKind(actor: Actor, organisationId: string): 'none' | 'area' | 'provider' {
	const m = membershipIn(actor, organisationId);
	if (!m) return 'none';
	if (m.kind === 'area') return hasRole(actor, organisationId, 'area_admin', 'case_officer') ? 'area' : 'none';
	return m.kind === 'provider' && hasRole(actor, organisationId, 'provider_admin', 'coach') ? 'provider' : 'none';
}

/**
 * Participations an actor sees in one of their organisations, in SQL (mirrors `canOnParticipation`):
 * the area's case officers and admins see their area's; provider coaches and admins those their
 * assignments valid today cover. The query must join `contracts` (for the area and provider).
 */
export function participationListScope(actor: Actor, organisationId: string, values: ScopeValues = valuesOf(actor, organisationId)): SQL {
	switch (participationScopeKind(actor, organisationId)) {
		case 'none':
			return sql`false`;
		case 'area':
			return eq(contracts.areaId, values.organisationId);
	}
	return and(
		eq(contracts.providerId, values.organisationId),
		coveringAssignmentExists(values, {
			providerId: contracts.providerId,
			areaId: contracts.areaId,
			contractId: participations.contractId,
			cohortId: participations.cohortId
		}),
		consentInForce(participations.customerId)
	) as SQL;
}

/** Notices an actor sees: the area's staff their area's; the provider's people those of participations they cover. */
export function noticeListScope(actor: Actor, organisationId: string): SQL {
	const m = membershipIn(actor, organisationId);
	if (!m) return sql`false`;
	if (m.kind === 'area') return hasRole(actor, organisationId, 'area_admin', 'case_officer') ? eq(notices.areaId, organisationId) : sql`false`;
	if (m.kind !== 'provider' || !hasRole(actor, organisationId, 'provider_admin', 'coach')) return sql`false`;
	return and(
		eq(notices.providerId, organisationId),
		sql`exists (select 1 from ${participations} where ${participations.id} = ${notices.participationId} and ${coveringAssignmentExists(actor, {
			providerId: notices.providerId,
			areaId: notices.areaId,
			contractId: participations.contractId,
			cohortId: participations.cohortId
		})})`,
		consentInForce(notices.customerId)
	) as SQL;
}

/**
 * ARVIs an actor sees (mirrors `participationListScope`; the query must join `participations`): the
 * area's case officers and admins see their area's once submitted (a draft is the provider's own work);
 * the provider's coaches and admins those of participations their assignments valid today cover. Which of
 * these applies is `participationScopeKind`'s answer (the same roles), so a statement prepared per kind can take
 * the values as placeholders.
 */
export function arviListScope(actor: Actor, organisationId: string, values: ScopeValues = valuesOf(actor, organisationId)): SQL {
	const m = membershipIn(actor, organisationId);
	if (!m) return sql`false`;
	if (m.kind === 'area')
		return hasRole(actor, organisationId, 'area_admin', 'case_officer')
			? (and(eq(arvis.areaId, values.organisationId), isNotNull(arvis.submittedAt)) as SQL)
			: sql`false`;
	if (m.kind !== 'provider' || !hasRole(actor, organisationId, 'provider_admin', 'coach')) return sql`false`;
	return and(
		eq(arvis.providerId, values.organisationId),
		coveringAssignmentExists(values, { providerId: arvis.providerId, areaId: arvis.areaId, contractId: arvis.contractId, cohortId: participations.cohortId }),
		consentInForce(arvis.customerId)
	) as SQL;
}

/** Which of `invoiceListScope`'s shapes applies (mirrors `canOnInvoice` 'invoice.read'): a statement is prepared per shape. */
export function invoiceScopeKind(actor: Actor, organisationId: string): 'none' | 'area' | 'provider' {
	const m = membershipIn(actor, organisationId);
	if (m?.kind === 'area' && hasRole(actor, organisationId, 'invoice_reviewer', 'invoice_approver', 'area_admin')) return 'area';
	if (m?.kind === 'provider' && hasRole(actor, organisationId, 'finance', 'provider_admin')) return 'provider';
	return 'none';
}

/** Invoices an actor sees in one of their organisations, as SQL (mirrors `canOnInvoice` 'invoice.read'). */
export function invoiceListScope(actor: Actor, organisationId: string, values: Pick<ScopeValues, 'organisationId'> = { organisationId }): SQL {
	switch (invoiceScopeKind(actor, organisationId)) {
		case 'area':
			return eq(invoices.areaId, values.organisationId);
		case 'provider':
			return eq(invoices.providerId, values.organisationId);
		case 'none':
			return sql`false`;
	}
}

/**
 * Quality remarks an actor sees in one of their organisations, in SQL (mirrors `canOnRemark` 'remark.read'): the
 * area's admins and case officers their area's; the provider's admins its remarks about contracts and cohorts, its
 * coaches those their assignments valid today cover; a remark about a participation only through an assignment
 * covering that customer (with the consent in force), for admins too.
 */
export function remarkListScope(actor: Actor, organisationId: string): SQL {
	const m = membershipIn(actor, organisationId);
	if (!m) return sql`false`;
	if (m.kind === 'area') return hasRole(actor, organisationId, 'area_admin', 'case_officer') ? eq(remarks.areaId, organisationId) : sql`false`;
	if (m.kind !== 'provider' || !hasRole(actor, organisationId, 'provider_admin', 'coach')) return sql`false`;
	const covered = coveringAssignmentExists(actor, {
		providerId: remarks.providerId,
		areaId: remarks.areaId,
		contractId: remarks.contractId,
		cohortId: remarks.cohortId
	});
	const customerCovered = and(isNotNull(remarks.participationId), covered, consentInForce(remarks.customerId)) as SQL;
	const plain = hasRole(actor, organisationId, 'provider_admin') ? isNull(remarks.participationId) : (and(isNull(remarks.participationId), covered) as SQL);
	return and(eq(remarks.providerId, organisationId), or(plain, customerCovered)) as SQL;
}

/**
 * Feedback answers an actor sees as figures (mirrors 'feedback.results'): the area's own, or the provider's own
 * services. Whether a figure may be shown at all (5+ answers) is decided after counting (feedback/figures.ts).
 */
export function feedbackAnswerScope(actor: Actor, organisationId: string): SQL {
	const m = membershipIn(actor, organisationId);
	if (!m || !canInOrg(actor, 'feedback.results', organisationId)) return sql`false`;
	return m.kind === 'area' ? eq(feedbackAnswers.areaId, organisationId) : eq(feedbackAnswers.providerId, organisationId);
}

/** The invitations behind the response rates, scoped like the answers. */
export function feedbackInvitationScope(actor: Actor, organisationId: string): SQL {
	const m = membershipIn(actor, organisationId);
	if (!m || !canInOrg(actor, 'feedback.results', organisationId)) return sql`false`;
	return m.kind === 'area' ? eq(feedbackInvitations.areaId, organisationId) : eq(feedbackInvitations.providerId, organisationId);
}

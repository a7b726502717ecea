/**
 * Who may do what: the one place. Every load, form action and endpoint calls `authorize` (or `can`)
 * with one action; list queries use the scope helpers in `./scope.ts` so that filtering happens in SQL.
 * Pure: the actor (with memberships and assignments valid today) is built in hooks.
 */
import { timingSafeEqual } from 'node:crypto';
import { error } from '@sveltejs/kit';
import { AREA_ROLES, PROVIDER_ROLES, type OrganisationKind, type Role } from '$lib/domain/roles';

export interface ActorMembership {
	organisationId: string;
	kind: OrganisationKind;
	name: string;
	nameSv: string | null;
	roles: Role[];
}

export interface ActorAssignment {
	providerId: string;
	areaId: string;
	contractId: string | null;
	cohortId: string | null;
	validFrom: string;
	validUntil: string;
}

export interface Actor {
	userId: string;
	memberships: ActorMembership[];
	/** Assignments valid on `today` (Europe/Helsinki) only. */
	assignments: ActorAssignment[];
	/** The Helsinki calendar day the actor was built for. */
	today: string;
}

export type OrgAction =
	| 'org.view'
	| 'user.list'
	| 'user.invite'
	| 'user.updateRoles'
	| 'user.deactivate'
	| 'audit.search'
	| 'audit.export'
	| 'audit.customerReport'
	| 'provider.list'
	| 'provider.register'
	| 'provider.edit'
	| 'provider.editMasterData'
	| 'contract.list'
	| 'contract.create'
	| 'assignment.manage'
	| 'referral.list'
	| 'referral.create'
	| 'apiKey.manage'
	| 'attendance.record'
	| 'participation.list'
	| 'notice.list'
	| 'arvi.list'
	| 'invoice.list'
	| 'invoice.setLimits'
	| 'area.editEinvoiceIds'
	| 'customer.report'
	| 'customer.rectify'
	| 'retention.manage'
	| 'dashboard.view'
	| 'scorecard.view'
	| 'remark.list'
	| 'remark.file'
	| 'feedback.results'
	| 'feedback.reviewText';

export type PlatformAction =
	'outbox.read' | 'audit.searchAll' | 'organisation.list' | 'organisation.createArea' | 'organisation.deactivate' | 'jobs.view' | 'jobs.retry';

/** A customer's data, as far as access is concerned: whose customer, and where they are served. */
export interface CustomerScope {
	areaId: string;
	providerId: string | null;
	contractId: string | null;
	cohortId: string | null;
	/**
	 * No consent of the customer's is in force (every one was revoked): the provider's access to what the
	 * consent covered ends at once. Loaders compute it in SQL with `consentRevokedSql` (policy/scope.ts).
	 */
	consentRevoked: boolean;
}

const ADMIN_ROLE: Record<OrganisationKind, Role> = {
	area: 'area_admin',
	provider: 'provider_admin',
	platform: 'platform_admin'
};

/** Roles whose holders can see some customer data, so they must pass a second factor. */
export const ROLES_REQUIRING_MFA: readonly Role[] = [
	'area_admin',
	'case_officer',
	'invoice_reviewer',
	'invoice_approver',
	'auditor',
	'provider_admin',
	'coach',
	'finance',
	'platform_admin'
];

export function requiresMfa(roles: readonly Role[]): boolean {
	return roles.some((r) => ROLES_REQUIRING_MFA.includes(r));
}

export function membershipIn(actor: Actor, organisationId: string): ActorMembership | undefined {
	return actor.memberships.find((m) => m.organisationId === organisationId);
}

export function hasRole(actor: Actor, organisationId: string, ...roles: Role[]): boolean {
	const m = membershipIn(actor, organisationId);
	return !!m && m.roles.some((r) => roles.includes(r));
}

export function isPlatformAdmin(actor: Actor): boolean {
	return actor.memberships.some((m) => m.kind === 'platform' && m.roles.includes('platform_admin'));
}

const ORG_RULES: Record<OrgAction, (actor: Actor, m: ActorMembership) => boolean> = {
	'org.view': () => true,
	'user.list': (_, m) => m.roles.includes(ADMIN_ROLE[m.kind]),
	'user.invite': (_, m) => m.roles.includes(ADMIN_ROLE[m.kind]),
	'user.updateRoles': (_, m) => m.roles.includes(ADMIN_ROLE[m.kind]),
	'user.deactivate': (_, m) => m.roles.includes(ADMIN_ROLE[m.kind]),
	'audit.search': (_, m) => m.kind === 'area' && m.roles.some((r) => r === 'auditor' || r === 'area_admin'),
	'audit.export': (_, m) => m.kind === 'area' && m.roles.some((r) => r === 'auditor' || r === 'area_admin'),
	'audit.customerReport': (_, m) => m.kind === 'area' && m.roles.some((r) => r === 'auditor' || r === 'area_admin'),
	'provider.list': (_, m) => m.kind === 'area' && m.roles.some((r) => r !== 'auditor'),
	'provider.register': (_, m) => m.kind === 'area' && m.roles.includes('area_admin'),
	// The area's own supplier record of a provider (its supplier number, contact, notes), never the shared part.
	'provider.edit': (_, m) => m.kind === 'area' && m.roles.includes('area_admin'),
	// The provider's shared master data (name, address, bank account, e-invoice address): its own admins'.
	'provider.editMasterData': (_, m) => m.kind === 'provider' && m.roles.includes('provider_admin'),
	// Which contracts a member sees is decided row by row in SQL (policy/scope.ts).
	'contract.list': (_, m) => m.kind !== 'platform' && m.roles.some((r) => r !== 'auditor'),
	'contract.create': (_, m) => m.kind === 'area' && m.roles.includes('area_admin'),
	'assignment.manage': (_, m) => m.kind === 'provider' && m.roles.includes('provider_admin'),
	// Which referrals (and customers) appear is decided in SQL (policy/scope.ts).
	'referral.list': (_, m) =>
		(m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer')) ||
		(m.kind === 'provider' && m.roles.some((r) => r === 'provider_admin' || r === 'coach')),
	'referral.create': (_, m) => m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer'),
	'apiKey.manage': (_, m) => m.kind === 'area' && m.roles.includes('area_admin'),
	// Which participations and notices appear is decided in SQL (policy/scope.ts).
	'attendance.record': (_, m) => m.kind === 'provider' && m.roles.some((r) => r === 'provider_admin' || r === 'coach'),
	'participation.list': (_, m) =>
		(m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer')) ||
		(m.kind === 'provider' && m.roles.some((r) => r === 'provider_admin' || r === 'coach')),
	'notice.list': (_, m) =>
		(m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer')) ||
		(m.kind === 'provider' && m.roles.some((r) => r === 'provider_admin' || r === 'coach')),
	// Which ARVIs appear is decided in SQL (policy/scope.ts): the area sees only submitted ones.
	'arvi.list': (_, m) =>
		(m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer')) ||
		(m.kind === 'provider' && m.roles.some((r) => r === 'provider_admin' || r === 'coach')),
	// Invoices and their specifications: the contract's money people only (policy: canOnInvoice).
	'invoice.list': (_, m) =>
		(m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'invoice_reviewer' || r === 'invoice_approver')) ||
		(m.kind === 'provider' && m.roles.some((r) => r === 'provider_admin' || r === 'finance')),
	'invoice.setLimits': (_, m) => m.kind === 'area' && m.roles.includes('area_admin'),
	// The area's own e-invoice ids (the buyer's routing on every invoice to it): its admin keeps them.
	'area.editEinvoiceIds': (_, m) => m.kind === 'area' && m.roles.includes('area_admin'),
	// A customer's own report (GDPR art. 15) and corrections of their contact data (art. 16): the area's
	// people who serve customers (its admins and case officers), for the area's own customers only (SQL:
	// `customerOfArea`); not auditors (they read logs) nor the invoice people.
	'customer.report': (_, m) => m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer'),
	'customer.rectify': (_, m) => m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer'),
	// The area's retention rules, the next run's counts (no names) and the history of runs: its admin.
	'retention.manage': (_, m) => m.kind === 'area' && m.roles.includes('area_admin'),
	// Statistics of the area's contracts (no figure about fewer than 5 people): the area's own staff, not its
	// auditors (they read logs).
	'dashboard.view': (_, m) => m.kind === 'area' && m.roles.some((r) => r !== 'auditor'),
	// A provider's scorecard: the area's staff for every provider it buys from (the route checks that it does),
	// and the provider's admins for their own organisation only.
	'scorecard.view': (_, m) => (m.kind === 'area' && m.roles.some((r) => r !== 'auditor')) || (m.kind === 'provider' && m.roles.includes('provider_admin')),
	// Quality remarks: the area's admins and case officers file and handle them; on the provider's side its
	// admins (who answer) and coaches see them. Which remarks appear is decided in SQL (`remarkListScope`).
	'remark.list': (_, m) =>
		(m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer')) ||
		(m.kind === 'provider' && m.roles.some((r) => r === 'provider_admin' || r === 'coach')),
	'remark.file': (_, m) => m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer'),
	// Anonymous participant feedback, as figures of 5+ answers (SQL: `feedbackAnswerScope`): the area's admins and
	// case officers for the area, the provider's admins for their own services. Free texts are released (after a
	// name or health detail is removed) by the area's admins only, who alone see them before that.
	'feedback.results': (_, m) =>
		(m.kind === 'area' && m.roles.some((r) => r === 'area_admin' || r === 'case_officer')) || (m.kind === 'provider' && m.roles.includes('provider_admin')),
	'feedback.reviewText': (_, m) => m.kind === 'area' && m.roles.includes('area_admin')
};

/** What access to a referral (and through it, its customer) depends on. */
export interface ReferralScope extends CustomerScope {
	status: 'waiting' | 'accepted' | 'declined' | 'withdrawn';
}

/**
 * The area's case officers and admins see their area's referrals. Provider staff see a referral's customer
 * only while it is waiting or accepted, and only through an assignment valid today that covers its
 * contract and cohort; after a decline or a withdrawal only a non-personal line remains.
 */
export function canSeeReferralCustomer(actor: Actor, r: ReferralScope): boolean {
	if (hasRole(actor, r.areaId, 'area_admin', 'case_officer')) return true;
	if (r.status !== 'waiting' && r.status !== 'accepted') return false;
	return hasRole(actor, r.providerId ?? '', 'provider_admin', 'coach') && coveredByAssignment(actor, r);
}

export function canAnswerReferral(actor: Actor, r: ReferralScope): boolean {
	return r.status === 'waiting' && hasRole(actor, r.providerId ?? '', 'provider_admin', 'coach') && coveredByAssignment(actor, r);
}

export function canWithdrawReferral(actor: Actor, r: ReferralScope): boolean {
	return r.status === 'waiting' && hasRole(actor, r.areaId, 'area_admin', 'case_officer');
}

export type ReferralAction = 'referral.answer' | 'referral.withdraw';

/**
 * Throws 403 when the actor's roles never let them do `action` on this referral (the provider's assigned
 * staff answer; the area's case officers and admins withdraw); returns false when only the referral's
 * state stands in the way (it was answered or withdrawn meanwhile: a conflict, not a refusal of the person).
 */
export function authorizeReferral(actor: Actor, action: ReferralAction, r: ReferralScope): boolean {
	const may = action === 'referral.answer' ? canAnswerReferral : canWithdrawReferral;
	if (!may(actor, { ...r, status: 'waiting' })) error(403, 'forbidden');
	return may(actor, r);
}

export type ParticipationAction =
	| 'participation.read'
	| 'participation.record'
	| 'participation.recordLate'
	| 'participation.report'
	| 'notice.decide'
	| 'arvi.write'
	| 'arvi.review'
	| 'feedback.show'
	| 'feedback.send';

/**
 * A participation (and its attendance, meetings and notices). The area's case officers and admins read
 * it and decide its notices; the provider's coaches and admins read and record it only through an
 * assignment valid today that covers it; only the provider's admin may record after the contract's
 * deadline for a day. The ARVI is written by the same provider staff and reviewed by the same area
 * staff (which version the area may read is the ARVI service's business: never an unsent draft).
 * Auditors read logs, not files.
 */
export function canOnParticipation(actor: Actor, action: ParticipationAction, p: CustomerScope): boolean {
	const areaStaff = hasRole(actor, p.areaId, 'area_admin', 'case_officer');
	const providerStaff = hasRole(actor, p.providerId ?? '', 'provider_admin', 'coach') && coveredByAssignment(actor, p);
	switch (action) {
		case 'participation.read':
			return areaStaff || providerStaff;
		// feedback.show: the coach shows the participant's feedback invitation (a QR code and a short link) on the phone.
		case 'participation.report':
		case 'participation.record':
		case 'arvi.write':
		case 'feedback.show':
			return providerStaff;
		case 'participation.recordLate':
			return providerStaff && hasRole(actor, p.providerId ?? '', 'provider_admin');
		// feedback.send: the area sends it to the customer's e-mail or phone on record.
		case 'notice.decide':
		case 'arvi.review':
		case 'feedback.send':
			return areaStaff;
	}
}

/** Throws 404 for a participation the actor may not see, 403 for an action they may not take on it. */
export function authorizeParticipation(actor: Actor | null, action: ParticipationAction, p: CustomerScope | undefined): Actor {
	if (!actor) error(401, 'unauthenticated');
	if (!p || !canOnParticipation(actor, 'participation.read', p)) error(404, 'notFound');
	if (!canOnParticipation(actor, action, p)) error(403, 'forbidden');
	return actor;
}

export type RemarkAction = 'remark.read' | 'remark.answer' | 'remark.handle';

/** What access to a quality remark depends on: its contract, and the customer when it is about one participation. */
export interface RemarkScope extends CustomerScope {
	providerId: string;
	contractId: string;
	participationId: string | null;
}

/**
 * A quality remark. The area's admins and case officers read it and handle it (ask for more, close, link a price
 * reduction). On the provider's side a remark about the contract or a cohort is read by its admins, and by coaches
 * whose assignment valid today covers it; a remark about one participation is confidential like the customer:
 * only provider staff whose assignment covers that customer see it (admins too), never after the consent is
 * revoked. The provider's admins who see it answer it. Auditors read logs.
 */
export function canOnRemark(actor: Actor, action: RemarkAction, r: RemarkScope): boolean {
	const areaStaff = hasRole(actor, r.areaId, 'area_admin', 'case_officer');
	const covered = coveredByAssignment(actor, r.participationId ? r : { ...r, consentRevoked: false });
	const providerSees = r.participationId
		? hasRole(actor, r.providerId, 'provider_admin', 'coach') && covered
		: hasRole(actor, r.providerId, 'provider_admin') || (hasRole(actor, r.providerId, 'coach') && covered);
	switch (action) {
		case 'remark.read':
			return areaStaff || providerSees;
		case 'remark.answer':
			return providerSees && hasRole(actor, r.providerId, 'provider_admin');
		case 'remark.handle':
			return areaStaff;
	}
}

/** Throws 404 for a remark the actor may not see, 403 for an action they may not take on it. */
export function authorizeRemark(actor: Actor | null, action: RemarkAction, r: RemarkScope | undefined): Actor {
	if (!actor) error(401, 'unauthenticated');
	if (!r || !canOnRemark(actor, 'remark.read', r)) error(404, 'notFound');
	if (!canOnRemark(actor, action, r)) error(403, 'forbidden');
	return actor;
}

export type InvoiceAction = 'invoice.read' | 'invoice.edit' | 'invoice.discard' | 'invoice.review' | 'invoice.approve' | 'invoice.markPaid';

export interface InvoiceScope {
	areaId: string;
	providerId: string;
}

/**
 * Who may do what with an invoice. It shows amounts and, through its specification, which customers were
 * served, so only the contract's money people see it: the provider's finance and admins, and the area's
 * reviewers, approvers and admins. Finance (or the admin) prepares and submits, or discards a draft; a reviewer checks or
 * returns; an approver approves (and may not be the one who checked it: see `approveInvoice`); the area's
 * approvers and admins record payments.
 */
export function canOnInvoice(actor: Actor, action: InvoiceAction, i: InvoiceScope): boolean {
	const provider = hasRole(actor, i.providerId, 'finance', 'provider_admin');
	switch (action) {
		case 'invoice.read':
			return provider || hasRole(actor, i.areaId, 'invoice_reviewer', 'invoice_approver', 'area_admin');
		case 'invoice.edit':
		case 'invoice.discard':
			return provider;
		case 'invoice.review':
			return hasRole(actor, i.areaId, 'invoice_reviewer');
		case 'invoice.approve':
			return hasRole(actor, i.areaId, 'invoice_approver');
		case 'invoice.markPaid':
			return hasRole(actor, i.areaId, 'invoice_approver', 'area_admin');
	}
}

/** Throws 404 for an invoice the actor may not see, 403 for an action they may not take on it. */
export function authorizeInvoice(actor: Actor | null, action: InvoiceAction, i: InvoiceScope | undefined): Actor {
	if (!actor) error(401, 'unauthenticated');
	if (!i || !canOnInvoice(actor, 'invoice.read', i)) error(404, 'notFound');
	if (!canOnInvoice(actor, action, i)) error(403, 'forbidden');
	return actor;
}

export type ContractAction = 'contract.read' | 'contract.edit';

/** What access to a contract depends on. */
export interface ContractScope {
	id: string;
	areaId: string;
	providerId: string;
}

/** Provider roles that see every contract of their organisation; others need an assignment. */
const PROVIDER_WIDE_ROLES: readonly Role[] = ['provider_admin', 'finance'];

/**
 * A contract is read by the area's own staff (not its auditors: they read logs), by the provider's
 * admins and finance, and by provider staff whose assignment valid today covers it. Only the area's
 * admins change it.
 */
export function canOnContract(actor: Actor, action: ContractAction, c: ContractScope): boolean {
	if (action === 'contract.edit') return hasRole(actor, c.areaId, 'area_admin');
	const area = membershipIn(actor, c.areaId);
	if (area && area.roles.some((r) => r !== 'auditor')) return true;
	if (hasRole(actor, c.providerId, ...PROVIDER_WIDE_ROLES)) return true;
	return actor.assignments.some(
		(a) =>
			a.providerId === c.providerId &&
			a.areaId === c.areaId &&
			(a.contractId === null || a.contractId === c.id) &&
			a.validFrom <= actor.today &&
			actor.today <= a.validUntil
	);
}

/** Throws 404 (not 403) for a contract the actor may not see: its existence is not theirs to know. */
export function authorizeContract(actor: Actor | null, action: ContractAction, c: ContractScope | undefined): Actor {
	if (!actor) error(401, 'unauthenticated');
	if (!c || !canOnContract(actor, 'contract.read', c)) error(404, 'notFound');
	if (!canOnContract(actor, action, c)) error(403, 'forbidden');
	return actor;
}

/**
 * A provider's master data (name, address, IBAN/BIC, VAT id, e-invoice address, operator, Peppol id) is shared
 * by every area that buys from it and printed on its invoices, so it is the provider's own: its admins and the
 * platform's admins change it. No area ever does, not even one with the provider in its register (an area sets
 * it only once, when it registers a company the portal did not know yet: see registerProvider).
 */
export function canEditProviderMasterData(actor: Actor, providerId: string): boolean {
	return canInOrg(actor, 'provider.editMasterData', providerId) || isPlatformAdmin(actor);
}

/** Throws 403 unless the actor may change the provider's master data. */
export function authorizeProviderMasterData(actor: Actor | null, providerId: string): Actor {
	if (!actor) error(401, 'unauthenticated');
	if (!canEditProviderMasterData(actor, providerId)) error(403, 'forbidden');
	return actor;
}

/** May the actor do `action` in the organisation? Only members of that organisation ever may. */
export function canInOrg(actor: Actor, action: OrgAction, organisationId: string): boolean {
	const m = membershipIn(actor, organisationId);
	return !!m && ORG_RULES[action](actor, m);
}

function canOnPlatform(actor: Actor, action: PlatformAction): boolean {
	switch (action) {
		case 'outbox.read':
		case 'audit.searchAll':
		case 'organisation.list':
		case 'organisation.createArea':
		case 'organisation.deactivate':
		case 'jobs.view':
		case 'jobs.retry':
			return isPlatformAdmin(actor);
	}
}

/** Does one of the actor's assignments valid today cover this customer's provider, area, contract and cohort? */
export function coveredByAssignment(actor: Actor, c: CustomerScope): boolean {
	// A revoked consent ends the provider's access to the customer at once, whatever the assignments say.
	if (!c.providerId || c.consentRevoked) return false;
	return actor.assignments.some(
		(a) =>
			a.providerId === c.providerId &&
			a.areaId === c.areaId &&
			a.validFrom <= actor.today &&
			actor.today <= a.validUntil &&
			(a.contractId === null || a.contractId === c.contractId) &&
			(a.cohortId === null || a.cohortId === c.cohortId)
	);
}

/** The roles the actor may grant or take away in an organisation: never more than their own right. */
export function grantableRoles(actor: Actor, organisationId: string): Role[] {
	const m = membershipIn(actor, organisationId);
	if (!m) return [];
	if (m.kind === 'area' && m.roles.includes('area_admin')) return [...AREA_ROLES];
	if (m.kind === 'provider' && m.roles.includes('provider_admin')) return [...PROVIDER_ROLES];
	if (m.kind === 'platform' && m.roles.includes('platform_admin')) return ['platform_admin'];
	return [];
}

/** Throws 403 unless allowed; use in every load/action/endpoint. */
export function authorizeInOrg(actor: Actor | null, action: OrgAction, organisationId: string): Actor {
	if (!actor) error(401, 'unauthenticated');
	if (!canInOrg(actor, action, organisationId)) error(403, 'forbidden');
	return actor;
}

export function authorizeOnPlatform(actor: Actor | null, action: PlatformAction): Actor {
	if (!actor) error(401, 'unauthenticated');
	if (!canOnPlatform(actor, action)) error(403, 'forbidden');
	return actor;
}

/**
 * `/metrics` has no person behind it: a scraper presents the configured bearer token (METRICS_TOKEN). Off
 * (never readable) while no token is configured; compared in constant time.
 */
export function canReadMetrics(authorization: string | null, configuredToken: string | undefined): boolean {
	if (!configuredToken || !authorization?.startsWith('Bearer ')) return false;
	const presented = Buffer.from(authorization.slice('Bearer '.length));
	const expected = Buffer.from(configuredToken);
	return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/** A membership invitation: only the invited person sees or answers it (an admin cannot accept for them). */
export function canRespondToInvitation(actor: Actor, invitation: { userId: string }): boolean {
	return invitation.userId === actor.userId;
}

/**
 * A person's own sign-in things (their sessions, their passkeys): only they list, end or remove them. A
 * thing of anyone else's is treated as not there at all (the caller answers "not found").
 */
export function ownedBy(actor: Actor, thing: { userId: string } | undefined): thing is { userId: string } {
	return !!thing && thing.userId === actor.userId;
}

/** Actions the UI may offer in an organisation (eVaka style: the server lists what is permitted). */
export function permittedOrgActions(actor: Actor, organisationId: string): OrgAction[] {
	return (Object.keys(ORG_RULES) as OrgAction[]).filter((a) => canInOrg(actor, a, organisationId));
}

/** An area's own system calling the JSON API with a key: the key's scopes decide, within its own area. */
export interface ApiCallerScope {
	areaId: string;
	scopes: string[];
}

export function apiMay(caller: ApiCallerScope | null, scope: 'referrals:write' | 'referrals:read', areaId?: string): boolean {
	return !!caller && caller.scopes.includes(scope) && (areaId === undefined || caller.areaId === areaId);
}

import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, asc, eq } from 'drizzle-orm';

import { msg } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { cohorts, contracts, REFERRAL_STATUSES } from '../db/schema';
import { helsinkiDate, isIsoDate } from '$lib/domain/clock';
import { field, refuse } from '../forms';
import { versionOf as formVersion } from '../forms/schemas';
import { authorizeInOrg, authorizeReferral, canAnswerReferral, canInOrg, canSeeReferralCustomer, canWithdrawReferral, membershipIn } from '../policy';
import { contractsForFilter } from '../invoices/read';
import { resolveInWorkspace } from '../workspace';
import { checkForm, FORM } from '$lib/forms/form';
import { contractChoices, pageFrom, providerChoices } from '$lib/paging';
import { acceptForm, declineForm, groupReferralForm, groupRows, revokeConsentForm, referralForm, withdrawForm } from './schemas';
import { acceptReferral, declineReferral, withdrawReferral } from './answer';
import { revokeConsent } from './consent';
import { createGroupReferral, createReferral } from './create';
import { eligibleCoaches, getReferralWithCustomer, listReferrals, referralScopeOf, revealPersonalId } from './read';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; referralId?: string } };

export async function loadReferralList(event: Ev) {
	const orgId = event.params.orgId;
	const actor = authorizeInOrg(event.locals.actor, 'referral.list', orgId);
	const q = event.url.searchParams;
	const status = q.get('status') ?? '';
	const uuidOrUndefined = (s: string | null) => (s && /^[0-9a-f-]{36}$/i.test(s) ? s : undefined);
	const dayOrUndefined = (s: string | null) => (s && isIsoDate(s) ? s : undefined);
	const filters = {
		status: (REFERRAL_STATUSES as readonly string[]).includes(status) ? status : undefined,
		contractId: uuidOrUndefined(q.get('contract')),
		providerId: uuidOrUndefined(q.get('provider')),
		officerId: q.get('mine') === '1' ? actor.userId : undefined,
		from: dayOrUndefined(q.get('from')),
		until: dayOrUndefined(q.get('until')),
		overdueOnly: q.get('overdue') === '1'
	};
	const db = await getDb();
	const isArea = membershipIn(actor, orgId)?.kind === 'area';
	const [{ rows, paging }, options] = await Promise.all([
		listReferrals(db, auditContext(event, orgId), actor, orgId, filters, pageFrom(q)),
		isArea ? contractsForFilter(db, orgId, 'area') : []
	]);
	return {
		filters: { ...filters, mine: !!filters.officerId },
		contracts: contractChoices(options),
		providers: providerChoices(options),
		referrals: rows.map((r) => ({ ...r, referredAt: r.referredAt.toISOString() })),
		paging
	};
}

/** The referral as seen from a workspace; 404 unless the actor may see its customer from there. */
async function referralFor(event: Ev) {
	return resolveInWorkspace(event, event.params.referralId, {
		gate: () => authorizeInOrg(event.locals.actor, 'referral.list', event.params.orgId),
		load: referralScopeOf,
		authorize: (a, r) => {
			if (!a || !r || !canSeeReferralCustomer(a, r)) error(404, 'notFound');
			return a;
		}
	});
}

export async function loadReferral(event: Ev) {
	const { actor, db, scope } = await referralFor(event);
	const detail = await getReferralWithCustomer(db, auditContext(event, event.params.orgId), scope.id);
	if (!detail) error(404, 'notFound');
	const canAnswer = canAnswerReferral(actor, scope);
	return {
		referral: { ...detail.referral, referredAt: detail.referral.referredAt.toISOString(), answeredAt: detail.referral.answeredAt?.toISOString() ?? null },
		customer: {
			...detail.customer,
			contactCorrectedAt: null,
			contactCorrectedOn: detail.customer.contactCorrectedAt ? helsinkiDate(detail.customer.contactCorrectedAt) : null
		},
		// The area's people who may produce the customer's report and correct their contact data get a link there.
		customerPage: canInOrg(actor, 'customer.report', event.params.orgId) ? `/area/${event.params.orgId}/customers/${detail.customer.id}` : null,
		contract: { id: detail.contract.id, number: detail.contract.contractNumber, title: detail.contract.title, startDate: detail.contract.startDate },
		providerName: detail.providerName,
		officerName: detail.officerName,
		cohortName: detail.cohortName,
		consent: detail.consent,
		participation: detail.participation ? { ...detail.participation, firstMeetingAt: detail.participation.firstMeetingAt?.toISOString() ?? null } : null,
		canAnswer,
		canWithdraw: canWithdrawReferral(actor, scope),
		canRevokeConsent: canWithdrawReferral(actor, { ...scope, status: 'waiting' }),
		coaches: canAnswer ? await eligibleCoaches(db, scope, actor.today) : [],
		overdue: scope.status === 'waiting' && detail.referral.answerDue < actor.today
	};
}

/** The version the form was shown; one that is not a version at all is as good as stale (0 matches nothing). */
const versionOf = (data: FormData) => formVersion(data) ?? 0;

export const referralActions = {
	accept: async (event: Ev) => {
		const { actor, db, scope } = await referralFor(event);
		if (!authorizeReferral(actor, 'referral.answer', scope)) return refuse('conflict');
		const data = await event.request.formData();
		const checked = checkForm(acceptForm, data);
		const values = checked.values;
		if (!checked.ok) return fail(400, { form: 'accept', values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await acceptReferral(db, auditContext(event, event.params.orgId), scope.id, versionOf(data), checked.value);
		return r.ok ? { success: msg('referrals.accepted') } : refuse(r.error, { form: 'accept', values });
	},
	decline: async (event: Ev) => {
		const { actor, db, scope } = await referralFor(event);
		if (!authorizeReferral(actor, 'referral.answer', scope)) return refuse('conflict');
		const data = await event.request.formData();
		const checked = checkForm(declineForm, data);
		const values = checked.values;
		if (!checked.ok) return fail(400, { form: 'decline', values, errors: checked.errors, message: msg('errors.checkFields') });
		// A decline is final: the first post only asks "decline for good?" with the chosen reason (works without JS).
		if (field(data, 'confirm') !== '1') return { form: 'decline', confirm: true, values };
		const r = await declineReferral(db, auditContext(event, event.params.orgId), scope.id, versionOf(data), checked.value);
		if (!r.ok) return refuse(r.error, { form: 'decline', values });
		// The customer's details are no longer this provider's to see.
		redirect(303, `/provider/${event.params.orgId}/referrals?declined=1`);
	},
	withdraw: async (event: Ev) => {
		const { actor, db, scope } = await referralFor(event);
		if (!authorizeReferral(actor, 'referral.withdraw', scope)) return refuse('conflict');
		const data = await event.request.formData();
		const checked = checkForm(withdrawForm, data);
		if (!checked.ok) return fail(400, { form: 'withdraw', errors: checked.errors, message: msg('errors.checkFields') });
		const r = await withdrawReferral(db, auditContext(event, event.params.orgId), scope.id, versionOf(data), checked.value.reason);
		return r.ok ? { success: msg('referrals.withdrawn') } : refuse(r.error, { form: 'withdraw' });
	},
	revokeConsent: async (event: Ev) => {
		const { actor, db, scope } = await referralFor(event);
		// Consent is the area's record: only its case officers and admins change it.
		if (!canWithdrawReferral(actor, { ...scope, status: 'waiting' })) return refuse('notFound');
		const data = await event.request.formData();
		const checked = checkForm(revokeConsentForm, data);
		const values = checked.values;
		if (!checked.ok) return fail(400, { form: 'consent', values, errors: checked.errors, message: msg('errors.checkFields') });
		if (checked.value.revokedOn > actor.today)
			return fail(400, { form: 'consent', values, errors: { revokedOn: msg('errors.dateInvalid') }, message: msg('errors.dateInvalid') });
		const r = await revokeConsent(db, auditContext(event, event.params.orgId), scope.id, checked.value.revokedOn, checked.value.reason);
		return r.ok ? { success: msg('referrals.consentRevoked') } : refuse(r.error, { form: 'consent' });
	},
	reveal: async (event: Ev) => {
		const { db, scope } = await referralFor(event);
		const personalId = await revealPersonalId(db, auditContext(event, event.params.orgId), scope.id);
		return { personalId };
	}
};

/** The new-referral form: the area's active contracts and their cohorts. */
export async function loadNewReferral({ locals, params }: Ev) {
	const actor = authorizeInOrg(locals.actor, 'referral.create', params.orgId);
	const db = await getDb();
	const active = and(eq(contracts.areaId, params.orgId), eq(contracts.status, 'active'));
	const [list, groups] = await Promise.all([
		db
			.select({ id: contracts.id, number: contracts.contractNumber, title: contracts.title, requiresPersonalId: contracts.requiresPersonalId })
			.from(contracts)
			.where(active)
			.orderBy(asc(contracts.contractNumber)),
		db
			.select({ id: cohorts.id, name: cohorts.name, contractId: cohorts.contractId })
			.from(cohorts)
			.innerJoin(contracts, eq(cohorts.contractId, contracts.id))
			.where(active)
			.orderBy(asc(cohorts.startDate))
	]);
	const area = membershipIn(actor, params.orgId);
	return { contracts: list, cohorts: groups, today: actor.today, bilingual: !!area?.nameSv };
}

export async function createReferralAction(event: Ev) {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'referral.create', orgId);
	const data = await event.request.formData();
	const checked = checkForm(referralForm, data);
	const values = checked.values;
	// The henkilötunnus is never echoed back into the page.
	const echo = { ...values, personalId: '' };
	if (!checked.ok) return fail(400, { values: echo, errors: checked.errors, message: msg('errors.checkFields') });
	const r = await createReferral(await getDb(), auditContext(event, orgId), orgId, checked.value);
	if (!r.ok) return refuse(r.error, { values: echo });
	redirect(303, `/area/${orgId}/referrals/${r.referralId}?created=1`);
}

/**
 * A group referral: the shared part (contract, cohort, consent form) once, then a row per customer.
 * Empty rows are ignored; every row is checked before anything is written (with the spec the page checks
 * in the browser too), and all are written or none.
 */
export async function createGroupReferralAction(event: Ev) {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'referral.create', orgId);
	const data = await event.request.formData();
	const checked = checkForm(groupReferralForm, data);
	// Every row as sent, the empty ones too: the page shows them again.
	const { rows: _filled, ...shared } = checked.values;
	const echo = { shared, rows: groupRows(data) };
	if (!checked.ok) {
		const { [FORM]: whole, ...errors } = checked.errors;
		return fail(400, { ...echo, errors, message: whole ?? msg('errors.checkFields') });
	}
	const result = await createGroupReferral(
		await getDb(),
		auditContext(event, orgId),
		orgId,
		checked.value.map((r) => r.input)
	);
	if (!result.ok) return refuse(result.error, { ...echo, refusedRow: checked.value[result.row - 1].row });
	redirect(303, `/area/${orgId}/referrals?created=${result.referralIds.length}`);
}

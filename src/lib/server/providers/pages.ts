import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { msg } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { refuse } from '../forms';
import { checkForm } from '$lib/forms/form';
import { masterDataForm, providerForm, supplierRecordForm } from '$lib/forms/providers';
import { firstAdminForm } from '$lib/forms/users';
import { authorizeInOrg, authorizeProviderMasterData, membershipIn } from '../policy';
import type { Organisation } from '../db/schema';
import {
	getProvider,
	getProviderForArea,
	inviteFirstProviderAdmin,
	listAreaProviders,
	registerProvider,
	updateProviderMasterData,
	updateSupplierRecord
} from './service';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress'> & { params: { orgId: string; providerId?: string } };

/** The shared master data as a form (or a read-only list) shows it. */
export function masterValues(org: Organisation) {
	return {
		name: org.name,
		businessId: org.businessId ?? '',
		vatNumber: org.vatNumber ?? '',
		iban: org.iban ?? '',
		bic: org.bic ?? '',
		streetAddress: org.streetAddress ?? '',
		postalCode: org.postalCode ?? '',
		city: org.city ?? '',
		ovt: org.ovt ?? '',
		peppolId: org.peppolId ?? '',
		einvoiceOperator: org.einvoiceOperator ?? ''
	};
}

export async function loadProviders({ locals, params }: Ev) {
	authorizeInOrg(locals.actor, 'provider.list', params.orgId);
	return { providers: await listAreaProviders(await getDb(), params.orgId) };
}

export async function registerProviderAction(event: Ev) {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'provider.register', orgId);
	const checked = checkForm(providerForm, await event.request.formData());
	const values = checked.values;
	if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
	const r = await registerProvider(await getDb(), auditContext(event, orgId), orgId, checked.value);
	if (!r.ok) return refuse(r.error, { values });
	redirect(303, `/area/${orgId}/providers/${r.providerId}?${r.linked ? 'linked' : 'saved'}=1`);
}

/** The area's view of a provider: the shared master data read-only, the area's own supplier record editable. */
export async function loadProvider({ locals, params }: Ev) {
	authorizeInOrg(locals.actor, 'provider.list', params.orgId);
	const found = params.providerId ? await getProviderForArea(await getDb(), params.orgId, params.providerId) : undefined;
	if (!found) error(404, 'notFound');
	const { org, record, hasAdmin } = found;
	return {
		provider: {
			id: org.id,
			master: masterValues(org),
			record: {
				supplierNumber: record.supplierNumber ?? '',
				contactName: record.contactName ?? '',
				contactEmail: record.contactEmail ?? '',
				contactPhone: record.contactPhone ?? '',
				notes: record.notes ?? ''
			},
			hasAdmin
		}
	};
}

export const providerActions = {
	/** The area's own supplier record; fields of the shared master data in the request are ignored. */
	record: async (event: Ev) => {
		const { orgId, providerId } = event.params;
		authorizeInOrg(event.locals.actor, 'provider.edit', orgId);
		const checked = checkForm(supplierRecordForm, await event.request.formData());
		const values = checked.values;
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await updateSupplierRecord(await getDb(), auditContext(event, orgId), orgId, providerId as string, checked.value);
		return r.ok ? { success: msg('providers.recordSaved') } : refuse(r.error, { values });
	},
	inviteAdmin: async (event: Ev) => {
		const { orgId, providerId } = event.params;
		authorizeInOrg(event.locals.actor, 'provider.edit', orgId);
		const checked = checkForm(firstAdminForm, await event.request.formData());
		const input = checked.values;
		const echo = { email: input.email.slice(0, 254), name: input.name.slice(0, 200) };
		if (!checked.ok) return fail(400, { invite: echo, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await inviteFirstProviderAdmin(await getDb(), auditContext(event, orgId), orgId, providerId as string, checked.value);
		return r.ok ? { success: msg(r.pending ? 'users.invitationPending' : 'users.invited') } : refuse(r.error, { invite: echo });
	}
};

/**
 * The provider's own organisation page (/provider/:id/organisation): its admin keeps the master data. Only in
 * the provider's own workspace: a platform admin, whom the policy also allows, is not a member there and gets
 * the workspace's 404 for the page and its action alike.
 */
function ownWorkspaceAdmin(event: Ev) {
	const actor = authorizeProviderMasterData(event.locals.actor, event.params.orgId);
	if (membershipIn(actor, event.params.orgId)?.kind !== 'provider') error(404, 'notFound');
	return actor;
}

export async function loadOwnOrganisation(event: Ev) {
	ownWorkspaceAdmin(event);
	const org = await getProvider(await getDb(), event.params.orgId);
	if (!org) error(404, 'notFound');
	return { master: masterValues(org) };
}

export const ownOrganisationActions = {
	default: async (event: Ev) => {
		const orgId = event.params.orgId;
		const actor = ownWorkspaceAdmin(event);
		const checked = checkForm(masterDataForm, await event.request.formData());
		const values = checked.values;
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await updateProviderMasterData(await getDb(), auditContext(event, orgId), actor, orgId, checked.value);
		if (!r.ok) return refuse(r.error, { values });
		return { success: msg(r.bankChanged ? 'providers.savedBankChanged' : 'providers.saved') };
	}
};

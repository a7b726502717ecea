import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { msg } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { field, refuse, validate } from '../forms';
import { authorizeInOrg, authorizeProviderMasterData, membershipIn } from '../policy';
import { inviteSchema } from '../users/service';
import type { Organisation } from '../db/schema';
import {
	getProvider,
	getProviderForArea,
	inviteFirstProviderAdmin,
	listAreaProviders,
	masterDataSchema,
	providerSchema,
	registerProvider,
	supplierRecordSchema,
	updateProviderMasterData,
	updateSupplierRecord
} from './service';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress'> & { params: { orgId: string; providerId?: string } };

const MASTER_FIELDS = ['name', 'vatNumber', 'iban', 'bic', 'streetAddress', 'postalCode', 'city', 'ovt', 'peppolId', 'einvoiceOperator'];
const RECORD_FIELDS = ['supplierNumber', 'contactName', 'contactEmail', 'contactPhone', 'notes'];
const REGISTER_FIELDS = ['businessId', ...MASTER_FIELDS.filter((k) => k !== 'vatNumber'), ...RECORD_FIELDS];

function read(data: FormData, fields: string[]) {
	return Object.fromEntries(fields.map((k) => [k, field(data, k).slice(0, k === 'notes' ? 4000 : 300)]));
}

/** The shared master data as a form (or a read-only list) shows it. */
function masterValues(org: Organisation) {
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
	const values = read(await event.request.formData(), REGISTER_FIELDS);
	const checked = validate(providerSchema, values);
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
		const values = read(await event.request.formData(), RECORD_FIELDS);
		const checked = validate(supplierRecordSchema, values);
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await updateSupplierRecord(await getDb(), auditContext(event, orgId), orgId, providerId as string, checked.value);
		return r.ok ? { success: msg('providers.recordSaved') } : refuse(r.error, { values });
	},
	inviteAdmin: async (event: Ev) => {
		const { orgId, providerId } = event.params;
		authorizeInOrg(event.locals.actor, 'provider.edit', orgId);
		const data = await event.request.formData();
		const input = { email: field(data, 'email'), name: field(data, 'name'), locale: field(data, 'locale'), roles: ['provider_admin'] };
		const checked = validate(inviteSchema, input);
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
		const values = read(await event.request.formData(), MASTER_FIELDS);
		const checked = validate(masterDataSchema, values);
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await updateProviderMasterData(await getDb(), auditContext(event, orgId), actor, orgId, checked.value);
		if (!r.ok) return refuse(r.error, { values });
		return { success: msg(r.bankChanged ? 'providers.savedBankChanged' : 'providers.saved') };
	}
};

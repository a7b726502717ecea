import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { field, refuse, validate } from '../forms';
import { authorizeInOrg } from '../policy';
import { inviteSchema } from '../users/service';
import { getProviderForArea, inviteFirstProviderAdmin, listAreaProviders, providerSchema, registerProvider, updateProvider } from './service';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress'> & { params: { orgId: string; providerId?: string } };

const FIELDS = ['name', 'businessId', 'iban', 'bic', 'streetAddress', 'postalCode', 'city', 'ovt', 'peppolId', 'einvoiceOperator', 'contactName', 'contactEmail', 'contactPhone'];

function read(data: FormData) {
	return Object.fromEntries(FIELDS.map((k) => [k, field(data, k).slice(0, 300)]));
}

export async function loadProviders({ locals, params }: Ev) {
	authorizeInOrg(locals.actor, 'provider.list', params.orgId);
	return { providers: await listAreaProviders(await getDb(), params.orgId) };
}

export async function registerProviderAction(event: Ev) {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'provider.register', orgId);
	const values = read(await event.request.formData());
	const checked = validate(providerSchema, values);
	if (!checked.ok) return fail(400, { values, errors: checked.errors, message: 'errors.checkFields' as MessageKey });
	const r = await registerProvider(await getDb(), auditContext(event, orgId), orgId, checked.value);
	if (!r.ok) return refuse(r.error, { values });
	redirect(303, `/area/${orgId}/providers/${r.providerId}?${r.linked ? 'linked' : 'saved'}=1`);
}

export async function loadProvider({ locals, params }: Ev) {
	authorizeInOrg(locals.actor, 'provider.list', params.orgId);
	const found = params.providerId ? await getProviderForArea(await getDb(), params.orgId, params.providerId) : undefined;
	if (!found) error(404, 'notFound');
	const { org, contact, hasAdmin } = found;
	return {
		provider: {
			id: org.id,
			values: {
				name: org.name,
				businessId: org.businessId ?? '',
				iban: org.iban ?? '',
				bic: org.bic ?? '',
				streetAddress: org.streetAddress ?? '',
				postalCode: org.postalCode ?? '',
				city: org.city ?? '',
				ovt: org.ovt ?? '',
				peppolId: org.peppolId ?? '',
				einvoiceOperator: org.einvoiceOperator ?? '',
				contactName: contact?.name ?? '',
				contactEmail: contact?.email ?? '',
				contactPhone: contact?.phone ?? ''
			},
			vatNumber: org.vatNumber,
			hasAdmin
		}
	};
}

export const providerActions = {
	update: async (event: Ev) => {
		const { orgId, providerId } = event.params;
		authorizeInOrg(event.locals.actor, 'provider.edit', orgId);
		const values = read(await event.request.formData());
		const checked = validate(providerSchema, values);
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: 'errors.checkFields' as MessageKey });
		const r = await updateProvider(await getDb(), auditContext(event, orgId), orgId, providerId as string, checked.value);
		return r.ok ? { success: 'providers.saved' as MessageKey } : refuse(r.error, { values });
	},
	inviteAdmin: async (event: Ev) => {
		const { orgId, providerId } = event.params;
		authorizeInOrg(event.locals.actor, 'provider.edit', orgId);
		const data = await event.request.formData();
		const input = { email: field(data, 'email'), name: field(data, 'name'), locale: field(data, 'locale'), roles: ['provider_admin'] };
		const checked = validate(inviteSchema, input);
		const echo = { email: input.email.slice(0, 254), name: input.name.slice(0, 200) };
		if (!checked.ok) return fail(400, { invite: echo, errors: checked.errors, message: 'errors.checkFields' as MessageKey });
		const r = await inviteFirstProviderAdmin(await getDb(), auditContext(event, orgId), orgId, providerId as string, checked.value);
		return r.ok ? { success: (r.pending ? 'users.invitationPending' : 'users.invited') as MessageKey } : refuse(r.error, { invite: echo });
	}
};

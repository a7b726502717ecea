import { fail } from '@sveltejs/kit';
import { msg } from '$lib/i18n';
import { API_SCOPES, createApiKey, listApiKeys, revokeApiKey, type ApiScope } from '$lib/server/api/keys';
import { auditContext } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { field, refuse } from '$lib/server/forms';
import { authorizeInOrg } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	authorizeInOrg(locals.actor, 'apiKey.manage', params.orgId);
	const keys = await listApiKeys(await getDb(), params.orgId);
	return {
		keys: keys.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revoked: !!k.revokedAt }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		authorizeInOrg(event.locals.actor, 'apiKey.manage', event.params.orgId);
		const data = await event.request.formData();
		const name = field(data, 'name');
		const scopes = data.getAll('scopes').filter((s): s is ApiScope => (API_SCOPES as readonly unknown[]).includes(s));
		if (!name || name.length > 100) return fail(400, { message: msg('errors.nameRequired') });
		if (scopes.length === 0) return fail(400, { message: msg('errors.scopesRequired') });
		const key = await createApiKey(await getDb(), auditContext(event, event.params.orgId), event.params.orgId, name, scopes);
		return { key };
	},
	revoke: async (event) => {
		authorizeInOrg(event.locals.actor, 'apiKey.manage', event.params.orgId);
		const id = field(await event.request.formData(), 'keyId');
		if (!/^[0-9a-f-]{36}$/i.test(id)) return refuse('notFound');
		const ok = await revokeApiKey(await getDb(), auditContext(event, event.params.orgId), event.params.orgId, id);
		return ok ? { success: msg('apiKeys.revoked') } : refuse('notFound');
	}
};

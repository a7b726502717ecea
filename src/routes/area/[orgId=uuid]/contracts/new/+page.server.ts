import { createContractAction } from '$lib/server/contracts/pages';
import { getDb } from '$lib/server/db';
import { authorizeInOrg } from '$lib/server/policy';
import { listAreaProviders } from '$lib/server/providers/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	authorizeInOrg(locals.actor, 'contract.create', params.orgId);
	const providers = await listAreaProviders(await getDb(), params.orgId);
	return { providers: providers.map((p) => ({ id: p.id, name: p.name })), providerId: url.searchParams.get('provider') ?? '' };
};

export const actions: Actions = { default: (event) => createContractAction(event) };

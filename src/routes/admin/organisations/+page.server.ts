import { loadOrganisations, organisationsActions } from '$lib/server/platform/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrganisations(event);
export const actions: Actions = organisationsActions;

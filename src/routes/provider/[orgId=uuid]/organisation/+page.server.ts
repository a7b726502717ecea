import { loadOwnOrganisation, ownOrganisationActions } from '$lib/server/providers/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOwnOrganisation(event);
export const actions: Actions = ownOrganisationActions;

import { areaOrganisationActions, loadAreaOrganisation } from '$lib/server/areas/organisation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadAreaOrganisation(event);
export const actions: Actions = areaOrganisationActions;

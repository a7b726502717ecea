import { arviProviderActions, loadArviPage } from '$lib/server/arvi/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadArviPage(event, 'provider');
export const actions: Actions = arviProviderActions;

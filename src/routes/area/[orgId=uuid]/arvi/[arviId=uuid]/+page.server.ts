import { arviAreaActions, loadArviPage } from '$lib/server/arvi/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadArviPage(event, 'area');
export const actions: Actions = arviAreaActions;

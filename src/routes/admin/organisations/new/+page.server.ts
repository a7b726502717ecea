import { createAreaActions, loadCreateArea } from '$lib/server/platform/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadCreateArea(event);
export const actions: Actions = createAreaActions;

import { loadProvider, providerActions } from '$lib/server/providers/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadProvider(event);
export const actions: Actions = providerActions;

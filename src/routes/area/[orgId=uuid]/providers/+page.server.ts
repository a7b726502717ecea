import { loadProviders, registerProviderAction } from '$lib/server/providers/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadProviders(event);
export const actions: Actions = { default: (event) => registerProviderAction(event) };

import { customerActions, loadCustomerPage } from '$lib/server/privacy/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadCustomerPage(event);
export const actions: Actions = customerActions;

import { creditPageActions, loadCreditPage } from '$lib/server/invoices/credit-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadCreditPage(event);
export const actions: Actions = creditPageActions;

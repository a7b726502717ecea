import { loadOpenInvoices, openInvoiceActions } from '$lib/server/invoices/open-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOpenInvoices(event);
export const actions: Actions = openInvoiceActions;

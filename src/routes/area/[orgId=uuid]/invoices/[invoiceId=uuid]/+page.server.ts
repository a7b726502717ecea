import { invoiceAreaActions, loadInvoicePage } from '$lib/server/invoices/invoice-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadInvoicePage(event, 'area');
export const actions: Actions = invoiceAreaActions;

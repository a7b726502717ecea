import { invoiceListAreaActions, loadInvoiceList } from '$lib/server/invoices/list-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadInvoiceList(event, 'area');
export const actions: Actions = invoiceListAreaActions;

import { invoiceProviderActions, loadInvoicePage } from '$lib/server/invoices/invoice-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadInvoicePage(event, 'provider');
export const actions: Actions = invoiceProviderActions;

import { bulkActions } from '$lib/server/invoices/credit-pages';
import { invoiceListProviderActions, loadInvoiceList } from '$lib/server/invoices/list-pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadInvoiceList(event, 'provider');
export const actions: Actions = { ...invoiceListProviderActions, ...bulkActions };

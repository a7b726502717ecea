import { loadInvoiceList } from '$lib/server/invoices/list-pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadInvoiceList(event, 'provider');

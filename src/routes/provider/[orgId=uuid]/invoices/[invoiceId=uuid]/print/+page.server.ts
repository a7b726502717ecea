import { loadPrint } from '$lib/server/invoices/document-pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadPrint(event, 'provider');

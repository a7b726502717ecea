import { loadSpecification } from '$lib/server/invoices/document-pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadSpecification(event, 'area');

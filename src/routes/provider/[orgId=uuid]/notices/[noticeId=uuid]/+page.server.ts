import { loadNotice } from '$lib/server/notices/pages';
import type { PageServerLoad } from './$types';

// Read-only: the provider sees what it sent and what the area answered.
export const load: PageServerLoad = (event) => loadNotice(event, 'provider');

import { loadDashboard } from '$lib/server/dashboard/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadDashboard(event);

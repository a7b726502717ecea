import { loadArviList } from '$lib/server/arvi/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadArviList(event, 'area');

import { loadRemarkList } from '$lib/server/remarks/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadRemarkList(event, 'area');

import { loadRemarkList } from '$lib/server/remarks/list-pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadRemarkList(event, 'area');

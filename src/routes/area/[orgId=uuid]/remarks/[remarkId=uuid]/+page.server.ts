import { areaRemarkActions, loadRemark } from '$lib/server/remarks/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadRemark(event, 'area');
export const actions: Actions = areaRemarkActions;

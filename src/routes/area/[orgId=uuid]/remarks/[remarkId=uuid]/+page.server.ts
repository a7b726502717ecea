import { areaRemarkActions, loadRemark } from '$lib/server/remarks/remark-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadRemark(event, 'area');
export const actions: Actions = areaRemarkActions;

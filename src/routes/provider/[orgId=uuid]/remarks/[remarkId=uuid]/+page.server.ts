import { loadRemark, providerRemarkActions } from '$lib/server/remarks/remark-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadRemark(event, 'provider');
export const actions: Actions = providerRemarkActions;

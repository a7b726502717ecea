import { loadNewRemark, newRemarkActions } from '$lib/server/remarks/filing-page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadNewRemark(event);
export const actions: Actions = newRemarkActions;

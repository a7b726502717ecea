import { loadNewRemark, newRemarkActions } from '$lib/server/remarks/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadNewRemark(event);
export const actions: Actions = newRemarkActions;

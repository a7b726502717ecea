import { loadRetention, retentionActions } from '$lib/server/retention/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadRetention(event);
export const actions: Actions = retentionActions;

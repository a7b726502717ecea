import { loadReferral, referralActions } from '$lib/server/referrals/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadReferral(event);
export const actions: Actions = referralActions;

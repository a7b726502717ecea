import { createGroupReferralAction, loadNewReferral } from '$lib/server/referrals/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadNewReferral(event);
export const actions: Actions = { default: (event) => createGroupReferralAction(event) };

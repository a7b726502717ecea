import { loadReferralList } from '$lib/server/referrals/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadReferralList(event);

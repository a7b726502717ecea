import { loadProviderScorecard } from '$lib/server/dashboard/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadProviderScorecard(event);

import { loadAreaScorecard } from '$lib/server/dashboard/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadAreaScorecard(event);

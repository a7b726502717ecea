import { loadFeedbackResults } from '$lib/server/feedback/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadFeedbackResults(event, 'provider');

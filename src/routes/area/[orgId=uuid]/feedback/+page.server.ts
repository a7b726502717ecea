import { loadFeedbackResults, reviewTextAction } from '$lib/server/feedback/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadFeedbackResults(event, 'area');
export const actions: Actions = { review: reviewTextAction };

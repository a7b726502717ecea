import { showFeedbackAction } from '$lib/server/feedback/pages';
import { loadParticipationPage, participationActions } from '$lib/server/participations/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadParticipationPage(event);
export const actions: Actions = { ...participationActions, feedbackShow: showFeedbackAction };

import { sendFeedbackAction } from '$lib/server/feedback/pages';
import { loadParticipationPage } from '$lib/server/participations/pages';
import type { Actions, PageServerLoad } from './$types';

/** The case officer's view of a customer's participation and attendance; from here the feedback invitation is sent. */
export const load: PageServerLoad = (event) => loadParticipationPage(event);
export const actions: Actions = { feedbackSend: sendFeedbackAction };

import { answerPublicFeedback, loadPublicFeedback } from '$lib/server/feedback/pages';
import type { Actions, PageServerLoad } from './$types';

/** A participant's anonymous feedback, without an account (the short link of a QR code or a message). */
export const load: PageServerLoad = (event) => loadPublicFeedback(event);
export const actions: Actions = { default: answerPublicFeedback };

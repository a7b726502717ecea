import { loadParticipationPage } from '$lib/server/participations/pages';
import type { PageServerLoad } from './$types';

/** The case officer's read-only view of a customer's participation and attendance. */
export const load: PageServerLoad = (event) => loadParticipationPage(event);

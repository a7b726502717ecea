import { loadParticipationList } from '$lib/server/participations/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadParticipationList(event);

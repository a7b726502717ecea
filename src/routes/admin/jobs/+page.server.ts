import { jobsActions, loadJobs } from '$lib/server/platform/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadJobs(event);
export const actions: Actions = jobsActions;

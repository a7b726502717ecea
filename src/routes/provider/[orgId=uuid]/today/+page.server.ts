import { loadTodayPage, todayActions } from '$lib/server/attendance/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadTodayPage(event);
export const actions: Actions = todayActions;

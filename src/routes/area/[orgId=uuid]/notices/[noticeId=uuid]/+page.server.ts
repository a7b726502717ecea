import { loadNotice, noticeActions } from '$lib/server/notices/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadNotice(event, 'area');
export const actions: Actions = noticeActions;

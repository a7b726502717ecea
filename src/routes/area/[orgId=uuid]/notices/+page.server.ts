import { loadNoticeList } from '$lib/server/notices/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadNoticeList(event, 'area');

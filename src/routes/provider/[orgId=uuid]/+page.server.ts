import { loadWorkspaceHome } from '$lib/server/home/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadWorkspaceHome(event, 'provider');

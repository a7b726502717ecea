import { loadPlatformHome } from '$lib/server/platform/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadPlatformHome(event);

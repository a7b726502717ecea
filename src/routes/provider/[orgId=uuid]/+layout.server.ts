import { loadWorkspace } from '$lib/server/workspace';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, params }) => loadWorkspace(locals.actor, params.orgId, 'provider', locals.locale);

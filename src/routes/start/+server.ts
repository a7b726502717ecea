import { redirect } from '@sveltejs/kit';
import { canInOrg } from '$lib/server/policy';
import type { RequestHandler } from './$types';

/**
 * The installed app's start URL (manifest `start_url`): a coach lands on Today, anyone else on the home
 * page. Signed out, the hooks send the person to sign in first and back here. Offline, the service worker
 * answers it with the Today page it keeps (see src/service-worker.ts).
 */
export const GET: RequestHandler = ({ locals }) => {
	const actor = locals.actor;
	const org = actor?.memberships.find((m) => canInOrg(actor, 'attendance.record', m.organisationId));
	redirect(303, org ? `/provider/${org.organisationId}/today` : '/');
};

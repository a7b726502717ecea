import { getDb } from '$lib/server/db';
import { unreadCount } from '$lib/server/notifications/service';
import { isPlatformAdmin } from '$lib/server/policy';
import { countOwnInvitations } from '$lib/server/users/invitations';
import type { LayoutServerLoad } from './$types';

/**
 * The badges come with the session (one statement at the start of the request); after a form action, which
 * may have read a notification or answered an invitation, they are counted again.
 */
async function badges(locals: App.Locals, method: string) {
	const actor = locals.actor;
	if (!actor) return { unread: 0, invitations: 0 };
	if (method === 'GET' && locals.counts) return locals.counts;
	const db = await getDb();
	return { unread: await unreadCount(db, actor.userId), invitations: await countOwnInvitations(db, actor.userId) };
}

export const load: LayoutServerLoad = async ({ locals, request }) => {
	const actor = locals.actor;
	const { unread, invitations } = await badges(locals, request.method);
	return {
		unread,
		/** Pending invitations to other organisations: a banner until the person answers them. */
		invitations,
		locale: locals.locale,
		user: locals.user && actor ? { id: locals.user.id, name: locals.user.name, email: locals.user.email } : null,
		organisations:
			actor?.memberships.map((m) => ({
				id: m.organisationId,
				kind: m.kind,
				name: locals.locale === 'sv' && m.nameSv ? m.nameSv : m.name,
				roles: m.roles
			})) ?? [],
		platformAdmin: actor ? isPlatformAdmin(actor) : false
	};
};

import { getDb } from '$lib/server/db';
import { unreadCount } from '$lib/server/notifications/service';
import { isPlatformAdmin } from '$lib/server/policy';
import { countOwnInvitations } from '$lib/server/users/invitations';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	const db = actor ? await getDb() : undefined;
	return {
		unread: actor && db ? await unreadCount(db, actor.userId) : 0,
		/** Pending invitations to other organisations: a banner until the person answers them. */
		invitations: actor && db ? await countOwnInvitations(db, actor.userId) : 0,
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

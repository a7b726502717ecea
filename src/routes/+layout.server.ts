import { getDb } from '$lib/server/db';
import { unreadCount } from '$lib/server/notifications/service';
import { isPlatformAdmin } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	return {
		unread: actor ? await unreadCount(await getDb(), actor.userId) : 0,
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

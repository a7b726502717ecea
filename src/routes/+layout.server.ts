import { isPlatformAdmin } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
	const actor = locals.actor;
	return {
		locale: locals.locale,
		user: locals.user && actor ? { name: locals.user.name, email: locals.user.email } : null,
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

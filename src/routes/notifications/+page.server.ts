import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listNotifications, markAllRead } from '$lib/server/notifications/service';
import { pushEnabled } from '$lib/server/notifications/push';
import { config } from '$lib/server/config';
import type { Actions, PageServerLoad } from './$types';

/** Everyone's own notifications only: the query is by the signed-in user's id. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor) redirect(303, '/login');
	const rows = await listNotifications(await getDb(), locals.actor.userId);
	return {
		pushPublicKey: pushEnabled() ? (config.vapid.publicKey as string) : null,
		notifications: rows.map((n) => ({ id: n.id, kind: n.kind, link: n.link, createdAt: n.createdAt.toISOString(), read: !!n.readAt }))
	};
};

export const actions: Actions = {
	readAll: async ({ locals }) => {
		if (!locals.actor) redirect(303, '/login');
		await markAllRead(await getDb(), locals.clock, locals.actor.userId);
		return { done: true };
	}
};

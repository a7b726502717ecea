import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { groupNotifications, listNotifications, markAllRead, openLink } from '$lib/server/notifications/service';
import { auditContext } from '$lib/server/audit';
import { pushEnabled } from '$lib/server/notifications/push';
import { config } from '$lib/server/config';
import type { Actions, PageServerLoad } from './$types';

/** Everyone's own notifications only: the query is by the signed-in user's id. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor) redirect(303, '/login');
	const rows = await listNotifications(await getDb(), locals.actor.userId);
	return {
		pushPublicKey: pushEnabled() ? (config.vapid.publicKey as string) : null,
		// Similar ones in one line ("3 referrals accepted · POH-2026-014"), newest first.
		notifications: groupNotifications(rows).map((g) => ({
			id: `${g.kind}:${g.subject ?? ''}:${g.unread > 0 ? 'u' : 'r'}`,
			kind: g.kind,
			subject: g.subject,
			count: g.count,
			link: g.link,
			// Through /notifications/open, which marks the line read before it leads to `link`.
			href: openLink(g.kind, g.subject),
			createdAt: g.latestAt.toISOString(),
			read: g.unread === 0
		}))
	};
};

export const actions: Actions = {
	readAll: async (event) => {
		if (!event.locals.actor) redirect(303, '/login');
		await markAllRead(await getDb(), auditContext(event), event.locals.actor.userId);
		return { done: true };
	}
};

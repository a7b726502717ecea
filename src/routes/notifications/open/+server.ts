import { redirect } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { isNotificationKind, openNotificationGroup } from '$lib/server/notifications/service';
import type { RequestHandler } from './$types';

/**
 * Opening a line of the notifications page: marks the person's own notifications of that line read and leads to
 * their object. A GET (a plain link works for everyone, also without JavaScript): the only change it can make is
 * to the signed-in person's own notifications, by the person's id, and where it leads comes from those rows.
 */
export const GET: RequestHandler = async (event) => {
	if (!event.locals.actor) redirect(303, '/login');
	const kind = event.url.searchParams.get('kind');
	const subject = event.url.searchParams.get('subject');
	if (!isNotificationKind(kind) || (subject !== null && subject.length > 300)) redirect(303, '/notifications');
	const link = await openNotificationGroup(await getDb(), auditContext(event), event.locals.actor.userId, kind, subject);
	redirect(303, link ?? '/notifications');
};

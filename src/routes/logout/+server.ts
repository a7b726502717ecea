import { redirect } from '@sveltejs/kit';
import { auditContext, recordAudit } from '$lib/server/audit';
import { deleteSessionCookie, invalidateSession, invalidateUserSessions } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** Sign out (this device), or everywhere with `everywhere=1`. */
export const POST: RequestHandler = async (event) => {
	const { session } = event.locals;
	if (session) {
		const db = await getDb();
		const everywhere = (await event.request.formData()).get('everywhere') === '1';
		await db.transaction(async (tx) => {
			if (everywhere) await invalidateUserSessions(tx, session.userId);
			else await invalidateSession(tx, session.id);
			await recordAudit(tx, auditContext(event), {
				action: everywhere ? 'auth.logout_everywhere' : 'auth.logout'
			});
		});
	}
	deleteSessionCookie(event.cookies);
	redirect(303, '/login?signedOut=1');
};

import { error, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { isLocale } from '$lib/i18n';
import { recordAudit, auditContext } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { isMalformedNext, safeNext } from '$lib/server/forms';
import { users } from '$lib/server/db/schema';
import { LOCALE_COOKIE } from '$lib/server/hooks/handle';
import type { RequestHandler } from './$types';

/** Language switch: remembered in a cookie, and on the user's account when signed in. */
export const POST: RequestHandler = async (event) => {
	const data = await event.request.formData();
	const lang = data.get('lang');
	const target = data.get('redirectTo');
	// Checked before anything is saved: a redirect target with control characters (CR/LF) or backslashes is refused, not
	// silently replaced, and safeNext keeps only a same-origin path, percent-encoded for the Location header.
	if (isMalformedNext(target)) error(400, 'errors.invalidInput');
	const to = safeNext(target, event.url.origin);
	if (!isLocale(lang)) redirect(303, to);
	event.cookies.set(LOCALE_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 31536000 });
	const user = event.locals.user;
	if (user && event.locals.actor) {
		const db = await getDb();
		await db.transaction(async (tx) => {
			await tx.update(users).set({ locale: lang }).where(eq(users.id, user.id));
			await recordAudit(tx, auditContext(event), { action: 'user.set_locale', targetType: 'user', targetIds: [user.id] });
		});
	}
	redirect(303, to);
};

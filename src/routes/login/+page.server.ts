import { fail, redirect } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit';
import { loginWithPassword } from '$lib/server/auth/service';
import { setSessionCookie } from '$lib/server/auth/session';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { field, safeNext } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeNext(url.searchParams.get('next'), url.origin));
	return { oidcEnabled: !!config.oidc.issuer };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const email = field(data, 'email');
		const password = data.get('password');
		if (!email || typeof password !== 'string' || !password) {
			return fail(400, { email, message: 'errors.loginMissing' as const });
		}
		if (email.length > 254 || password.length > 256) {
			return fail(400, { email, message: 'errors.loginInvalid' as const });
		}
		const db = await getDb();
		const result = await loginWithPassword(db, auditContext(event), { email, password });
		if (!result.ok) {
			return fail(result.reason === 'throttled' ? 429 : 400, {
				email,
				message: result.reason === 'throttled' ? ('errors.loginThrottled' as const) : ('errors.loginInvalid' as const)
			});
		}
		setSessionCookie(event.cookies, result.token);
		const next = safeNext(event.url.searchParams.get('next'), event.url.origin);
		if (result.needsMfa) {
			redirect(303, result.user.totpKeyEncrypted ? `/login/2fa?next=${encodeURIComponent(next)}` : '/setup-2fa');
		}
		redirect(303, next);
	}
};

import { fail, redirect } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit';
import { verifyRecoveryCode, verifySecondFactor } from '$lib/server/auth/service';
import { setSessionCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import { field, safeNext } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	if (locals.actor) redirect(303, '/');
	if (!locals.user.totpKeyEncrypted) redirect(303, '/setup-2fa');
	return {};
};

function pending(locals: App.Locals) {
	if (!locals.user || !locals.session || !locals.mfaPending) redirect(303, '/login');
	return { user: locals.user, sessionId: locals.session.id };
}

export const actions: Actions = {
	totp: async (event) => {
		const { user, sessionId } = pending(event.locals);
		const code = field(await event.request.formData(), 'code').replace(/\s/g, '');
		if (!/^\d{6}$/.test(code)) return fail(400, { message: 'errors.totpFormat' as const });
		const result = await verifySecondFactor(await getDb(), auditContext(event), { sessionId, user, code });
		if (!result.ok) {
			return fail(result.reason === 'throttled' ? 429 : 400, {
				message: result.reason === 'throttled' ? ('errors.loginThrottled' as const) : ('errors.totpInvalid' as const)
			});
		}
		setSessionCookie(event.cookies, result.token);
		redirect(303, safeNext(event.url.searchParams.get('next'), event.url.origin));
	},
	recovery: async (event) => {
		const { user, sessionId } = pending(event.locals);
		const code = field(await event.request.formData(), 'recoveryCode');
		if (!code || code.length > 40) return fail(400, { recovery: true, message: 'errors.recoveryInvalid' as const });
		const result = await verifyRecoveryCode(await getDb(), auditContext(event), { sessionId, user, code });
		if (!result.ok) {
			return fail(result.reason === 'throttled' ? 429 : 400, {
				recovery: true,
				message: result.reason === 'throttled' ? ('errors.loginThrottled' as const) : ('errors.recoveryInvalid' as const)
			});
		}
		setSessionCookie(event.cookies, result.token);
		redirect(303, '/account?recoveryUsed=1');
	}
};

import { fail, redirect } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit';
import { enrolTotp } from '$lib/server/auth/service';
import { setSessionCookie } from '$lib/server/auth/session';
import { generateTotpKey, totpKeyFromBase32, totpKeyToBase32, totpQrSvg, totpUri } from '$lib/server/auth/totp';
import { getDb } from '$lib/server/db';
import { field } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * First-time TOTP enrolment. A signed-in user who already has a second factor must prove it first
 * (at /login/2fa), so a stolen password alone can never replace the key.
 */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
	if (locals.user.totpKeyEncrypted) redirect(303, locals.actor ? '/account' : '/login/2fa');
	const key = generateTotpKey();
	const secret = totpKeyToBase32(key);
	return { secret, qrSvg: await totpQrSvg(totpUri(key, locals.user.email)) };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, session } = event.locals;
		if (!user || !session) redirect(303, '/login');
		if (user.totpKeyEncrypted) return fail(400, { message: 'errors.alreadyEnrolled' as const });
		const data = await event.request.formData();
		const secret = field(data, 'secret');
		const code = field(data, 'code').replace(/\s/g, '');
		let key: Uint8Array;
		try {
			key = totpKeyFromBase32(secret);
		} catch {
			return fail(400, { message: 'errors.totpInvalid' as const });
		}
		const result = await enrolTotp(await getDb(), auditContext(event), {
			sessionId: session.id,
			userId: user.id,
			key,
			code
		});
		if (!result.ok) return fail(400, { message: 'errors.totpInvalid' as const });
		setSessionCookie(event.cookies, result.token);
		return { recoveryCodes: result.recoveryCodes };
	}
};

import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { auditContext } from '$lib/server/audit';
import { signInInput, signInWithPasskey, type PasskeySignInResult } from '$lib/server/auth/passkeys';
import { setSessionCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import { safeNext } from '$lib/server/forms';
import type { MessageKey } from '$lib/i18n';
import type { RequestHandler } from './$types';

const MESSAGE: Record<Extract<PasskeySignInResult, { ok: false }>['reason'], MessageKey> = {
	invalid: 'errors.passkeyFailed',
	expired: 'errors.passkeyExpired',
	refused: 'errors.passkeyRefused',
	throttled: 'errors.loginThrottled'
};

/** The browser's signed answer to a sign-in challenge: a session with both factors done, and where to go next. */
export const POST: RequestHandler = async (event) => {
	const parsed = v.safeParse(signInInput, await event.request.json());
	if (!parsed.success) error(400, 'errors.passkeyFailed');
	const result = await signInWithPasskey(await getDb(), auditContext(event), {
		response: parsed.output.response,
		replaceSessionId: event.locals.session?.id
	});
	if (!result.ok) return json({ message: MESSAGE[result.reason] }, { status: result.reason === 'throttled' ? 429 : 400 });
	setSessionCookie(event.cookies, result.token);
	return json({ location: safeNext(parsed.output.next, event.url.origin) });
};

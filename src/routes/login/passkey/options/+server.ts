import { json } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit';
import { authenticationOptions, readEmptyBody } from '$lib/server/auth/passkeys';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** A challenge for signing in with a passkey, without an e-mail: the browser offers this site's passkeys. */
export const POST: RequestHandler = async (event) => {
	await readEmptyBody(event.request);
	const result = await authenticationOptions(await getDb(), auditContext(event));
	if (!result.ok) return json({ message: 'errors.loginThrottled' }, { status: 429 });
	return json(result.options);
};

import { error, json } from '@sveltejs/kit';
import { readEmptyBody, registrationOptions } from '$lib/server/auth/passkeys';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** A challenge for adding a passkey to the signed-in person's own account (after a recent sign-in only). */
export const POST: RequestHandler = async ({ locals, request }) => {
	const { actor, user, session } = locals;
	if (!actor || !user || !session) error(401, 'unauthenticated');
	await readEmptyBody(request);
	const result = await registrationOptions(await getDb(), locals.clock, user, session);
	if (!result.ok) {
		const reauth = result.reason === 'reauth';
		return json({ message: reauth ? 'errors.passkeyReauth' : 'errors.passkeyTooMany' }, { status: reauth ? 403 : 400 });
	}
	return json(result.options);
};

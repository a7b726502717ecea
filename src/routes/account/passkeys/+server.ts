import { error, json } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit';
import { registerPasskey, registrationInput, type RegisterResult } from '$lib/server/auth/passkeys';
import { getDb } from '$lib/server/db';
import { validate } from '$lib/server/forms';
import type { MessageKey } from '$lib/i18n';
import type { RequestHandler } from './$types';

const MESSAGE: Record<Extract<RegisterResult, { ok: false }>['reason'], MessageKey> = {
	reauth: 'errors.passkeyReauth',
	invalid: 'errors.passkeyAddFailed',
	duplicate: 'errors.passkeyDuplicate',
	tooMany: 'errors.passkeyTooMany'
};

/** The browser's new credential for the signed-in person's own account, with the name they gave it. */
export const POST: RequestHandler = async (event) => {
	const { actor, user, session } = event.locals;
	if (!actor || !user || !session) error(401, 'unauthenticated');
	const body = await event.request.json();
	const checked = validate(registrationInput, body);
	if (!checked.ok) {
		const nameProblem = checked.errors.name;
		return json({ message: nameProblem ?? 'errors.passkeyAddFailed', field: nameProblem ? 'name' : undefined }, { status: 400 });
	}
	const result = await registerPasskey(await getDb(), auditContext(event), { user, session, ...checked.value });
	if (!result.ok) return json({ message: MESSAGE[result.reason] }, { status: result.reason === 'reauth' ? 403 : 400 });
	return json({ id: result.passkeyId }, { status: 201 });
};

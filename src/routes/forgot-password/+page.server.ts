import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { auditContext } from '$lib/server/audit';
import { requestPasswordReset } from '$lib/server/auth/service';
import { getDb } from '$lib/server/db';
import { field } from '$lib/server/forms';
import type { Actions } from './$types';

const emailSchema = v.pipe(v.string(), v.maxLength(254), v.email());

export const actions: Actions = {
	default: async (event) => {
		const email = field(await event.request.formData(), 'email');
		if (!v.is(emailSchema, email)) return fail(400, { email, message: 'errors.emailInvalid' as const });
		const result = await requestPasswordReset(await getDb(), auditContext(event), email);
		if (result === 'throttled') return fail(429, { email, message: 'errors.loginThrottled' as const });
		// The same answer whether or not the account exists.
		return { sent: true };
	}
};

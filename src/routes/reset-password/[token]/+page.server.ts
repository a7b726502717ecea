import { fail } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit';
import { findEmailToken, resetPassword } from '$lib/server/auth/service';
import { deleteSessionCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const found = await findEmailToken(await getDb(), locals.clock, params.token);
	return { valid: !!found, purpose: found?.purpose ?? null };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const password = data.get('password');
		const confirm = data.get('confirm');
		if (typeof password !== 'string' || typeof confirm !== 'string' || !password) {
			return fail(400, { message: 'errors.passwordRequired' as const });
		}
		if (password !== confirm) return fail(400, { message: 'errors.passwordMismatch' as const });
		const result = await resetPassword(await getDb(), auditContext(event), event.params.token, password);
		if (!result.ok) return fail(400, { message: `errors.${result.reason}` as const });
		deleteSessionCookie(event.cookies);
		return { done: true };
	}
};

import { error, redirect } from '@sveltejs/kit';
import { oidcEnabled, startOidcLogin } from '$lib/server/auth/oidc';
import { config } from '$lib/server/config';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ cookies }) => {
	if (!oidcEnabled()) error(404, 'notFound');
	const { url, state, verifier } = await startOidcLogin();
	const opts = { path: '/login/oidc', httpOnly: true, sameSite: 'lax' as const, secure: config.production, maxAge: 600 };
	cookies.set('oidc_state', state, opts);
	cookies.set('oidc_verifier', verifier, opts);
	redirect(303, url.toString());
};

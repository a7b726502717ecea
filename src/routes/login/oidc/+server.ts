import { error, redirect } from '@sveltejs/kit';
import { oidcEnabled, startOidcLogin } from '$lib/server/auth/oidc';
import { config } from '$lib/server/config';
import { safeNext } from '$lib/server/forms';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ cookies, url: here }) => {
	if (!oidcEnabled()) error(404, 'notFound');
	const { url, state, verifier } = await startOidcLogin();
	const opts = { path: '/login/oidc', httpOnly: true, sameSite: 'lax' as const, secure: config.production, maxAge: 600 };
	cookies.set('oidc_state', state, opts);
	cookies.set('oidc_verifier', verifier, opts);
	// Where sign-in leads afterwards (a deep link opened while signed out); checked again on the way back.
	cookies.set('oidc_next', safeNext(here.searchParams.get('next'), here.origin), opts);
	redirect(303, url.toString());
};

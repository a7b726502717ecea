import { error, redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { auditContext, recordAudit } from '$lib/server/audit';
import { finishOidcLogin, oidcEnabled } from '$lib/server/auth/oidc';
import { normaliseEmail } from '$lib/server/auth/service';
import { createSession, generateSessionToken, setSessionCookie } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import { safeNext } from '$lib/server/forms';
import { users } from '$lib/server/db/schema';
import { logger } from '$lib/server/logger';
import type { RequestHandler } from './$types';

/**
 * The identity provider sent the person back. Strong identification (Suomi.fi) counts as both factors;
 * the account must already exist and be active.
 */
export const GET: RequestHandler = async (event) => {
	if (!oidcEnabled()) error(404, 'notFound');
	const state = event.cookies.get('oidc_state');
	const verifier = event.cookies.get('oidc_verifier');
	const next = safeNext(event.cookies.get('oidc_next') ?? null, event.url.origin);
	for (const name of ['oidc_state', 'oidc_verifier', 'oidc_next']) event.cookies.delete(name, { path: '/login/oidc' });
	if (!state || !verifier) redirect(303, '/login');
	let claim: string | null = null;
	try {
		claim = await finishOidcLogin(event.url, state, verifier);
	} catch (e) {
		logger.warn({ err: e, requestId: event.locals.requestId }, 'OIDC callback rejected');
	}
	const db = await getDb();
	const [user] = claim
		? await db
				.select()
				.from(users)
				.where(eq(users.email, normaliseEmail(claim)))
		: [];
	if (!user || !user.active) {
		await recordAudit(db, auditContext(event), { action: 'auth.oidc_failed' });
		redirect(303, '/login?oidcFailed=1');
	}
	const token = generateSessionToken();
	const ctx = { ...auditContext(event), userId: user.id };
	await db.transaction(async (tx) => {
		await createSession(tx, event.locals.clock, token, user.id, { twoFactorVerified: true, ip: ctx.ip, userAgent: ctx.userAgent });
		await recordAudit(tx, ctx, { action: 'auth.login_oidc' });
	});
	setSessionCookie(event.cookies, token);
	redirect(303, next);
};

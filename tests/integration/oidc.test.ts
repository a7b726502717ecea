/**
 * The OIDC hook point against a small identity provider run in this test (discovery, JWKS and a
 * token endpoint that checks PKCE and signs the ID token), so the real openid-client code path runs.
 */
import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { config } from '../../src/lib/server/config';
import { sessions } from '../../src/lib/server/db/schema';
import { startOidcLogin } from '../../src/lib/server/auth/oidc';
import { GET as start } from '../../src/routes/login/oidc/+server';
import { GET as callback } from '../../src/routes/login/oidc/callback/+server';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
let idp: Server;
let issuer = '';
let emailClaim = '';
const challenges: string[] = [];
const { clock } = testClock();

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	const { publicKey, privateKey } = await generateKeyPair('RS256');
	const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
	idp = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', issuer);
		const json = (body: unknown, status = 200) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (url.pathname === '/.well-known/openid-configuration') {
			return json({
				issuer,
				authorization_endpoint: `${issuer}/authorize`,
				token_endpoint: `${issuer}/token`,
				jwks_uri: `${issuer}/jwks`,
				response_types_supported: ['code'],
				subject_types_supported: ['public'],
				id_token_signing_alg_values_supported: ['RS256'],
				token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post']
			});
		}
		if (url.pathname === '/jwks') return json({ keys: [jwk] });
		if (url.pathname === '/token') {
			let body = '';
			for await (const chunk of req) body += chunk;
			const form = new URLSearchParams(body);
			const verifier = form.get('code_verifier') ?? '';
			const challenge = createHash('sha256').update(verifier).digest('base64url');
			if (form.get('code') !== 'good-code' || !challenges.includes(challenge)) return json({ error: 'invalid_grant' }, 400);
			const now = Math.floor(Date.now() / 1000);
			const idToken = await new SignJWT({ email: emailClaim })
				.setProtectedHeader({ alg: 'RS256', kid: 'k1' })
				.setIssuer(issuer)
				.setAudience('ptp-test')
				.setSubject('suomi-fi-123')
				.setIssuedAt(now)
				.setExpirationTime(now + 300)
				.sign(privateKey);
			return json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken });
		}
		json({ error: 'not_found' }, 404);
	});
	await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
	const address = idp.address();
	issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
	config.oidc.issuer = undefined;
	idp?.close();
	await database.close();
});

function enable() {
	Object.assign(config.oidc, { issuer, clientId: 'ptp-test', clientSecret: 'secret', userClaim: 'email' });
}

async function signInThroughIdp(email: string, code = 'good-code', cookies: Record<string, string> = {}) {
	emailClaim = email;
	const { url, state, verifier } = await startOidcLogin();
	challenges.push(url.searchParams.get('code_challenge') ?? '');
	const event = makeEvent({
		actor: null,
		clock,
		url: `http://localhost:3000/login/oidc/callback?code=${code}&state=${state}`,
		cookies: { ...cookies, oidc_state: state, oidc_verifier: verifier }
	});
	let location = '';
	try {
		await callback(event);
	} catch (e) {
		location = (e as { location?: string }).location ?? '';
	}
	return location;
}

describe('OIDC sign-in hook', () => {
	it('is off by default: both routes answer 404', async () => {
		expect(await statusOf(() => start(makeEvent({ actor: null, clock })))).toBe(404);
		expect(await statusOf(() => callback(makeEvent({ actor: null, clock })))).toBe(404);
	});

	it('signs in an existing active person with a session that counts as strong authentication', async () => {
		enable();
		const org = await makeOrganisation(database.db, 'area');
		const user = await makeUser(database.db, { org: org.id, roles: ['case_officer'] });
		expect(await signInThroughIdp(user.email.toUpperCase())).toBe('/');
		const rows = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
		expect(rows.map((s) => s.twoFactorVerified)).toEqual([true]);
	});

	it('refuses a person without an account, and a forged authorisation code', async () => {
		enable();
		expect(await signInThroughIdp('stranger@nowhere.fi')).toBe('/login?oidcFailed=1');
		const org = await makeOrganisation(database.db, 'area');
		const user = await makeUser(database.db, { org: org.id, roles: ['case_officer'] });
		expect(await signInThroughIdp(user.email, 'forged-code')).toBe('/login?oidcFailed=1');
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
	});

	it('leads back to the page asked for while signed out, never to another site', async () => {
		enable();
		const org = await makeOrganisation(database.db, 'area');
		const user = await makeUser(database.db, { org: org.id, roles: ['case_officer'] });
		// The sign-in page's link carries `next`; the start keeps it beside the state for the way back.
		const asked = `/area/${org.id}/referrals?status=sent`;
		const startEvent = makeEvent({ actor: null, clock, url: `http://localhost:3000/login/oidc?next=${encodeURIComponent(asked)}` });
		await statusOf(() => start(startEvent));
		const kept = (startEvent as { cookies: { get(n: string): string | undefined } }).cookies.get('oidc_next');
		expect(kept).toBe(asked);
		expect(await signInThroughIdp(user.email, 'good-code', { oidc_next: kept! })).toBe(asked);
		// A forged cookie pointing elsewhere leads home.
		expect(await signInThroughIdp(user.email, 'good-code', { oidc_next: 'https://evil.example/x' })).toBe('/');
		expect(await signInThroughIdp(user.email, 'good-code', { oidc_next: '//evil.example/x' })).toBe('/');
	});
});

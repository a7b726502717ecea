/**
 * Passkeys (issue 20) on the server side, with a software authenticator: adding (recent sign-in only,
 * challenge single-use, short-lived and the person's own), signing in with a passkey alone (both factors,
 * throttled with the password's counters, deactivated people refused, a counter that does not move forward
 * refused and audited as a possible clone), removing (own only; the last one only with a fallback).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, passkeys, sessions, users, webauthnChallenges } from '../../src/lib/server/db/schema';
import { hashPassword } from '../../src/lib/server/auth/password';
import { encrypt } from '../../src/lib/server/auth/encryption';
import { generateTotpKey } from '../../src/lib/server/auth/totp';
import { loginWithPassword } from '../../src/lib/server/auth/service';
import { authenticateSession, loadActor } from '../../src/lib/server/auth/actor';
import { createSession, generateSessionToken, sessionIdFromToken } from '../../src/lib/server/auth/session';
import {
	authenticationOptions,
	registerPasskey,
	registrationOptions,
	relyingParty,
	removePasskey,
	signInWithPasskey
} from '../../src/lib/server/auth/passkeys';
import { helsinkiDate } from '../../src/lib/domain/clock';
import { createTestDatabase } from './helpers/db';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';
import { softAuthenticator, type SoftAuthenticator } from './helpers/webauthn';

const PASSWORD = 'Kesä-Lounas-Tori-2026';
let database: Database;
let passwordHash: string;
const rp = relyingParty();

beforeAll(async () => {
	database = await createTestDatabase();
	passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => database.close());

let ipCounter = 0;
/** Each test its own client address, so that the per-address throttle of one test does not reach another. */
const freshIp = () => `10.20.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function coach(opts: { password?: boolean; totp?: boolean } = {}) {
	const org = await makeOrganisation(database.db, 'provider');
	return makeUser(database.db, {
		org: org.id,
		roles: ['coach'],
		passwordHash: opts.password === false ? null : passwordHash,
		totpKeyEncrypted: opts.totp === false ? null : encrypt(generateTotpKey())
	});
}

/** A person with a passkey added through the real ceremony; `session` is the fresh one it was added in. */
async function withPasskey(c = testClock(), opts: { counter?: number; password?: boolean; totp?: boolean } = {}) {
	const user = await coach(opts);
	const session = { createdAt: c.clock() };
	const auth = softAuthenticator(rp.id, rp.origin, { counter: opts.counter });
	await addWith(c, user, auth, session);
	return { user, auth, c };
}

async function addWith(
	c: ReturnType<typeof testClock>,
	user: { id: string; email: string; name: string },
	auth: SoftAuthenticator,
	session = { createdAt: c.clock() },
	name = 'Työpuhelin'
) {
	const options = await registrationOptions(database.db, c.clock, user, session);
	if (!options.ok) throw new Error(options.reason);
	const result = await registerPasskey(database.db, ctxFor(c.clock, user.id), { user, session, name, response: auth.register(options.options) as never });
	if (!result.ok) throw new Error(result.reason);
	return result.passkeyId;
}

async function signIn(c: ReturnType<typeof testClock>, auth: SoftAuthenticator, assertOpts: Parameters<SoftAuthenticator['assert']>[1] = {}, ip = freshIp()) {
	const ctx = { ...ctxFor(c.clock), ip };
	const options = await authenticationOptions(database.db, ctx);
	if (!options.ok) throw new Error(options.reason);
	return signInWithPasskey(database.db, ctx, { response: auth.assert(options.options, assertOpts) as never });
}

const audits = (action: string, userId?: string) =>
	database.db
		.select()
		.from(auditLog)
		.where(userId ? and(eq(auditLog.action, action), eq(auditLog.userId, userId)) : eq(auditLog.action, action));

describe('adding a passkey', () => {
	it('asks for a discoverable credential with user verification, stores it named, and audits it', async () => {
		const c = testClock();
		const user = await coach();
		const options = await registrationOptions(database.db, c.clock, user, { createdAt: c.clock() });
		if (!options.ok) throw new Error(options.reason);
		expect(options.options.rp.id).toBe('localhost');
		expect(options.options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
		const auth = softAuthenticator(rp.id, rp.origin);
		const added = await registerPasskey(database.db, ctxFor(c.clock, user.id), {
			user,
			session: { createdAt: c.clock() },
			name: 'Työpuhelin',
			response: auth.register(options.options) as never
		});
		expect(added.ok).toBe(true);
		const rows = await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id));
		expect(rows.map((r) => [r.name, r.credentialId, r.lastUsedAt])).toEqual([['Työpuhelin', auth.credentialId, null]]);
		expect(rows[0].transports).toEqual(['internal', 'hybrid']);
		expect(await audits('auth.passkey_added', user.id)).toHaveLength(1);
		// The next options exclude it, so the device does not make a second one for the same account.
		const again = await registrationOptions(database.db, c.clock, user, { createdAt: c.clock() });
		expect(again.ok && again.options.excludeCredentials?.map((x) => x.id)).toEqual([auth.credentialId]);
	});

	it('uses a challenge once: the same answer again adds nothing', async () => {
		const c = testClock();
		const user = await coach();
		const session = { createdAt: c.clock() };
		const options = await registrationOptions(database.db, c.clock, user, session);
		if (!options.ok) throw new Error(options.reason);
		const response = softAuthenticator(rp.id, rp.origin).register(options.options) as never;
		expect((await registerPasskey(database.db, ctxFor(c.clock, user.id), { user, session, name: 'A', response })).ok).toBe(true);
		await database.db.delete(passkeys).where(eq(passkeys.userId, user.id));
		expect(await registerPasskey(database.db, ctxFor(c.clock, user.id), { user, session, name: 'A', response })).toEqual({ ok: false, reason: 'invalid' });
		expect(await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id))).toHaveLength(0);
	});

	it('refuses an expired challenge, one issued to someone else, a wrong origin and a missing user verification', async () => {
		const c = testClock();
		const user = await coach();
		const other = await coach();
		const register = async (who: typeof user, tweak: (o: { challenge: string }) => unknown, advance = 0) => {
			const options = await registrationOptions(database.db, c.clock, who, { createdAt: c.clock() });
			if (!options.ok) throw new Error(options.reason);
			c.advance(advance);
			const result = await registerPasskey(database.db, ctxFor(c.clock, user.id), {
				user,
				session: { createdAt: c.clock() },
				name: 'X',
				response: tweak(options.options) as never
			});
			return result;
		};
		const auth = softAuthenticator(rp.id, rp.origin);
		expect(await register(user, (o) => auth.register(o), 5 * 60_000 + 1)).toEqual({ ok: false, reason: 'invalid' });
		expect(await register(other, (o) => auth.register(o))).toEqual({ ok: false, reason: 'invalid' });
		expect(await register(user, (o) => auth.register(o, { origin: 'https://evil.example' }))).toEqual({ ok: false, reason: 'invalid' });
		expect(await register(user, (o) => auth.register(o, { userVerified: false }))).toEqual({ ok: false, reason: 'invalid' });
		expect(await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id))).toHaveLength(0);
		// Used or expired, none of those challenges is left behind.
		expect(await database.db.select().from(webauthnChallenges).where(eq(webauthnChallenges.userId, user.id))).toHaveLength(0);
	});

	it('needs a sign-in within the last 10 minutes', async () => {
		const c = testClock();
		const user = await coach();
		const old = { createdAt: new Date(c.clock().getTime() - 10 * 60_000 - 1) };
		expect(await registrationOptions(database.db, c.clock, user, old)).toEqual({ ok: false, reason: 'reauth' });
		const options = await registrationOptions(database.db, c.clock, user, { createdAt: c.clock() });
		if (!options.ok) throw new Error(options.reason);
		c.advance(10 * 60_000 + 1);
		const late = await registerPasskey(database.db, ctxFor(c.clock, user.id), {
			user,
			session: { createdAt: new Date(c.clock().getTime() - 10 * 60_000 - 1) },
			name: 'X',
			response: softAuthenticator(rp.id, rp.origin).register(options.options) as never
		});
		expect(late).toEqual({ ok: false, reason: 'reauth' });
	});

	it('refuses the same authenticator twice', async () => {
		const { user, auth, c } = await withPasskey();
		await expect(addWith(c, user, auth)).rejects.toThrow('duplicate');
	});
});

describe('signing in with a passkey', () => {
	it('counts as both factors: a verified session with the actor, audited, last use recorded', async () => {
		const { user, auth, c } = await withPasskey();
		c.advance(60_000);
		const result = await signIn(c, auth);
		if (!result.ok) throw new Error(result.reason);
		expect(result.user.id).toBe(user.id);
		const session = await authenticateSession(database.db, c.clock, result.token, helsinkiDate(c.clock()));
		expect(session.session?.twoFactorVerified).toBe(true);
		expect(session.mfaPending).toBe(false);
		expect(session.actor?.memberships.map((m) => m.roles)).toEqual([['coach']]);
		const [pk] = await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id));
		expect(pk.lastUsedAt?.toISOString()).toBe(c.clock().toISOString());
		const logins = await audits('auth.login', user.id);
		expect(logins.map((a) => [a.targetType, a.targetIds])).toEqual([['passkey', [pk.id]]]);
	});

	it('uses a challenge once and only for five minutes', async () => {
		const { auth, c } = await withPasskey();
		const ctx = { ...ctxFor(c.clock), ip: freshIp() };
		const options = await authenticationOptions(database.db, ctx);
		if (!options.ok) throw new Error(options.reason);
		const response = auth.assert(options.options) as never;
		expect((await signInWithPasskey(database.db, ctx, { response })).ok).toBe(true);
		expect(await signInWithPasskey(database.db, ctx, { response })).toEqual({ ok: false, reason: 'expired' });

		const later = await authenticationOptions(database.db, ctx);
		if (!later.ok) throw new Error(later.reason);
		c.advance(5 * 60_000 + 1);
		expect(await signInWithPasskey(database.db, ctx, { response: auth.assert(later.options) as never })).toEqual({ ok: false, reason: 'expired' });
	});

	it('refuses a counter that does not move forward as a possible clone, and audits it', async () => {
		const { user, auth, c } = await withPasskey(testClock(), { counter: 5 });
		expect((await signIn(c, auth, { counter: 6 })).ok).toBe(true);
		expect(await signIn(c, auth, { counter: 6 })).toEqual({ ok: false, reason: 'refused' });
		expect(await signIn(c, auth, { counter: 3 })).toEqual({ ok: false, reason: 'refused' });
		const [pk] = await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id));
		expect(pk.counter).toBe(6);
		const clones = await audits('auth.passkey_clone_suspected', user.id);
		expect(clones.map((a) => a.targetIds)).toEqual([[pk.id], [pk.id]]);
		// No session came of the refused ones.
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1);
		expect((await signIn(c, auth, { counter: 7 })).ok).toBe(true);
	});

	it('accepts an authenticator that does not count (0 every time)', async () => {
		const { auth, c } = await withPasskey();
		for (let i = 0; i < 3; i++) expect((await signIn(c, auth, { counter: 0 })).ok).toBe(true);
	});

	it('refuses a deactivated person, a missing user verification, a wrong origin and a user handle of someone else', async () => {
		const { user, auth, c } = await withPasskey();
		expect(await signIn(c, auth, { userVerified: false })).toEqual({ ok: false, reason: 'invalid' });
		expect(await signIn(c, auth, { origin: 'https://evil.example' })).toEqual({ ok: false, reason: 'invalid' });
		const stranger = await coach();
		expect(await signIn(c, auth, { userHandle: Buffer.from(stranger.id).toString('base64url') })).toEqual({ ok: false, reason: 'invalid' });
		await database.db.update(users).set({ active: false }).where(eq(users.id, user.id));
		expect(await signIn(c, auth)).toEqual({ ok: false, reason: 'invalid' });
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
		expect((await audits('auth.login_failed', user.id)).length).toBe(4);
	});

	it('shares the password sign-in throttle: per account and per client address', async () => {
		const { user, auth, c } = await withPasskey();
		const ip = freshIp();
		for (let i = 0; i < 5; i++) await loginWithPassword(database.db, { ...ctxFor(c.clock), ip }, { email: user.email, password: 'wrong wrong wrong' });
		expect(await signIn(c, auth, {}, freshIp())).toEqual({ ok: false, reason: 'throttled' });
		c.advance(15 * 60_000 + 1);
		expect((await signIn(c, auth, {}, freshIp())).ok).toBe(true);

		const busy = freshIp();
		for (let i = 0; i < 30; i++)
			await loginWithPassword(database.db, { ...ctxFor(c.clock), ip: busy }, { email: `guess${i}@test.fi`, password: 'whatever-password' });
		expect(await signIn(c, auth, {}, busy)).toEqual({ ok: false, reason: 'throttled' });
	});

	it('ends a half-finished password sign-in of the same browser', async () => {
		const { user, auth, c } = await withPasskey();
		const half = await loginWithPassword(database.db, { ...ctxFor(c.clock), ip: freshIp() }, { email: user.email, password: PASSWORD });
		if (!half.ok) throw new Error('login failed');
		const ctx = { ...ctxFor(c.clock), ip: freshIp() };
		const options = await authenticationOptions(database.db, ctx);
		if (!options.ok) throw new Error(options.reason);
		const done = await signInWithPasskey(database.db, ctx, {
			response: auth.assert(options.options) as never,
			replaceSessionId: sessionIdFromToken(half.token)
		});
		if (!done.ok) throw new Error(done.reason);
		const ids = (await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).map((s) => s.id);
		expect(ids).toEqual([sessionIdFromToken(done.token)]);
	});

	it('hands one client address at most 60 sign-in challenges in 15 minutes', async () => {
		const c = testClock();
		const ctx = { ...ctxFor(c.clock), ip: freshIp() };
		for (let i = 0; i < 60; i++) expect((await authenticationOptions(database.db, ctx)).ok).toBe(true);
		expect(await authenticationOptions(database.db, ctx)).toEqual({ ok: false, reason: 'throttled' });
		expect((await authenticationOptions(database.db, { ...ctx, ip: freshIp() })).ok).toBe(true);
	});

	it('refuses an unknown passkey', async () => {
		const c = testClock();
		expect(await signIn(c, softAuthenticator(rp.id, rp.origin))).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('removing a passkey', () => {
	it('removes one of the own, audited; another person gets "not found" and nothing changes', async () => {
		const { user, c } = await withPasskey();
		const [pk] = await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id));
		const stranger = await coach();
		const strangerActor = await loadActor(database.db, stranger.id, helsinkiDate(c.clock()));
		expect(await removePasskey(database.db, ctxFor(c.clock, stranger.id), strangerActor, pk.id)).toEqual({ ok: false, reason: 'notFound' });
		expect(await removePasskey(database.db, ctxFor(c.clock, stranger.id), strangerActor, 'not-a-uuid')).toEqual({ ok: false, reason: 'notFound' });
		expect(await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id))).toHaveLength(1);

		const actor = await loadActor(database.db, user.id, helsinkiDate(c.clock()));
		expect(await removePasskey(database.db, ctxFor(c.clock, user.id), actor, pk.id)).toEqual({ ok: true });
		expect(await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id))).toHaveLength(0);
		expect((await audits('auth.passkey_removed', user.id)).map((a) => a.targetIds)).toEqual([[pk.id]]);
	});

	it('keeps the last one of a person with no password and TOTP to fall back on', async () => {
		const { user, c } = await withPasskey(testClock(), { totp: false });
		await addWith(c, user, softAuthenticator(rp.id, rp.origin), { createdAt: c.clock() }, 'Avainnippu');
		const actor = await loadActor(database.db, user.id, helsinkiDate(c.clock()));
		const [first, second] = await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id));
		expect(await removePasskey(database.db, ctxFor(c.clock, user.id), actor, first.id)).toEqual({ ok: true });
		expect(await removePasskey(database.db, ctxFor(c.clock, user.id), actor, second.id)).toEqual({ ok: false, reason: 'lastPasskey' });
		expect(await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id))).toHaveLength(1);
	});

	it('of two removals at once of the last two, one is refused', async () => {
		const { user, c } = await withPasskey(testClock(), { password: false, totp: false });
		await addWith(c, user, softAuthenticator(rp.id, rp.origin), { createdAt: c.clock() }, 'Toinen');
		const actor = await loadActor(database.db, user.id, helsinkiDate(c.clock()));
		const ids = (await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id))).map((p) => p.id);
		const results = await Promise.all(ids.map((id) => removePasskey(database.db, ctxFor(c.clock, user.id), actor, id)));
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await database.db.select().from(passkeys).where(eq(passkeys.userId, user.id))).toHaveLength(1);
	});
});

describe('sessions created at sign-in', () => {
	it('carry a short device label and a public handle, never the user agent itself', async () => {
		const c = testClock();
		const user = await coach();
		const token = generateSessionToken();
		const s = await createSession(database.db, c.clock, token, user.id, {
			twoFactorVerified: true,
			userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
		});
		expect(s.device).toBe('Chrome|Android');
		expect(s.publicId).toMatch(/^[0-9a-f-]{36}$/);
		expect(s.publicId).not.toBe(s.id);
	});
});

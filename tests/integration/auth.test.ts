import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTOTP } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, emailOutbox, sessions } from '../../src/lib/server/db/schema';
import { hashPassword } from '../../src/lib/server/auth/password';
import { encrypt } from '../../src/lib/server/auth/encryption';
import { generateTotpKey } from '../../src/lib/server/auth/totp';
import { enrolTotp, loginWithPassword, requestPasswordReset, resetPassword, verifyRecoveryCode, verifySecondFactor } from '../../src/lib/server/auth/service';
import { authenticateSession } from '../../src/lib/server/auth/actor';
import { invalidateUserSessions, sessionIdFromToken } from '../../src/lib/server/auth/session';
import { helsinkiDate, type Clock } from '../../src/lib/domain/clock';
import { createTestDatabase } from './helpers/db';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';

const PASSWORD = 'Kesä-Lounas-Tori-2026';
let database: Database;
let passwordHash: string;

beforeAll(async () => {
	database = await createTestDatabase();
	passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => database.close());

/** What a request with this session cookie gets (the hook's own call). */
const validateSessionToken = (db: Database['db'], clock: Clock, token: string) => authenticateSession(db, clock, token, helsinkiDate(clock()));

async function coachWithTotp() {
	const org = await makeOrganisation(database.db, 'provider');
	const key = generateTotpKey();
	const user = await makeUser(database.db, { org: org.id, roles: ['coach'], passwordHash, totpKeyEncrypted: encrypt(key) });
	return { user, key };
}

describe('password sign-in', () => {
	it('gives the same answer for a wrong password and an unknown account, and logs both', async () => {
		const { clock } = testClock();
		const { user } = await coachWithTotp();
		const wrong = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: 'wrong password here' });
		const unknown = await loginWithPassword(database.db, ctxFor(clock), { email: 'nobody@nowhere.fi', password: PASSWORD });
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual(wrong);
		const failed = await database.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login_failed'));
		expect(failed.length).toBeGreaterThanOrEqual(2);
	});

	it('throttles an account after five failures, even with the right password, until the window passes', async () => {
		const c = testClock();
		const { user } = await coachWithTotp();
		const ctx = { ...ctxFor(c.clock), ip: '10.0.0.1' };
		for (let i = 0; i < 5; i++) {
			expect((await loginWithPassword(database.db, ctx, { email: user.email, password: 'nope nope nope' })).ok).toBe(false);
		}
		const blocked = await loginWithPassword(database.db, { ...ctx, ip: '10.0.0.2' }, { email: user.email, password: PASSWORD });
		expect(blocked).toEqual({ ok: false, reason: 'throttled' });
		c.advance(15 * 60_000 + 1);
		const later = await loginWithPassword(database.db, ctx, { email: user.email, password: PASSWORD });
		expect(later.ok).toBe(true);
	});

	it('throttles one IP that tries many accounts', async () => {
		const { clock } = testClock();
		const ctx = { ...ctxFor(clock), ip: '10.9.9.9' };
		for (let i = 0; i < 30; i++) {
			await loginWithPassword(database.db, ctx, { email: `guess${i}@test.fi`, password: 'whatever-password' });
		}
		const { user } = await coachWithTotp();
		expect(await loginWithPassword(database.db, ctx, { email: user.email, password: PASSWORD })).toEqual({ ok: false, reason: 'throttled' });
	});

	it('leaves a coach half signed in until the TOTP code, then rotates the session id', async () => {
		const { clock } = testClock();
		const { user, key } = await coachWithTotp();
		const login = await loginWithPassword(database.db, ctxFor(clock), { email: user.email.toUpperCase(), password: PASSWORD });
		if (!login.ok) throw new Error('login failed');
		expect(login.needsMfa).toBe(true);
		const first = await validateSessionToken(database.db, clock, login.token);
		expect(first.session?.twoFactorVerified).toBe(false);
		// Half signed in: no actor, so no page but the second-factor ones.
		expect(first.mfaPending).toBe(true);
		expect(first.actor).toBeNull();

		const bad = await verifySecondFactor(database.db, ctxFor(clock, user.id), { sessionId: first.session!.id, user, code: '000000' });
		expect(bad.ok).toBe(false);
		const good = await verifySecondFactor(database.db, ctxFor(clock, user.id), {
			sessionId: first.session!.id,
			user,
			code: generateTOTP(key, 30, 6)
		});
		if (!good.ok) throw new Error('totp failed');
		expect(good.token).not.toBe(login.token);
		expect((await validateSessionToken(database.db, clock, login.token)).session).toBeNull();
		const done = await validateSessionToken(database.db, clock, good.token);
		expect(done.session?.twoFactorVerified).toBe(true);
		expect(done.mfaPending).toBe(false);
		expect(done.actor?.memberships.map((m) => m.roles)).toEqual([['coach']]);
	});
});

describe('sessions', () => {
	it('stores only the SHA-256 of the token', async () => {
		const { clock } = testClock();
		const { user } = await coachWithTotp();
		const login = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		if (!login.ok) throw new Error('login failed');
		const rows = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
		expect(rows.map((r) => r.id)).toEqual([sessionIdFromToken(login.token)]);
		expect(rows[0].id).not.toContain(login.token);
	});

	it('ends after 30 idle minutes, slides while used, and ends at the maximum lifetime anyway', async () => {
		const c = testClock();
		const { user } = await coachWithTotp();
		const login = await loginWithPassword(database.db, ctxFor(c.clock), { email: user.email, password: PASSWORD });
		if (!login.ok) throw new Error('login failed');
		// Used every 20 minutes for 11 hours: stays valid.
		for (let i = 0; i < 33; i++) {
			c.advance(20 * 60_000);
			expect((await validateSessionToken(database.db, c.clock, login.token)).session).not.toBeNull();
		}
		c.advance(20 * 60_000 * 4); // past 12 hours in total
		expect((await validateSessionToken(database.db, c.clock, login.token)).session).toBeNull();

		const again = await loginWithPassword(database.db, ctxFor(c.clock), { email: user.email, password: PASSWORD });
		if (!again.ok) throw new Error('login failed');
		c.advance(31 * 60_000);
		expect((await validateSessionToken(database.db, c.clock, again.token)).session).toBeNull();
	});

	it('signs out everywhere', async () => {
		const { clock } = testClock();
		const { user } = await coachWithTotp();
		const a = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		const b = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		if (!a.ok || !b.ok) throw new Error('login failed');
		await invalidateUserSessions(database.db, user.id);
		expect((await validateSessionToken(database.db, clock, a.token)).session).toBeNull();
		expect((await validateSessionToken(database.db, clock, b.token)).session).toBeNull();
	});
});

describe('enrolment and recovery codes', () => {
	it('enrols only with a correct code and gives single-use recovery codes', async () => {
		const { clock } = testClock();
		const org = await makeOrganisation(database.db, 'area');
		const user = await makeUser(database.db, { org: org.id, roles: ['case_officer'], passwordHash });
		const login = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		if (!login.ok) throw new Error('login failed');
		const sessionId = sessionIdFromToken(login.token);
		const key = generateTotpKey();
		expect(await enrolTotp(database.db, ctxFor(clock, user.id), { sessionId, userId: user.id, key, code: '123456' })).toEqual({ ok: false, reason: 'invalid' });
		const enrolled = await enrolTotp(database.db, ctxFor(clock, user.id), { sessionId, userId: user.id, key, code: generateTOTP(key, 30, 6) });
		if (!enrolled.ok) throw new Error('enrol failed');
		expect(enrolled.recoveryCodes).toHaveLength(10);

		const again = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		if (!again.ok) throw new Error('login failed');
		const code = enrolled.recoveryCodes[0];
		const used = await verifyRecoveryCode(database.db, ctxFor(clock, user.id), { sessionId: sessionIdFromToken(again.token), user: again.user, code });
		expect(used.ok).toBe(true);
		const third = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		if (!third.ok) throw new Error('login failed');
		const reused = await verifyRecoveryCode(database.db, ctxFor(clock, user.id), { sessionId: sessionIdFromToken(third.token), user: third.user, code });
		expect(reused).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('password reset', () => {
	it('mails a single-use link, enforces the policy, and ends every session', async () => {
		const { clock } = testClock();
		const { user } = await coachWithTotp();
		const login = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		if (!login.ok) throw new Error('login failed');
		expect(await requestPasswordReset(database.db, ctxFor(clock), user.email)).toBe('sent');
		expect(await requestPasswordReset(database.db, { ...ctxFor(clock), ip: '10.1.1.1' }, 'ghost@test.fi')).toBe('sent');
		const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, user.email));
		expect(mails).toHaveLength(1);
		const token = /reset-password\/([a-z2-7]+)/.exec(mails[0].body)?.[1];
		if (!token) throw new Error('no link in the mail');
		expect(await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, 'ghost@test.fi'))).toHaveLength(0);

		expect(await resetPassword(database.db, ctxFor(clock), token, 'short')).toEqual({ ok: false, reason: 'passwordTooShort' });
		expect(await resetPassword(database.db, ctxFor(clock), token, 'password1234')).toEqual({ ok: false, reason: 'passwordTooCommon' });
		expect(await resetPassword(database.db, ctxFor(clock), token, 'Uusi-Pitkä-Lause-Järvellä-9')).toEqual({ ok: true });
		expect(await resetPassword(database.db, ctxFor(clock), token, 'Toinen-Pitkä-Lause-Metsässä-8')).toEqual({ ok: false, reason: 'invalidToken' });
		expect((await validateSessionToken(database.db, clock, login.token)).session).toBeNull();
		expect((await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: 'Uusi-Pitkä-Lause-Järvellä-9' })).ok).toBe(true);
	});
});

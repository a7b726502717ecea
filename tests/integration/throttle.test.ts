/**
 * Throttling counts an attempt before verifying it (the Lucia guide's order), so guesses fired in
 * parallel cannot all slip past the check. The password and TOTP modules are wrapped to count how many
 * verifications really ran.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, emailOutbox } from '../../src/lib/server/db/schema';
import { hashPassword } from '../../src/lib/server/auth/password';
import { encrypt } from '../../src/lib/server/auth/encryption';
import { generateTotpKey } from '../../src/lib/server/auth/totp';
import { LOGIN_LIMITS } from '../../src/lib/server/auth/rate-limit';
import { loginWithPassword, requestPasswordReset, verifySecondFactor } from '../../src/lib/server/auth/service';
import { sessionIdFromToken } from '../../src/lib/server/auth/session';
import { createTestDatabase } from './helpers/db';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';

const counted = vi.hoisted(() => ({ password: 0, totp: 0 }));

vi.mock('../../src/lib/server/auth/password', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../src/lib/server/auth/password')>();
	return {
		...real,
		verifyPassword: (...args: Parameters<typeof real.verifyPassword>) => (counted.password++, real.verifyPassword(...args)),
		verifyAgainstDummy: (...args: Parameters<typeof real.verifyAgainstDummy>) => (counted.password++, real.verifyAgainstDummy(...args))
	};
});
vi.mock('../../src/lib/server/auth/totp', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../src/lib/server/auth/totp')>();
	return { ...real, verifyTotp: (...args: Parameters<typeof real.verifyTotp>) => (counted.totp++, real.verifyTotp(...args)) };
});

const PASSWORD = 'Kesä-Lounas-Tori-2026';
let database: Database;
let passwordHash: string;

beforeAll(async () => {
	database = await createTestDatabase();
	passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => database.close());

async function coach() {
	const org = await makeOrganisation(database.db, 'provider');
	const user = await makeUser(database.db, { org: org.id, roles: ['coach'], passwordHash, totpKeyEncrypted: encrypt(generateTotpKey()) });
	return user;
}

const twenty = <T>(f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: 20 }, (_, i) => f(i)));

describe('20 guesses at once', () => {
	it('verify at most the account’s limit of passwords', async () => {
		const { clock } = testClock();
		const user = await coach();
		counted.password = 0;
		const results = await twenty((i) =>
			loginWithPassword(database.db, { ...ctxFor(clock), ip: `10.20.0.${i}` }, { email: user.email, password: `wrong guess number ${i}` })
		);
		expect(counted.password).toBeLessThanOrEqual(LOGIN_LIMITS.account.max);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(20 - LOGIN_LIMITS.account.max);
		const failed = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'auth.login_failed'), eq(auditLog.userId, user.id)));
		expect(failed).toHaveLength(LOGIN_LIMITS.account.max);
	});

	it('verify at most the limit of TOTP codes', async () => {
		const { clock } = testClock();
		const user = await coach();
		const login = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		if (!login.ok) throw new Error('login failed');
		const sessionId = sessionIdFromToken(login.token);
		counted.totp = 0;
		const results = await twenty((i) => verifySecondFactor(database.db, ctxFor(clock, user.id), { sessionId, user, code: String(100000 + i) }));
		expect(counted.totp).toBeLessThanOrEqual(LOGIN_LIMITS.totp.max);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(20 - LOGIN_LIMITS.totp.max);
	});

	it('send at most the limit of password-reset mails', async () => {
		const { clock } = testClock();
		const user = await coach();
		const results = await twenty((i) => requestPasswordReset(database.db, { ...ctxFor(clock), ip: `10.30.0.${i}` }, user.email));
		expect(results.filter((r) => r === 'throttled')).toHaveLength(20 - LOGIN_LIMITS.reset.max);
		expect(await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, user.email))).toHaveLength(LOGIN_LIMITS.reset.max);
	});

	it('a successful sign-in does not use up the shared address’s budget', async () => {
		const { clock } = testClock();
		const ctx = { ...ctxFor(clock), ip: '10.40.0.1' };
		// An office behind one address: more people sign in within the window than the per-address failure limit.
		for (let i = 0; i < LOGIN_LIMITS.ip.max + 2; i++) {
			const user = await coach();
			expect((await loginWithPassword(database.db, ctx, { email: user.email, password: PASSWORD })).ok).toBe(true);
		}
	});
});

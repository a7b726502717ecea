/**
 * Issue 15 §2: where sign-in sends a person afterwards, second-factor replay, throttling under parallel
 * guesses. Handlers are called as SvelteKit would, with the session the hook would have built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { users } from '../../src/lib/server/db/schema';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { hashPassword } from '../../src/lib/server/auth/password';
import { encrypt } from '../../src/lib/server/auth/encryption';
import { generateTotpKey } from '../../src/lib/server/auth/totp';
import { enrolTotp, loginWithPassword, verifySecondFactor } from '../../src/lib/server/auth/service';
import { sessionIdFromToken } from '../../src/lib/server/auth/session';
import { authenticateSession, loadActor } from '../../src/lib/server/auth/actor';
import { helsinkiDate } from '../../src/lib/domain/clock';
import { load as loginLoad } from '../../src/routes/login/+page.server';
import { actions as twoFactorActions } from '../../src/routes/login/2fa/+page.server';
import { POST as languagePost } from '../../src/routes/language/+server';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';

const PASSWORD = 'Kesä-Lounas-Tori-2026';
let database: Database;
let passwordHash: string;

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => database.close());

async function coachWithTotp() {
	const org = await makeOrganisation(database.db, 'provider');
	const key = generateTotpKey();
	const user = await makeUser(database.db, { org: org.id, roles: ['coach'], passwordHash, totpKeyEncrypted: encrypt(key) });
	return { user, key };
}

/** Where a handler sent the browser (the Location of the redirect it threw). */
async function locationOf(run: () => unknown): Promise<string> {
	try {
		await run();
	} catch (e) {
		if (e && typeof e === 'object' && 'location' in e) return (e as { location: string }).location;
		throw e;
	}
	throw new Error('no redirect');
}

/** `next` values that browsers would take off-site, as they arrive in the query string (decoded). */
const BYPASSES = [
	'/\t/evil.example',
	'/\n/evil.example',
	'/\r\n/evil.example',
	'/\\evil.example',
	'/\\/evil.example',
	'//evil.example',
	'/.//evil.example',
	'javascript:alert(1)',
	'http://evil.example/'
];

describe('after sign-in and language switches only this site’s paths are followed', () => {
	it.each(BYPASSES)('/login sends a signed-in person home, not to %j', async (next) => {
		const { clock } = testClock();
		const { user } = await coachWithTotp();
		const actor = await loadActor(database.db, user.id, helsinkiDate(clock()));
		const url = `http://localhost/login?next=${encodeURIComponent(next)}`;
		expect(await locationOf(() => loginLoad(makeEvent({ actor, clock, url })))).toBe('/');
	});

	it('/login still follows an own path', async () => {
		const { clock } = testClock();
		const { user } = await coachWithTotp();
		const actor = await loadActor(database.db, user.id, helsinkiDate(clock()));
		const url = `http://localhost/login?next=${encodeURIComponent('/notifications?x=1')}`;
		expect(await locationOf(() => loginLoad(makeEvent({ actor, clock, url })))).toBe('/notifications?x=1');
	});

	it.each(BYPASSES)('the second-factor step goes home, not to %j', async (next) => {
		const { clock } = testClock();
		const { user, key } = await coachWithTotp();
		const login = await loginWithPassword(database.db, ctxFor(clock), { email: user.email, password: PASSWORD });
		if (!login.ok) throw new Error('login failed');
		const auth = await authenticateSession(database.db, clock, login.token, helsinkiDate(clock()));
		const event = makeEvent({
			actor: null,
			clock,
			url: `http://localhost/login/2fa?next=${encodeURIComponent(next)}`,
			form: { code: generateTOTP(key, 30, 6) }
		}) as { locals: App.Locals };
		Object.assign(event.locals, { user: auth.user, session: auth.session, mfaPending: true });
		expect(await locationOf(() => twoFactorActions.totp(event as never))).toBe('/');
	});

	// A malformed target (control characters, backslashes) refuses the whole switch (400, nothing saved:
	// input-rules.test.ts); a well-formed off-site one is replaced by the home page.
	it.each(BYPASSES)('/language never sends the browser to %j', async (redirectTo) => {
		const { clock } = testClock();
		const event = makeEvent({ actor: null, clock, url: 'http://localhost/language', form: { lang: 'sv', redirectTo } });
		if (/[\t\n\r\\]/.test(redirectTo)) {
			await expect(languagePost(event)).rejects.toMatchObject({ status: 400 });
		} else {
			expect(await locationOf(() => languagePost(event))).toBe('/');
		}
	});
});

/** The code of the time step after the current one: inside the 30 s grace, and not yet used. */
const nextCode = (key: Uint8Array) => generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + 1), 6);

describe('a TOTP code works once (RFC 6238 §5.2)', () => {
	async function passwordStep(email: string, clock: () => Date) {
		const login = await loginWithPassword(database.db, ctxFor(clock), { email, password: PASSWORD });
		if (!login.ok) throw new Error('login failed');
		return sessionIdFromToken(login.token);
	}

	it('refuses a code already used, in another session too, and takes a later one', async () => {
		const { clock } = testClock();
		const { user, key } = await coachWithTotp();
		const code = generateTOTP(key, 30, 6);
		const first = await verifySecondFactor(database.db, ctxFor(clock, user.id), { sessionId: await passwordStep(user.email, clock), user, code });
		expect(first.ok).toBe(true);
		const replay = await verifySecondFactor(database.db, ctxFor(clock, user.id), { sessionId: await passwordStep(user.email, clock), user, code });
		expect(replay).toEqual({ ok: false, reason: 'invalid' });
		const later = await verifySecondFactor(database.db, ctxFor(clock, user.id), {
			sessionId: await passwordStep(user.email, clock),
			user,
			code: nextCode(key)
		});
		expect(later.ok).toBe(true);
		// The previous step's code is older than the one accepted last: refused too.
		const older = await verifySecondFactor(database.db, ctxFor(clock, user.id), { sessionId: await passwordStep(user.email, clock), user, code });
		expect(older).toEqual({ ok: false, reason: 'invalid' });
	});

	it('lets only one of two sessions in with the same code at the same moment', async () => {
		const { clock } = testClock();
		const { user, key } = await coachWithTotp();
		const code = generateTOTP(key, 30, 6);
		const sessions = [await passwordStep(user.email, clock), await passwordStep(user.email, clock)];
		const results = await Promise.all(sessions.map((sessionId) => verifySecondFactor(database.db, ctxFor(clock, user.id), { sessionId, user, code })));
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});

	it('refuses to sign in with the code that was typed at enrolment', async () => {
		const { clock } = testClock();
		const org = await makeOrganisation(database.db, 'area');
		const user = await makeUser(database.db, { org: org.id, roles: ['case_officer'], passwordHash });
		const key = generateTotpKey();
		const code = generateTOTP(key, 30, 6);
		const enrolled = await enrolTotp(database.db, ctxFor(clock, user.id), { sessionId: await passwordStep(user.email, clock), userId: user.id, key, code });
		expect(enrolled.ok).toBe(true);
		const [fresh] = await database.db.select().from(users).where(eq(users.id, user.id));
		const replay = await verifySecondFactor(database.db, ctxFor(clock, user.id), { sessionId: await passwordStep(user.email, clock), user: fresh, code });
		expect(replay).toEqual({ ok: false, reason: 'invalid' });
	});
});

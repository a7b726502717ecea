/**
 * Issue 15 §2: where sign-in sends a person afterwards, second-factor replay, throttling under parallel
 * guesses. Handlers are called as SvelteKit would, with the session the hook would have built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTOTP } from '@oslojs/otp';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { hashPassword } from '../../src/lib/server/auth/password';
import { encrypt } from '../../src/lib/server/auth/encryption';
import { generateTotpKey } from '../../src/lib/server/auth/totp';
import { loginWithPassword } from '../../src/lib/server/auth/service';
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

	it.each(BYPASSES)('/language goes home, not to %j', async (redirectTo) => {
		const { clock } = testClock();
		const event = makeEvent({ actor: null, clock, url: 'http://localhost/language', form: { lang: 'sv', redirectTo } });
		expect(await locationOf(() => languagePost(event))).toBe('/');
	});
});

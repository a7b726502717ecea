/**
 * The account page's sessions (issue 20): the person's own, with a device label and last seen, this one
 * marked; ending another one or all others, audited; nobody else's. Also the page's actions and the
 * passkey endpoints as a browser reaches them (JSON in, cookie out).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, passkeys, sessions } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { endOtherSessions, endOwnSession, listOwnSessions } from '../../src/lib/server/auth/account-sessions';
import { createSession, generateSessionToken, SESSION_COOKIE, sessionIdFromToken } from '../../src/lib/server/auth/session';
import { relyingParty } from '../../src/lib/server/auth/passkeys';
import { helsinkiDate } from '../../src/lib/domain/clock';
import { actions as accountActions, load as accountLoad } from '../../src/routes/account/+page.server';
import { POST as loginOptions } from '../../src/routes/login/passkey/options/+server';
import { POST as loginPasskey } from '../../src/routes/login/passkey/+server';
import { POST as addOptions } from '../../src/routes/account/passkeys/options/+server';
import { POST as addPasskey } from '../../src/routes/account/passkeys/+server';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';
import { softAuthenticator } from './helpers/webauthn';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

const PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const LAPTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

async function personWithSessions(c = testClock()) {
	const org = await makeOrganisation(database.db, 'provider');
	const user = await makeUser(database.db, { org: org.id, roles: ['coach'] });
	const phoneToken = generateSessionToken();
	const phone = await createSession(database.db, c.clock, phoneToken, user.id, { twoFactorVerified: true, userAgent: PHONE });
	c.advance(5 * 60_000);
	const laptop = await createSession(database.db, c.clock, generateSessionToken(), user.id, { twoFactorVerified: true, userAgent: LAPTOP });
	const actor = await loadActor(database.db, user.id, helsinkiDate(c.clock()));
	return { user, phone, phoneToken, laptop, actor, c };
}

/** A request of this person on this session (a page action or endpoint as the hooks leave it). */
function eventAs(
	p: Awaited<ReturnType<typeof personWithSessions>>,
	session: typeof p.phone,
	opts: Parameters<typeof makeEvent>[0] extends infer O ? Partial<O> : never = {}
) {
	const e = makeEvent({ actor: p.actor, clock: p.c.clock, ...opts }) as unknown as { locals: Record<string, unknown> };
	e.locals.user = p.user;
	e.locals.session = session;
	return e as never;
}

const audits = (action: string, userId: string) =>
	database.db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.action, action), eq(auditLog.userId, userId)));

describe('the own sessions', () => {
	it("lists only the person's own, newest activity first, with device labels and this one marked", async () => {
		const p = await personWithSessions();
		await personWithSessions(); // someone else's sessions are not listed
		const list = await listOwnSessions(database.db, p.c.clock, p.user.id, p.phone.id);
		expect(list.map((s) => [s.device, s.current])).toEqual([
			[{ browser: 'Firefox', os: 'Windows' }, false],
			[{ browser: 'Chrome', os: 'Android' }, true]
		]);
		expect(list.map((s) => s.id)).toEqual([p.laptop.publicId, p.phone.publicId]);
		// The page gets the public handle, never the session id (the token's hash).
		expect(JSON.stringify(list)).not.toContain(p.phone.id);
	});

	it('ends another own session, audited; someone else\'s handle is "not found" and ends nothing', async () => {
		const p = await personWithSessions();
		const other = await personWithSessions();
		expect(await endOwnSession(database.db, ctxFor(p.c.clock, p.user.id), p.actor, p.phone.id, other.laptop.publicId)).toEqual({ ok: false });
		expect(await endOwnSession(database.db, ctxFor(p.c.clock, p.user.id), p.actor, p.phone.id, 'x')).toEqual({ ok: false });
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, other.user.id))).toHaveLength(2);
		// This session is not ended here (that is signing out).
		expect(await endOwnSession(database.db, ctxFor(p.c.clock, p.user.id), p.actor, p.phone.id, p.phone.publicId)).toEqual({ ok: false });

		expect(await endOwnSession(database.db, ctxFor(p.c.clock, p.user.id), p.actor, p.phone.id, p.laptop.publicId)).toEqual({ ok: true });
		const left = await database.db.select().from(sessions).where(eq(sessions.userId, p.user.id));
		expect(left.map((s) => s.id)).toEqual([p.phone.id]);
		expect((await audits('auth.session_ended', p.user.id)).map((a) => a.targetIds)).toEqual([[p.laptop.publicId]]);
	});

	it('ends all others and keeps this one', async () => {
		const p = await personWithSessions();
		await createSession(database.db, p.c.clock, generateSessionToken(), p.user.id, { twoFactorVerified: false });
		expect(await endOtherSessions(database.db, ctxFor(p.c.clock, p.user.id), p.user.id, p.phone.id)).toBe(2);
		expect((await database.db.select().from(sessions).where(eq(sessions.userId, p.user.id))).map((s) => s.id)).toEqual([p.phone.id]);
		expect(await audits('auth.other_sessions_ended', p.user.id)).toHaveLength(1);
	});
});

describe('the account page', () => {
	it('shows sessions and passkeys, and offers adding one only after a recent sign-in', async () => {
		const p = await personWithSessions();
		const fresh = (await accountLoad(eventAs(p, p.laptop, { url: 'http://localhost/account' }))) as {
			sessions: unknown[];
			canAddPasskey: boolean;
			passkeys: unknown[];
		};
		expect(fresh.sessions).toHaveLength(2);
		expect(fresh.passkeys).toEqual([]);
		expect(fresh.canAddPasskey).toBe(true);
		p.c.advance(10 * 60_000 + 1);
		const later = (await accountLoad(eventAs(p, p.laptop, { url: 'http://localhost/account' }))) as { canAddPasskey: boolean };
		expect(later.canAddPasskey).toBe(false);
		// …and the endpoint agrees: no challenge without a recent sign-in.
		expect(await statusOf(() => addOptions(eventAs(p, p.laptop, { json: {} })))).toBe(403);
	});

	it("ends a session through its form, and answers 404 for another person's", async () => {
		const p = await personWithSessions();
		const other = await personWithSessions();
		expect(await statusOf(() => accountActions.endSession(eventAs(p, p.phone, { form: { sessionId: other.phone.publicId } })))).toBe(404);
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, other.user.id))).toHaveLength(2);
		expect(await statusOf(() => accountActions.endSession(eventAs(p, p.phone, { form: { sessionId: p.laptop.publicId } })))).toBe(200);
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, p.user.id))).toHaveLength(1);
	});

	it('"sign in again" ends this session and comes back to the passkeys after sign-in', async () => {
		const p = await personWithSessions();
		let location = '';
		try {
			await accountActions.reauth(eventAs(p, p.phone, { form: {} }));
		} catch (e) {
			location = (e as { location: string }).location;
		}
		expect(location).toBe('/login?next=%2Faccount%23passkeys');
		expect(await database.db.select().from(sessions).where(eq(sessions.id, p.phone.id))).toHaveLength(0);
	});

	it('adds a passkey through the endpoints, then signs in with it at /login without an e-mail', async () => {
		const p = await personWithSessions();
		const rp = relyingParty();
		const auth = softAuthenticator(rp.id, rp.origin);
		const options = await (addOptions(eventAs(p, p.laptop, { json: {} })) as Promise<Response>);
		expect(options.status).toBe(200);
		// Extra input to the options endpoint is refused before a challenge is made.
		expect(await statusOf(() => addOptions(eventAs(p, p.laptop, { json: { userId: 'x' } })))).toBe(400);
		const response = auth.register(await options.json());
		expect(await statusOf(() => addPasskey(eventAs(p, p.laptop, { json: { name: '', response } })))).toBe(400);
		// A refused name is checked before the challenge is used: the same answer with a name is taken.
		const ok = await (addPasskey(eventAs(p, p.laptop, { json: { name: 'Läppäri', response } })) as Promise<Response>);
		expect(ok.status).toBe(201);
		expect(await statusOf(() => addPasskey(eventAs(p, p.laptop, { json: { name: 'Läppäri', response } })))).toBe(400);
		expect((await database.db.select().from(passkeys).where(eq(passkeys.userId, p.user.id))).map((x) => x.name)).toEqual(['Läppäri']);

		const anon = () => makeEvent({ actor: null, clock: p.c.clock, json: {} }) as never;
		const signInOptions = await (loginOptions(anon()) as Promise<Response>);
		const assertion = auth.assert(await signInOptions.json());
		const event = makeEvent({ actor: null, clock: p.c.clock, json: { response: assertion, next: '/account' } }) as never as {
			cookies: { get(n: string): string | undefined };
		};
		const done = await (loginPasskey(event as never) as Promise<Response>);
		expect(done.status).toBe(200);
		expect(await done.json()).toEqual({ location: '/account' });
		const token = event.cookies.get(SESSION_COOKIE)!;
		const [session] = await database.db
			.select()
			.from(sessions)
			.where(eq(sessions.id, sessionIdFromToken(token)));
		expect(session.twoFactorVerified).toBe(true);
		expect(session.userId).toBe(p.user.id);
		// An off-site "next" is not followed.
		const again = await (loginOptions(anon()) as Promise<Response>);
		const off = await (loginPasskey(
			makeEvent({ actor: null, clock: p.c.clock, json: { response: auth.assert(await again.json()), next: '//evil.example' } })
		) as Promise<Response>);
		expect(await off.json()).toEqual({ location: '/' });
	});
});

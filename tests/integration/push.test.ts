import { createECDH, randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { pushOutbox, pushSubscriptions } from '../../src/lib/server/db/schema';
import { config } from '../../src/lib/server/config';
import { deliverPush } from '../../src/lib/server/notifications/push';
import { notify } from '../../src/lib/server/notifications/service';
import { POST } from '../../src/routes/push/subscription/+server';
import { loadActor } from '../../src/lib/server/auth/actor';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const { clock } = testClock();

/** A browser-like subscription: a real P-256 public key and auth secret, an endpoint of our own. */
function fakeSubscription(n: number) {
	const ecdh = createECDH('prime256v1');
	ecdh.generateKeys();
	return {
		endpoint: `https://push.example.test/sub/${n}`,
		keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }
	};
}

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	const keys = webpush.generateVAPIDKeys();
	Object.assign(config.vapid, { publicKey: keys.publicKey, privateKey: keys.privateKey });
});
afterAll(async () => {
	Object.assign(config.vapid, { publicKey: undefined, privateKey: undefined });
	await database.close();
});

function subscribeRequest(actor: Awaited<ReturnType<typeof loadActor>>, body: unknown) {
	const event = makeEvent({ actor, clock, url: 'http://localhost/push/subscription' }) as unknown as { request: Request };
	event.request = new Request('http://localhost/push/subscription', {
		method: 'POST',
		body: JSON.stringify(body),
		headers: { 'content-type': 'application/json' }
	});
	return POST(event as never);
}

describe('web push', () => {
	it('stores a device subscription for the signed-in person and refuses a malformed one', async () => {
		const org = await makeOrganisation(database.db, 'area');
		const user = await makeUser(database.db, { org: org.id, roles: ['case_officer'] });
		const actor = await loadActor(database.db, user.id, '2026-11-23');
		expect((await subscribeRequest(actor, fakeSubscription(1))).status).toBe(201);
		expect(await statusOf(() => subscribeRequest(actor, { endpoint: 'http://insecure.example/x', keys: {} }))).toBe(400);
		expect(await statusOf(() => subscribeRequest(null as never, fakeSubscription(2)))).toBe(401);
		const rows = await database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, user.id));
		expect(rows.map((r) => r.endpoint)).toEqual(['https://push.example.test/sub/1']);
	});

	it('queues a push with a translated, generic title in the notification’s transaction and sends it once', async () => {
		const org = await makeOrganisation(database.db, 'provider');
		const user = await makeUser(database.db, { org: org.id, roles: ['coach'] });
		await database.db
			.insert(pushSubscriptions)
			.values({ userId: user.id, ...fakeSubscription(3).keys, endpoint: 'https://push.example.test/sub/3', createdAt: clock() });
		await notify(database.db, clock, [user.id], 'referral_new', '/provider/x/referrals/y');
		const sent: { endpoint: string; payload: string }[] = [];
		const [queued] = await database.db.select().from(pushOutbox).where(eq(pushOutbox.url, '/provider/x/referrals/y'));
		// Its job was enqueued in the same transaction.
		const jobs = rowsOf<{ id: string }>(await database.db.execute(sql`select id from pgboss.job where name = 'push' and data->>'pushId' = ${queued.id}`));
		expect(jobs).toHaveLength(1);
		const send = async (sub: { endpoint: string }, payload: string) => {
			sent.push({ endpoint: sub.endpoint, payload });
		};
		expect(await deliverPush(database.db, clock, queued.id, send)).toBe('sent');
		expect(sent).toHaveLength(1);
		expect(JSON.parse(sent[0].payload)).toEqual({ title: 'Uusi ohjaus odottaa vastausta', url: '/provider/x/referrals/y' });
		expect(await deliverPush(database.db, clock, queued.id, send)).toBe('gone');
		expect(sent).toHaveLength(1);
	});

	it('drops a subscription the push service says is gone', async () => {
		const org = await makeOrganisation(database.db, 'provider');
		const user = await makeUser(database.db, { org: org.id, roles: ['coach'] });
		await database.db
			.insert(pushSubscriptions)
			.values({ userId: user.id, ...fakeSubscription(4).keys, endpoint: 'https://push.example.test/sub/4', createdAt: clock() });
		await notify(database.db, clock, [user.id], 'referral_overdue', '/a');
		const [queued] = await database.db.select().from(pushOutbox).where(eq(pushOutbox.url, '/a'));
		await deliverPush(database.db, clock, queued.id, async () => {
			throw Object.assign(new Error('gone'), { statusCode: 410 });
		});
		expect(await database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, user.id))).toHaveLength(0);
		expect(await database.db.select().from(pushOutbox).where(eq(pushOutbox.url, '/a'))).toHaveLength(0);
	});
});

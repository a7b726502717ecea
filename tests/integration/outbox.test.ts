/** The development outbox: off when SMTP sends the mails, and never a usable link outside development/demo. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { config } from '../../src/lib/server/config';
import { loadActor } from '../../src/lib/server/auth/actor';
import { requestPasswordReset } from '../../src/lib/server/auth/service';
import { load as outboxLoad } from '../../src/routes/admin/outbox/+page.server';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const saved = { smtpUrl: config.smtpUrl, runtime: config.runtime };
const { clock } = testClock();

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterEach(() => Object.assign(config, saved));
afterAll(() => database.close());

async function adminEvent() {
	const platform = await makeOrganisation(database.db, 'platform');
	const admin = await makeUser(database.db, { org: platform.id, roles: ['platform_admin'] });
	const someone = await makeUser(database.db, { passwordHash: 'x' });
	expect(await requestPasswordReset(database.db, { ...ctxFor(clock), ip: `10.50.0.${Math.floor(Math.random() * 250)}` }, someone.email)).toBe('sent');
	return makeEvent({ actor: await loadActor(database.db, admin.id, '2026-11-23'), clock });
}

type OutboxData = { enabled: boolean; mails: { body: string }[] };

describe('the development outbox', () => {
	it('shows the reset link in development/demo mode', async () => {
		const data = (await outboxLoad(await adminEvent())) as OutboxData;
		expect(data.enabled).toBe(true);
		expect(data.mails.some((m) => /\/reset-password\/[a-z2-7]{20,}/.test(m.body))).toBe(true);
	});

	it('never shows a usable token outside development/demo mode', async () => {
		const event = await adminEvent();
		Object.assign(config, { runtime: { ...config.runtime, demo: false } });
		const data = (await outboxLoad(event)) as OutboxData;
		expect(data.mails.length).toBeGreaterThan(0);
		expect(data.mails.some((m) => /\/reset-password\/[a-z2-7]{8,}/.test(m.body))).toBe(false);
		expect(data.mails.some((m) => m.body.includes('/reset-password/'))).toBe(true);
	});

	it('is off when SMTP is configured: it says so and lists nothing', async () => {
		const event = await adminEvent();
		Object.assign(config, { smtpUrl: 'smtp://mail.example:25' });
		const data = (await outboxLoad(event)) as OutboxData;
		expect(data).toMatchObject({ enabled: false, mails: [] });
	});
});

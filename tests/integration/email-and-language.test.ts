import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, isNull } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, emailOutbox, users } from '../../src/lib/server/db/schema';
import { deliverMail, queueEmail } from '../../src/lib/server/email';
import { loadActor } from '../../src/lib/server/auth/actor';
import { POST as switchLanguage } from '../../src/routes/language/+server';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const { clock } = testClock();
beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

describe('mail', () => {
	it('is written in the recipient’s language and sent once', async () => {
		await queueEmail(database.db, clock, {
			to: 'a@test.fi',
			locale: 'sv',
			subjectKey: 'email.invite.subject',
			bodyKey: 'email.invite.body',
			params: { link: 'https://x/y' }
		});
		await queueEmail(database.db, clock, {
			to: 'b@test.fi',
			locale: 'en',
			subjectKey: 'email.reset.subject',
			bodyKey: 'email.reset.body',
			params: { link: 'https://x/z' }
		});
		const sent: string[] = [];
		const send = async (m: { to: string; subject: string }) => {
			await new Promise((r) => setTimeout(r, 20));
			sent.push(`${m.to}: ${m.subject}`);
		};
		const queued = await database.db.select({ id: emailOutbox.id }).from(emailOutbox);
		for (const { id } of queued) expect(await deliverMail(database.db, clock, id, send)).toBe('sent');
		// A mail already sent (a retried job) is not sent again.
		expect(await deliverMail(database.db, clock, queued[0].id, send)).toBe('gone');
		expect(sent.sort()).toEqual(['a@test.fi: Inbjudan till Tjänsteproducentportalen', 'b@test.fi: Password reset – Palveluntuottajaportaali']);
		expect(await database.db.select().from(emailOutbox).where(isNull(emailOutbox.sentAt))).toHaveLength(0);
	});
});

describe('language switch', () => {
	it('is remembered on the signed-in user’s account and audited; a foreign redirect target is ignored', async () => {
		const org = await makeOrganisation(database.db, 'area');
		const user = await makeUser(database.db, { org: org.id, roles: ['case_officer'] });
		const actor = await loadActor(database.db, user.id, '2026-11-23');
		const event = makeEvent({ actor, clock, url: 'http://localhost/language', form: { lang: 'sv', redirectTo: '//evil.example/x' } });
		let location = '';
		try {
			await switchLanguage(event);
		} catch (e) {
			location = (e as { location: string }).location;
		}
		expect(location).toBe('/');
		const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
		expect(row.locale).toBe('sv');
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.userId, user.id));
		expect(audit.map((a) => a.action)).toContain('user.set_locale');
	});

	it('refuses an unknown language without changing anything', async () => {
		const org = await makeOrganisation(database.db, 'area');
		const user = await makeUser(database.db, { org: org.id, roles: ['case_officer'] });
		const actor = await loadActor(database.db, user.id, '2026-11-23');
		expect(await statusOf(() => switchLanguage(makeEvent({ actor, clock, url: 'http://localhost/language', form: { lang: 'de' } })))).toBe(303);
		const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
		expect(row.locale).toBe('fi');
	});
});

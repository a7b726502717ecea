/**
 * Notifications that say what they are about (a contract number, never a name), similar ones in one line,
 * and read once the thing they asked for was done: on the demo data, through the services people use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, contracts, customers, emailOutbox, notices, notifications, referrals, users } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { loadActor } from '../../src/lib/server/auth/actor';
import { unreadCount } from '../../src/lib/server/notifications/service';
import { declineReferral } from '../../src/lib/server/referrals/answer';
import { decideNotice } from '../../src/lib/server/notices/service';
import { actions as notificationsActions, load as notificationsLoad } from '../../src/routes/notifications/+page.server';
import { GET as openNotification } from '../../src/routes/notifications/open/+server';
import { load as areaHomeLoad } from '../../src/routes/area/[orgId=uuid]/+page.server';
import { createTestDatabase } from './helpers/db';
import { ctxFor, testClock } from './helpers/fixtures';
import { makeEvent } from './helpers/event';

const DEMO_DAY = '2026-03-18';
const { clock } = testClock(`${DEMO_DAY}T08:00:00Z`);
let database: Database;

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	await seedDemo(database.db, clock);
}, 120_000);
afterAll(() => database.close());

const userId = async (email: string) => (await database.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0].id;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the page's data
const notificationsOf = async (email: string): Promise<any[]> => {
	const actor = await loadActor(database.db, await userId(email), DEMO_DAY);
	return ((await notificationsLoad(makeEvent({ actor, clock }) as never)) as { notifications: unknown[] }).notifications;
};
const allText = async () => JSON.stringify(await database.db.select().from(notifications));

describe('notifications that name their object', () => {
	it('similar ones are one line with a count and the contract number, linking to the list; no customer is named', async () => {
		const list = await notificationsOf('handlaggare@pohjanmaa.demo.fi');
		// The demo coach accepted the six customers of the group contract: one line, not six.
		const accepted = list.filter((n) => n.kind === 'referral_accepted' && n.subject === 'POH-2026-041');
		expect(accepted).toHaveLength(1);
		const onGroup = await database.db
			.select({ id: referrals.id })
			.from(referrals)
			.innerJoin(contracts, eq(referrals.contractId, contracts.id))
			.where(and(eq(contracts.contractNumber, 'POH-2026-041'), eq(referrals.status, 'accepted')));
		expect(onGroup.length).toBeGreaterThanOrEqual(6);
		expect(accepted[0].count).toBe(onGroup.length);
		expect(accepted[0].link).toMatch(/^\/area\/[0-9a-f-]{36}\/referrals$/);
		// The single one on the other contract links to its referral.
		const single = list.find((n) => n.kind === 'referral_accepted' && n.subject === 'POH-2026-014');
		expect(single.count).toBe(1);
		expect(single.link).toMatch(/\/referrals\/[0-9a-f-]{36}$/);
		// No customer's name or number anywhere in the stored notifications.
		const text = await allText();
		for (const c of await database.db.select({ name: customers.name, number: customers.customerNumber }).from(customers)) {
			expect(text).not.toContain(c.name);
			expect(text).not.toContain(c.number);
		}
	});

	it('answering a referral marks its "new referral" read for everyone it was sent to, and tells the officer which contract', async () => {
		const admin = await userId('admin@rannikonkoulutus.demo.fi');
		const trainer = await userId('tranare@rannikonkoulutus.demo.fi');
		const officer = await userId('handlaggare@pohjanmaa.demo.fi');
		const [r] = await database.db
			.select()
			.from(referrals)
			.innerJoin(customers, eq(referrals.customerId, customers.id))
			.where(eq(customers.customerNumber, 'VAA-10412'));
		const unread = async (u: string) => unreadCount(database.db, u);
		const [adminBefore, trainerBefore, officerBefore] = [await unread(admin), await unread(trainer), await unread(officer)];
		expect((await notificationsOf('admin@rannikonkoulutus.demo.fi')).find((n) => n.kind === 'referral_new' && !n.read)?.subject).toBe('POH-2026-021');

		const ok = await declineReferral(database.db, ctxFor(clock, admin, r.referrals.providerId), r.referrals.id, r.referrals.version, {
			reason: 'no_capacity',
			text: ''
		});
		expect(ok).toEqual({ ok: true });
		expect(await unread(admin)).toBe(adminBefore - 1);
		expect(await unread(trainer)).toBe(trainerBefore - 1);
		expect(await unread(officer)).toBe(officerBefore + 1);
		const declined = (await notificationsOf('handlaggare@pohjanmaa.demo.fi')).find((n) => n.kind === 'referral_declined');
		expect(declined).toMatchObject({ subject: 'POH-2026-021', count: 1, read: false });
	});

	it('deciding a notice marks its notification read, and the home count follows', async () => {
		const officerId = await userId('handlaggare@pohjanmaa.demo.fi');
		const officer = await loadActor(database.db, officerId, DEMO_DAY);
		const [n] = await database.db
			.select()
			.from(notices)
			.where(and(eq(notices.officerId, officerId), eq(notices.status, 'open')));
		const mine = await database.db
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, officerId), eq(notifications.objectId, n.id)));
		expect(mine.map((x) => [x.kind, x.objectType, !!x.readAt])).toEqual([['notice_new', 'notice', false]]);
		const home = async () =>
			(
				(await areaHomeLoad(makeEvent({ actor: officer, clock, params: { orgId: n.areaId } }) as never)) as {
					home: { items: { key: string; count: number }[] }[];
				}
			).home[0].items.find((i) => i.key === 'officer.notices')!.count;
		const before = await home();

		const decided = await decideNotice(database.db, ctxFor(clock, officerId, n.areaId), officer, n.id, n.version, {
			decision: 'customer_contacted',
			comment: null
		});
		expect(decided.ok).toBe(true);
		const [after] = await database.db
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, officerId), eq(notifications.objectId, n.id)));
		expect(after.readAt).not.toBeNull();
		expect(await home()).toBe(before - 1);
	});

	it('the invoice people of the paying area see the changed bank account named by the provider, on their home too', async () => {
		const list = await notificationsOf('tarkastaja@pohjanmaa.demo.fi');
		expect(list.find((n) => n.kind === 'provider_bank_changed')).toMatchObject({ subject: 'Työkyky Partners Oy', count: 1, read: false });
		const reviewer = await loadActor(database.db, await userId('tarkastaja@pohjanmaa.demo.fi'), DEMO_DAY);
		const areaId = reviewer.memberships[0].organisationId;
		const data = (await areaHomeLoad(makeEvent({ actor: reviewer, clock, params: { orgId: areaId } }) as never)) as {
			home: { items: { key: string; count: number }[] }[];
		};
		expect(data.home[0].items.find((i) => i.key === 'invoices.bankChanges')!.count).toBe(1);
	});

	it('the e-mail names what it is about (the contract number), never the customer', async () => {
		const officer = await database.db.query.users.findFirst({ where: (x, { eq }) => eq(x.email, 'handlaggare@pohjanmaa.demo.fi') });
		const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, officer!.email));
		// The officer's locale is Swedish: the declined referral of the test above, on POH-2026-021, says so.
		const declined = mails.filter((m) => m.body.includes('hänvisning'));
		expect(declined.map((m) => m.body.split('\n').at(-1))).toContain('Gäller: POH-2026-021');
		for (const c of await database.db.select({ name: customers.name }).from(customers)) for (const m of mails) expect(m.body).not.toContain(c.name);
	});

	it('opening a line marks it read (audited) and leads to its object; reading all is audited too', async () => {
		const email = 'handlaggare@pohjanmaa.demo.fi';
		const actor = await loadActor(database.db, await userId(email), DEMO_DAY);
		const line = (await notificationsOf(email)).find((n) => !n.read && n.kind === 'referral_declined');
		expect(line.href).toBe(`/notifications/open?kind=referral_declined&subject=${line.subject}`);
		const before = await unreadCount(database.db, actor.userId);
		const open = async () => {
			try {
				await openNotification(makeEvent({ actor, clock, url: `http://localhost${line.href}` }) as never);
			} catch (e) {
				return e as { status: number; location: string };
			}
			throw new Error('no redirect');
		};
		expect(await open()).toMatchObject({ status: 303, location: line.link });
		expect(await unreadCount(database.db, actor.userId)).toBe(before - line.count);
		expect((await notificationsOf(email)).find((n) => n.kind === 'referral_declined' && n.subject === line.subject).read).toBe(true);
		const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'notification.read')).orderBy(desc(auditLog.id)).limit(1);
		expect(entry.userId).toBe(actor.userId);
		expect(entry.targetIds).toHaveLength(line.count);
		// A second click still leads there; an unknown kind leads back to the list.
		expect(await open()).toMatchObject({ status: 303, location: line.link });
		await expect(openNotification(makeEvent({ actor, clock, url: 'http://localhost/notifications/open?kind=nope' }) as never)).rejects.toMatchObject({
			status: 303,
			location: '/notifications'
		});

		await notificationsActions.readAll(makeEvent({ actor, clock }) as never);
		expect(await unreadCount(database.db, actor.userId)).toBe(0);
		const [all] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'notification.read_all')).orderBy(desc(auditLog.id)).limit(1);
		expect(all.userId).toBe(actor.userId);
	});
});

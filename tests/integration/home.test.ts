/**
 * Each role's home on the demo data: every count is the length of the filtered list it links to (the list
 * page's own load, with the item's link as its URL), each demo account sees something to do, and another
 * organisation's people get nothing of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { users } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { DEMO_USERS } from '../../src/lib/server/demo/users';
import { loadActor } from '../../src/lib/server/auth/actor';
import { homeOf, type HomeItem } from '../../src/lib/server/home/service';
import type { Actor } from '../../src/lib/server/policy';
import { AUDIT_PAGE_SIZE } from '../../src/lib/server/audit';
import { load as startLoad } from '../../src/routes/+page.server';
import { load as areaHomeLoad } from '../../src/routes/area/[orgId=uuid]/+page.server';
import { load as providerHomeLoad } from '../../src/routes/provider/[orgId=uuid]/+page.server';
import { load as areaReferrals } from '../../src/routes/area/[orgId=uuid]/referrals/+page.server';
import { load as providerReferrals } from '../../src/routes/provider/[orgId=uuid]/referrals/+page.server';
import { load as areaArvi } from '../../src/routes/area/[orgId=uuid]/arvi/+page.server';
import { load as providerArvi } from '../../src/routes/provider/[orgId=uuid]/arvi/+page.server';
import { load as areaNotices } from '../../src/routes/area/[orgId=uuid]/notices/+page.server';
import { load as providerNotices } from '../../src/routes/provider/[orgId=uuid]/notices/+page.server';
import { load as areaInvoices } from '../../src/routes/area/[orgId=uuid]/invoices/+page.server';
import { load as providerInvoices } from '../../src/routes/provider/[orgId=uuid]/invoices/+page.server';
import { load as areaParticipations } from '../../src/routes/area/[orgId=uuid]/participations/+page.server';
import { load as areaContracts } from '../../src/routes/area/[orgId=uuid]/contracts/+page.server';
import { load as providerToday } from '../../src/routes/provider/[orgId=uuid]/today/+page.server';
import { load as areaAudit } from '../../src/routes/area/[orgId=uuid]/audit/+page.server';
import { load as providerAssignments } from '../../src/routes/provider/[orgId=uuid]/assignments/+page.server';
import { createTestDatabase } from './helpers/db';
import { testClock } from './helpers/fixtures';
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

async function actorOf(email: string): Promise<Actor> {
	const [u] = await database.db.select().from(users).where(eq(users.email, email));
	return loadActor(database.db, u.id, DEMO_DAY);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each list page's data has its own shape
type Load = (event: never) => any;
/** The list page behind a link, and how many rows it shows. */
const LISTS: Record<string, { area?: Load; provider?: Load; rows: (d: Record<string, unknown>) => number }> = {
	referrals: { area: areaReferrals as Load, provider: providerReferrals as Load, rows: (d) => (d.referrals as unknown[]).length },
	arvi: { area: areaArvi as Load, provider: providerArvi as Load, rows: (d) => (d.arvis as unknown[]).length },
	notices: { area: areaNotices as Load, provider: providerNotices as Load, rows: (d) => (d.notices as unknown[]).length },
	invoices: { area: areaInvoices as Load, provider: providerInvoices as Load, rows: (d) => (d.invoices as unknown[]).length },
	participations: { area: areaParticipations as Load, rows: (d) => (d.participations as unknown[]).length },
	contracts: { area: areaContracts as Load, rows: (d) => d.total as number },
	audit: { area: areaAudit as Load, rows: (d) => (d.entries as unknown[]).length }
};

async function listLength(actor: Actor, href: string): Promise<number> {
	const url = new URL(href, 'http://localhost');
	const [, kind, orgId, list] = url.pathname.split('/') as [string, 'area' | 'provider', string, string];
	const spec = LISTS[list];
	const run = spec?.[kind];
	if (!run) throw new Error(`no list for ${href}`);
	const data = await run(makeEvent({ actor, clock, params: { orgId }, url: url.toString() }) as never);
	return spec.rows(data);
}

async function todayCount(actor: Actor, orgId: string) {
	const data = await (providerToday as Load)(makeEvent({ actor, clock, params: { orgId }, url: `http://localhost/provider/${orgId}/today` }) as never);
	const groups = data.cohorts as { people: { mark: unknown }[] }[];
	const meetings = data.meetings as { mark: unknown }[];
	return {
		groups: groups.length,
		meetings: meetings.length,
		unmarked: groups.flatMap((g) => g.people).filter((p) => !p.mark).length + meetings.filter((m) => !m.mark).length
	};
}

/** The count the item's link shows, checked against the page it links to. */
async function expectCountMatchesList(actor: Actor, orgId: string, item: HomeItem) {
	const what = `${item.key} → ${item.href}`;
	if (item.key === 'coach.today') {
		expect({ groups: item.count, meetings: item.meetings, unmarked: item.unmarked }, what).toEqual(await todayCount(actor, orgId));
		return;
	}
	if (item.key === 'finance.periods') {
		const data = await (providerInvoices as Load)(makeEvent({ actor, clock, params: { orgId }, url: `http://localhost${item.href}` }) as never);
		expect(item.count, what).toBe((data.openable as { periods: unknown[] }[]).reduce((n, c) => n + c.periods.length, 0));
		return;
	}
	if (item.key === 'provider.assignmentsEnding') {
		// The nearest list (every assignment that has not ended): the ending ones are among them.
		const data = await (providerAssignments as Load)(makeEvent({ actor, clock, params: { orgId }, url: `http://localhost${item.href}` }) as never);
		const ending = (data.assignments as { validUntil: string }[]).filter((a) => a.validUntil <= '2026-04-01');
		expect(item.count, what).toBe(ending.length);
		return;
	}
	if (item.key === 'invoices.bankChanges') return; // Counted from the person's own notifications (see notifications.test.ts).
	if (item.key === 'auditor.today') {
		// Opening lists writes to the log: count again just before opening the log's page (one page at most).
		const [fresh] = (await homeOf(database.db, actor, orgId)).flatMap((s) => s.items).filter((i) => i.key === 'auditor.today');
		expect(Math.min(fresh.count, AUDIT_PAGE_SIZE), what).toBe(await listLength(actor, item.href));
		expect(fresh.count).toBeGreaterThan(0);
		return;
	}
	expect(item.count, what).toBe(await listLength(actor, item.href));
	if (item.overdue) expect(item.overdue.count, `${what} (overdue)`).toBe(await listLength(actor, item.overdue.href));
}

describe('home: what needs me now', () => {
	for (const demo of DEMO_USERS.filter((u) => u.memberships.some((m) => m.roles.some((r) => r !== 'platform_admin')))) {
		it(`${demo.email}: each count is its list's length, and something waits`, async () => {
			const actor = await actorOf(demo.email);
			let total = 0;
			for (const m of actor.memberships.filter((x) => x.kind !== 'platform')) {
				const sections = await homeOf(database.db, actor, m.organisationId);
				// A section per role held there, in the order of the roles.
				expect(sections.map((s) => s.role).sort()).toEqual([...m.roles].sort());
				for (const s of sections)
					for (const item of s.items) {
						await expectCountMatchesList(actor, m.organisationId, item);
						total += item.count;
					}
			}
			expect(total, 'the demo account has something on its home').toBeGreaterThan(0);
		}, 60_000);
	}

	it('a person with several roles sees a section for each; the start page shows every organisation', async () => {
		const admin = await actorOf('paakayttaja@keskisuomi.demo.fi');
		const areaId = admin.memberships[0].organisationId;
		const data = (await (areaHomeLoad as Load)(makeEvent({ actor: admin, clock, params: { orgId: areaId } }) as never)) as {
			home: { role: string }[];
		};
		expect(data.home.map((s) => s.role).sort()).toEqual(['area_admin', 'auditor']);
		const start = (await (startLoad as Load)(makeEvent({ actor: admin, clock }) as never)) as { homes: { organisationId: string }[] };
		expect(start.homes.map((h) => h.organisationId)).toEqual([areaId]);
	});

	it("another organisation's people get nothing: no home there, and their own counts do not include it", async () => {
		const coach = await actorOf('valmentaja@valmennuspohjola.demo.fi');
		const otherCoach = await actorOf('tranare@rannikonkoulutus.demo.fi');
		const providerId = coach.memberships.find((m) => m.kind === 'provider')!.organisationId;
		expect(await homeOf(database.db, otherCoach, providerId)).toEqual([]);
		await expect((providerHomeLoad as Load)(makeEvent({ actor: otherCoach, clock, params: { orgId: providerId } }) as never)).rejects.toMatchObject({
			status: 403
		});
		// The Keski-Suomi case officer's home counts only Keski-Suomi: the referrals it counts are all in its own list.
		const officer = await actorOf('asiantuntija@keskisuomi.demo.fi');
		const pohjanmaa = (await actorOf('handlaggare@pohjanmaa.demo.fi')).memberships[0].organisationId;
		expect(await homeOf(database.db, officer, pohjanmaa)).toEqual([]);
		await expect((areaHomeLoad as Load)(makeEvent({ actor: officer, clock, params: { orgId: pohjanmaa } }) as never)).rejects.toMatchObject({ status: 403 });
	});
});

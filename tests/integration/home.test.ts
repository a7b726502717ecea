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
import { load as providerOpenInvoices } from '../../src/routes/provider/[orgId=uuid]/invoices/open/+page.server';
import { load as areaParticipations } from '../../src/routes/area/[orgId=uuid]/participations/+page.server';
import { load as areaContracts } from '../../src/routes/area/[orgId=uuid]/contracts/+page.server';
import { load as providerToday } from '../../src/routes/provider/[orgId=uuid]/today/+page.server';
import { load as areaAudit } from '../../src/routes/area/[orgId=uuid]/audit/+page.server';
import { load as providerAssignments } from '../../src/routes/provider/[orgId=uuid]/assignments/+page.server';
import { load as areaRemarks } from '../../src/routes/area/[orgId=uuid]/remarks/+page.server';
import { load as providerRemarks } from '../../src/routes/provider/[orgId=uuid]/remarks/+page.server';
import { actions as auditActions } from '../../src/routes/area/[orgId=uuid]/audit/+page.server';
import { recordAudit } from '../../src/lib/server/audit';
import { arvis, contracts, invoices } from '../../src/lib/server/db/schema';
import { and, inArray, ne } from 'drizzle-orm';
import { createTestDatabase } from './helpers/db';
import { ctxFor, testClock } from './helpers/fixtures';
import { mark } from './helpers/participations';
import { unmarkedOn } from '../../src/lib/server/attendance/today';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { addDays } from '../../src/lib/domain/clock';
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
	audit: { area: areaAudit as Load, rows: (d) => (d.entries as unknown[]).length },
	remarks: { area: areaRemarks as Load, provider: providerRemarks as Load, rows: (d) => (d.remarks as unknown[]).length }
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

/** The participations Today shows unmarked on the day (a group person and a meeting each once), sorted. */
async function todayUnmarked(actor: Actor, orgId: string, day: string) {
	const url = `http://localhost/provider/${orgId}/today?day=${day}`;
	const data = await (providerToday as Load)(makeEvent({ actor, clock, params: { orgId }, url }) as never);
	const rows = [...(data.cohorts as { people: TodayRow[] }[]).flatMap((g) => g.people), ...(data.meetings as TodayRow[])];
	return rows
		.filter((r) => !r.mark)
		.map((r) => r.participationId)
		.sort();
}
type TodayRow = { participationId: string; mark: unknown };

async function todayCount(actor: Actor, orgId: string, day?: string) {
	const url = `http://localhost/provider/${orgId}/today${day ? `?day=${day}` : ''}`;
	const data = await (providerToday as Load)(makeEvent({ actor, clock, params: { orgId }, url }) as never);
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
		expect(item.href, what).toMatch(/\/invoices\/open$/);
		const data = await (providerOpenInvoices as Load)(makeEvent({ actor, clock, params: { orgId }, url: `http://localhost${item.href}` }) as never);
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
	if (item.key === 'coach.pastUnmarked') {
		// Each past day's count is what Today shows unmarked on that day, and its deadline has not passed.
		expect(item.count, what).toBe(item.days!.reduce((n, d) => n + d.count, 0));
		for (const d of item.days!) {
			expect(d.day < DEMO_DAY && d.deadline >= DEMO_DAY, `${what} ${d.day}`).toBe(true);
			expect(d.count, `${what} ${d.day}`).toBe((await todayCount(actor, orgId, d.day)).unmarked);
		}
		return;
	}
	if (item.key === 'auditor.follows') {
		for (const f of item.follows!) expect(Math.min(f.count, AUDIT_PAGE_SIZE), `${what} ${f.label}`).toBe(await listLength(actor, f.href));
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

	it('a coach sees the past days still open for marking, each linking to Today for that day', async () => {
		const coach = await actorOf('valmentaja@valmennuspohjola.demo.fi');
		const providerId = coach.memberships.find((m) => m.kind === 'provider')!.organisationId;
		const item = (await homeOf(database.db, coach, providerId)).flatMap((s) => s.items).find((i) => i.key === 'coach.pastUnmarked')!;
		expect(item.count).toBeGreaterThan(0);
		expect(item.href).toBe(`/provider/${providerId}/today?day=${item.days![0].day}`);
		expect(item.nearest).toBe(item.days![0].deadline);
		// A week later that day's deadline has passed: it is no longer on the home.
		const later = { ...coach, today: '2026-03-25' };
		const after = (await homeOf(database.db, later, providerId)).flatMap((s) => s.items).find((i) => i.key === 'coach.pastUnmarked')!;
		expect(after.days!.map((d) => d.day)).not.toContain(item.days![0].day);
	});

	it('overdue remark answers show on both sides, each the length of its filtered remark list', async () => {
		const admin = await actorOf('paakayttaja@valmennuspohjola.demo.fi');
		const officer = await actorOf('handlaggare@pohjanmaa.demo.fi');
		const p = (await homeOf(database.db, admin, admin.memberships[0].organisationId)).flatMap((s) => s.items).find((i) => i.key === 'provider.remarksOverdue')!;
		const a = (await homeOf(database.db, officer, officer.memberships[0].organisationId)).flatMap((s) => s.items).find((i) => i.key === 'area.remarksOverdue')!;
		expect(p.count).toBeGreaterThan(0);
		expect(a.count).toBeGreaterThan(0);
		expect(p.href).toMatch(/\/remarks\?overdue=1$/);
		expect(p.count).toBe(await listLength(admin, p.href));
		expect(a.count).toBe(await listLength(officer, a.href));
		expect(a.nearest! < DEMO_DAY).toBe(true);
	});

	it("a contract with 80 % of its budget invoiced is on the area admin's home and in the contract list's filter", async () => {
		const admin = await actorOf('paakayttaja@pohjanmaa.demo.fi');
		const areaId = admin.memberships[0].organisationId;
		const budgetItem = async () => (await homeOf(database.db, admin, areaId)).flatMap((s) => s.items).find((i) => i.key === 'admin.contractsBudget')!;
		const before = await budgetItem();
		// A contract of the area with invoices sent: its commitment lowered to what has been invoiced.
		const [c] = await database.db
			.select({ id: contracts.id, budget: contracts.budgetCents, number: contracts.contractNumber })
			.from(contracts)
			.innerJoin(invoices, eq(invoices.contractId, contracts.id))
			.where(
				and(
					eq(contracts.areaId, areaId),
					eq(contracts.status, 'active'),
					inArray(invoices.status, ['submitted', 'checked', 'approved', 'paid']),
					ne(invoices.grossCents, 0)
				)
			)
			.limit(1);
		const sent = await database.db.select({ g: invoices.grossCents, k: invoices.kind, s: invoices.status }).from(invoices).where(eq(invoices.contractId, c.id));
		const invoiced = sent
			.filter((i) => ['submitted', 'checked', 'approved', 'paid'].includes(i.s))
			.reduce((n, i) => n + (i.k === 'credit_note' ? -i.g : i.g), 0);
		await database.db
			.update(contracts)
			.set({ budgetCents: Math.floor(invoiced / 0.85) })
			.where(eq(contracts.id, c.id));
		try {
			const after = await budgetItem();
			expect(after.count).toBe(before.count + 1);
			const data = await (areaContracts as Load)(makeEvent({ actor: admin, clock, params: { orgId: areaId }, url: `http://localhost${after.href}` }) as never);
			expect((data.contracts as { contractNumber: string }[]).map((x) => x.contractNumber)).toContain(c.number);
			expect(data.total).toBe(after.count);
		} finally {
			await database.db.update(contracts).set({ budgetCents: c.budget }).where(eq(contracts.id, c.id));
		}
		expect((await budgetItem()).count).toBe(before.count);
	});

	it("an auditor follows a contract: its new log entries show on the home until opened, and nobody else's home shows them", async () => {
		const auditor = await actorOf('auditor@pohjanmaa.demo.fi');
		const areaId = auditor.memberships[0].organisationId;
		const [c] = await database.db.select({ id: contracts.id, number: contracts.contractNumber }).from(contracts).where(eq(contracts.areaId, areaId)).limit(1);
		const follow = (form: Record<string, string>, who = auditor, org = areaId) =>
			auditActions.follow(makeEvent({ actor: who, clock, params: { orgId: org }, form }) as never) as Promise<unknown>;
		// A search by a customer cannot be followed, nor an empty one.
		expect(await follow({ customer: '00000000-0000-4000-8000-000000000000', target: `contract:${c.id}` })).toMatchObject({ status: 400 });
		expect(await follow({})).toMatchObject({ status: 400 });
		expect(await follow({ target: `contract:${c.id}` })).toEqual({ followed: true });
		const item = async (who = auditor) => (await homeOf(database.db, who, areaId)).flatMap((s) => s.items).find((i) => i.key === 'auditor.follows')!;
		const first = await item();
		expect(first.follows).toEqual([expect.objectContaining({ label: c.number, count: 0 })]);

		const ctx = { userId: null, organisationId: areaId, ip: null, userAgent: null, requestId: null, clock };
		await recordAudit(database.db, ctx, { action: 'contract.update', areaId, targetType: 'contract', targetIds: [c.id] });
		await recordAudit(database.db, ctx, { action: 'contract.update', areaId, targetType: 'contract', targetIds: [c.id] });
		const second = await item();
		expect(second.count).toBe(2);
		// The link shows exactly those entries, and opening it makes them seen.
		const data = await (areaAudit as Load)(
			makeEvent({ actor: auditor, clock, params: { orgId: areaId }, url: `http://localhost${second.follows![0].href}` }) as never
		);
		expect((data.entries as { action: string; targetIds: string[] }[]).map((e) => [e.action, e.targetIds])).toEqual([
			['contract.update', [c.id]],
			['contract.update', [c.id]]
		]);
		expect((await item()).count).toBe(0);

		// Another area's auditor does not see it, and cannot open it under their own area.
		const other = await actorOf('paakayttaja@keskisuomi.demo.fi');
		const otherArea = other.memberships[0].organisationId;
		expect((await homeOf(database.db, other, otherArea)).flatMap((s) => s.items).find((i) => i.key === 'auditor.follows')!.follows).toEqual([]);
		const theirs = await (areaAudit as Load)(
			makeEvent({ actor: other, clock, params: { orgId: otherArea }, url: `http://localhost/area/${otherArea}/audit?follow=${first.follows![0].id}` }) as never
		);
		expect(theirs.following).toBeNull();
	});

	it("the past days' unmarked slots are Today's unmarked rows of each day, before and after some of them are marked", async () => {
		// Friday after the demo day: the demo's marks end on the demo day, so the days since are unmarked.
		const friday = '2026-03-20';
		const [u] = await database.db.select().from(users).where(eq(users.email, 'valmentaja@valmennuspohjola.demo.fi'));
		const coach = await loadActor(database.db, u.id, friday);
		const providerId = coach.memberships.find((m) => m.kind === 'provider')!.organisationId;
		// Two weeks back: weekends, working days' groups and meetings, days with and without marks.
		const days = Array.from({ length: 14 }, (_, i) => addDays(friday, -1 - i));
		const compare = async () => {
			const perDay = await unmarkedOn(database.plannedReads, coach, providerId, days);
			expect(perDay.map((d) => d.day)).toEqual(days);
			for (const d of perDay) expect(d.unmarked.map((u) => u.participationId).sort(), d.day).toEqual(await todayUnmarked(coach, providerId, d.day));
			return perDay;
		};
		const before = await compare();
		const open = before.filter((d) => d.unmarked.length > 0);
		expect(open.length, 'several past days have unmarked people').toBeGreaterThan(1);

		// The coach marks some of them (one person of each of two days, all of the newest open day) within the deadline.
		const item = async () => (await homeOf(database.db, coach, providerId)).flatMap((s) => s.items).find((i) => i.key === 'coach.pastUnmarked')!;
		const home = await item();
		expect(home.days!.length, 'several days on the home').toBeGreaterThan(1);
		const [first, second] = home.days!;
		const ids = (day: string) => before.find((d) => d.day === day)!.unmarked.map((u) => u.participationId);
		const marks = [mark(ids(first.day)[0], first.day, 'present'), ...ids(second.day).map((id) => mark(id, second.day, 'absent'))];
		const saved = await recordAttendance(database.db, ctxFor(testClock(`${friday}T08:00:00Z`).clock, coach.userId, providerId), coach, { marks });
		expect(saved.marks.every((m) => m.ok)).toBe(true);

		const after = await compare();
		const unmarkedOf = (list: typeof after, day: string) => list.find((d) => d.day === day)!.unmarked.length;
		expect(unmarkedOf(after, first.day)).toBe(unmarkedOf(before, first.day) - 1);
		expect(unmarkedOf(after, second.day)).toBe(0);
		// The home follows: the marked day is gone, the other is one fewer, each still Today's count of the day.
		const later = await item();
		expect(later.days!.map((d) => d.day)).not.toContain(second.day);
		expect(later.days!.find((d) => d.day === first.day)?.count ?? 0).toBe(first.count - 1);
		for (const d of later.days!) expect(d.count, d.day).toBe((await todayCount(coach, providerId, d.day)).unmarked);
	});

	it("each coach's ARVI counts are their own, whoever opened a home first (one prepared statement, each request's values)", async () => {
		const coaches = [await actorOf('valmentaja@valmennuspohjola.demo.fi'), await actorOf('tranare@rannikonkoulutus.demo.fi')];
		const providerOf = (a: Actor) => a.memberships.find((m) => m.kind === 'provider')!.organisationId;
		// The first coach's own ARVIs back to drafts: the two coaches' counts then differ.
		const own = await (providerArvi as Load)(
			makeEvent({
				actor: coaches[0],
				clock,
				params: { orgId: providerOf(coaches[0]) },
				url: `http://localhost/provider/${providerOf(coaches[0])}/arvi?mine=1`
			}) as never
		);
		const ids = (own.arvis as { id: string }[]).map((a) => a.id);
		expect(ids.length).toBeGreaterThan(0);
		await database.db.update(arvis).set({ status: 'draft' }).where(inArray(arvis.id, ids));
		const counts: number[] = [];
		for (const coach of [...coaches, ...coaches]) {
			const item = (await homeOf(database.db, coach, providerOf(coach))).flatMap((s) => s.items).find((i) => i.key === 'coach.arviDrafts')!;
			expect(item.count, coach.userId).toBe(await listLength(coach, item.href));
			counts.push(item.count);
		}
		expect(counts[0]).toBe(ids.length);
		expect(counts[1]).not.toBe(counts[0]);
		expect(counts.slice(2)).toEqual(counts.slice(0, 2));
	});
});

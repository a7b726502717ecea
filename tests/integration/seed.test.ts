import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { assignments, contracts, memberships, organisations, users } from '../../src/lib/server/db/schema';
import { getContractDetail } from '../../src/lib/server/contracts/read';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { DEMO_ASSIGNMENTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from '../../src/lib/server/demo/users';
import { loadActor } from '../../src/lib/server/auth/actor';
import { checkPasswordPolicy, verifyPassword } from '../../src/lib/server/auth/password';
import { decrypt } from '../../src/lib/server/auth/encryption';
import { totpKeyToBase32 } from '../../src/lib/server/auth/totp';
import { ROLES_BY_KIND } from '../../src/lib/domain/roles';
import { isValidBusinessId, isValidFinnishIban, vatNumberFromBusinessId } from '../../src/lib/domain/identifiers';
import { createTestDatabase } from './helpers/db';
import { testClock } from './helpers/fixtures';

let database: Database;
const { clock } = testClock('2026-11-23T08:00:00Z');
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

describe('demo data', () => {
	it('fills an empty database once, with valid identifiers, every role and an expired assignment', async () => {
		expect(await seedDemo(database.db, clock)).toBe(true);
		expect(await seedDemo(database.db, clock)).toBe(false);
		const orgs = await database.db.select().from(organisations);
		expect(orgs.filter((o) => o.kind === 'area')).toHaveLength(2);
		expect(orgs.filter((o) => o.kind === 'provider').length).toBeGreaterThanOrEqual(4);
		expect(orgs.some((o) => o.kind === 'area' && o.languages.includes('sv'))).toBe(true);
		for (const o of orgs) if (o.businessId) expect(isValidBusinessId(o.businessId), o.name).toBe(true);
		for (const o of orgs.filter((x) => x.kind === 'provider')) expect(isValidFinnishIban(o.iban ?? ''), o.name).toBe(true);
		expect(checkPasswordPolicy(DEMO_PASSWORD)).toBeNull();

		const roles = new Set<string>();
		for (const demo of DEMO_USERS) {
			const [u] = await database.db.select().from(users).where(eq(users.email, demo.email));
			const actor = await loadActor(database.db, u.id, '2026-11-23');
			expect(actor.memberships.flatMap((m) => m.roles).sort()).toEqual(demo.memberships.flatMap((m) => m.roles).sort());
			actor.memberships.forEach((m) => m.roles.forEach((r) => roles.add(r)));
		}
		expect(roles.size).toBe(9);

		// The coach's assignment to the second area ended yesterday: only the first one counts today.
		const [coach] = await database.db.select().from(users).where(eq(users.email, 'valmentaja@valmennuspohjola.demo.fi'));
		const today = await loadActor(database.db, coach.id, '2026-11-23');
		expect(today.assignments).toHaveLength(1);
		const earlier = await loadActor(database.db, coach.id, '2026-11-01');
		expect(earlier.assignments).toHaveLength(2);

		// Contracts with prices, cohorts and a PDF, each a valid state of the contract rules.
		const all = await database.db.select().from(contracts);
		expect(all.length).toBeGreaterThanOrEqual(6);
		expect(new Set(all.map((c) => c.serviceType)).size).toBeGreaterThanOrEqual(5);
		for (const c of all) {
			const d = await getContractDetail(database.db, c.id);
			expect(d!.priceLines.length, c.contractNumber).toBeGreaterThan(0);
			expect(d!.documents.map((x) => x.mediaType)).toEqual(['application/pdf']);
		}
		expect(all.some((c) => c.languages.includes('sv'))).toBe(true);

		// Referrals on both sides: one past its deadline, one accepted with a participation.
		const { referrals: referralsTable, participations } = await import('../../src/lib/server/db/schema');
		// The history under two contracts (demo/history.ts, for the dashboard) is counted in its own test below.
		const history = new Set(all.filter((c) => ['POH-2026-030', 'POH-2026-033'].includes(c.contractNumber)).map((c) => c.id));
		const own = <T extends { contractId: string }>(rows: T[]) => rows.filter((r) => !history.has(r.contractId));
		const demoReferrals = own(await database.db.select().from(referralsTable));
		// Two more waiting for the homes (oversight.ts): one at Rannikon Koulutus, one late in Keski-Suomi.
		expect(demoReferrals.map((r) => r.status).sort()).toEqual([...Array(10).fill('accepted'), 'waiting', 'waiting', 'waiting', 'waiting']);
		expect(demoReferrals.some((r) => r.status === 'waiting' && r.answerDue < '2026-11-23')).toBe(true);
		expect(own(await database.db.select().from(participations))).toHaveLength(10);

		// The coach's group has marks since the start of last month, made through the service: six active, one customer's
		// last two days unexcused (a notice each to the case officer), and a meeting planned for today. A
		// seventh, Swedish-speaking, left for a job three days ago: an interruption notice and a submitted ARVI.
		const { attendance, meetings, notices, arvis, arviVersions } = await import('../../src/lib/server/db/schema');
		const { cohorts } = await import('../../src/lib/server/db/schema');
		const groups = new Map((await database.db.select().from(cohorts)).map((c) => [c.id, c.name]));
		const ownParticipations = own(await database.db.select().from(participations));
		const inGroup = (name: string) => ownParticipations.filter((p) => p.cohortId && groups.get(p.cohortId) === name);
		expect(
			inGroup('Työnhakuryhmä Vaasa')
				.map((p) => p.status)
				.sort()
		).toEqual([...Array(6).fill('active'), 'interrupted']);
		// A colleague's group on the same contract, starting today: on the demo coach's Today among the other groups.
		expect(inGroup('Työnhakuryhmä Palosaari').map((p) => [p.status, p.startDate])).toEqual([
			['starting', '2026-11-23'],
			['starting', '2026-11-23']
		]);
		expect(own(await database.db.select().from(arvis))).toMatchObject([{ status: 'submitted', language: 'sv' }]);
		expect(await database.db.select().from(arviVersions)).toMatchObject([{ number: 1, decision: null }]);
		const marks = own(await database.db.select().from(attendance));
		expect(marks.length).toBeGreaterThan(6 * 10);
		expect(marks.every((m) => m.current && !m.late && !m.correction)).toBe(true);
		expect(
			own(await database.db.select().from(notices))
				.map((n) => n.kind)
				.sort()
		).toEqual(['interruption', 'unexcused_absence', 'unexcused_absence']);
		expect(await database.db.select().from(meetings)).toMatchObject([{ startTime: '13:00' }]);
	});

	it('has months of history for the dashboard under two contracts, with trends and figures above the small-cell limit', async () => {
		const { statContracts, statRows } = await import('../../src/lib/server/dashboard/read');
		const { buildStatistics } = await import('../../src/lib/domain/dashboard');
		const { monthsOf } = await import('../../src/lib/domain/statistics');
		const area = (await database.db.select().from(organisations)).find((o) => o.name === DEMO_ORGANISATIONS.find((d) => d.key === 'pohjanmaa')!.name)!;
		const list = await statContracts(database.db, area.id, {});
		const stats = buildStatistics(
			list,
			await statRows(
				database.db,
				list.map((c) => c.id),
				{ from: '2026-01', to: '2026-11' }
			),
			monthsOf('2026-01', '2026-11')
		);
		const months = stats.months.filter((m) => typeof m.figures.referrals === 'number');
		expect(months.length).toBeGreaterThanOrEqual(6);
		expect(stats.total.figures.attendancePct).toEqual(expect.any(Number));
		expect(stats.total.figures.arviOnTimePct).toEqual(expect.any(Number));
		expect(stats.total.budget.invoiced).toBeGreaterThan(0);
	});

	it('stores every demo user with the listed organisations, roles, locale, password and TOTP secret', async () => {
		const orgs = await database.db.select().from(organisations);
		const orgByKey = new Map(DEMO_ORGANISATIONS.map((d) => [d.key, orgs.find((o) => o.name === d.name)!]));
		expect(orgs).toHaveLength(DEMO_ORGANISATIONS.length);
		for (const d of DEMO_ORGANISATIONS) {
			const o = orgByKey.get(d.key)!;
			expect(o.kind, d.key).toBe(d.kind);
			expect(o.nameSv, d.key).toBe(d.nameSv);
			expect(o.languages, d.key).toEqual(d.languages);
			expect(o.businessId, d.key).toBe(d.businessId);
			if (d.businessId) expect(o.vatNumber, d.key).toBe(vatNumberFromBusinessId(d.businessId));
		}
		expect(new Set(DEMO_USERS.map((u) => u.totpSecret)).size).toBe(DEMO_USERS.length);
		for (const demo of DEMO_USERS) {
			expect(demo.email, 'stored lower-case').toBe(demo.email.toLowerCase());
			const [u] = await database.db.select().from(users).where(eq(users.email, demo.email));
			expect(u.locale, demo.email).toBe(demo.locale);
			expect(totpKeyToBase32(decrypt(u.totpKeyEncrypted!)), demo.email).toBe(demo.totpSecret);
			const rows = await database.db.select().from(memberships).where(eq(memberships.userId, u.id));
			const expected = demo.memberships.flatMap((m) => m.roles.map((r) => `${orgByKey.get(m.org)!.id}:${r}`)).sort();
			expect(rows.map((r) => `${r.organisationId}:${r.role}`).sort(), demo.email).toEqual(expected);
			// Every role fits the kind of organisation it is held in.
			for (const m of demo.memberships) for (const r of m.roles) expect(ROLES_BY_KIND[orgByKey.get(m.org)!.kind], `${demo.email} ${r}`).toContain(r);
		}
		const [first] = await database.db.select().from(users).where(eq(users.email, DEMO_USERS[0].email));
		expect(await verifyPassword(first.passwordHash!, DEMO_PASSWORD)).toBe(true);
	});

	it('has one assignment that ended yesterday and the others valid today', async () => {
		const rows = await database.db.select().from(assignments);
		// The demo people's, and the colleague's whose group the demo coach sees on Today (demo/attendance.ts).
		expect(rows).toHaveLength(DEMO_ASSIGNMENTS.length + 1);
		const expired = rows.filter((a) => a.validUntil < '2026-11-23');
		expect(expired.map((a) => a.validUntil)).toEqual(['2026-11-22']);
		const [coach] = await database.db.select().from(users).where(eq(users.id, expired[0].userId));
		const [role] = await database.db.select().from(memberships).where(eq(memberships.userId, coach.id));
		expect(role.role).toBe('coach');
		for (const a of rows.filter((x) => x !== expired[0])) {
			expect(a.validFrom <= '2026-11-23' && a.validUntil >= '2026-11-23', a.id).toBe(true);
		}
	});
});

describe('demo data, seeded twice at the same time', () => {
	let other: Database;
	beforeAll(async () => {
		other = await createTestDatabase();
	});
	afterAll(() => other.close());

	it('creates the organisations once', async () => {
		const results = await Promise.all([seedDemo(other.db, clock), seedDemo(other.db, clock)]);
		expect(results.sort()).toEqual([false, true]);
		expect(await other.db.select().from(organisations)).toHaveLength(DEMO_ORGANISATIONS.length);
	});
});

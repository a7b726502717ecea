/**
 * The dashboard's attendance summary (attendance_month, kept by a trigger in the same transaction as every mark)
 * gives the same figures as the marks themselves: on the demo data (with its months of history), after a mark is
 * corrected (the replaced mark stops counting), after marks are deleted, and after a full rebuild.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client';
import { rowsOf } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { attendance, contracts } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { liveAttendanceStatement, statRows } from '../../src/lib/server/dashboard/read';
import { users } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { load as areaScorecard } from '../../src/routes/area/[orgId=uuid]/scorecard/[providerId=uuid]/+page.server';
import { load as providerScorecard } from '../../src/routes/provider/[orgId=uuid]/scorecard/+page.server';
import { GET as dashboardExport } from '../../src/routes/area/[orgId=uuid]/dashboard/export/+server';
import type { QualityFigures } from '../../src/lib/server/dashboard/pages';
import type { Shown } from '../../src/lib/domain/statistics';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { testClock } from './helpers/fixtures';

const DEMO_DAY = '2026-03-18';
const { clock } = testClock(`${DEMO_DAY}T08:00:00Z`);
let database: Database;
let contractIds: string[];

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	await seedDemo(database.db, clock);
	contractIds = (await database.db.select({ id: contracts.id }).from(contracts)).map((c) => c.id);
}, 120_000);
afterAll(() => database.close());

type Row = { contractId: string; month: string | null; present: number; absent: number; people: number };
const key = (r: Row) => `${r.contractId} ${r.month ?? 'all'}`;
const sorted = (rows: Row[]) =>
	rows
		.map((r) => ({ contractId: r.contractId, month: r.month, present: Number(r.present), absent: Number(r.absent), people: Number(r.people) }))
		.sort((a, b) => key(a).localeCompare(key(b)));

async function both(period: { from: string; to: string }) {
	const fromSummary = (await statRows(database.db, contractIds, period)).attendance as Row[];
	const live = rowsOf<Row>(await database.db.execute(liveAttendanceStatement(contractIds, period)));
	return { summary: sorted(fromSummary), live: sorted(live) };
}

const PERIODS = [
	{ from: '2025-04', to: '2026-03' },
	{ from: '2026-01', to: '2026-03' },
	{ from: '2026-02', to: '2026-02' },
	{ from: '2024-01', to: '2025-12' }
];

describe('the attendance summary', () => {
	it('gives the same attendance figures as the marks on the demo data, for every period', async () => {
		const { summary } = await both(PERIODS[0]);
		const present = summary.filter((r) => r.month === null).reduce((s, r) => s + r.present, 0);
		expect(present).toBeGreaterThan(100); // the demo has months of marks: the comparison compares something
		for (const p of PERIODS) {
			const { summary: s, live } = await both(p);
			expect(s).toEqual(live);
		}
	});

	it('follows a correction: the replaced mark stops counting and the new one counts', async () => {
		const [mark] = await database.db
			.select()
			.from(attendance)
			.where(and(eq(attendance.current, true), eq(attendance.status, 'present')))
			.limit(1);
		const period = { from: mark.day.slice(0, 7), to: mark.day.slice(0, 7) };
		const before = (await both(period)).summary.find((r) => r.contractId === mark.contractId && r.month !== null)!;
		await database.db.transaction(async (tx) => {
			await tx.update(attendance).set({ current: false }).where(eq(attendance.id, mark.id));
			await tx.insert(attendance).values({
				...mark,
				id: undefined,
				clientKey: crypto.randomUUID(),
				status: 'absent',
				reason: 'sick',
				current: true,
				replacesId: mark.id
			});
		});
		const { summary, live } = await both(period);
		expect(summary).toEqual(live);
		const after = summary.find((r) => r.contractId === mark.contractId && r.month !== null)!;
		expect([after.present, after.absent]).toEqual([before.present - 1, before.absent + 1]);
	});

	it('follows deleted marks and gives the same figures after a rebuild', async () => {
		const [c] = await database.db
			.execute(sql`select contract_id as "contractId" from attendance where current limit 1`)
			.then((r) => rowsOf<{ contractId: string }>(r));
		await database.db
			.delete(attendance)
			.where(
				and(
					eq(attendance.contractId, c.contractId),
					sql`${attendance.day} >= '2026-03-01'`,
					sql`not exists (select 1 from notices n where n.attendance_id = ${attendance.id})`
				)
			);
		for (const p of PERIODS) {
			const { summary, live } = await both(p);
			expect(summary).toEqual(live);
		}
		const beforeRebuild = await both(PERIODS[0]);
		await database.db.execute(sql`select refresh_attendance_month()`);
		expect((await both(PERIODS[0])).summary).toEqual(beforeRebuild.live);
	});
});

async function actorOf(email: string) {
	const [u] = await database.db.select().from(users).where(eq(users.email, email));
	return loadActor(database.db, u.id, DEMO_DAY);
}

/** A count as it may be shown: "<5" or at least 5. */
const safe = (v: Shown) => v === 'small' || v === null || (typeof v === 'number' && v >= 5);

describe('quality on the scorecard and the dashboard (remarks and feedback)', () => {
	it('shows the remarks by category and the feedback with the small-cell rules, to the area and to the provider, and in the CSV', async () => {
		const areaAdmin = await actorOf('paakayttaja@pohjanmaa.demo.fi');
		const providerAdmin = await actorOf('paakayttaja@valmennuspohjola.demo.fi');
		const areaId = areaAdmin.memberships.find((m) => m.kind === 'area')!.organisationId;
		const providerId = providerAdmin.memberships.find((m) => m.kind === 'provider')!.organisationId;
		const period = 'from=2025-04&to=2026-03';
		const area = (await areaScorecard(
			makeEvent({ actor: areaAdmin, clock, params: { orgId: areaId, providerId }, url: `http://localhost/x?${period}` }) as never
		)) as unknown as { quality: QualityFigures };
		const own = (await providerScorecard(
			makeEvent({ actor: providerAdmin, clock, params: { orgId: providerId }, url: `http://localhost/x?${period}` }) as never
		)) as unknown as { quality: QualityFigures };
		for (const q of [area.quality, own.quality]) {
			expect(q.remarks).not.toBeNull();
			expect(q.feedback).not.toBeNull();
			const r = q.remarks!;
			for (const v of [r.total, r.overdue, ...Object.values(r.byCategory)]) expect(safe(v)).toBe(true);
			// One hidden category would be given back by the total: never exactly one.
			const hidden = Object.values(r.byCategory).filter((v) => v === 'small').length + (r.total === 'small' ? 1 : 0);
			expect(hidden).not.toBe(1);
			const f = q.feedback!;
			if (f.answers !== 'small' && f.answers !== null) expect(f.answers).toBeGreaterThanOrEqual(5);
			else expect(f.averages).toBeNull();
		}
		// The demo provider has remarks in the period: the area sees them counted (or as "<5"), not as nothing.
		expect(area.quality.remarks!.total).not.toBeNull();
		const res = await dashboardExport(
			makeEvent({ actor: areaAdmin, clock, params: { orgId: areaId }, url: `http://localhost/x?table=quality&${period}` }) as never
		);
		const text = await res.text();
		expect(res.status).toBe(200);
		expect(text).toContain('Reklamaatiot');
		// Counts (not the averages, days or percentages) are "<5" or at least 5.
		const counts = text.split('\r\n').filter((l) => l.startsWith(',,Reklamaatiot') || l.startsWith(',,Vastaus myöhässä') || l.startsWith(',,Vastauksia,'));
		expect(counts.length).toBeGreaterThan(5);
		for (const line of counts) {
			const value = line.split(',').at(-2)!;
			expect(value === '<5' || value === '' || Number(value) >= 5, line).toBe(true);
		}
	});
});

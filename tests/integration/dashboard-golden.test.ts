/**
 * Every figure of the area's dashboard and the scorecards, as the pages give them, on the demo history (months of
 * referrals, participations, marks, notices, ARVIs and invoices under several contracts and providers: figures above
 * the small-cell limit, cells of 1–4 people and of exactly 5, medians of even and odd counts), for several periods
 * and filters, compared with the figures the row-by-row computation gave before the statistics were summed in SQL
 * (`__snapshots__/dashboard-golden.json`, recorded from that computation). Ids are written as contract numbers and
 * organisation names, so the file does not depend on the random ids of one seed. PGlite and PostgreSQL must give the
 * same file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { contracts, organisations } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { loadActor } from '../../src/lib/server/auth/actor';
import { forgetStatistics } from '../../src/lib/server/dashboard/pages';
import type { Statistics } from '../../src/lib/domain/dashboard';
import { load as dashboardLoad } from '../../src/routes/area/[orgId=uuid]/dashboard/+page.server';
import { load as areaScorecard } from '../../src/routes/area/[orgId=uuid]/scorecard/[providerId=uuid]/+page.server';
import { load as providerScorecard } from '../../src/routes/provider/[orgId=uuid]/scorecard/+page.server';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { makeUser, testClock } from './helpers/fixtures';

let database: Database;
const c = testClock('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';
/** uuid → a stable name (contract number or organisation name). */
const names = new Map<string, string>();

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	expect(await seedDemo(database.db, c.clock)).toBe(true);
	for (const o of await database.db.select().from(organisations)) names.set(o.id, `org:${o.name}`);
	for (const k of await database.db.select().from(contracts)) names.set(k.id, `contract:${k.contractNumber}`);
}, 240_000);
afterAll(() => database?.close());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const stable = (x: unknown) => JSON.stringify(x, null, 1).replace(UUID, (id) => names.get(id) ?? 'unknown-id');

const PERIODS = ['', 'from=2026-06&to=2026-11', 'from=2026-09&to=2026-09', 'from=2026-10&to=2026-11', 'from=2025-12&to=2026-11'];

describe('the dashboard and scorecard figures', () => {
	it('are the figures of the row-by-row computation, for every period and filter, on the demo history', async () => {
		const db = database.db;
		const areas = (await db.select().from(organisations).where(eq(organisations.kind, 'area'))).sort((a, b) => a.name.localeCompare(b.name));
		const out: Record<string, unknown> = {};
		for (const area of areas) {
			const admin = await makeUser(db, { org: area.id, roles: ['area_admin'] });
			const actor = await loadActor(db, admin.id, TODAY);
			const ev = (path: string, query: string, params: Record<string, string>) =>
				makeEvent({ actor, clock: c.clock, params, url: `http://localhost${path}?${query}` }) as never;
			const areaContracts = await db.select().from(contracts).where(eq(contracts.areaId, area.id));
			const providerIds = [...new Set(areaContracts.filter((k) => k.status !== 'draft').map((k) => k.providerId))].sort((a, b) =>
				names.get(a)!.localeCompare(names.get(b)!)
			);
			const serviceTypes = [...new Set(areaContracts.map((k) => k.serviceType))].sort();
			const queries = [...PERIODS, ...serviceTypes.map((s) => `serviceType=${s}`), ...providerIds.map((p) => `provider=${p}`)];
			for (const q of queries) {
				forgetStatistics(db);
				// The overview, the contracts' and the providers' views together are every figure of the selection.
				const [d, byContract, byProvider] = (await Promise.all(
					['', '&view=contracts', '&view=providers'].map((v) => dashboardLoad(ev(`/area/${area.id}/dashboard`, q + v, { orgId: area.id })))
				)) as { stats: Statistics; invalid: boolean }[];
				expect(d.invalid, q).toBe(false);
				out[`dashboard ${area.name} ${q}`] = { ...d.stats, contracts: byContract.stats.contracts, providers: byProvider.stats.providers };
			}
			for (const p of providerIds)
				for (const q of PERIODS.slice(0, 3)) {
					forgetStatistics(db);
					const s = (await areaScorecard(ev(`/area/${area.id}/scorecard/${p}`, q, { orgId: area.id, providerId: p }))) as { sections: unknown };
					out[`area scorecard ${area.name} ${names.get(p)} ${q}`] = s.sections;
				}
		}
		// Each provider's own scorecard (a section per area it serves).
		const providers = (await db.select().from(organisations).where(eq(organisations.kind, 'provider'))).sort((a, b) => a.name.localeCompare(b.name));
		for (const p of providers) {
			const admin = await makeUser(db, { org: p.id, roles: ['provider_admin'] });
			const actor = await loadActor(db, admin.id, TODAY);
			for (const q of PERIODS.slice(0, 3)) {
				forgetStatistics(db);
				const s = (await providerScorecard(
					makeEvent({ actor, clock: c.clock, params: { orgId: p.id }, url: `http://localhost/provider/${p.id}/scorecard?${q}` }) as never
				)) as { sections: unknown };
				out[`own scorecard ${p.name} ${q}`] = s.sections;
			}
		}
		// Not all suppressed: the file has shown counts, percentages and medians as well as "<5".
		const text = stable(out);
		expect(text).toMatch(/"answerHoursMedian": \d/);
		expect(text).toMatch(/"attendancePct": \d/);
		expect(text).toMatch(/"referrals": "small"/);
		expect(text).not.toContain('unknown-id');
		await expect(text).toMatchFileSnapshot('./__snapshots__/dashboard-golden.json');
	}, 240_000);
});

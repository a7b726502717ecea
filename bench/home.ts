/**
 * Each role's home at national scale, in process (issue 18): the app's own `homeOf` for the account the
 * dashboard bench loads over HTTP (the first member of the role by id) in the busiest area and provider, and in
 * areas and providers drawn at random; median and p95 of `--runs` after a warm-up. Reads only (apart from the
 * app's migrations at open, as the app runs them).
 *
 *   node --import ./bench/lib/app-environment.mjs --import tsx bench/home.ts [--url postgres://postgres@127.0.0.1:5432/ptp_scale] [--runs 20] [--random 3]
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { arg, median, percentile, ROOT } from './lib/results';

const URL_ = arg('url') || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptp_scale';
const RUNS = Number(arg('runs') ?? 20);
const RANDOM = Number(arg('random') ?? 3);
process.env.MIGRATIONS_FOLDER ??= join(ROOT, 'drizzle');

const { openDatabase } = await import('../src/lib/server/db/client');
const { useDatabaseForTests } = await import('../src/lib/server/db');
const { loadActor } = await import('../src/lib/server/auth/actor');
const { homeOf } = await import('../src/lib/server/home/service');

const sql = postgres(URL_, { max: 1, onnotice: () => {} });
const database = await openDatabase({ url: URL_, poolSize: 4 });
useDatabaseForTests(database);
const db = database.db;

const [{ today }] = await sql<{ today: string }[]>`select coalesce(max(day), current_date)::text as today from attendance`;
const TODAY = arg('today') || today;
const [busiest] = await sql<{ id: string }[]>`
	select c.area_id as id from contracts c left join participations p on p.contract_id = c.id group by c.area_id order by count(p.id) desc limit 1`;
const [provider] = await sql<{ id: string }[]>`
	select c.provider_id as id from contracts c join participations p on p.contract_id = c.id where c.area_id = ${busiest.id}
	group by c.provider_id order by count(p.id) desc limit 1`;
const randomAreas = await sql<{ id: string }[]>`
	select id from organisations where kind = 'area' and id <> ${busiest.id} and exists (select 1 from contracts where area_id = organisations.id)
	order by md5(id::text || ${TODAY}) limit ${RANDOM}`;
const randomProviders = await sql<{ id: string }[]>`
	select id from organisations where kind = 'provider' and id <> ${provider.id} and exists (select 1 from contracts where provider_id = organisations.id)
	order by md5(id::text || ${TODAY}) limit ${RANDOM}`;

async function accountOf(orgId: string, role: string): Promise<string | null> {
	const [m] = await sql<{ user_id: string }[]>`select user_id from memberships where organisation_id = ${orgId} and role = ${role} order by user_id limit 1`;
	return m?.user_id ?? null;
}

const cases: { name: string; orgs: string[]; role: string }[] = [
	...['area_admin', 'case_officer', 'invoice_reviewer', 'invoice_approver', 'auditor'].flatMap((role) => [
		{ name: `area ${role}, busiest`, orgs: [busiest.id], role },
		{ name: `area ${role}, ${RANDOM} random`, orgs: randomAreas.map((a) => a.id), role }
	]),
	...['provider_admin', 'coach', 'finance'].flatMap((role) => [
		{ name: `provider ${role}, busiest`, orgs: [provider.id], role },
		{ name: `provider ${role}, ${RANDOM} random`, orgs: randomProviders.map((p) => p.id), role }
	])
];

console.log(
	`today ${TODAY}; ${RUNS} runs after a warm-up; load average ${(await import('node:os'))
		.loadavg()
		.map((x) => x.toFixed(1))
		.join(' ')}`
);
console.log('| home | median ms | p95 ms |\n|---|---|---|');
for (const c of cases) {
	const targets: { orgId: string; actor: Awaited<ReturnType<typeof loadActor>> }[] = [];
	for (const orgId of c.orgs) {
		const u = await accountOf(orgId, c.role);
		if (u) targets.push({ orgId, actor: await loadActor(db, u, TODAY) });
	}
	if (!targets.length) continue;
	const times: number[] = [];
	for (let i = -1; i < RUNS; i++) {
		for (const t of targets) {
			const s = performance.now();
			await homeOf(db, t.actor, t.orgId);
			if (i >= 0) times.push(performance.now() - s);
		}
	}
	console.log(`| ${c.name} | ${median(times).toFixed(1)} | ${percentile(times, 0.95).toFixed(1)} |`);
}
await sql.end();
await database.close();

/**
 * The area's dashboard and the provider scorecard at national scale (issue 18).
 *
 *   node --import tsx bench/dashboard.ts [--url postgres://postgres@127.0.0.1:5432/ptp_scale] [--runs 10] [--random 5]
 *                                        [--today YYYY-MM-DD]
 *
 * On the national database that `npm run seed:scale` fills (~10 M attendance rows): the busiest area's dashboard
 * (most participations), the busiest provider's own scorecard (every area it serves), and as many areas drawn at
 * random, each over the default period (the 12 months up to today's), timed as the page computes it (the app's own
 * `statContracts` + `statRows` + `buildStatistics`) against a hand-written SQL floor of the same aggregates (one
 * statement per figure family, summing in the database, no suppression). Then every statement the page sends is
 * planned with EXPLAIN (ANALYZE): a sequential scan of attendance or audit_log fails the run (exit 1).
 * Writes the "dashboard" section of bench/RESULTS.md. Reads only (the app's migrations run at open, as the app does).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { arg, machine, median, percentile, ROOT, writeSection } from './lib/results';

const URL_ = arg('url') || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptp_scale';
const RUNS = Number(arg('runs') ?? 10);
const RANDOM = Number(arg('random') ?? 5);

const sql = postgres(URL_, { max: 2, onnotice: () => {} });
const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const ms = (x: number) => `${x.toFixed(1)} ms`;

process.env.MIGRATIONS_FOLDER = join(ROOT, 'drizzle');
const { openDatabase } = await import('../src/lib/server/db/client');
const { statContracts, statRows, statStatements, areasOfProvider } = await import('../src/lib/server/dashboard/read');
const { buildStatistics } = await import('../src/lib/domain/dashboard');
const { defaultPeriod, lastDayOfMonth, monthsOf } = await import('../src/lib/domain/statistics');

const [{ today: dbToday }] = await sql<{ today: string }[]>`select coalesce(max(day), current_date)::text as today from attendance`;
const TODAY = arg('today') || dbToday;
const period = defaultPeriod(TODAY);
const from = `${period.from}-01`;
const to = lastDayOfMonth(period.to);
const database = await openDatabase({ url: URL_, poolSize: 4 });
const db = database.db;

/** What the page computes for an area (the dashboard), or for each area a provider serves (its scorecard). */
async function app(areaIds: string[]) {
	for (const areaId of areaIds) {
		const contracts = await statContracts(db, areaId, {});
		const rows = await statRows(
			db,
			contracts.map((c) => c.id),
			period
		);
		buildStatistics(contracts, rows, monthsOf(period.from, period.to));
	}
}

/** The floor: the same figures summed per contract in SQL, one statement per family, sent at once. */
async function floor(areaIds: string[]) {
	for (const areaId of areaIds) {
		const ids = (await sql<{ id: string }[]>`select id from contracts where area_id = ${areaId} and status <> 'draft'`).map((r) => r.id);
		await Promise.all([
			sql`select contract_id, count(*), count(*) filter (where status = 'accepted'), count(*) filter (where status = 'declined'),
					percentile_cont(0.5) within group (order by answered_at - referred_at) filter (where answered_at is not null)
				from referrals where contract_id = any(${ids}::uuid[]) and (referred_at at time zone 'Europe/Helsinki')::date between ${from} and ${to} group by contract_id`,
			sql`select contract_id, count(*) filter (where start_date between ${from} and ${to} and status <> 'starting'),
					count(*) filter (where status = 'completed' and end_date between ${from} and ${to}),
					count(*) filter (where status = 'interrupted' and end_date between ${from} and ${to}),
					avg(end_date - start_date + 1) filter (where end_date between ${from} and ${to})
				from participations where contract_id = any(${ids}::uuid[]) group by contract_id`,
			sql`with pm as (select contract_id, participation_id, date_trunc('month', day) m, count(*) filter (where status = 'present') present, count(*) n
					from attendance where contract_id = any(${ids}::uuid[]) and current and day between ${from} and ${to} group by 1, 2, 3)
				select contract_id, m, sum(present), sum(n), count(*) from pm group by contract_id, m
				union all select contract_id, null, sum(present), sum(n), count(distinct participation_id) from pm group by contract_id`,
			sql`select contract_id, count(*), percentile_cont(0.5) within group (order by decided_at - created_at)
				from notices where contract_id = any(${ids}::uuid[]) and (created_at at time zone 'Europe/Helsinki')::date between ${from} and ${to} group by contract_id`,
			sql`select contract_id, outcome, count(*) from arvis where contract_id = any(${ids}::uuid[]) and status = 'accepted'
				and (decided_at at time zone 'Europe/Helsinki')::date between ${from} and ${to} group by contract_id, outcome`,
			sql`select contract_id, sum(gross_cents), percentile_cont(0.5) within group (order by checked_at - submitted_at)
				from invoices where contract_id = any(${ids}::uuid[]) and status in ('submitted', 'checked', 'approved', 'paid') group by contract_id`
		]);
	}
}

async function time(f: () => Promise<unknown>): Promise<number[]> {
	await f(); // warm: plans and pages in cache
	const out: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const s = performance.now();
		await f();
		out.push(performance.now() - s);
	}
	return out;
}

interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** Every statement of the page for the busiest area, planned and run: what scans what. */
async function plans(areaId: string) {
	const contracts = await statContracts(db, areaId, {});
	const statements = statStatements(
		contracts.map((c) => c.id),
		period
	);
	const dialect = new PgDialect();
	const out: { name: string; scans: string[]; bad: boolean; ms: number }[] = [];
	for (const [name, statement] of Object.entries(statements)) {
		const q = dialect.sqlToQuery(statement);
		const [r] = await sql.unsafe(`explain (analyze, format json) ${q.sql}`, q.params as never[]);
		const plan = (r['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[])[0];
		const scans = nodes(plan.Plan)
			.filter((n) => n['Relation Name'])
			.map((n) => `${n['Node Type']} on ${n['Relation Name']}${n['Index Name'] ? ` (${n['Index Name']})` : ''}`);
		const bad = nodes(plan.Plan).some((n) => n['Node Type'] === 'Seq Scan' && ['attendance', 'audit_log'].includes(n['Relation Name'] ?? ''));
		out.push({ name, scans: [...new Set(scans)], bad, ms: plan['Execution Time'] });
	}
	return out;
}

try {
	const [busiest] = await sql<{ id: string; name: string; contracts: number; people: number }[]>`
		select c.area_id as id, o.name, count(distinct c.id)::int as contracts, count(p.id)::int as people
		from contracts c join organisations o on o.id = c.area_id left join participations p on p.contract_id = c.id
		group by c.area_id, o.name order by count(p.id) desc limit 1`;
	const [provider] = await sql<{ id: string; name: string }[]>`
		select c.provider_id as id, o.name from contracts c join organisations o on o.id = c.provider_id join participations p on p.contract_id = c.id
		group by c.provider_id, o.name order by count(p.id) desc limit 1`;
	const random = await sql<{ id: string; name: string }[]>`
		select id, name from organisations where kind = 'area' and id <> ${busiest.id} and exists (select 1 from contracts where area_id = organisations.id)
		order by md5(id::text || ${TODAY}) limit ${RANDOM}`;
	const providerAreas = (await areasOfProvider(db, provider.id)).map((a) => a.id);
	log(
		`busiest area ${busiest.name}: ${busiest.contracts} contracts, ${busiest.people} participations; provider ${provider.name}: ${providerAreas.length} areas`
	);

	const scenarios: { name: string; areas: string[] }[] = [
		{ name: `dashboard, busiest area (${busiest.contracts} contracts)`, areas: [busiest.id] },
		{ name: `scorecard, busiest provider (${providerAreas.length} areas)`, areas: providerAreas },
		...random.map((a) => ({ name: `dashboard, random area ${a.name}`, areas: [a.id] }))
	];
	const rows: string[] = [];
	for (const s of scenarios) {
		log(s.name);
		const a = await time(() => app(s.areas));
		const f = await time(() => floor(s.areas));
		rows.push(`| ${s.name} | ${ms(median(a))} | ${ms(percentile(a, 0.95))} | ${ms(median(f))} | ${(median(a) / median(f)).toFixed(1)}× |`);
	}
	log('plans');
	const planned = await plans(busiest.id);
	const failed = planned.filter((p) => p.bad);
	writeSection(
		'dashboard',
		[
			'## Dashboard and scorecard (issue 18)',
			'',
			`Measured ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC by \`bench/dashboard.ts\` on ${machine()}; ${RUNS} runs each after a warm-up, period ${period.from} – ${period.to}.`,
			'',
			'| scenario | the app (median) | the app (p95) | SQL floor (median) | app / floor |',
			'|---|---|---|---|---|',
			...rows,
			'',
			'### Plans of the busiest area\u2019s statements (EXPLAIN ANALYZE)',
			'',
			'| statement | ms | scans |',
			'|---|---|---|',
			...planned.map((p) => `| ${p.name}${p.bad ? ' **FAIL**' : ''} | ${p.ms.toFixed(1)} | ${p.scans.join('; ')} |`),
			''
		].join('\n')
	);
	if (failed.length) {
		console.error(`sequential scan of attendance or audit_log in: ${failed.map((p) => p.name).join(', ')}`);
		process.exitCode = 1;
	}
	log('done: bench/RESULTS.md');
} finally {
	await database.close();
	await sql.end();
}

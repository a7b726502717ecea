/**
 * The area's dashboard and the provider scorecard at national scale (issue 18).
 *
 *   node --import tsx bench/dashboard.ts [--url postgres://postgres@127.0.0.1:5432/ptp_scale] [--runs 10] [--random 5]
 *                                        [--today YYYY-MM-DD]
 *
 * On the national database that `npm run seed:scale` fills (~10 M attendance rows): the busiest area's dashboard
 * (most participations), the busiest provider's own scorecard (every area it serves), and as many areas drawn at
 * random, each over the default period (the 12 months up to today's), timed as the page computes it (the app's own
 * `statContracts` + `statRows` + `buildStatistics`) against a hand-written SQL floor of the same figures (`floor`: one
 * statement per figure family, summing in the database, no suppression). Then every statement the page sends is
 * planned with EXPLAIN (ANALYZE): a sequential scan of attendance or audit_log fails the run (exit 1).
 * Then the pages over HTTP from the built app (`npx vite build` first): each view of the dashboard and every scorecard (the busiest
 * area and provider and random ones) and the home pages (`/`, `/area/:id`, `/provider/:id`) of each role's typical
 * account, each paced staggered at `--vus` virtual users (one request a second each, spread over the second;
 * bench/lib/load.ts) for `--seconds`; target p95 < 100 ms. The server's own connections run with auto_explain
 * (startup options of its DATABASE_URL, nobody else's sessions): one request of each page is read from the server
 * log (`--pg-log`), and a sequential scan of attendance or audit_log there fails the run too.
 * Writes the "dashboard" section of bench/RESULTS.md. Reads only, apart from the sessions it signs in (deleted at
 * the end); the app's migrations run at open, as the app does (MIGRATIONS_FOLDER may point elsewhere).
 */
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { pgLog } from './lib/pg-log';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { runLoad, type ClientRequest, type LoadResult } from './lib/load';
import { arg, machine, median, percentile, ROOT, writeSection } from './lib/results';
import { signedInCookie, startBuiltServer, type RunningServer } from './lib/server';

const URL_ = arg('url') || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptp_scale';
const RUNS = Number(arg('runs') ?? 10);
const RANDOM = Number(arg('random') ?? 5);
const VUS = Number(arg('vus') ?? 100);
const SECONDS = Number(arg('seconds') ?? 10);
const PORT = Number(arg('port') ?? 4442);
const PG_LOG = arg('pg-log') || '/var/log/postgresql/postgresql-15-main.log';
/** Only the in-process part (no server, no HTTP load). */
const NO_HTTP = arg('no-http') !== undefined;
/** Whether the figures were taken on a quiet machine (1-minute load average when the bench started). */
const loadAtStart = loadavg()[0];

// As many connections as the app's pool below: the floor's statements are sent at once too.
const sql = postgres(URL_, { max: 4, onnotice: () => {} });
const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const ms = (x: number) => `${x.toFixed(1)} ms`;

process.env.MIGRATIONS_FOLDER ??= join(ROOT, 'drizzle');
const { openDatabase } = await import('../src/lib/server/db/client');
const { statContracts, statRows, statStatements, areasOfProvider, liveAttendanceStatement } = await import('../src/lib/server/dashboard/read');
const { buildStatistics, DASHBOARD_VIEWS } = await import('../src/lib/domain/dashboard');
const { defaultPeriod, lastDayOfMonth, monthsOf } = await import('../src/lib/domain/statistics');

const [{ today: dbToday }] = await sql<{ today: string }[]>`select coalesce(max(day), current_date)::text as today from attendance`;
const TODAY = arg('today') || dbToday;
const period = defaultPeriod(TODAY);
const from = `${period.from}-01`;
const to = lastDayOfMonth(period.to);
const database = await openDatabase({ url: URL_, poolSize: 4 });
const db = database.db;

/** What the page computes for an area (the dashboard), or for each area a provider serves, at once (its scorecard). */
async function app(areaIds: string[]) {
	await Promise.all(
		areaIds.map(async (areaId) => {
			const contracts = await statContracts(db, areaId, {});
			const rows = await statRows(
				db,
				contracts.map((c) => c.id),
				period
			);
			buildStatistics(contracts, rows, monthsOf(period.from, period.to));
		})
	);
}

/**
 * The floor: the same figures the page shows, summed in SQL by hand, one statement per figure family, sent at once,
 * without suppression. Per contract and month (the months' trends and the period rule need the months): referrals by
 * status and decline reason with how many were answered and in time, starts, ends by status and reason with the
 * durations' sum and count, attendance, notices, ARVIs due and on time and accepted by outcome, invoiced sums; the
 * medians (hours to answer, days to decide a notice, days to check, approve and pay an invoice) per contract, per
 * provider and for the whole area; the budget's all-time sums per contract; and the contracts with their providers.
 * A provider's scorecard: its areas at once, as the page asks for them.
 */
async function floor(areaIds: string[]) {
	await Promise.all(areaIds.map(floorOf));
}

async function floorOf(areaId: string) {
	const hki = (col: string) => sql.unsafe(`(${col} at time zone 'Europe/Helsinki')`);
	const contracts = await sql<{ id: string }[]>`
			select c.id, c.contract_number, c.title, c.service_type, c.provider_id, o.name, c.end_date, c.budget_cents
			from contracts c join organisations o on o.id = c.provider_id
			where c.area_id = ${areaId} and c.status <> 'draft' order by o.name, c.contract_number`;
	const ids = contracts.map((r) => r.id);
	const middle = (x: string, table: string, where: string) =>
		sql.unsafe(
			`select k.provider_id, t.contract_id, count(${x}), percentile_cont(0.5) within group (order by ${x})
				from ${table} t join contracts k on k.id = t.contract_id and k.id = any($1::uuid[]) where t.contract_id = any($1::uuid[]) and ${where}
				group by grouping sets ((k.provider_id, t.contract_id), (k.provider_id), ())`,
			[ids, from, to]
		);
	const referredIn = `(t.referred_at at time zone 'Europe/Helsinki')::date between $2 and $3`;
	const noticedIn = `(t.created_at at time zone 'Europe/Helsinki')::date between $2 and $3`;
	const invoicedIn = `t.status in ('submitted', 'checked', 'approved', 'paid') and t.period_from between $2 and $3`;
	await Promise.all([
		sql`select contract_id, date_trunc('month', ${hki('referred_at')}) as month, status, decline_reason, count(*),
					count(answered_at), count(*) filter (where ${hki('answered_at')}::date <= answer_due)
				from referrals where contract_id = any(${ids}::uuid[]) and ${hki('referred_at')}::date between ${from} and ${to}
				group by 1, 2, 3, 4`,
		middle(`extract(epoch from (t.answered_at - t.referred_at)) / 3600`, 'referrals', referredIn),
		sql`select contract_id, date_trunc('month', start_date) as month, count(*)
				from participations where contract_id = any(${ids}::uuid[]) and start_date between ${from} and ${to} and status <> 'starting'
				group by 1, 2`,
		sql`select contract_id, date_trunc('month', end_date) as month, status, end_reason, count(*), sum(end_date - start_date + 1)
				from participations where contract_id = any(${ids}::uuid[]) and end_date between ${from} and ${to} and status in ('completed', 'interrupted')
				group by 1, 2, 3, 4`,
		sql`select contract_id, month, sum(present), sum(present + absent), count(*) from attendance_month
				where contract_id = any(${ids}::uuid[]) and month between ${from} and ${to} and present + absent > 0 group by contract_id, month`,
		sql`select contract_id, count(distinct participation_id) from attendance_month
				where contract_id = any(${ids}::uuid[]) and month between ${from} and ${to} and present + absent > 0 group by contract_id`,
		sql`select contract_id, date_trunc('month', ${hki('created_at')}) as month, count(*)
				from notices where contract_id = any(${ids}::uuid[]) and ${hki('created_at')}::date between ${from} and ${to} group by 1, 2`,
		middle(`extract(epoch from (t.decided_at - t.created_at)) / 86400`, 'notices', noticedIn),
		sql`select contract_id, count(*), count(*) filter (where ${hki('submitted_at')}::date <= due_on)
				from arvis where contract_id = any(${ids}::uuid[]) and due_on between ${from} and ${to} group by 1`,
		sql`select contract_id, date_trunc('month', ${hki('decided_at')}) as month, outcome, count(*)
				from arvis where contract_id = any(${ids}::uuid[]) and status = 'accepted' and ${hki('decided_at')}::date between ${from} and ${to}
				group by 1, 2, 3`,
		sql`select contract_id, date_trunc('month', period_from) as month, sum(case when kind = 'credit_note' then -gross_cents else gross_cents end)
				from invoices where contract_id = any(${ids}::uuid[]) and status in ('submitted', 'checked', 'approved', 'paid') and period_from between ${from} and ${to}
				group by 1, 2`,
		middle(`extract(epoch from (t.checked_at - t.submitted_at)) / 86400`, 'invoices', invoicedIn),
		middle(`extract(epoch from (t.approved_at - t.checked_at)) / 86400`, 'invoices', invoicedIn),
		middle(`t.paid_on - (t.approved_at at time zone 'Europe/Helsinki')::date`, 'invoices', invoicedIn),
		sql`select contract_id, sum(case when kind = 'credit_note' then -gross_cents else gross_cents end),
					sum(case when kind = 'credit_note' then -gross_cents else gross_cents end) filter (where status in ('approved', 'paid')),
					sum(case when kind = 'credit_note' then -gross_cents else gross_cents end) filter (where status = 'paid'),
					min(period_from) filter (where kind = 'invoice'), max(period_until) filter (where kind = 'invoice')
				from invoices where contract_id = any(${ids}::uuid[]) and status in ('submitted', 'checked', 'approved', 'paid') group by 1`
	]);
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

// ---------------------------------------------------------------------------------------------------
// Over HTTP: the pages under paced staggered load, and their plans through auto_explain
// ---------------------------------------------------------------------------------------------------

interface Page {
	name: string;
	/** Virtual user i's request (a list of accounts is spread over the users). */
	targets: { path: string; cookie: string }[];
}

const loadRows: string[] = [];
const planRows: string[] = [];
let httpFailed = false;

const { size: logSize, since: logSince } = pgLog(PG_LOG);

/** One account of a role in an organisation (the first by id: a typical one, not chosen for size). */
async function accountOf(orgId: string, role: string): Promise<string | null> {
	const [m] = await sql<{ user_id: string }[]>`select user_id from memberships where organisation_id = ${orgId} and role = ${role} order by user_id limit 1`;
	return m?.user_id ?? null;
}

const sessions: string[] = [];
async function cookieOf(userId: string): Promise<string> {
	const c = await signedInCookie(sql, userId);
	// The session's stored id, as signedInCookie made it: only these sessions are deleted at the end.
	sessions.push(createHash('sha256').update(c.slice('session='.length)).digest('hex'));
	return c;
}

function serverEnv(autoExplain: boolean): Record<string, string> {
	const url = new URL(URL_);
	if (autoExplain) {
		// Only this server's connections log their plans (startup options; the postgres role may set them).
		url.searchParams.set('session_preload_libraries', 'auto_explain');
		url.searchParams.set('auto_explain.log_min_duration', '0');
		url.searchParams.set('auto_explain.log_nested_statements', 'on');
		url.searchParams.set('application_name', 'bench-dashboard-explain');
	}
	const env: Record<string, string> = { DATABASE_URL: url.toString(), SEED_DEMO: '0', PTP_DEMO: '1', LOG_LEVEL: 'warn' };
	const now = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
	if (TODAY !== now) env.FAKE_NOW = `${TODAY}T08:00:00Z`;
	if (process.env.MIGRATIONS_FOLDER) env.MIGRATIONS_FOLDER = process.env.MIGRATIONS_FOLDER;
	return env;
}

async function http(pages: Page[]) {
	let server: RunningServer | undefined = await startBuiltServer(serverEnv(false), PORT);
	try {
		for (const p of pages) {
			for (const t of p.targets) {
				const r = await fetch(server.base + t.path, { headers: { cookie: t.cookie }, redirect: 'manual' });
				await r.arrayBuffer();
				if (r.status !== 200) throw new Error(`${p.name}: ${t.path} answered ${r.status}`);
			}
			log(`load: ${p.name}`);
			const requestFor = (i: number): ClientRequest => ({
				path: p.targets[i % p.targets.length].path,
				headers: { cookie: p.targets[i % p.targets.length].cookie }
			});
			const r: LoadResult = await runLoad({
				base: server.base,
				connections: VUS,
				seconds: SECONDS,
				rate: 1,
				staggered: true,
				requestFor,
				check: (st) => st === 200
			});
			const ok = r.p95 < 100 && r.non2xx + r.errors + r.timeouts === 0;
			if (!ok) httpFailed = true;
			loadRows.push(
				`| ${p.name} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)}${r.p95 < 100 ? '' : ' **over 100**'} | ${ms(r.p99)} | ${r.non2xx + r.errors + r.timeouts} |`
			);
		}
	} finally {
		await server.stop();
	}
	// Plans: a server whose connections log every statement's plan; one warm request, then the one read.
	server = await startBuiltServer(serverEnv(true), PORT);
	try {
		for (const p of pages) {
			const t = p.targets[0];
			await fetch(server.base + t.path, { headers: { cookie: t.cookie } }).then((r) => r.arrayBuffer());
			await new Promise((r) => setTimeout(r, 300));
			const offset = logSize();
			await fetch(server.base + t.path, { headers: { cookie: t.cookie } }).then((r) => r.arrayBuffer());
			await new Promise((r) => setTimeout(r, 500));
			const text = logSince(offset);
			const statements = (text.match(/duration: [\d.]+ ms {2}plan:/g) ?? []).length;
			const seq = [...new Set([...text.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]))].sort();
			const bad = seq.filter((t) => t === 'attendance' || t === 'audit_log');
			if (bad.length) httpFailed = true;
			planRows.push(
				`| ${p.name} | ${statements} | ${seq.join(', ') || '–'} | ${bad.length ? `**FAIL: ${bad.join(', ')}**` : statements ? 'ok' : 'no plans logged'} |`
			);
		}
	} finally {
		await server.stop();
	}
}

try {
	const [busiest] = await sql<{ id: string; name: string; contracts: number; people: number }[]>`
		select c.area_id as id, o.name, count(distinct c.id)::int as contracts, count(p.id)::int as people
		from contracts c join organisations o on o.id = c.area_id left join participations p on p.contract_id = c.id
		group by c.area_id, o.name order by count(p.id) desc limit 1`;
	const [provider] = await sql<{ id: string; name: string }[]>`
		select c.provider_id as id, o.name from contracts c join organisations o on o.id = c.provider_id join participations p on p.contract_id = c.id
		group by c.provider_id, o.name order by count(p.id) desc limit 1`;
	const [areaProvider] = await sql<{ id: string }[]>`
		select c.provider_id as id from contracts c join participations p on p.contract_id = c.id where c.area_id = ${busiest.id}
		group by c.provider_id order by count(p.id) desc limit 1`;
	const random = await sql<{ id: string; name: string }[]>`
		select id, name from organisations where kind = 'area' and id <> ${busiest.id} and exists (select 1 from contracts where area_id = organisations.id)
		order by md5(id::text || ${TODAY}) limit ${RANDOM}`;
	const randomProviders = await sql<{ id: string; area_id: string }[]>`
		select o.id, min(c.area_id::text)::uuid as area_id from organisations o join contracts c on c.provider_id = o.id
		where o.kind = 'provider' and o.id <> ${provider.id} and c.status <> 'draft' group by o.id order by md5(o.id::text || ${TODAY}) limit ${RANDOM}`;
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
		const ratio = median(a) / median(f);
		rows.push(`| ${s.name} | ${ms(median(a))} | ${ms(percentile(a, 0.95))} | ${ms(median(f))} | ${ratio.toFixed(1)}×${ratio > 2 ? ' **over 2×**' : ''} |`);
	}
	// Before and after the summary: the attendance figures of the busiest area from the marks and from attendance_month.
	const busiestIds = (await statContracts(db, busiest.id, {})).map((c) => c.id);
	const dialect = new PgDialect();
	const run = (statement: ReturnType<typeof liveAttendanceStatement>) => {
		const q = dialect.sqlToQuery(statement);
		return sql.unsafe(q.sql, q.params as never[]);
	};
	const fromMarks = await time(() => run(liveAttendanceStatement(busiestIds, period)));
	const fromSummary = await time(() => run(statStatements(busiestIds, period).attendance));
	log('plans');
	const planned = await plans(busiest.id);
	const failed = planned.filter((p) => p.bad);

	if (!NO_HTTP) {
		const pages: Page[] = [];
		const one = async (name: string, orgId: string, role: string, path: string) => {
			const u = await accountOf(orgId, role);
			if (u) pages.push({ name, targets: [{ path, cookie: await cookieOf(u) }] });
		};
		const admin = await accountOf(busiest.id, 'area_admin');
		const adminCookie = admin ? await cookieOf(admin) : '';
		// Each of the dashboard's views on its own (the overview is the page's default address).
		const randomAdmins = new Map<string, string>();
		for (const a of random) {
			const u = await accountOf(a.id, 'area_admin');
			if (u) randomAdmins.set(a.id, await cookieOf(u));
		}
		for (const view of DASHBOARD_VIEWS) {
			const q = view === 'overview' ? '' : `?view=${view}`;
			pages.push({ name: `dashboard ${view}, busiest area`, targets: [{ path: `/area/${busiest.id}/dashboard${q}`, cookie: adminCookie }] });
			pages.push({
				name: `dashboard ${view}, ${randomAdmins.size} random areas`,
				targets: [...randomAdmins].map(([id, cookie]) => ({ path: `/area/${id}/dashboard${q}`, cookie }))
			});
		}
		pages.push({
			name: 'scorecard of its busiest provider, busiest area',
			targets: [{ path: `/area/${busiest.id}/scorecard/${areaProvider.id}`, cookie: adminCookie }]
		});
		await one(`own scorecard, busiest provider (${providerAreas.length} areas)`, provider.id, 'provider_admin', `/provider/${provider.id}/scorecard`);
		const randomScorecards: Page['targets'] = [];
		for (const p of randomProviders) {
			const u = await accountOf(p.id, 'provider_admin');
			if (u) randomScorecards.push({ path: `/provider/${p.id}/scorecard`, cookie: await cookieOf(u) });
		}
		pages.push({ name: `own scorecard, ${randomScorecards.length} random providers`, targets: randomScorecards });
		for (const role of ['area_admin', 'case_officer', 'invoice_reviewer', 'invoice_approver', 'auditor']) {
			await one(`home /area/:id, ${role} (busiest area)`, busiest.id, role, `/area/${busiest.id}`);
		}
		for (const role of ['provider_admin', 'coach', 'finance']) {
			await one(`home /provider/:id, ${role} (busiest provider)`, provider.id, role, `/provider/${provider.id}`);
		}
		const coach = await accountOf(provider.id, 'coach');
		if (coach) pages.push({ name: 'home /, coach (busiest provider)', targets: [{ path: '/', cookie: await cookieOf(coach) }] });
		await http(pages);
	}

	writeSection(
		'dashboard',
		[
			'## Dashboard and scorecard (issue 18)',
			'',
			`Measured ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC by \`bench/dashboard.ts\` (\`npm run bench:dashboard\`) on ${machine()}; ` +
				(loadAtStart > 2
					? `the machine was shared with other work while it ran (load average ${loadAtStart.toFixed(1)} at the start), so these figures are pessimistic. `
					: `nothing else ran on the machine (load average ${loadAtStart.toFixed(1)} at the start). `) +
				`Period ${period.from} – ${period.to}, today ${TODAY}.`,
			'',
			'The app sums in SQL (counts per contract, month and category; sums and counts for the averages; the two middle values of each median ' +
				'per contract, provider and area, `percentile_disc` over grouping sets) and builds the figures and their suppression from those sums in ' +
				'JavaScript. The floor computes the same figures the page shows, written by hand in SQL without suppression (per contract and month, ' +
				'because the months\u2019 trends and the period rule need them; the medians per contract, provider and area; the budget\u2019s sums).',
			'',
			'Attendance is read from `attendance_month` (one row per participation and month, kept by a trigger on `attendance` in the same ' +
				'transaction as every insert, update or delete of a mark; migration 0029), not from the marks: no cron job, no staleness, and no code ' +
				'path that writes marks can forget it. The other families (referrals, participations, notices, ARVIs, invoices) are small per area and ' +
				'are read live. The server keeps an area\u2019s computed statistics per selection for `DASHBOARD_CACHE_SECONDS` (default 60 s), one ' +
				'computation for concurrent requests.',
			'',
			`### In process: the page's computation against the hand-written SQL floor (${RUNS} runs each after a warm-up)`,
			'',
			'| scenario | the app (median) | the app (p95) | SQL floor (median) | app / floor |',
			'|---|---|---|---|---|',
			...rows,
			'',
			`Attendance figures of the busiest area alone: from the marks ${ms(median(fromMarks))} (median), from the summary ${ms(median(fromSummary))}.`,
			'',
			'### Plans of the busiest area\u2019s statements (EXPLAIN ANALYZE)',
			'',
			'| statement | ms | scans |',
			'|---|---|---|',
			...planned.map((p) => `| ${p.name}${p.bad ? ' **FAIL**' : ''} | ${p.ms.toFixed(1)} | ${p.scans.join('; ')} |`),
			'',
			...(NO_HTTP
				? []
				: [
						`### Over HTTP: ${VUS} virtual users paced staggered (1 request/s each), ${SECONDS} s per page; target p95 < 100 ms`,
						'',
						'| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
						'|---|---|---|---|---|---|---|',
						...loadRows,
						'',
						'### Plans of one request of each page (auto_explain on the server\u2019s connections)',
						'',
						'| page | statements | sequential scans | attendance / audit_log |',
						'|---|---|---|---|',
						...planRows,
						''
					])
		].join('\n')
	);
	if (failed.length) {
		console.error(`sequential scan of attendance or audit_log in: ${failed.map((p) => p.name).join(', ')}`);
		process.exitCode = 1;
	}
	if (httpFailed) {
		console.error('a page missed its target (p95, errors or a sequential scan of attendance or audit_log): see bench/RESULTS.md');
		process.exitCode = 1;
	}
	log('done: bench/RESULTS.md');
} finally {
	if (sessions.length) await sql`delete from sessions where id = any(${sessions}::text[])`;
	await database.close();
	await sql.end();
}

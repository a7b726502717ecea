/**
 * Load benchmarks on national-scale data (issue 8, benchmarks 1–3 and reliability under load):
 *
 *   npm run seed:scale -- --scale 1            # once: fills DATABASE_URL (default database ptp_scale)
 *   node --import tsx bench/load.ts [--url postgres://…/ptp_scale] [--seconds 15] [--runs 3] [--connections 100]
 *
 * Starts the built app (`node build`) on that database and drives it from this process over 127.0.0.1
 * with autocannon:
 *  1. the coach's Today page (server render with data) for the coaches whose cohorts meet today, and the
 *     cohort's "save all marks" request (the JSON sync the Today page sends), against the same inserts done
 *     directly with postgres.js in the same run (one at a time and at the same concurrency);
 *  2. the invoice computation of a contract-month with ~100 participants (the service's own query and
 *     pricing engine) against one hand-written SQL aggregate over the same rows;
 *  3. provider and area list pages (referrals, invoices, contracts) with filters, and the plans of every
 *     statement they ran (auto_explain), which must not scan attendance sequentially;
 * with the error rate, 5xx count, the most database connections open at once and the server's RSS after
 * the load. Writes its section of bench/RESULTS.md. Exits 1 if a response was a 5xx or a plan scanned
 * attendance sequentially.
 */
import { randomUUID } from 'node:crypto';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { pgLog } from './lib/pg-log';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { combine, runLoad, type ClientRequest, type LoadResult } from './lib/load';
import { cpuBetween, sampleCpu } from './lib/cpu';
import { arg, median, percentile, ROOT, writeSection } from './lib/results';
import { APP_DIR, signedInCookie, startBuiltServer, type RunningServer } from './lib/server';

const URL_ = arg('url') || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptp_scale';
const SECONDS = Number(arg('seconds') ?? 15);
const RUNS = Number(arg('runs') ?? 3);
const CONNECTIONS = Number(arg('connections') ?? 100);
const SEQUENTIAL = Number(arg('sequential') ?? 60);
/** Requests per second per virtual user in the paced runs. */
const RATE = Number(arg('rate') ?? 1);
const PORT = Number(arg('port') ?? 4410);
const POOL = Number(process.env.DB_POOL_SIZE ?? 10);
const PG_LOG = arg('pg-log') || '/var/log/postgresql/postgresql-15-main.log';
/** The RESULTS.md section to write (`--section load-before` keeps a baseline of an older build beside the current one). */
const SECTION = arg('section') || 'load';

const t0 = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

function helsinkiToday(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

const scaleFacts = existsSync(join(ROOT, 'bench', '.scale.json'))
	? (JSON.parse(readFileSync(join(ROOT, 'bench', '.scale.json'), 'utf8')) as Record<string, unknown>)
	: {};
const TODAY = (arg('today') || (scaleFacts.today as string | undefined) || helsinkiToday()) as string;

/** The bench's own connections are named, so that the connection count is the app's alone. */
const BENCH_PG = { max: POOL, onnotice: () => {}, connection: { application_name: 'bench' } };
const sql = postgres(URL_, BENCH_PG);

interface Cohort {
	coachId: string;
	providerId: string;
	cohortId: string;
	people: { id: string; contractId: string }[];
}

/**
 * The cohorts meeting today with their open participations: the biggest first, or (`sample`) in an order
 * that does not depend on size (a fixed pseudo-random one, the same in every run), for typical coaches.
 */
async function todaysCohorts(limit: number, sample = false): Promise<Cohort[]> {
	const rows = await sql<{ coach_id: string; provider_id: string; cohort_id: string; people: { id: string; contractId: string }[] }[]>`
		select p.coach_id, k.provider_id, p.cohort_id,
			json_agg(json_build_object('id', p.id, 'contractId', p.contract_id) order by p.id) as people
		from participations p
		join cohorts c on c.id = p.cohort_id
		join contracts k on k.id = p.contract_id
		where p.status in ('starting', 'active') and p.start_date <= ${TODAY}::date
			and coalesce(p.planned_end_date, ${TODAY}::date) >= ${TODAY}::date
			and c.start_date <= ${TODAY}::date and c.end_date >= ${TODAY}::date
			and extract(isodow from ${TODAY}::date)::int = any(c.weekdays)
			and k.start_date <= ${TODAY}::date and k.end_date >= ${TODAY}::date
			and exists (select 1 from assignments a where a.user_id = p.coach_id and a.provider_id = k.provider_id
				and a.valid_from <= ${TODAY}::date and a.valid_until >= ${TODAY}::date)
		group by p.coach_id, k.provider_id, p.cohort_id
		order by ${sample ? sql`md5(p.coach_id::text)` : sql`count(*) desc`}
		limit ${limit}`;
	return rows.map((r) => ({ coachId: r.coach_id, providerId: r.provider_id, cohortId: r.cohort_id, people: r.people }));
}

/** How many people each coach has in cohorts meeting today (what their Today page lists). */
async function peopleToday(coachIds: string[]): Promise<Map<string, number>> {
	const rows = await sql<{ coach_id: string; n: number }[]>`
		select p.coach_id, count(*)::int as n from participations p join cohorts c on c.id = p.cohort_id
		where p.coach_id = any(${coachIds}::uuid[]) and p.status in ('starting', 'active') and p.start_date <= ${TODAY}::date
			and coalesce(p.planned_end_date, ${TODAY}::date) >= ${TODAY}::date
			and c.start_date <= ${TODAY}::date and c.end_date >= ${TODAY}::date and extract(isodow from ${TODAY}::date)::int = any(c.weekdays)
		group by p.coach_id`;
	return new Map(rows.map((r) => [r.coach_id, r.n]));
}

function batchOf(c: Cohort) {
	const markedAt = new Date().toISOString();
	return {
		marks: c.people.map((p) => ({
			clientKey: randomUUID(),
			participationId: p.id,
			day: TODAY,
			status: 'present',
			reason: null,
			reasonText: null,
			meetingId: null,
			markedAt
		})),
		meetings: []
	};
}

/** Every mark of the answer saved (or kept as history): anything else is a wrong answer. */
function allSaved(status: number, body: string): boolean {
	if (status !== 200) return false;
	try {
		const r = JSON.parse(body) as { marks: { ok: boolean }[] };
		return r.marks.length > 0 && r.marks.every((m) => m.ok);
	} catch {
		return false;
	}
}

/** The same rows the app writes for a cohort's "all present", inserted directly (the physical floor: lock, supersede, insert). */
async function directInsert(db: postgres.Sql, c: Cohort, userId: string) {
	const ids = c.people.map((p) => p.id);
	await db.begin(async (tx) => {
		// Two saves of one cohort at once must not both be "current": the same row locks the app takes.
		await tx`select 1 from participations where id = any(${ids}::uuid[]) order by id for update`;
		await tx`update attendance set current = false where participation_id = any(${ids}::uuid[]) and day = ${TODAY}::date and meeting_id is null and current`;
		await tx`insert into attendance (participation_id, contract_id, cohort_id, day, status, marked_at, received_at, marked_by, client_key, current, late, correction)
			select pid, cid, ${c.cohortId}::uuid, ${TODAY}::date, 'present', now(), now(), ${userId}::uuid, gen_random_uuid(), true, false, false
			from unnest(${ids}::uuid[], ${c.people.map((p) => p.contractId)}::uuid[]) as t(pid, cid)`;
	});
}

/** Removes the marks the bench saved for today (and their notices) and puts the marks in force back. */
async function restoreMarks(people: string[], before: { id: string; current: boolean }[]) {
	const keep = before.map((r) => r.id);
	await sql.begin(async (tx) => {
		const made = tx`select id from attendance where participation_id = any(${people}::uuid[]) and day = ${TODAY}::date and id <> all(${keep}::uuid[])`;
		await tx`delete from notices where attendance_id in (${made})`;
		await tx`delete from attendance where participation_id = any(${people}::uuid[]) and day = ${TODAY}::date and id <> all(${keep}::uuid[])`;
		await tx`update attendance set current = true where id = any(${before.filter((r) => r.current).map((r) => r.id)}::uuid[])`;
	});
	await settleAttendance();
}

/**
 * Vacuums attendance (~6 s): a run saves and then deletes ~400,000 marks of today, and their dead rows sit on the very
 * (participation, day) index entries Today reads. Autovacuum waits for 20 % of 9.6 M rows, so without this every run
 * measured Today on the dead rows of the runs before it: PostgreSQL's CPU per busiest Today page rose from run to run
 * (4.85 → 6.68 ms for the same build order, 2026-12-04), and whichever build ran second looked slower.
 */
async function settleAttendance() {
	await sql.unsafe('vacuum (analyze) attendance');
}

async function sequential(n: number, f: (i: number) => Promise<void>): Promise<number[]> {
	const times: number[] = [];
	for (let i = 0; i < n; i++) {
		const s = performance.now();
		await f(i);
		times.push(performance.now() - s);
	}
	return times;
}

/** Direct inserts from `connections` concurrent tasks over a pool as large as the app's, for `seconds`. */
async function directThroughput(cohorts: Cohort[], seconds: number, connections: number): Promise<{ batches: number }> {
	const db = postgres(URL_, BENCH_PG);
	const end = performance.now() + seconds * 1000;
	let batches = 0;
	await Promise.all(
		Array.from({ length: connections }, async (_, i) => {
			const c = cohorts[i % cohorts.length];
			while (performance.now() < end) {
				await directInsert(db, c, c.coachId);
				batches++;
			}
		})
	);
	await db.end();
	return { batches };
}

function pacedRows(name: string, p: { inStep: LoadResult & { runs: number }; staggered: LoadResult & { runs: number } }): string[] {
	return [loadRow(`${name}, paced in step`, p.inStep), loadRow(`${name}, paced staggered`, p.staggered)];
}

function loadRow(name: string, r: LoadResult & { runs: number }, extra = ''): string {
	return (
		`| ${name} | ${r.runs} × ${SECONDS} s | ${r.requests.toLocaleString('en-US')} | ` +
		`${r.perSecond.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ` +
		`${r.non2xx + r.errors + r.timeouts} | ${r.status5xx} | ${r.maxDbConnections} |${extra}`
	);
}
const LOAD_HEADER =
	'| scenario | runs | requests | req/s (median) | p50 ms | p95 ms | p99 ms | errors | 5xx | max DB connections |\n|---|---|---|---|---|---|---|---|---|---|';

/** `rate`: requests per second per virtual user; 0 = saturation (each connection sends again as soon as it is answered). */
async function repeated(requestFor: (i: number) => ClientRequest, base: string, rate: number, check?: (s: number, b: string) => boolean, staggered = false) {
	const runs: LoadResult[] = [];
	for (let i = 0; i < RUNS; i++)
		runs.push(await runLoad({ base, connections: CONNECTIONS, seconds: SECONDS, rate: rate || undefined, staggered, requestFor, sql, check }));
	return combine(runs);
}

interface Saturated {
	r: LoadResult & { runs: number };
	/** CPU per answered request over the saturated runs: the app process and PostgreSQL's processes (ms). */
	appMs: number;
	pgMs: number;
	/** Size of one answer's body (KB, as sent: adapter-node does not compress pages). */
	kb: number;
}

/** At saturation, with the CPU each request cost the app and PostgreSQL (from /proc, bench/lib/cpu.ts). */
async function saturated(server: RunningServer, requestFor: (i: number) => ClientRequest, check?: (s: number, b: string) => boolean): Promise<Saturated> {
	const first = requestFor(0);
	const kb = first.method === 'POST' ? 0 : (await (await fetch(server.base + first.path, { headers: first.headers })).arrayBuffer()).byteLength / 1000;
	const a = sampleCpu(server.child.pid!);
	const r = await repeated(requestFor, server.base, 0, check);
	const { appMs, pgMs } = cpuBetween(a, sampleCpu(server.child.pid!));
	const answered = r.requests;
	return { r, appMs: appMs / answered, pgMs: pgMs / answered, kb };
}

/** The same users and pace in step (autocannon: all at once each second) and staggered (spread over the second). */
async function paced(requestFor: (i: number) => ClientRequest, base: string, check?: (s: number, b: string) => boolean) {
	return { inStep: await repeated(requestFor, base, RATE, check), staggered: await repeated(requestFor, base, RATE, check, true) };
}

// ---------------------------------------------------------------------------------------------------
// Plans: auto_explain logs every statement's plan to the server log while one request of a page runs.
// ---------------------------------------------------------------------------------------------------

const { size: logSize, since: logSince } = pgLog(PG_LOG);
interface PlanSummary {
	statements: number;
	seqScansOnAttendance: number;
	indexes: string[];
	seqScans: string[];
}
function summarisePlans(text: string): PlanSummary {
	const statements = (text.match(/duration: [\d.]+ ms {2}plan:/g) ?? []).length;
	const indexes = new Set<string>();
	const seq = new Set<string>();
	for (const m of text.matchAll(/(Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)(?: on (\w+))?/g))
		indexes.add(m[3] ? `${m[2]} (${m[3]})` : m[2]);
	for (const m of text.matchAll(/Seq Scan on (\w+)/g)) seq.add(m[1]);
	return { statements, seqScansOnAttendance: (text.match(/Seq Scan on attendance\b/g) ?? []).length, indexes: [...indexes].sort(), seqScans: [...seq].sort() };
}

async function explainPages(pages: { name: string; path: string; cookie: string }[]): Promise<{ name: string; plans: PlanSummary }[]> {
	const db = new URL(URL_).pathname.slice(1);
	await sql.unsafe(`alter database "${db}" set session_preload_libraries = 'auto_explain'`);
	await sql.unsafe(`alter database "${db}" set auto_explain.log_min_duration = 0`);
	await sql.unsafe(`alter database "${db}" set auto_explain.log_nested_statements = on`);
	let server: RunningServer | undefined;
	try {
		server = await startBuiltServer(serverEnv(), PORT + 1);
		const out: { name: string; plans: PlanSummary }[] = [];
		for (const p of pages) {
			// The first request warms the pool's connections; the second is the one read.
			await fetch(server.base + p.path, { headers: { cookie: p.cookie } }).then((r) => r.arrayBuffer());
			await new Promise((r) => setTimeout(r, 300));
			const offset = logSize();
			const r = await fetch(server.base + p.path, { headers: { cookie: p.cookie } });
			await r.arrayBuffer();
			if (r.status !== 200) throw new Error(`${p.name}: ${r.status}`);
			await new Promise((r) => setTimeout(r, 500));
			out.push({ name: p.name, plans: summarisePlans(logSince(offset)) });
		}
		return out;
	} finally {
		await server?.stop();
		await sql.unsafe(`alter database "${db}" reset session_preload_libraries`);
		await sql.unsafe(`alter database "${db}" reset auto_explain.log_min_duration`);
		await sql.unsafe(`alter database "${db}" reset auto_explain.log_nested_statements`);
	}
}

function serverEnv(): Record<string, string> {
	const env: Record<string, string> = { DATABASE_URL: URL_, SEED_DEMO: '0', PTP_DEMO: '1', DB_POOL_SIZE: String(POOL) };
	// The data is made for TODAY; pin the server's clock there when the calendar has moved on (not in production).
	if (TODAY !== helsinkiToday()) env.FAKE_NOW = `${TODAY}T08:00:00Z`;
	return env;
}

// ---------------------------------------------------------------------------------------------------
// Invoice computation against its floor
// ---------------------------------------------------------------------------------------------------

async function invoiceComputation(): Promise<string> {
	const [target] = await sql<{ contract_id: string; month: string; people: number; rows: number }[]>`
		select contract_id, to_char(date_trunc('month', day), 'YYYY-MM') as month, count(distinct participation_id)::int as people, count(*)::int as rows
		from attendance
		where current and meeting_id is null and day < date_trunc('month', ${TODAY}::date)
		group by 1, 2 order by abs(count(distinct participation_id) - 100), count(*) desc limit 1`;
	if (!target) return 'No ended month with attendance: nothing to compute.';
	const from = `${target.month}-01`;
	const [{ until }] = await sql<{ until: string }[]>`select (date_trunc('month', ${from}::date) + interval '1 month - 1 day')::date::text as until`;
	const period = { from, until };
	process.env.MIGRATIONS_FOLDER = join(ROOT, 'drizzle');
	const { openDatabase } = await import('../src/lib/server/db/client');
	// The app's own code of the build under test (BENCH_APP_DIR for an older checkout).
	const { invoiceFacts } = await import(join(APP_DIR, 'src/lib/server/invoices/facts.ts'));
	const { priceInvoice } = await import(join(APP_DIR, 'src/lib/domain/invoicing/pricing.ts'));
	const { contracts } = await import('../src/lib/server/db/schema');
	const { eq } = await import('drizzle-orm');
	const database = await openDatabase({ url: URL_, poolSize: 2 });
	try {
		const [contract] = await database.db.select().from(contracts).where(eq(contracts.id, target.contract_id));
		const app = async () => {
			const f = await invoiceFacts(database.db, contract, period);
			return priceInvoice({ period, ...f, manualLines: [] });
		};
		// The floor: one aggregate over the same rows (billable days, held meetings, starts) in one statement.
		const floor = () => sql`
			select
				(select count(*) from attendance where contract_id = ${contract.id} and current and meeting_id is null and day between ${from}::date and ${until}::date
					and (status = 'present' or reason = any(${contract.billableAbsences}::text[]))) as days,
				(select count(*) from meetings m where m.contract_id = ${contract.id} and m.cancelled_at is null and m.day between ${from}::date and ${until}::date
					and exists (select 1 from attendance a where a.meeting_id = m.id and a.current and a.status = 'present')) as meetings,
				(select count(*) from participations where contract_id = ${contract.id} and status <> 'starting' and start_date between ${from}::date and ${until}::date) as starts`;
		const priced = await app();
		for (let i = 0; i < 3; i++) await Promise.all([app(), floor()]);
		const appTimes: number[] = [];
		const floorTimes: number[] = [];
		for (let i = 0; i < 21; i++) {
			let s = performance.now();
			await app();
			appTimes.push(performance.now() - s);
			s = performance.now();
			await floor();
			floorTimes.push(performance.now() - s);
		}
		const a = median(appTimes);
		const f = median(floorTimes);
		const total = 'ok' in priced && priced.ok ? priced.lines.reduce((n, l) => n + l.netCents, 0) : null;
		return [
			`Contract-month ${target.month} of one contract: ${target.people} participants, ` +
				`${target.rows.toLocaleString('en-US')} current day marks; ` +
				`${'ok' in priced && priced.ok ? `${priced.lines.length} lines, net ${(total! / 100).toFixed(2)} €` : 'pricing refused it'}.`,
			'',
			'| what | median ms (21 runs) | p95 ms |',
			'|---|---|---|',
			`| the app: \`invoiceFacts\` (its queries) + \`priceInvoice\` | ${ms(a)} | ${ms(percentile(appTimes, 0.95))} |`,
			`| floor: one hand-written SQL aggregate over the same rows | ${ms(f)} | ${ms(percentile(floorTimes, 0.95))} |`,
			`| **ratio** (target ≤ 2×) | **${(a / f).toFixed(2)}×** | |`
		].join('\n');
	} finally {
		await database.close();
	}
}

// ---------------------------------------------------------------------------------------------------

async function main() {
	if (!existsSync(join(APP_DIR, 'build', 'index.js')) || arg('build') !== undefined) {
		log('building the app (vite build)…');
		execSync('npx vite build', { cwd: APP_DIR, stdio: 'ignore' });
	}
	const [{ n: attendanceRows }] = await sql<{ n: number }[]>`select reltuples::bigint::int as n from pg_class where relname = 'attendance'`;
	log(`database ${new URL(URL_).pathname.slice(1)}: ~${attendanceRows.toLocaleString('en-US')} attendance rows; today ${TODAY}`);

	const cohorts = await todaysCohorts(400);
	if (cohorts.length === 0) throw new Error(`no cohort meets on ${TODAY}: generate data for that day (npm run seed:scale -- --today ${TODAY})`);
	const coachIds = [...new Set(cohorts.map((c) => c.coachId))].slice(0, CONNECTIONS);
	const cookies = new Map<string, string>();
	for (const id of coachIds) cookies.set(id, await signedInCookie(sql, id));
	const coaches = coachIds.map((id) => ({ id, providerId: cohorts.find((c) => c.coachId === id)!.providerId, cookie: cookies.get(id)! }));
	const markCohorts = cohorts.filter((c) => cookies.has(c.coachId));
	// Typical coaches: as many drawn without regard to size (the busiest ones above are the worst case).
	const sampled = await todaysCohorts(CONNECTIONS * 3, true);
	const typical: { id: string; providerId: string; cookie: string }[] = [];
	for (const c of sampled) {
		if (typical.length < CONNECTIONS && !typical.some((t) => t.id === c.coachId))
			typical.push({ id: c.coachId, providerId: c.providerId, cookie: await signedInCookie(sql, c.coachId) });
	}
	const people = await peopleToday([...coaches, ...typical].map((c) => c.id));
	const peopleOf = (coachId: string) => people.get(coachId) ?? 0;
	log(`${coaches.length} coaches with ${markCohorts.length} cohorts meeting today (${markCohorts.reduce((n, c) => n + c.people.length, 0)} people)`);

	await settleAttendance(); // an earlier run that stopped before restoring its marks left them dead
	const server = await startBuiltServer(serverEnv(), PORT);
	log(`server ready in ${server.readyMs.toFixed(0)} ms`);
	const sections: string[] = [];
	let failed = false;
	let exitCode: number | null = null;
	try {
		// Warm every coach's Today once (and check it answers).
		for (const c of coaches) {
			const r = await fetch(`${server.base}/provider/${c.providerId}/today`, { headers: { cookie: c.cookie } });
			if (r.status !== 200) throw new Error(`Today for coach ${c.id}: ${r.status}`);
			await r.arrayBuffer();
		}

		// 1a. Today under load, against /healthz under the same load.
		log('Today under load…');
		const healthRequest = () => ({ path: '/healthz', headers: {} });
		const todayRequest = (i: number) => {
			const c = coaches[i % coaches.length];
			return { path: `/provider/${c.providerId}/today`, headers: { cookie: c.cookie } };
		};
		const health = await paced(healthRequest, server.base);
		const today = await paced(todayRequest, server.base, (s) => s === 200);
		const typicalRequest = (i: number) => {
			const c = typical[i % typical.length];
			return { path: `/provider/${c.providerId}/today`, headers: { cookie: c.cookie } };
		};
		const todayTypical = await paced(typicalRequest, server.base, (s) => s === 200);
		const healthSat = await saturated(server, healthRequest);
		const todaySat = await saturated(server, todayRequest, (s) => s === 200);
		const typicalSat = await saturated(server, typicalRequest, (s) => s === 200);
		const healthSaturated = healthSat.r;
		const todaySaturated = todaySat.r;

		// 1b. Save marks: one at a time (latency against direct inserts), then under load (throughput).
		log('save marks one at a time (app, then direct)…');
		const post = (c: Cohort) =>
			fetch(`${server.base}/provider/${c.providerId}/attendance`, {
				method: 'POST',
				headers: { cookie: cookies.get(c.coachId)!, 'content-type': 'application/json', origin: server.base },
				body: JSON.stringify(batchOf(c))
			}).then(async (r) => {
				const body = await r.text();
				if (!allSaved(r.status, body)) throw new Error(`save marks: ${r.status} ${body.slice(0, 300)}`);
			});
		const pick = (i: number) => markCohorts[i % markCohorts.length];
		// Every save below adds rows for today; they are removed afterwards so that later runs (and the
		// pages measured after this) see the data as generated, not thousands of history rows a day.
		const benchPeople = markCohorts.flatMap((c) => c.people.map((p) => p.id));
		const before = await sql<
			{ id: string; current: boolean }[]
		>`select id, current from attendance where participation_id = any(${benchPeople}::uuid[]) and day = ${TODAY}::date`;
		await sequential(10, (i) => post(pick(i)));
		await sequential(10, (i) => directInsert(sql, pick(i), pick(i).coachId));
		const appSeq: number[] = [];
		const directSeq: number[] = [];
		for (let i = 0; i < SEQUENTIAL; i++) {
			// Interleaved, so that both see the same state of the machine.
			appSeq.push(...(await sequential(1, () => post(pick(i)))));
			directSeq.push(...(await sequential(1, () => directInsert(sql, pick(i), pick(i).coachId))));
		}
		const marksPerBatch = median(Array.from({ length: SEQUENTIAL }, (_, i) => pick(i).people.length));
		log('save marks under load…');
		const saveRequest = (i: number): ClientRequest => {
			const c = pick(i);
			return {
				method: 'POST',
				path: `/provider/${c.providerId}/attendance`,
				headers: { cookie: cookies.get(c.coachId)!, 'content-type': 'application/json', origin: server.base },
				body: () => JSON.stringify(batchOf(c))
			};
		};
		const saves = await paced(saveRequest, server.base, allSaved);
		const savesSat = await saturated(server, saveRequest, allSaved);
		const savesSaturated = savesSat.r;
		const direct = [];
		for (let i = 0; i < RUNS; i++) direct.push(await directThroughput(markCohorts.slice(0, CONNECTIONS), SECONDS, CONNECTIONS));
		const directBatchesPerSecond = median(direct.map((d) => d.batches / SECONDS));
		await restoreMarks(benchPeople, before);
		const rssAfterToday = server.rss();

		// 3. Lists.
		log('list pages under load…');
		const lists = await listPages();
		const listResults: { name: string; r: Awaited<ReturnType<typeof paced>>; sat: Saturated }[] = [];
		for (const page of lists) {
			log(`  ${page.name}`);
			const request = () => ({ path: page.path, headers: { cookie: page.cookie } });
			listResults.push({
				name: page.name,
				r: await paced(request, server.base, (s) => s === 200),
				sat: await saturated(server, request, (s) => s === 200)
			});
		}
		const rss = server.rss();
		const all = [
			...[health, today, todayTypical, saves, ...listResults.map((l) => l.r)].flatMap((p) => [p.inStep, p.staggered]),
			healthSaturated,
			todaySaturated,
			typicalSat.r,
			savesSaturated,
			...listResults.map((l) => l.sat.r)
		];
		const fiveXx = all.reduce((n, r) => n + r.status5xx, 0);
		if (fiveXx > 0) failed = true;
		const olderBuild =
			' This older build ran on the same database, ' +
			'whose indexes include those that later migrations added (a build runs only the migrations it has; ' +
			'the newer ones stay), so the figures of its pages that use them are better than that build had.';

		sections.push(
			`## Load (\`bench/load.ts\`): Today, save marks, lists${APP_DIR === ROOT ? '' : ` — build of ${execSync('git log -1 --format="%h %s"', { cwd: APP_DIR }).toString().trim().slice(0, 80)}`}`,
			'',
			`Database: ~${attendanceRows.toLocaleString('en-US')} attendance rows; "today" ${TODAY}. ` +
				`One app process (\`node build\`, pool ${POOL} connections) on the local PostgreSQL 15; ` +
				`autocannon in a second process on 127.0.0.1 with ${CONNECTIONS} virtual users (connections), ` +
				`each a signed-in coach of their own (${coaches.length} coaches) or one of the list pages' users. Three modes. ` +
				`**Paced**, each virtual user sends ${RATE} request/s (${CONNECTIONS * RATE} requests/s offered, ` +
				`a heavier morning than the national one), measured twice: *in step*, ` +
				`as autocannon paces (every user's second starts at the same instant, ` +
				`so each second begins with a burst of ${CONNECTIONS} simultaneous requests and p95 is mostly the time to work ` +
				`through that burst), and *staggered* (user i's second starts i/${CONNECTIONS} s later: ` +
				`the same users and rate, arrivals spread over the second; ` +
				`sent by bench/lib/load.ts on a keep-alive connection per user). And **saturation**, ` +
				`each sends again as soon as it is answered (the most the process can do; latency then is mostly queueing: ` +
				`connections ÷ throughput). Figures are medians over the runs; errors are non-2xx answers, ` +
				`timeouts and 200s whose body was wrong (a save-marks answer with any mark not saved).${APP_DIR === ROOT ? '' : olderBuild}`,
			'',
			LOAD_HEADER,
			...pacedRows(`\`/healthz\` (baseline: the HTTP floor)`, health),
			...pacedRows(`Today page, the ${coaches.length} busiest coaches`, today),
			...pacedRows(`Today page, ${typical.length} coaches drawn at random`, todayTypical),
			...pacedRows(`save all marks of a cohort (${marksPerBatch} marks/request)`, saves),
			...listResults.flatMap((l) => pacedRows(l.name, l.r)),
			loadRow(`\`/healthz\`, saturation`, healthSaturated),
			loadRow(`Today page, saturation`, todaySaturated),
			loadRow(`save all marks, saturation`, savesSaturated),
			'',
			`### Saturation and CPU per page`,
			'',
			`Each page alone at saturation (${CONNECTIONS} connections sending again as soon as answered), ` +
				`its throughput as a share of \`/healthz\`'s in the same run (target ≥ 8 %: ` +
				`the page costs at most ~12× the HTTP floor), and the CPU one answer cost: ` +
				`the app process and PostgreSQL's processes, from /proc over the saturated runs, divided by the answers.`,
			'',
			'| page | KB | req/s | % of /healthz | app CPU ms/page | PostgreSQL CPU ms/page | p95 ms | errors |',
			'|---|---|---|---|---|---|---|---|',
			...[
				{ name: '`/healthz`', sat: healthSat },
				{ name: `Today, the ${coaches.length} busiest coaches`, sat: todaySat },
				{ name: `Today, ${typical.length} coaches drawn at random`, sat: typicalSat },
				{ name: 'save all marks (POST)', sat: savesSat },
				...listResults.map((l) => ({ name: l.name, sat: l.sat }))
			].map(
				({ name, sat }) =>
					`| ${name} | ${sat.kb ? sat.kb.toFixed(1) : '–'} | ${sat.r.perSecond.toFixed(0)} | ` +
					`${((100 * sat.r.perSecond) / healthSat.r.perSecond).toFixed(1)} % | ${sat.appMs.toFixed(2)} | ` +
					`${sat.pgMs.toFixed(2)} | ${ms(sat.r.p95)} | ${sat.r.non2xx + sat.r.errors + sat.r.timeouts} |`
			),
			'',
			`- Today is measured for two sets of coaches: ` +
				`the ${coaches.length} with the most people in today's cohorts (median ` +
				`${median(coaches.map((c) => peopleOf(c.id)))} people on the page, ` +
				`up to ${Math.max(...coaches.map((c) => peopleOf(c.id)))}: the worst case) ` +
				`and ${typical.length} drawn at random among those whose cohorts meet today (median ` +
				`${median(typical.map((c) => peopleOf(c.id)))} people). Typical coaches, paced: ` +
				`p95 **${ms(todayTypical.staggered.p95)} ms** staggered, ` +
				`${ms(todayTypical.inStep.p95)} ms in step (target < 100 ms).`,
			`- List pages, paced staggered: p95 ` +
				`${listResults.map((l) => `${l.name} **${ms(l.r.staggered.p95)} ms**`).join(', ')} (target < 100 ms); in step: ` +
				`${listResults.map((l) => `${ms(l.r.inStep.p95)}`).join(', ')} ms.`,
			`- Today, the busiest coaches, ${CONNECTIONS} virtual users paced: ` +
				`p95 **${ms(today.staggered.p95)} ms** staggered, ${ms(today.inStep.p95)} ms in step (target < 100 ms; ` +
				`/healthz under the same loads: ${ms(health.staggered.p95)} and ${ms(health.inStep.p95)} ms). ` +
				`At saturation the process serves ${todaySaturated.perSecond.toFixed(0)} Today pages/s ` +
				`(${((100 * todaySaturated.perSecond) / healthSaturated.perSecond).toFixed(0)} % of its /healthz rate) ` +
				`with p95 ${ms(todaySaturated.p95)} ms.`,
			`- Save marks one request at a time (${SEQUENTIAL} interleaved pairs): ` +
				`app median **${ms(median(appSeq))} ms** (p95 ${ms(percentile(appSeq, 0.95))}), ` +
				`the same inserts directly with postgres.js median **${ms(median(directSeq))} ms** → ` +
				`**${(median(appSeq) / median(directSeq)).toFixed(2)}×** (target ≤ 3×).`,
			`- Save marks at saturation (${CONNECTIONS} connections): ` +
				`app ${savesSaturated.perSecond.toFixed(0)} requests/s, ` +
				`direct inserts from ${CONNECTIONS} concurrent tasks on a pool of ${POOL}: ` +
				`${directBatchesPerSecond.toFixed(0)} batches/s → the app reaches ` +
				`**${((100 * savesSaturated.perSecond) / directBatchesPerSecond).toFixed(0)} %** of the direct throughput.`,
			`- Reliability: ${all.reduce((n, r) => n + r.requests, 0).toLocaleString('en-US')} requests, ` +
				`${all.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0)} errors, **${fiveXx} responses 5xx**; ` +
				`at most **${Math.max(...all.map((r) => r.maxDbConnections))}** database connections open at once ` +
				`(the app's pool is ${POOL}).`,
			`- Server memory (RSS): ${(rssAfterToday / 1024 ** 2).toFixed(0)} MB after Today and save marks, **${(rss / 1024 ** 2).toFixed(0)} MB** after all load runs.`
		);
	} finally {
		exitCode = await server.stop();
	}
	// After the load: SIGTERM must end the process by itself (requests finished, pool closed).
	sections.push(
		`- Shutdown after the load: ${
			exitCode === 0
				? 'the server exited by itself on SIGTERM (code 0)'
				: exitCode === null
					? '**the server did not exit within 20 s of SIGTERM** (killed)'
					: `**the server exited with code ${exitCode} after SIGTERM**`
		}.`
	);
	if (exitCode !== 0) {
		failed = true;
		// What the server said last (its log lines carry no customer data), for finding out why.
		console.error(server.output().split('\n').slice(-30).join('\n'));
	}

	log('plans of the list pages (auto_explain)…');
	const lists = await listPages();
	const today = { name: 'Today', path: `/provider/${cohorts[0].providerId}/today`, cookie: cookies.get(cohorts[0].coachId)! };
	const plans = await explainPages([today, ...lists]);
	if (plans.some((p) => p.plans.seqScansOnAttendance > 0)) failed = true;
	sections.push(
		'',
		'### Plans of every statement a page ran (auto_explain, one request each)',
		'',
		'| page | statements | Seq Scan on attendance | indexes used | tables read by Seq Scan (small ones) |',
		'|---|---|---|---|---|',
		...plans.map(
			(p) =>
				`| ${p.name} | ${p.plans.statements} | ` +
				`${p.plans.seqScansOnAttendance === 0 ? 'none' : `**${p.plans.seqScansOnAttendance}**`} | ` +
				`${p.plans.indexes.join(', ')} | ${p.plans.seqScans.join(', ') || '–'} |`
		)
	);

	log('invoice computation…');
	// Needs the app's sources with SvelteKit's paths (`npx svelte-kit sync` in that checkout); a failure here must
	// not lose the load figures above.
	const invoices = await invoiceComputation().catch((e: Error) => {
		failed = true;
		return `**Not measured**: ${e.message.split('\n')[0]}`;
	});
	sections.push('', '## Invoice computation (`bench/load.ts`)', '', invoices);

	writeSection(SECTION, sections.join('\n'));
	log(`written to bench/RESULTS.md${failed ? ' — FAIL (5xx answers, a Seq Scan on attendance, or no exit on SIGTERM)' : ''}`);
	return failed ? 1 : 0;
}

/** The list pages with filters, for the provider and the area with the most data, signed in with the right roles. */
async function listPages(): Promise<{ name: string; path: string; cookie: string }[]> {
	const [provider] = await sql<{ org: string; user_id: string }[]>`
		select m.organisation_id as org, m.user_id from memberships m
		where m.role = 'provider_admin' and exists (select 1 from memberships f where f.user_id = m.user_id and f.organisation_id = m.organisation_id and f.role = 'finance')
		order by (select count(*) from contracts k where k.provider_id = m.organisation_id) desc limit 1`;
	const [providerAdmin] = provider
		? [provider]
		: await sql<{ org: string; user_id: string }[]>`
			select m.organisation_id as org, m.user_id from memberships m where m.role = 'provider_admin'
			order by (select count(*) from contracts k where k.provider_id = m.organisation_id) desc limit 1`;
	const [finance] = await sql<{ user_id: string }[]>`select user_id from memberships where role = 'finance' and organisation_id = ${providerAdmin.org} limit 1`;
	const [area] = await sql<{ org: string }[]>`
		select k.area_id as org from contracts k group by k.area_id order by count(*) desc limit 1`;
	const areaUser = async (role: string) =>
		(await sql<{ user_id: string }[]>`select user_id from memberships where role = ${role} and organisation_id = ${area.org} limit 1`)[0]?.user_id;
	const officer = await areaUser('case_officer');
	const reviewer = (await areaUser('invoice_reviewer')) ?? (await areaUser('invoice_approver'));
	const admin = await areaUser('area_admin');
	const cookie = async (id: string | undefined) => (id ? signedInCookie(sql, id) : '');
	const [pa, fi, of, re, ad] = await Promise.all([
		cookie(providerAdmin.user_id),
		cookie(finance?.user_id ?? providerAdmin.user_id),
		cookie(officer),
		cookie(reviewer),
		cookie(admin)
	]);
	const p = `/provider/${providerAdmin.org}`;
	const a = `/area/${area.org}`;
	const lastMonth = new Date(`${TODAY}T00:00:00Z`);
	lastMonth.setUTCDate(0);
	const month = lastMonth.toISOString().slice(0, 7);
	return [
		{ name: 'provider: referrals, status accepted', path: `${p}/referrals?status=accepted`, cookie: pa },
		{ name: 'provider: invoices, status submitted', path: `${p}/invoices?status=submitted`, cookie: fi },
		{ name: 'provider: contracts, search + sort', path: `${p}/contracts?q=a&sort=end&status=active`, cookie: pa },
		{ name: 'area: referrals, waiting', path: `${a}/referrals?status=waiting`, cookie: of },
		{ name: `area: invoices, ${month}`, path: `${a}/invoices?period=${month}`, cookie: re },
		{ name: 'area: contracts, active by provider', path: `${a}/contracts?status=active&sort=provider`, cookie: ad }
	].filter((x) => x.cookie);
}

main()
	.then((code) => sql.end().then(() => process.exit(code)))
	.catch(async (e) => {
		console.error(e);
		await sql.end();
		process.exit(1);
	});

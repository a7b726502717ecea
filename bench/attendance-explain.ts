/**
 * Attendance keys and indexes at a national volume.
 *
 *   node --import tsx bench/attendance-explain.ts [--rows 10000000] [--runs 15] [--today YYYY-MM-DD]
 *                                                [--url postgres://postgres@127.0.0.1:5432/postgres]
 *                                                [--out bench/ATTENDANCE-EXPLAIN.md] [--keep] [--no-whatif]
 *
 * Creates a throwaway database with a random name on the local server (dropped at the end, also on
 * failure or Ctrl-C unless --keep), migrates it with the app's migrations, fills it set-based with a
 * consistent two-year national data set (45 areas, 300 providers, 2,400 contracts, ~70,000
 * participations a year, ~10 million attendance rows), then runs EXPLAIN (ANALYZE, BUFFERS) for the
 * query shapes the product needs and times the insert path. Any Seq Scan on `attendance` in the
 * product query shapes is a FAIL (exit code 1). Results go to bench/ATTENDANCE-EXPLAIN.md.
 *
 * Nothing here touches the app's own database: everything happens in the throwaway database.
 */
import { arg, ROOT } from './lib/results';
import postgres from 'postgres';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { attendanceDefinitions, fillNationalData, type Exec } from './lib/national-data';

type Sql = postgres.Sql;
type Row = Record<string, unknown>;
const execOf =
	(sql: Sql): Exec =>
	(text) =>
		sql.unsafe(text) as unknown as Promise<Row[]>;

// ---------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------

const flag = (name: string) => process.argv.includes(`--${name}`);

/** The last Wednesday on or before the current date (UTC): a day most cohorts meet. */
function defaultToday(): string {
	const d = new Date();
	const back = (d.getUTCDay() - 3 + 7) % 7;
	d.setUTCDate(d.getUTCDate() - back);
	return d.toISOString().slice(0, 10);
}

const TARGET_ROWS = Number(arg('rows') ?? 10_000_000);
const RUNS = Number(arg('runs') ?? 15);
const INSERT_RUNS = Number(arg('insert-runs') ?? 20);
const TODAY = arg('today') || defaultToday();
const ADMIN_URL = arg('url') || process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const OUT = resolve(arg('out') || join(ROOT, 'bench', 'ATTENDANCE-EXPLAIN.md'));
const KEEP = flag('keep');
const WHATIF = !flag('no-whatif');

if (!Number.isFinite(TARGET_ROWS) || TARGET_ROWS < 50_000) throw new Error('--rows must be at least 50000');
if (!/^\d{4}-\d{2}-\d{2}$/.test(TODAY)) throw new Error('--today must be YYYY-MM-DD');

/** National figures for two years; the participations scale with --rows. */
const AREAS = 45;
const PROVIDERS = 300;
const CONTRACTS = 2400;
const PARTICIPATIONS = Math.round((140_000 * TARGET_ROWS) / 10_000_000);
/** Statements recordAttendance/writeMark send per mark (key lookup, mark in force, period lock, insert; plus update on a re-mark). */
const INSERT_STATEMENTS_PER_MARK = '4–5';

// ---------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------

const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

function addDays(day: string, n: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
function addMonths(day: string, n: number): string {
	const d = new Date(`${monthStart(day)}T00:00:00Z`);
	d.setUTCMonth(d.getUTCMonth() + n);
	return d.toISOString().slice(0, 10);
}
const monthEnd = (day: string) => addDays(addMonths(day, 1), -1);
function quarterStart(day: string): string {
	const m = Number(day.slice(5, 7));
	return `${day.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
}

/** SQL literal for our own generated values (dates, uuids, booleans, numbers). */
function lit(v: unknown): string {
	if (v === null || v === undefined) return 'null';
	if (typeof v === 'boolean' || typeof v === 'number') return String(v);
	return `'${String(v).replace(/'/g, "''")}'`;
}
/** Replaces $1..$n with literals (highest first so that $12 is not read as $1). */
function inline(text: string, params: unknown[]): string {
	let out = text;
	for (let i = params.length; i >= 1; i--) out = out.replaceAll(`$${i}`, lit(params[i - 1]));
	return out;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function pct(xs: number[], p: number): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}
const ms = (x: number) => (x < 10 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(1));
const int = (x: unknown) => Number(x).toLocaleString('en-US');
function bytes(n: unknown): string {
	const x = Number(n);
	if (x >= 1024 ** 3) return `${(x / 1024 ** 3).toFixed(2)} GB`;
	if (x >= 1024 ** 2) return `${(x / 1024 ** 2).toFixed(1)} MB`;
	return `${(x / 1024).toFixed(0)} kB`;
}

// ---------------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------------

interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	'Actual Rows'?: number;
	'Actual Loops'?: number;
	'Shared Hit Blocks'?: number;
	'Shared Read Blocks'?: number;
	Plans?: PlanNode[];
}
interface ExplainJson {
	Plan: PlanNode;
	'Planning Time'?: number;
	'Execution Time'?: number;
	Triggers?: { 'Trigger Name': string; 'Constraint Name'?: string; Relation: string; Time: number; Calls: number }[];
}

function nodes(n: PlanNode, out: PlanNode[] = []): PlanNode[] {
	out.push(n);
	for (const c of n.Plans ?? []) nodes(c, out);
	return out;
}
function explainJson(rows: Row[]): ExplainJson {
	const v = rows[0]['QUERY PLAN'];
	const parsed = typeof v === 'string' ? JSON.parse(v) : v;
	return (parsed as ExplainJson[])[0];
}
/** "Index Scan using x on attendance", one per distinct index access in the plan. */
function indexAccesses(plan: PlanNode): string[] {
	const seen = new Set<string>();
	for (const n of nodes(plan)) {
		if (n['Index Name']) seen.add(`${n['Node Type']} using ${n['Index Name']}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}`);
		else if (/Seq Scan/.test(n['Node Type'])) seen.add(`${n['Node Type']} on ${n['Relation Name']}`);
	}
	return [...seen];
}
const seqScansOnAttendance = (plan: PlanNode) => nodes(plan).filter((n) => /Seq Scan/.test(n['Node Type']) && n['Relation Name'] === 'attendance');
const topBuffers = (plan: PlanNode) => ({ hit: plan['Shared Hit Blocks'] ?? 0, read: plan['Shared Read Blocks'] ?? 0 });

// ---------------------------------------------------------------------------------------------------
// Database lifecycle
// ---------------------------------------------------------------------------------------------------

function dbUrl(name: string): string {
	const u = new URL(ADMIN_URL);
	u.pathname = `/${name}`;
	return u.toString();
}

/** Migrates with the app's own `openDatabase` (drizzle migrator); applies drizzle/*.sql itself only if that cannot be imported. */
async function migrate(url: string): Promise<string> {
	process.env.MIGRATIONS_FOLDER = join(ROOT, 'drizzle');
	let openDatabase: ((o: { url?: string; poolSize?: number }) => Promise<{ close(): Promise<void> }>) | undefined;
	try {
		({ openDatabase } = await import('../src/lib/server/db/client'));
	} catch (e) {
		log(`could not import src/lib/server/db/client.ts (${(e as Error).message}); applying drizzle/*.sql directly`);
	}
	if (openDatabase) {
		const d = await openDatabase({ url, poolSize: 1 });
		await d.close();
		return 'openDatabase({ url }) from src/lib/server/db/client.ts (drizzle migrator)';
	}
	const journal = JSON.parse(readFileSync(join(ROOT, 'drizzle/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		for (const { tag } of journal.entries) {
			const text = readFileSync(join(ROOT, 'drizzle', `${tag}.sql`), 'utf8');
			for (const stmt of text.split('--> statement-breakpoint')) if (stmt.trim()) await sql.unsafe(stmt);
		}
	} finally {
		await sql.end({ timeout: 5 });
	}
	return 'drizzle/*.sql applied in journal order (split on statement-breakpoint)';
}

// ---------------------------------------------------------------------------------------------------
// Data: the one national-data generator (bench/lib/national-data.ts)
// ---------------------------------------------------------------------------------------------------

interface LoadInfo {
	timings: { step: string; seconds: number }[];
	months: number;
}

async function load(sql: Sql, url: string): Promise<LoadInfo> {
	const openExtra = async () => {
		const c = postgres(url, { max: 1, onnotice: () => {}, connection: { maintenance_work_mem: '768MB', max_parallel_maintenance_workers: 0 } });
		return { exec: ((text: string) => c.unsafe(text)) as unknown as Exec, close: () => c.end({ timeout: 5 }) };
	};
	const r = await fillNationalData({
		scale: TARGET_ROWS / 10_000_000,
		today: TODAY,
		exec: execOf(sql),
		passwordHash: null,
		areas: AREAS,
		providers: PROVIDERS,
		contracts: CONTRACTS,
		openExtra,
		log
	});
	const s = performance.now();
	await sql.unsafe(`checkpoint`);
	r.timings.push({ step: 'checkpoint', seconds: (performance.now() - s) / 1000 });
	return { timings: r.timings, months: r.months };
}

// ---------------------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------------------

interface QueryResult {
	key: string;
	title: string;
	params: string;
	sql: string;
	/** Index names the plan should use: each entry is a list of acceptable alternatives. */
	expect: string[][];
	execMedian: number;
	execMin: number;
	execP90: number;
	planMedian: number;
	clientMedian: number | null;
	rows: number;
	buffers: { hit: number; read: number };
	accesses: string[];
	indexes: string[];
	seqScan: boolean;
	expectedUsed: boolean;
	textPlan: string;
	generic: { sql: string; accesses: string[]; seqScan: boolean; exec: number } | null;
	/** How the app-shaped prepared statement was planned over the client runs (pg_prepared_statements). */
	prepared: { generic: number; custom: number } | null;
}

interface Spec {
	key: string;
	title: string;
	params: string;
	/** Parameterised like the app sends it (drizzle: every value a $n; `current` written as SQL, not a parameter). */
	text: string;
	values: unknown[];
	/** The literal form the brief asks for: the boolean written into the SQL (as a partial index needs it). */
	literal: string;
	/** Index names the plan should use: each entry is a list of acceptable alternatives. */
	expect: string[][];
	/** Only EXPLAIN, no client timing (statements that lock). */
	explainOnly?: boolean;
}

async function measure(sql: Sql, s: Spec): Promise<QueryResult> {
	await sql.unsafe(s.literal); // warm
	const textPlan = (await sql.unsafe(`explain (analyze, buffers) ${s.literal}`)).map((r) => String(r['QUERY PLAN'])).join('\n');
	const exec: number[] = [];
	const plan: number[] = [];
	let last: ExplainJson | undefined;
	let seq = false;
	const accesses = new Set<string>();
	for (let i = 0; i < RUNS; i++) {
		const j = explainJson(await sql.unsafe(`explain (analyze, buffers, format json) ${s.literal}`));
		exec.push(j['Execution Time'] ?? NaN);
		plan.push(j['Planning Time'] ?? NaN);
		if (seqScansOnAttendance(j.Plan).length) seq = true;
		for (const a of indexAccesses(j.Plan)) accesses.add(a);
		last = j;
	}
	let clientMedian: number | null = null;
	let prepared: QueryResult['prepared'] = null;
	if (!s.explainOnly) {
		const psQuery = `select generic_plans::int as g, custom_plans::int as c from pg_prepared_statements where statement = $1`;
		const [before] = await sql.unsafe(psQuery, [s.text]);
		const wall: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const st = performance.now();
			await sql.unsafe(s.text, s.values as never[], { prepare: true });
			wall.push(performance.now() - st);
		}
		clientMedian = median(wall);
		const [ps] = await sql.unsafe(psQuery, [s.text]);
		if (ps) prepared = { generic: Number(ps.g) - Number(before?.g ?? 0), custom: Number(ps.c) - Number(before?.c ?? 0) };
	}
	// The app's parameterised statement as a generic plan (what a prepared statement may switch to).
	let generic: QueryResult['generic'] = null;
	try {
		await sql.unsafe(`set plan_cache_mode = force_generic_plan`);
		await sql.unsafe(`prepare bench_generic as ${s.text}`);
		const args = s.values.map(lit).join(', ');
		const j = explainJson(await sql.unsafe(`explain (analyze, buffers, format json) execute bench_generic${args ? `(${args})` : ''}`));
		generic = { sql: s.text, accesses: indexAccesses(j.Plan), seqScan: seqScansOnAttendance(j.Plan).length > 0, exec: j['Execution Time'] ?? NaN };
	} finally {
		await sql.unsafe(`deallocate bench_generic`).catch(() => {});
		await sql.unsafe(`reset plan_cache_mode`);
	}
	const names = [...new Set([...accesses].flatMap((a) => (a.match(/using (\S+)/) ? [a.match(/using (\S+)/)![1]] : [])))];
	const r: QueryResult = {
		key: s.key,
		title: s.title,
		params: s.params,
		sql: s.literal,
		expect: s.expect,
		execMedian: median(exec),
		execMin: Math.min(...exec),
		execP90: pct(exec, 0.9),
		planMedian: median(plan),
		clientMedian,
		rows: last!.Plan['Actual Rows'] ?? 0,
		buffers: topBuffers(last!.Plan),
		accesses: [...accesses],
		indexes: names,
		seqScan: seq,
		expectedUsed: s.expect.every((alts) => alts.some((e) => names.includes(e))),
		textPlan,
		generic,
		prepared
	};
	const verdict = r.seqScan ? 'FAIL (Seq Scan on attendance)' : r.expectedUsed ? 'ok' : 'WARN (expected index not used)';
	log(
		`${s.key} ${s.title} [${s.params}]: median ${ms(r.execMedian)} ms (client ${r.clientMedian === null ? '-' : ms(r.clientMedian)} ms), ` +
			`${r.rows} rows, ${r.indexes.join(', ') || 'no index'} -> ${verdict}` +
			(generic?.seqScan ? `; generic plan of the app's statement: Seq Scan on attendance (${ms(generic.exec)} ms)` : '')
	);
	return r;
}

interface InsertResult {
	label: string;
	runs: number;
	marksPerRun: number[];
	median: number;
	p90: number;
	min: number;
	max: number;
	perMark: number;
}

/** One batch as recordAttendance issues it (statement by statement, same SQL shapes), without the audit row and notices. */
async function markBatch(sql: Sql, marks: { pid: string; coachId: string; status: 'present' | 'absent' }[]) {
	await sql.begin(async (tx) => {
		const ids = [...new Set(marks.map((m) => m.pid))].sort();
		const ctx = await tx.unsafe(
			`select p.id, p.customer_id, p.contract_id, p.cohort_id, p.status, p.start_date, p.planned_end_date, p.end_date, p.coach_id, p.version,
			        c.area_id, c.provider_id, c.start_date, c.end_date, c.deadlines, c.unexcused_threshold, r.officer_id
			 from participations p inner join contracts c on p.contract_id = c.id inner join referrals r on p.referral_id = r.id
			 where p.id in (${ids.map((_, i) => `$${i + 1}`).join(', ')}) order by p.id for update of p`,
			ids
		);
		const byId = new Map(ctx.map((r) => [String(r.id), r]));
		for (const m of marks) {
			const key = randomUUID();
			const at = new Date();
			const p = byId.get(m.pid)!;
			await tx.unsafe(`select late, correction from attendance where client_key = $1`, [key]);
			const [current] = await tx.unsafe(`select * from attendance where ((participation_id = $1 and day = $2 and meeting_id is null) and current)`, [
				m.pid,
				TODAY
			]);
			if (current) await tx.unsafe(`update attendance set current = $1 where id = $2`, [false, current.id as string]);
			const locked = await tx.unsafe(`select id from period_locks where (contract_id = $1 and start_date <= $2 and end_date >= $3) limit $4`, [
				String(p.contract_id),
				TODAY,
				TODAY,
				1
			]);
			await tx.unsafe(
				`insert into attendance (id, participation_id, contract_id, cohort_id, meeting_id, day, status, reason, reason_text, marked_at, received_at,
				                         marked_by, client_key, current, late, correction, replaces_id, settled_at)
				 values (default, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, default) returning *`,
				[
					m.pid,
					String(p.contract_id),
					(p.cohort_id as string | null) ?? null,
					null,
					TODAY,
					m.status,
					m.status === 'absent' ? 'sick' : null,
					null,
					at,
					at,
					m.coachId,
					key,
					true,
					false,
					locked.length > 0,
					(current?.id as string | undefined) ?? null
				] as never[]
			);
		}
	});
}

async function insertPath(
	sql: Sql
): Promise<{ fresh: InsertResult; remark: InsertResult; cohorts: number; server: { runs: number; median: number; p90: number; fkMedian: number } } | null> {
	// Cohorts that meet today, have not been marked yet today (odd-numbered in the generator), most people first.
	const isodow = ((new Date(`${TODAY}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
	const groups = await sql.unsafe(
		`select c.id, array_agg(p.id::text order by p.id) as ids, array_agg(p.coach_id::text order by p.id) as coaches
		 from cohorts c join participations p on p.cohort_id = c.id
		 where c.start_date <= $1 and c.end_date >= $1 and ${isodow} = any(c.weekdays)
		   and p.status = 'active' and p.start_date <= $1 and (p.end_date is null or p.end_date >= $1)
		   and not exists (select 1 from attendance a where a.cohort_id = c.id and a.day = $1 and a.current and a.meeting_id is null)
		 group by c.id order by count(*) desc, c.id limit ${INSERT_RUNS}`,
		[TODAY]
	);
	if (groups.length === 0) return null;
	const batches = groups.map((g) => (g.ids as string[]).slice(0, 20).map((pid, i) => ({ pid, coachId: (g.coaches as string[])[i] })));
	const run = async (label: string, status: 'present' | 'absent'): Promise<InsertResult> => {
		const t: number[] = [];
		for (const b of batches) {
			const s = performance.now();
			await markBatch(
				sql,
				b.map((m) => ({ ...m, status }))
			);
			t.push(performance.now() - s);
		}
		const marks = batches.map((b) => b.length);
		const r = {
			label,
			runs: t.length,
			marksPerRun: marks,
			median: median(t),
			p90: pct(t, 0.9),
			min: Math.min(...t),
			max: Math.max(...t),
			perMark: median(t) / median(marks)
		};
		log(`insert ${label}: median ${ms(r.median)} ms per batch of ${median(marks)} marks (${ms(r.perMark)} ms/mark), p90 ${ms(r.p90)} ms`);
		return r;
	};
	const fresh = await run('fresh: a cohort marked for today (20 new marks)', 'present');
	const remark = await run('re-mark: the same 20 changed (old mark -> history, new current row)', 'absent');

	// Server side of one insert: EXPLAIN ANALYZE of the INSERT alone (7 index entries, 5 FK checks), rolled back.
	// On the last Sunday (no cohort meets then), so that the mark is new.
	const sunday = addDays(TODAY, -(isodow % 7));
	const exec: number[] = [];
	const fkTimes: number[] = [];
	for (const b of batches.flat().slice(0, INSERT_RUNS)) {
		const [p] = await sql.unsafe(`select contract_id::text as c, cohort_id::text as h from participations where id = $1`, [b.pid]);
		await sql
			.begin(async (tx) => {
				const j = explainJson(
					await tx.unsafe(`explain (analyze, buffers, format json)
						insert into attendance (participation_id, contract_id, cohort_id, day, status, marked_at, received_at, marked_by, client_key, current)
						values (${lit(b.pid)}, ${lit(p.c)}, ${lit(p.h)}, ${lit(sunday)}, 'present', now(), now(), ${lit(b.coachId)}, ${lit(randomUUID())}, true)`)
				);
				exec.push(j['Execution Time'] ?? NaN);
				fkTimes.push((j.Triggers ?? []).reduce((a, t) => a + t.Time, 0));
				throw new Rollback();
			})
			.catch((e) => {
				if (!(e instanceof Rollback)) throw e;
			});
	}
	const server = { runs: exec.length, median: median(exec), p90: pct(exec, 0.9), fkMedian: median(fkTimes) };
	log(`insert one mark, server side: median ${ms(server.median)} ms (FK checks ${ms(server.fkMedian)} ms)`);
	return { fresh, remark, cohorts: groups.length, server };
}

interface FkResult {
	label: string;
	triggers: { constraint: string; relation: string; ms: number }[];
	total: number;
	riPlan: string[];
	riSeqScan: boolean;
}

/** Deleting an unused cohort (contract editing: removePart 'cohort'): every FK pointing at cohorts is checked. */
async function cohortDelete(sql: Sql, label: string): Promise<FkResult> {
	const [{ id: contractId }] = await sql.unsafe(`select id from contracts order by contract_number limit 1`);
	const times = new Map<string, number[]>();
	const totals: number[] = [];
	for (let i = 0; i < 3; i++) {
		const id = randomUUID();
		await sql
			.begin(async (tx) => {
				await tx.unsafe(
					`insert into cohorts (id, contract_id, name, start_date, end_date, weekdays, daily_start, daily_end, place, language, capacity)
					 values ($1, $2, 'Poistettava', $3, $3, '{1}', '09:00', '15:00', 'x', 'fi', 10)`,
					[id, String(contractId), addDays(TODAY, 60)]
				);
				const j = explainJson(await tx.unsafe(`explain (analyze, buffers, format json) delete from cohorts where id = '${id}'`));
				for (const t of j.Triggers ?? []) {
					const k = `${t['Constraint Name'] ?? t['Trigger Name']} (${t.Relation})`;
					times.set(k, [...(times.get(k) ?? []), t.Time]);
				}
				totals.push(j['Execution Time'] ?? NaN);
				throw new Rollback();
			})
			.catch((e) => {
				if (!(e instanceof Rollback)) throw e;
			});
	}
	// The statement the foreign key trigger runs (RI_FKey_noaction_del), as a generic plan.
	await sql.unsafe(`set plan_cache_mode = force_generic_plan`);
	let riPlan: string[] = [];
	let riSeqScan = false;
	try {
		await sql.unsafe(`prepare bench_ri(uuid) as select 1 from only public.attendance x where $1 operator(pg_catalog.=) cohort_id for key share of x`);
		const j = explainJson(await sql.unsafe(`explain (format json) execute bench_ri('${randomUUID()}')`));
		riPlan = indexAccesses(j.Plan);
		riSeqScan = seqScansOnAttendance(j.Plan).length > 0;
	} finally {
		await sql.unsafe(`deallocate bench_ri`).catch(() => {});
		await sql.unsafe(`reset plan_cache_mode`);
	}
	const triggers = [...times].map(([k, v]) => ({ constraint: k.replace(/ \(.*\)$/, ''), relation: k.replace(/^.* \((.*)\)$/, '$1'), ms: median(v) }));
	const r = { label, triggers, total: median(totals), riPlan, riSeqScan };
	const att = triggers.find((t) => t.constraint.startsWith('attendance_'));
	log(`delete unused cohort (${label}): ${ms(r.total)} ms, attendance FK check ${att ? ms(att.ms) : '?'} ms, RI plan: ${riPlan.join(', ')}`);
	return r;
}
class Rollback extends Error {}

// ---------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------

async function main() {
	const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
	const dbName = `bench_attendance_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
	let dropped = false;
	const drop = async () => {
		if (dropped || KEEP) return;
		dropped = true;
		try {
			await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
			log(`dropped database ${dbName}`);
		} catch (e) {
			console.error(`could not drop database ${dbName}: ${(e as Error).message}`);
		}
	};
	for (const sig of ['SIGINT', 'SIGTERM'] as const) {
		process.once(sig, () => {
			log(`${sig}: cleaning up`);
			void drop().finally(() => process.exit(130));
		});
	}

	let failed = false;
	try {
		const [{ version }] = await admin.unsafe(`select version()`);
		const settings = Object.fromEntries(
			(
				await admin.unsafe(
					`select name, current_setting(name) as v from pg_settings
					 where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit', 'max_wal_size', 'max_parallel_workers_per_gather', 'plan_cache_mode')`
				)
			).map((r) => [r.name, r.v])
		) as Record<string, string>;
		log(`PostgreSQL: ${String(version).split(',')[0]}; target ${int(TARGET_ROWS)} attendance rows, ${int(PARTICIPATIONS)} participations, today ${TODAY}`);
		await admin.unsafe(`create database "${dbName}"`);
		log(`created database ${dbName}`);
		const url = dbUrl(dbName);
		const migration = await migrate(url);
		log(`migrated (${migration})`);
		const sql = postgres(url, {
			max: 1,
			onnotice: () => {},
			connection: { application_name: 'attendance-explain', timezone: 'UTC', work_mem: '256MB', maintenance_work_mem: '1GB', synchronous_commit: 'off' }
		});
		try {
			const before = await attendanceDefinitions(execOf(sql));
			const loadInfo = await load(sql, url);
			const after = await attendanceDefinitions(execOf(sql));
			if (JSON.stringify(before) !== JSON.stringify(after)) {
				throw new Error(`attendance definitions differ after the bulk load:\nbefore:\n${before.join('\n')}\nafter:\n${after.join('\n')}`);
			}
			log('attendance keys, indexes and foreign keys are exactly as migrated');
			// Measurements on a fresh connection with the server's own settings (the load connection has bulk settings).
			const msql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'attendance-explain' } });
			let report: Awaited<ReturnType<typeof measureAll>>;
			try {
				report = await measureAll(msql);
			} finally {
				await msql.end({ timeout: 5 });
			}
			const migrations = JSON.parse(readFileSync(join(ROOT, 'drizzle/meta/_journal.json'), 'utf8')).entries.map((e: { tag: string }) => e.tag) as string[];
			writeFileSync(OUT, markdown({ ...report, loadInfo, settings, version: String(version), migration, migrations, definitions: after, dbName }));
			log(`wrote ${relative(ROOT, OUT)}`);
			failed = report.queries.some((q) => q.seqScan);
			if (failed) {
				for (const q of report.queries.filter((x) => x.seqScan)) console.log(`FAIL: ${q.key} ${q.title} [${q.params}] uses a Seq Scan on attendance`);
			} else {
				console.log(`PASS: no Seq Scan on attendance in ${report.queries.length} query plans`);
			}
		} finally {
			await sql.end({ timeout: 5 });
		}
	} catch (e) {
		failed = true;
		console.error(e);
	} finally {
		if (KEEP) log(`kept database ${dbName} (--keep)`);
		await drop();
		await admin.end({ timeout: 5 });
	}
	process.exit(failed ? 1 : 0);
}

async function measureAll(sql: Sql) {
	const T = TODAY;
	const q = (text: string, params: unknown[] = []) => sql.unsafe(text, params as never[]);

	// Counts and sizes.
	const counts = Object.fromEntries(
		await Promise.all(
			['organisations', 'users', 'contracts', 'cohorts', 'customers', 'referrals', 'participations', 'meetings', 'period_locks', 'attendance'].map(
				async (t) => [t, Number((await q(`select count(*)::bigint as n from ${t}`))[0].n)] as const
			)
		)
	) as Record<string, number>;
	const [att] = await q(`select count(*) filter (where current and meeting_id is null) as day_current,
		count(*) filter (where current and meeting_id is not null) as meeting_current,
		count(*) filter (where not current) as history,
		count(*) filter (where cohort_id is null) as no_cohort,
		count(*) filter (where status = 'absent' and current) as absent_current,
		min(day)::text as first_day, max(day)::text as last_day from attendance`);
	const [parts] = await q(`select count(*) filter (where status in ('starting', 'active')) as open,
		count(*) filter (where cohort_id is null) as coaching, count(distinct coach_id) as coaches from participations`);
	const sizes = await q(`select c.relname as name, pg_relation_size(c.oid) as size, c.relkind::text as kind
		from pg_class c where c.oid = 'attendance'::regclass
		   or c.oid in (select indexrelid from pg_index where indrelid = 'attendance'::regclass) order by c.relkind desc, 1`);
	const [tot] = await q(`select pg_relation_size('attendance') as heap, pg_indexes_size('attendance') as indexes,
		pg_total_relation_size('attendance') as total, pg_database_size(current_database()) as db`);

	// Parameters: the busiest and a typical (median) coach, cohort and contract.
	const pick = <T>(rows: T[]) => ({ worst: rows[0], typical: rows[rows.length >> 1] });
	const coaches = pick(
		await q(`select coach_id::text as id, count(*)::int as n from participations where status in ('starting', 'active') group by 1 order by 2 desc, 1`)
	);
	const mFrom = monthStart(T);
	const mTo = monthEnd(T);
	const cohortsM = pick(
		await q(
			`select cohort_id::text as id, count(*)::int as n from attendance where current and cohort_id is not null and day between $1 and $2 group by 1 order by 2 desc, 1`,
			[mFrom, mTo]
		)
	);
	const pFrom = addMonths(T, -1);
	const pTo = monthEnd(pFrom);
	const contractsM = pick(
		await q(`select contract_id::text as id, count(*)::int as n from attendance where current and day between $1 and $2 group by 1 order by 2 desc, 1`, [
			pFrom,
			pTo
		])
	);
	const qFrom = addMonths(quarterStart(T), -3);
	const qTo = addDays(quarterStart(T), -1);

	const specs: Spec[] = [];
	const aText = (coach: string) => ({
		text: `select p.id, p.status, a.status as mark, a.reason, a.reason_text, a.marked_at
		       from participations p
		       left join attendance a on a.participation_id = p.id and a.day = $2 and a.current and a.meeting_id is null
		       where p.coach_id = $1 and p.status in ($3, $4)`,
		values: [coach, T, 'starting', 'active']
	});
	const aLiteral = (coach: string) =>
		`select p.id, p.status, a.status as mark, a.reason, a.reason_text, a.marked_at
		 from participations p
		 left join attendance a on a.participation_id = p.id and a.day = ${lit(T)} and a.current and a.meeting_id is null
		 where p.coach_id = ${lit(coach)} and p.status in ('starting', 'active')`;
	for (const [which, c] of Object.entries(coaches)) {
		const t = aText(String(c.id));
		specs.push({
			key: 'a',
			title: 'today for this coach',
			params: `${which} coach: ${c.n} open participations, day ${T}`,
			...t,
			literal: aLiteral(String(c.id)),
			expect: [['participations_coach_idx'], ['attendance_current_day_uniq', 'attendance_participation_day_idx']]
		});
	}
	// The marks step of loadToday (src/lib/server/attendance/today.ts) as the app sends it: an IN list, no meeting_id filter.
	{
		const ids = (await q(`select id::text from participations where coach_id = $1 and status in ('starting', 'active') order by id`, [coaches.worst.id])).map(
			(r) => String(r.id)
		);
		const ph = ids.map((_, i) => `$${i + 1}`).join(', ');
		const n = ids.length;
		const text = `select participation_id, meeting_id, status, reason, reason_text, marked_at from attendance
		              where (participation_id in (${ph}) and day = $${n + 1} and current)`;
		specs.push({
			key: 'a2',
			title: 'today: marks step of loadToday (app SQL)',
			params: `busiest coach's ${n} participations, day ${T}`,
			text,
			values: [...ids, T],
			literal: inline(text, [...ids, T]),
			expect: [['attendance_participation_day_idx']]
		});
	}
	// The people step of loadToday (participations of the coach's cohorts meeting today, and their own coaching customers),
	// as the app sends it but without the assignment scope (an EXISTS on assignments): for the participations side.
	{
		const coach = String(coaches.worst.id);
		const [{ provider }] = await q(
			`select c.provider_id::text as provider from participations p join contracts c on c.id = p.contract_id where p.coach_id = $1 limit 1`,
			[coach]
		);
		const isodow = ((new Date(`${T}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
		const cohortIds = (
			await q(
				`select distinct co.id::text as id from cohorts co join participations p on p.cohort_id = co.id
				 where p.coach_id = $1 and co.start_date <= $2 and co.end_date >= $2 and ${isodow} = any(co.weekdays) order by 1`,
				[coach, T]
			)
		).map((r) => String(r.id));
		const k = cohortIds.length;
		const inCohorts = k ? `p.cohort_id in (${cohortIds.map((_, i) => `$${i + 4}`).join(', ')})` : 'false';
		const text = `select p.id, p.cohort_id, p.coach_id, p.status, cu.id as customer_id, cu.name from participations p
		              inner join contracts c on p.contract_id = c.id inner join customers cu on p.customer_id = cu.id
		              where (c.provider_id = $1 and (p.start_date <= $2 and (p.end_date is null or p.end_date >= $3))
		                     and (${inCohorts} or (p.cohort_id is null and p.coach_id = $${k + 4} and p.status in ($${k + 5}, $${k + 6}))))
		              order by cu.name`;
		const values = [provider, T, T, ...cohortIds, coach, 'starting', 'active'];
		specs.push({
			key: 'a3',
			title: 'today: people step of loadToday (app SQL minus the assignment scope)',
			params: `busiest coach: ${k} cohorts meeting today`,
			text,
			values,
			literal: inline(text, values),
			expect: []
		});
	}
	for (const [which, c] of Object.entries(cohortsM)) {
		const text = `select participation_id, day, status, reason, meeting_id from attendance
		              where (cohort_id = $1 and day >= $2 and day <= $3 and current)`;
		specs.push({
			key: 'b',
			title: 'this cohort this month',
			params: `${which} cohort: ${c.n} current marks in ${mFrom.slice(0, 7)}`,
			text,
			values: [c.id, mFrom, mTo],
			literal: `select participation_id, day, status, reason, meeting_id from attendance
			          where cohort_id = ${lit(c.id)} and day between ${lit(mFrom)} and ${lit(mTo)} and current`,
			expect: [['attendance_cohort_day_idx']]
		});
	}
	const cSql = (
		current: string
	) => `select a.status, a.reason, (a.meeting_id is not null) as meeting, count(*) as marks, count(distinct a.participation_id) as people
		from attendance a where (a.contract_id = $1 and a.day >= $2 and a.day <= $3 and ${current})
		group by 1, 2, 3 order by 1, 2, 3`;
	const cSpec = (which: string, c: Row, from: string, to: string, label: string): Spec => ({
		key: 'c',
		title: 'this contract this period (invoicing aggregate)',
		params: `${which} contract${label === 'month' ? ` (${c.n} current marks in the month)` : ''}, ${label} ${from}..${to}`,
		text: cSql('a.current'),
		values: [c.id, from, to],
		literal: inline(cSql('a.current'), [c.id, from, to]),
		expect: [['attendance_contract_day_idx']]
	});
	specs.push(cSpec('busiest', contractsM.worst, pFrom, pTo, 'month'));
	specs.push(cSpec('typical', contractsM.typical, pFrom, pTo, 'month'));
	specs.push(cSpec('busiest', contractsM.worst, qFrom, qTo, 'quarter'));
	// The lookups of the insert path (writeMark), for their plans.
	{
		const [one] = await q(
			`select participation_id::text as p, client_key::text as k, day::text as day from attendance where day < $1 and current and meeting_id is null limit 1`,
			[T]
		);
		specs.push({
			key: 'd1',
			title: 'insert path: idempotency key lookup',
			params: 'an existing client_key',
			text: `select late, correction from attendance where client_key = $1`,
			values: [one.k],
			literal: `select late, correction from attendance where client_key = ${lit(one.k)}`,
			expect: [['attendance_clientKey_unique']],
			explainOnly: true
		});
		specs.push({
			key: 'd2',
			title: 'insert path: the mark in force for the day',
			params: `a participation's marked day ${one.day}`,
			text: `select * from attendance where ((participation_id = $1 and day = $2 and meeting_id is null) and current)`,
			values: [one.p, one.day],
			literal: `select * from attendance where participation_id = ${lit(one.p)} and day = ${lit(one.day)} and meeting_id is null and current`,
			expect: [['attendance_current_day_uniq', 'attendance_participation_day_idx']],
			explainOnly: true
		});
	}

	const rt: number[] = [];
	for (let i = 0; i < 50; i++) {
		const st = performance.now();
		await sql.unsafe(`select 1`, [], { prepare: true });
		rt.push(performance.now() - st);
	}
	const roundTrip = median(rt);
	log(`round trip of select 1: ${ms(roundTrip)} ms`);

	const queries: QueryResult[] = [];
	for (const s of specs) queries.push(await measure(sql, s));

	const inserts = await insertPath(sql);
	const fk = [await cohortDelete(sql, 'as migrated')];

	// What-if (in the throwaway database only): the cohort index without `current` serves the FK check too.
	let whatIf: { fk: FkResult; cohortQueries: QueryResult[]; buildSeconds: number; size: number } | null = null;
	if (WHATIF) {
		const s = performance.now();
		await sql.unsafe(`set maintenance_work_mem = '1GB'`);
		await sql.unsafe(`create index attendance_cohort_day_any_idx on attendance (cohort_id, day) where cohort_id is not null`);
		await sql.unsafe(`reset maintenance_work_mem`);
		const buildSeconds = (performance.now() - s) / 1000;
		await sql.unsafe(`drop index attendance_cohort_day_idx`);
		await sql.unsafe(`analyze attendance`);
		const [{ size }] = await sql.unsafe(`select pg_relation_size('attendance_cohort_day_any_idx') as size`);
		const fkw = await cohortDelete(sql, 'with (cohort_id, day) where cohort_id is not null');
		const cohortQueries: QueryResult[] = [];
		for (const sp of specs.filter((x) => x.key === 'b')) cohortQueries.push(await measure(sql, { ...sp, expect: [['attendance_cohort_day_any_idx']] }));
		whatIf = { fk: fkw, cohortQueries, buildSeconds, size: Number(size) };
	}

	return {
		counts,
		att,
		parts,
		sizes,
		tot,
		queries,
		roundTrip,
		inserts,
		fk,
		whatIf,
		periods: { month: [mFrom, mTo], invoiceMonth: [pFrom, pTo], quarter: [qFrom, qTo] }
	};
}

// ---------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------

type Report = Awaited<ReturnType<typeof measureAll>> & {
	loadInfo: LoadInfo;
	settings: Record<string, string>;
	version: string;
	migration: string;
	migrations: string[];
	definitions: string[];
	dbName: string;
};

function markdown(r: Report): string {
	const L: string[] = [];
	const p = (s = '') => L.push(s);
	const cpu = cpus()[0]?.model ?? 'unknown';
	const totalLoad = r.loadInfo.timings.filter((t) => !t.step.startsWith('build ')).reduce((a, t) => a + t.seconds, 0);
	const failed = r.queries.filter((q) => q.seqScan);

	p('# Attendance: keys and indexes under EXPLAIN at national volume');
	p();
	p(`Measured ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC by \`bench/attendance-explain.ts\` — real numbers from one run, not estimates.`);
	p();
	p(`- Command: \`${`node --import tsx bench/attendance-explain.ts ${process.argv.slice(2).join(' ')}`.trimEnd()}\``);
	p(`- Machine: ${availableParallelism()} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM`);
	p(
		`- Server: ${r.version.split(',')[0]}; ${Object.entries(r.settings)
			.map(([k, v]) => `${k}=${v}`)
			.join(', ')} (server defaults, untouched)`
	);
	p(`- Schema: ${r.migration}; migrations ${r.migrations.join(', ')}`);
	p(
		`- "Today" in the data: ${TODAY} (${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(`${TODAY}T00:00:00Z`).getUTCDay()]}); data from ${r.att.first_day} to ${r.att.last_day}`
	);
	p(
		`- Each query: ${RUNS} runs of \`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)\` after one warm-up; ` +
			`the median of "Execution Time" is reported. "Client" is the median round trip of the same ` +
			`statement sent as the app sends it (postgres.js prepared statement, every value a parameter).`
	);
	p();
	const verdict = failed.length
		? `FAIL — Seq Scan on attendance in ${failed.map((q) => `${q.key} (${q.params})`).join(', ')}`
		: `PASS — no Seq Scan on attendance in any of the ${r.queries.length} query plans`;
	p(`**Verdict: ${verdict}.**`);
	p();

	p('## Data');
	p();
	p(
		`Target ${int(TARGET_ROWS)} attendance rows; generated set-based (\`insert … select … generate_series\`), consistent with every key, check and foreign key of the migrated schema.`
	);
	p();
	p('| table | rows |');
	p('|---|---:|');
	for (const [t, n] of Object.entries(r.counts)) p(`| ${t} | ${int(n)} |`);
	p();
	const A = r.att as Row;
	p(
		`attendance: ${int(A.day_current)} current day marks, ${int(A.meeting_current)} current meeting marks, ${int(A.history)} history rows (current = false), ` +
			`${int(A.no_cohort)} rows without a cohort (coaching customers), ${int(A.absent_current)} current absences.`
	);
	const P = r.parts as Row;
	p(
		`participations: ${int(P.open)} starting/active today, ${int(P.coaching)} coaching-only (no cohort), ${int(P.coaches)} coaches. ` +
			`${AREAS} areas, ${PROVIDERS} providers, ${CONTRACTS} contracts (sizes skewed: contract ≈ 2400·u^1.3), cohorts of 10–22 meeting 2–5 weekdays for 14–29 weeks.`
	);
	p();
	p('### Sizes');
	p();
	const T = r.tot as Row;
	p(`attendance heap ${bytes(T.heap)}, all its indexes ${bytes(T.indexes)} (pg_indexes_size), total ${bytes(T.total)}; whole database ${bytes(T.db)}.`);
	p();
	p('| relation | size | bytes/row |');
	p('|---|---:|---:|');
	for (const s of r.sizes) p(`| ${s.name}${s.kind === 'r' ? ' (heap)' : ''} | ${bytes(s.size)} | ${(Number(s.size) / r.counts.attendance).toFixed(1)} |`);
	p();
	p(
		`Load time: ${totalLoad.toFixed(0)} s in total (${r.loadInfo.months} monthly chunks of attendance; indexes ` +
			`dropped for the load and rebuilt from the migrated definitions, which are checked identical afterwards).`
	);
	p();
	p('<details><summary>Load steps</summary>');
	p();
	for (const t of r.loadInfo.timings) p(`- ${t.step}: ${t.seconds.toFixed(1)} s`);
	p();
	p('</details>');
	p();

	p('## Results');
	p();
	p('| | query | parameters | median ms | p90 ms | client ms | rows | indexes used (and any Seq Scan) | Seq Scan on attendance |');
	p('|---|---|---|---:|---:|---:|---:|---|---|');
	for (const q of r.queries) {
		const client = q.clientMedian === null ? '–' : ms(q.clientMedian);
		const used = [...q.indexes.map((i) => `\`${i}\``), ...q.accesses.filter((a) => /Seq Scan/.test(a))].join(', ') || '–';
		p(`| ${q.key} | ${q.title} | ${q.params} | ${ms(q.execMedian)} | ${ms(q.execP90)} | ${client} | ${q.rows} | ${used} | ${q.seqScan ? '**FAIL**' : 'no'} |`);
	}
	p();
	if (r.inserts) {
		p('### Insert path');
		p();
		p(
			`${r.inserts.fresh.runs} transactions on ${r.inserts.cohorts} different cohorts meeting today, each the statements \`recordAttendance\`/\`writeMark\` issue per mark ` +
				'(lock the participations, idempotency-key lookup, mark-in-force lookup, [update the old mark], period-lock lookup, insert … returning), committed with `synchronous_commit = on`. ' +
				'The audit row and notices are not included. ' +
				`That is ${INSERT_STATEMENTS_PER_MARK} round trips per mark; a bare \`select 1\` round trip from this client ` +
				`takes ${ms(r.roundTrip)} ms, so most of the time is client/server turn-taking, not index maintenance.`
		);
		p();
		p('| batch | marks/batch | median ms | p90 ms | min–max ms | ms per mark |');
		p('|---|---:|---:|---:|---:|---:|');
		for (const x of [r.inserts.fresh, r.inserts.remark]) {
			p(`| ${x.label} | ${median(x.marksPerRun)} | ${ms(x.median)} | ${ms(x.p90)} | ${ms(x.min)}–${ms(x.max)} | ${ms(x.perMark)} |`);
		}
		p();
		const sv = r.inserts.server;
		p(
			`Server side of the INSERT alone (\`EXPLAIN ANALYZE\`, ${sv.runs} runs, rolled back): median ${ms(sv.median)} ms (p90 ${ms(sv.p90)}) per row, of which ${ms(sv.fkMedian)} ms ` +
				'are the foreign key checks; it covers the heap row and six index entries (every attendance index but the meeting one, whose predicate excludes a day mark).'
		);
		p();
	} else {
		p('### Insert path');
		p();
		p('No unmarked cohort meets today in this data set; insert path not measured.');
		p();
	}

	p('### Plans');
	p();
	for (const q of r.queries) {
		p(`#### ${q.key}. ${q.title} — ${q.params}`);
		p();
		p(
			`Median ${ms(q.execMedian)} ms (min ${ms(q.execMin)}, p90 ${ms(q.execP90)}), planning ${ms(q.planMedian)} ms, ${q.rows} rows, shared buffers hit ${q.buffers.hit} / read ${q.buffers.read}.`
		);
		p(
			`Accesses: ${q.accesses.join('; ')}. Expected ${q.expect.map((alts) => alts.map((e) => `\`${e}\``).join(' or ')).join(', ')}: ${q.expectedUsed ? 'used' : '**not used**'}.`
		);
		if (q.generic) {
			p(
				`As a generic plan of the app's parameterised statement: ${q.generic.accesses.join('; ')} — ${ms(q.generic.exec)} ms${q.generic.seqScan ? ' — **Seq Scan on attendance**' : ''}.` +
					(q.prepared
						? ` Over the ${q.prepared.generic + q.prepared.custom} client runs (plan_cache_mode = auto) the prepared statement got ${q.prepared.custom} custom and ${q.prepared.generic} generic plans.`
						: '')
			);
		}
		p();
		p('```sql');
		p(q.sql.replace(/\n\s+/g, '\n  ').trim());
		p('```');
		p();
		p('<details><summary>EXPLAIN (ANALYZE, BUFFERS)</summary>');
		p();
		p('```');
		p(q.textPlan);
		p('```');
		p();
		p('</details>');
		p();
	}

	p('## Foreign keys into attendance: deleting an unused cohort');
	p();
	p(
		'`removePart(…, "cohort", …)` in src/lib/server/contracts/service.ts deletes a cohort. PostgreSQL then checks every foreign key pointing at cohorts, ' +
			'attendance.cohort_id among them, with `select 1 from only attendance where $1 = cohort_id for key share` — a statement with no `current` condition, so the ' +
			'partial index `attendance_cohort_day_idx` (where current and cohort_id is not null) cannot serve it. Measured on a new, empty cohort (rolled back), median of 3:'
	);
	p();
	const fkRows = [...r.fk, ...(r.whatIf ? [r.whatIf.fk] : [])];
	p('| indexes | delete total ms | FK check on attendance ms | other FK checks | RI statement plan |');
	p('|---|---:|---:|---|---|');
	for (const f of fkRows) {
		const att = f.triggers.find((t) => t.constraint.startsWith('attendance_'));
		const others = f.triggers
			.filter((t) => t !== att)
			.map((t) => `${t.constraint} ${ms(t.ms)}`)
			.join(', ');
		p(`| ${f.label} | ${ms(f.total)} | ${att ? ms(att.ms) : '–'} | ${others || '–'} | ${f.riPlan.join('; ')}${f.riSeqScan ? ' (**Seq Scan**)' : ''} |`);
	}
	p();

	p('## Findings and suggested index changes');
	p();
	const find = (k: string) => r.queries.filter((q) => q.key === k);
	const fine = (k: string) => find(k).every((q) => !q.seqScan && q.expectedUsed);
	const max = (k: string) => Math.max(...find(k).map((q) => q.execMedian));
	const attIdx = (k: string) => [...new Set(find(k).flatMap((q) => q.indexes.filter((i) => i.startsWith('attendance'))))];
	p(
		`1. **a. today for this coach** — ${fine('a') ? 'fits' : '**check the plan**'}: \`participations_coach_idx\` finds the coach's open participations, then one index probe per participation into ` +
			`${
				attIdx('a')
					.map((i) => `\`${i}\``)
					.join(' / ') || '**no attendance index**'
			}; worst median ${ms(max('a'))} ms.` +
			(attIdx('a').includes('attendance_participation_day_idx') && !attIdx('a').includes('attendance_current_day_uniq')
				? ' Of the two (participation_id, day) indexes, whose estimated costs are about equal, the planner takes the full `attendance_participation_day_idx` rather than the partial unique ' +
					'`attendance_current_day_uniq` (also for the insert path\'s lookup d2): the latter only enforces "one current mark per day" here. Both are needed (uniqueness; FK and history), so no change.'
				: '')
	);
	const a2 = find('a2')[0];
	if (a2) {
		p(
			`2. **loadToday's marks step** (app SQL, IN list without a meeting_id condition) cannot use the partial ` +
				`\`attendance_current_day_uniq\`; it reads \`${a2.indexes.join('`, `') || 'no index'}\` (all rows of those ` +
				`participations' day, history included) — ${ms(a2.execMedian)} ms, fine at this size. No index change needed.`
		);
	}
	p(`3. **b. this cohort this month** — ${fine('b') ? 'fits' : '**check the plan**'}: \`attendance_cohort_day_idx\`, worst median ${ms(max('b'))} ms.`);
	p(
		`4. **c. this contract this period** — ${fine('c') ? 'fits' : '**check the plan**'}: \`attendance_contract_day_idx\`, worst median ${ms(max('c'))} ms (a busy contract's quarter included). ` +
			'The aggregate reads status/reason/meeting_id/participation_id from the heap; the rows of a month lie close together because marks arrive day by day. ' +
			(max('c') < 50
				? 'An INCLUDE (status, reason, meeting_id, participation_id) would allow an index-only scan but is not worth its size at these timings.'
				: 'At this time, consider `INCLUDE (status, reason, meeting_id, participation_id)` on it for an index-only scan.')
	);
	const genericSeq = r.queries.filter((q) => q.generic?.seqScan);
	if (genericSeq.length) {
		p(
			`5. **Generic plans of the app's statements**: a statement that sends \`current = $n\` as a parameter lets only a custom plan use the partial indexes; ` +
				`a generic plan cannot prove a partial index's \`WHERE current\` from \`current = $n\` and falls back to ` +
				`another index or a Seq Scan (here: ${genericSeq.map((q) => `${q.key} ${ms(q.generic!.exec)} ms`).join(', ')}). ` +
				'With the default `plan_cache_mode = auto` PostgreSQL keeps choosing custom plans, because the generic one is estimated far dearer' +
				` (measured: ${genericSeq
					.filter((q) => q.prepared)
					.map((q) => `${q.key} ${q.prepared!.custom} custom / ${q.prepared!.generic} generic`)
					.join(', ')}), so this does not bite today, but every execution is planned afresh and a ` +
				'server or role set to `plan_cache_mode = force_generic_plan` would scan the table. ' +
				'Writing the condition as SQL (``sql`${attendance.current}` ``) instead of a bound parameter makes the partial indexes usable in every plan.'
		);
	} else {
		p("5. **Generic plans of the app's statements** (the app writes `current` as SQL, not a parameter): no Seq Scan on attendance in any of them.");
	}
	const fk0 = r.fk[0];
	const fkAtt = fk0.triggers.find((t) => t.constraint.startsWith('attendance_'));
	if (fk0.riSeqScan) {
		p(
			`6. **Poor fit: \`attendance_cohort_day_idx\` for the cohort foreign key.** Deleting even an unused cohort scans all of attendance: the FK check took ${fkAtt ? ms(fkAtt.ms) : '?'} ms ` +
				'(the contract edit waits that long, and it grows with the table). ' +
				'Suggested change (src/lib/server/db/schema/attendance.ts + a migration): replace the partial index by ' +
				"``index('attendance_cohort_day_idx').on(t.cohortId, t.day).where(sql`${t.cohortId} is not null`)`` — i.e. drop `current` from its predicate. " +
				'The cohort-month query keeps using it (it filters `current` on the few history rows).' +
				(r.whatIf
					? ` Measured here: the FK check drops to ${ms(r.whatIf.fk.triggers.find((t) => t.constraint.startsWith('attendance_'))?.ms ?? NaN)} ms (${r.whatIf.fk.riPlan.join('; ')}), ` +
						`the cohort-month query is ${r.whatIf.cohortQueries.map((q) => `${ms(q.execMedian)} ms (${q.params.split(':')[0]})`).join(', ')} instead of ${find(
							'b'
						)
							.map((q) => `${ms(q.execMedian)} ms`)
							.join(', ')}, ` +
						`and the index is ${bytes(r.whatIf.size)} instead of ${bytes(r.sizes.find((s) => s.name === 'attendance_cohort_day_idx')?.size)} (built in ${r.whatIf.buildSeconds.toFixed(0)} s).`
					: '')
		);
		p(
			'   The same holds for attendance.contract_id (only the partial `attendance_contract_day_idx`) and ' +
				'attendance.meeting_id (only the partial unique index): deleting a contract or a meeting would scan attendance. ' +
				'The app deletes neither today (meetings are cancelled, contracts are not removed); if that changes, give those the same treatment.'
		);
	} else {
		p(`6. Deleting an unused cohort: the FK check on attendance uses an index (${fk0.riPlan.join('; ')}), ${fkAtt ? ms(fkAtt.ms) : '?'} ms.`);
	}
	const pd = r.sizes.find((s) => s.name === 'attendance_participation_day_idx');
	if (pd) {
		p(
			`7. \`attendance_participation_day_idx\` (participation_id, day) covers every row, history included: ${bytes(pd.size)}, ` +
				`${((100 * Number(pd.size)) / Number((r.tot as Row).indexes)).toFixed(0)} % of attendance's index space and the largest of its indexes. ` +
				'Its comment in the schema ("small") is misleading, but it is needed: it serves the FK on participation_id, ' +
				"the history of a day and loadToday's marks step (finding 2). Keep it; correct the comment."
		);
	}
	const a3 = find('a3')[0];
	const fkOthers = r.fk[0].triggers.filter((t) => /^(participations|referrals)_cohort_id/.test(t.constraint));
	if (a3 && a3.accesses.some((a) => /Seq Scan on participations/.test(a))) {
		p(
			`8. Outside attendance, for the lead: participations has no index on cohort_id. loadToday's people step (a3) reads all ${int(r.counts.participations)} participations ` +
				`(${ms(a3.execMedian)} ms), and deleting a cohort scans participations and referrals for their cohort FKs (${fkOthers.map((t) => `${t.constraint} ${ms(t.ms)} ms`).join(', ')}). ` +
				'An index on participations (cohort_id) (and referrals (cohort_id) for the FK) would make both index lookups; small tables, so not urgent.'
		);
	} else if (a3) {
		p(`8. loadToday's people step (a3, participations side): ${a3.accesses.join('; ')} — ${ms(a3.execMedian)} ms.`);
	}
	p();
	p('<details><summary>attendance definitions after the load (identical to the migrated ones)</summary>');
	p();
	p('```');
	for (const d of r.definitions) p(d);
	p('```');
	p();
	p('</details>');
	p();
	return `${L.join('\n')}\n`;
}

void main();

/**
 * Reliability under load: the server is killed (SIGKILL) in the middle of saving attendance marks and
 * invoice approvals, restarted on the same database, and the data is checked.
 *
 *   node --import tsx bench/crash.ts [--rounds 3] [--seed 1] [--clients 4] [--approvers 2] [--invoices 8]
 *                                    [--url postgres://postgres@127.0.0.1:5432/postgres] [--port N]
 *
 * Needs the built app (`npx vite build`) and a local PostgreSQL. Creates a throwaway database (random
 * name, dropped at the end, also on failure or Ctrl-C), starts `node build` on it with the demo data,
 * adds participations to the demo coach's cohort work (SQL) and prepares checked invoices (HTTP form posts
 * as the pages make them). Then, per round: several clients post mark batches (each mark with its own
 * clientKey, as the offline queue sends them) and the approver posts approvals (some twice at once, a
 * double tap); after a seeded random delay the server gets SIGKILL. It is restarted on the same database
 * and the data is checked in SQL and over HTTP (see README.md). Exit code 1 when any invariant fails.
 */
import postgres from 'postgres';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startBuiltServer, signedInCookie, type RunningServer } from './lib/server';
import { arg, median, writeSection } from './lib/results';

type Sql = postgres.Sql;

// ---------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------

const ROUNDS = Number(arg('rounds') || 3);
const SEED = Number(arg('seed') || 1);
const CLIENTS = Number(arg('clients') || 4);
const APPROVERS = Number(arg('approvers') || 2);
const INVOICES = Number(arg('invoices') || 8);
const ADMIN_URL = arg('url') || process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(arg('port') || 20000 + Math.floor(Math.random() * 20000));
for (const [k, v] of Object.entries({ ROUNDS, SEED, CLIENTS, APPROVERS, INVOICES, PORT })) {
	if (!Number.isInteger(v) || v < 1) throw new Error(`--${k.toLowerCase()} must be a positive integer`);
}

const COACH = 'valmentaja@valmennuspohjola.demo.fi';
const FINANCE = 'talous@valmennuspohjola.demo.fi';
const REVIEWER = 'tarkastaja@pohjanmaa.demo.fi';
const APPROVER = 'hyvaksyja@pohjanmaa.demo.fi';
const OFFICER = 'handlaggare@pohjanmaa.demo.fi';
const UA = 'crash-bench';

const log = (...a: unknown[]) => console.log(`[crash ${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: a small seeded generator, so that a run (kill times, batches) can be repeated. */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// ---------------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------------

interface ActionAnswer {
	/** false: no answer came (connection reset, server killed). */
	answered: boolean;
	status: number;
	type?: string;
	location?: string;
}

/** A SvelteKit form action as the enhanced form posts it (JSON ActionResult back). */
async function action(base: string, cookie: string, path: string, name: string, fields: Record<string, string>, ua = UA): Promise<ActionAnswer> {
	let res: Response;
	try {
		res = await fetch(`${base}${path}?/${name}`, {
			method: 'POST',
			headers: {
				origin: base,
				cookie,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'user-agent': ua
			},
			body: new URLSearchParams(fields).toString(),
			redirect: 'manual'
		});
	} catch {
		return { answered: false, status: 0 };
	}
	try {
		const body = (await res.json()) as { type?: string; status?: number; location?: string };
		return { answered: true, status: body.status ?? res.status, type: body.type, location: body.location };
	} catch {
		// Headers came but the body did not: the client cannot know what happened.
		return { answered: false, status: res.status };
	}
}

async function mustAct(base: string, cookie: string, path: string, name: string, fields: Record<string, string>): Promise<ActionAnswer> {
	const r = await action(base, cookie, path, name, fields);
	if (!r.answered || (r.type !== 'success' && r.type !== 'redirect')) throw new Error(`preparation: ${path}?/${name} answered ${JSON.stringify(r)}`);
	return r;
}

interface MarkItem {
	clientKey: string;
	participationId: string;
	day: string;
	status: 'present' | 'absent';
	reason: 'sick' | 'unexcused' | null;
	reasonText: null;
	markedAt: string;
}
type MarkAnswer = { clientKey: string; ok: boolean; outcome?: string; error?: string };

async function postMarks(
	base: string,
	cookie: string,
	orgId: string,
	marks: MarkItem[],
	ua: string
): Promise<{ answered: boolean; status: number; answers?: MarkAnswer[] }> {
	let res: Response;
	try {
		res = await fetch(`${base}/provider/${orgId}/attendance`, {
			method: 'POST',
			headers: { origin: base, cookie, 'content-type': 'application/json', 'user-agent': ua },
			body: JSON.stringify({ marks, meetings: [] })
		});
	} catch {
		return { answered: false, status: 0 };
	}
	try {
		const text = await res.text();
		if (res.status !== 200) return { answered: true, status: res.status };
		return { answered: true, status: 200, answers: (JSON.parse(text) as { marks: MarkAnswer[] }).marks };
	} catch {
		return { answered: false, status: res.status };
	}
}

// ---------------------------------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------------------------------

const dbName = `bench_crash_${randomBytes(5).toString('hex')}`;
const dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
let sql: Sql | null = null;
let server: RunningServer | null = null;
let cleaned = false;

async function cleanup() {
	if (cleaned) return;
	cleaned = true;
	if (server && server.child.exitCode === null) await server.stop('SIGKILL');
	if (sql) await sql.end({ timeout: 5 }).catch(() => {});
	await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch((e) => log('could not drop', dbName, e.message));
	await admin.end({ timeout: 5 }).catch(() => {});
	log(`dropped ${dbName}`);
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
	process.once(sig, () => {
		void cleanup().finally(() => process.exit(130));
	});
}

const serverEnv = () => ({ DATABASE_URL: dbUrl, SEED_DEMO: '1', PTP_DEMO: '1' });

async function idOf(table: 'users' | 'organisations', column: string, value: string): Promise<string> {
	const [row] = await sql!`select id from ${sql!(table)} where ${sql!(column)} = ${value}`;
	if (!row) throw new Error(`demo data: no ${table}.${column} = ${value}`);
	return row.id as string;
}

/**
 * The demo coach's work, made bigger: the demo cohort filled to its capacity and a second cohort of the
 * same contract (the contract's total capacity), every participation referred by the demo case officer,
 * accepted, active, with its coach, consent and start event, like the ones the demo seed makes.
 */
async function addParticipations(ids: Ids) {
	const db = sql!;
	const [contract] = await db`select id, area_id, provider_id, capacity_total, capacity_per_cohort from contracts where contract_number = 'POH-2026-041'`;
	const [cohort] = await db`select * from cohorts where contract_id = ${contract.id} order by start_date limit 1`;
	const [sample] = await db`
		select p.start_date::text as start_date, r.referred_at, r.answer_due::text as answer_due, r.planned_start::text as planned_start
		from participations p join referrals r on r.id = p.referral_id
		where p.cohort_id = ${cohort.id} and p.status = 'active' order by p.created_at limit 1`;
	const existing = Number((await db`select count(*)::int as n from participations where cohort_id = ${cohort.id}`)[0].n);
	await db.begin(async (tx) => {
		const [second] = await tx`insert into cohorts (contract_id, name, start_date, end_date, weekdays, daily_start, daily_end, place, language, capacity)
			values (${contract.id}, 'Työnhakuryhmä Vaasa, iltapäivä', ${cohort.start_date}, ${cohort.end_date}, ${cohort.weekdays}, '12:00', '16:00', ${cohort.place}, 'fi', ${cohort.capacity})
			returning id`;
		const plan = [...Array(Math.max(0, cohort.capacity - existing)).fill(cohort.id), ...Array(cohort.capacity).fill(second.id)] as string[];
		for (const [i, cohortId] of plan.entries()) {
			const [customer] = await tx`insert into customers (area_id, customer_number, name, language, created_at)
				values (${contract.area_id}, ${`VAA-2${String(i).padStart(4, '0')}`}, ${`Kuormitus Asiakas ${i + 1}`}, 'fi', ${sample.referred_at}) returning id`;
			await tx`insert into consents (customer_id, form_version, scope, given_on, recorded_by, recorded_at)
				values (${customer.id}, 'SUO-2025-1', 'Yhteystiedot, läsnäolot ja poissaolot palveluntuottajalle', ${sample.planned_start}, ${ids.officer}, ${sample.referred_at})`;
			const [referral] =
				await tx`insert into referrals (customer_id, contract_id, cohort_id, area_id, provider_id, officer_id, status, needs, planned_start, referred_at, answer_due, answered_at, answered_by)
				values (${customer.id}, ${contract.id}, ${cohortId}, ${contract.area_id}, ${contract.provider_id}, ${ids.officer}, 'accepted', 'Työnhaun taidot ryhmässä',
					${sample.planned_start}, ${sample.referred_at}, ${sample.answer_due}, ${sample.referred_at}, ${ids.coach}) returning id`;
			const [p] =
				await tx`insert into participations (referral_id, customer_id, contract_id, cohort_id, coach_id, status, start_date, planned_end_date, created_at)
				values (${referral.id}, ${customer.id}, ${contract.id}, ${cohortId}, ${ids.coach}, 'active', ${sample.start_date}, ${cohort.end_date}, ${sample.referred_at}) returning id`;
			await tx`insert into participation_events (participation_id, kind, day, recorded_by, recorded_at) values (${p.id}, 'started', ${sample.start_date}, ${ids.coach}, ${sample.referred_at})`;
		}
	});
	// Every weekday of the cohorts from the participation's start to yesterday (Helsinki): what a coach marks.
	const rows = await db`
		select p.id as participation_id, d::date::text as day
		from participations p
		join cohorts c on c.id = p.cohort_id
		cross join lateral generate_series(
			greatest(p.start_date, c.start_date),
			least(coalesce(p.end_date, p.planned_end_date, c.end_date), (now() at time zone 'Europe/Helsinki')::date - 1),
			interval '1 day'
		) d
		where p.contract_id = ${contract.id} and p.coach_id = ${ids.coach} and p.status in ('active', 'starting')
			and extract(isodow from d)::int = any(c.weekdays)
		order by 1, 2`;
	return {
		slots: rows.map((r) => ({ participationId: r.participation_id as string, day: r.day as string })),
		participations: new Set(rows.map((r) => r.participation_id as string)).size
	};
}

interface Ids {
	coach: string;
	finance: string;
	reviewer: string;
	approver: string;
	officer: string;
	provider: string;
	area: string;
}

// ---------------------------------------------------------------------------------------------------
// Invoices ready to approve: opened, given a line, submitted (finance), checked (reviewer), over HTTP
// ---------------------------------------------------------------------------------------------------

interface Cookies {
	coach: string;
	finance: string;
	reviewer: string;
	approver: string;
}

interface ReadyInvoice {
	id: string;
	kind: string;
	/** The version the approver's page shows (after the check). */
	version: number;
}

async function versionOf(id: string): Promise<number> {
	return Number((await sql!`select version from invoices where id = ${id}`)[0].version);
}

async function submitAndCheck(base: string, c: Cookies, ids: Ids, id: string): Promise<ReadyInvoice> {
	const providerPath = `/provider/${ids.provider}/invoices/${id}`;
	await mustAct(base, c.finance, providerPath, 'submit', { version: String(await versionOf(id)) });
	await mustAct(base, c.reviewer, `/area/${ids.area}/invoices/${id}`, 'check', { version: String(await versionOf(id)) });
	const [row] = await sql!`select kind, status, version from invoices where id = ${id}`;
	if (row.status !== 'checked') throw new Error(`preparation: invoice ${id} is ${row.status}`);
	return { id, kind: row.kind as string, version: Number(row.version) };
}

/**
 * `count` checked invoices of the demo provider to the demo area: ended months not yet invoiced first; when
 * none is left, credit notes of approved invoices (an approved credit note frees its period again).
 */
async function prepareInvoices(base: string, c: Cookies, ids: Ids, count: number): Promise<ReadyInvoice[]> {
	const ready: ReadyInvoice[] = [];
	const contracts =
		await sql!`select id, contract_number, start_date::text as start_date from contracts where provider_id = ${ids.provider} and area_id = ${ids.area} order by contract_number`;
	const today = (await sql!`select (now() at time zone 'Europe/Helsinki')::date::text as d`)[0].d as string;
	for (const ct of contracts) {
		for (let from = ct.start_date as string; ready.length < count;) {
			const until = (await sql!`select ((${from}::date + interval '1 month')::date - 1)::text as u`)[0].u as string;
			if (until >= today) break;
			const next = (await sql!`select (${until}::date + 1)::text as n`)[0].n as string;
			const held = await sql!`select 1 from invoices i where i.contract_id = ${ct.id} and i.kind = 'invoice' and i.period_from = ${from}
				and not exists (select 1 from invoices cn where cn.credit_of = i.id and cn.status in ('approved', 'paid'))`;
			if (held.length === 0) {
				const opened = await mustAct(base, c.finance, `/provider/${ids.provider}/invoices`, 'open', { contractId: ct.id, period: `${from}_${until}` });
				const id = /invoices\/([0-9a-f-]{36})/.exec(opened.location ?? '')?.[1];
				if (!id) throw new Error(`preparation: open gave ${JSON.stringify(opened)}`);
				await mustAct(base, c.finance, `/provider/${ids.provider}/invoices/${id}`, 'addLine', {
					version: String(await versionOf(id)),
					description: 'Matkakulut',
					quantity: '1',
					unitPrice: '12,50',
					vatRate: '2550',
					justification: 'Valmentajan matka asiakkaan luo (kuormitustesti)'
				});
				ready.push(await submitAndCheck(base, c, ids, id));
			}
			from = next;
		}
	}
	if (ready.length < count) {
		const approved =
			await sql!`select i.id from invoices i where i.provider_id = ${ids.provider} and i.area_id = ${ids.area} and i.kind = 'invoice' and i.status = 'approved'
			and not exists (select 1 from invoices cn where cn.credit_of = i.id) order by i.period_from limit ${count - ready.length}`;
		for (const inv of approved) {
			const credited = await mustAct(base, c.finance, `/provider/${ids.provider}/invoices/${inv.id}`, 'credit', {});
			const id = /invoices\/([0-9a-f-]{36})/.exec(credited.location ?? '')?.[1];
			if (!id) throw new Error(`preparation: credit gave ${JSON.stringify(credited)}`);
			ready.push(await submitAndCheck(base, c, ids, id));
		}
	}
	return ready;
}

// ---------------------------------------------------------------------------------------------------
// One round: load, kill, restart, check
// ---------------------------------------------------------------------------------------------------

interface Batch {
	ua: string;
	marks: MarkItem[];
	/** Sent, no answer yet. */
	pending?: boolean;
	answered: boolean;
	status: number;
	answers?: MarkAnswer[];
}

interface ApprovalPost {
	invoiceId: string;
	pending?: boolean;
	answered: boolean;
	status: number;
	type?: string;
}

interface RoundResult {
	round: number;
	/** 'random': at the drawn time; 'aimed': from the drawn time on, as soon as a request has committed but not yet been answered. */
	kill: 'random' | 'aimed';
	aim?: 'hit' | 'timeout';
	killAtMs: number;
	restartMs: number;
	batches: number;
	batchesAnswered: number;
	marksSent: number;
	marksAnswered: number;
	marksCommittedNoAnswer: number;
	marksAbsentNoAnswer: number;
	resendDuplicate: number;
	resendSaved: number;
	approvalPosts: number;
	approvalsAnswered: number;
	approvalsOk: number;
	approvalsConflict: number;
	approvalsCommittedNoAnswer: number;
	approvalsRetried: number;
	lost: number;
	duplicated: number;
	halfDone: number;
	other: number;
	problems: string[];
}

async function round(
	n: number,
	base: string,
	c: Cookies,
	ids: Ids,
	slots: { participationId: string; day: string }[],
	random: () => number
): Promise<RoundResult> {
	const r: RoundResult = {
		round: n,
		kill: n % 2 === 0 ? 'aimed' : 'random',
		killAtMs: 0,
		restartMs: 0,
		batches: 0,
		batchesAnswered: 0,
		marksSent: 0,
		marksAnswered: 0,
		marksCommittedNoAnswer: 0,
		marksAbsentNoAnswer: 0,
		resendDuplicate: 0,
		resendSaved: 0,
		approvalPosts: 0,
		approvalsAnswered: 0,
		approvalsOk: 0,
		approvalsConflict: 0,
		approvalsCommittedNoAnswer: 0,
		approvalsRetried: 0,
		lost: 0,
		duplicated: 0,
		halfDone: 0,
		other: 0,
		problems: []
	};
	const problem = (kind: 'lost' | 'duplicated' | 'halfDone' | 'other', text: string) => {
		r[kind]++;
		if (r.problems.length < 30) r.problems.push(`${kind}: ${text}`);
	};

	const pool = await prepareInvoices(base, c, ids, INVOICES);
	log(`round ${n}: ${pool.length} checked invoices ready (${pool.filter((i) => i.kind === 'credit_note').length} credit notes)`);

	// The random choices are drawn up front from the seeded generator, so that a run can be repeated.
	r.killAtMs = Math.round(1000 + random() * 2000);
	const plans = Array.from({ length: CLIENTS }, () =>
		Array.from({ length: 400 }, () => {
			const size = 5 + Math.floor(random() * 36);
			return Array.from({ length: size }, () => {
				const s = slots[Math.floor(random() * slots.length)];
				const x = random();
				const status = x < 0.85 ? ('present' as const) : ('absent' as const);
				const reason = x < 0.85 ? null : x < 0.97 ? ('sick' as const) : ('unexcused' as const);
				const minute = Math.floor(random() * 240);
				return { s, status, reason, minute };
			});
		})
	);
	const approvalPlan = pool.map((inv, i) => ({ inv, client: i % APPROVERS, doubleTap: random() < 0.3 }));
	const gap = Math.max(50, Math.round((3000 * APPROVERS) / Math.max(1, pool.length)));

	let killed = false;
	const batches: Batch[] = [];
	const approvals: ApprovalPost[] = [];
	const t0 = performance.now();

	const markClient = async (k: number) => {
		for (const [seq, plan] of plans[k].entries()) {
			if (killed) return;
			const marks: MarkItem[] = plan.map((m) => ({
				clientKey: randomUUID(),
				participationId: m.s.participationId,
				day: m.s.day,
				status: m.status,
				reason: m.reason,
				reasonText: null,
				// Tapped on the day (the queue kept it while offline): within the marking deadline.
				markedAt: new Date(Date.parse(`${m.s.day}T11:00:00Z`) + m.minute * 60_000).toISOString()
			}));
			const batch: Batch = { ua: `${UA} r${n} c${k} b${seq}`, marks, pending: true, answered: false, status: 0 };
			batches.push(batch);
			const res = await postMarks(base, c.coach, ids.provider, marks, batch.ua);
			Object.assign(batch, res, { pending: false });
		}
	};
	const approvalClient = async (k: number) => {
		for (const { inv, doubleTap } of approvalPlan.filter((p) => p.client === k)) {
			if (killed) return;
			const post = async () => {
				const p: ApprovalPost = { invoiceId: inv.id, pending: true, answered: false, status: 0 };
				approvals.push(p);
				const res = await action(base, c.approver, `/area/${ids.area}/invoices/${inv.id}`, 'approve', { version: String(inv.version) }, `${UA} r${n} approve`);
				Object.assign(p, { answered: res.answered, status: res.status, type: res.type, pending: false });
			};
			await Promise.all(doubleTap ? [post(), post()] : [post()]);
			await sleep(gap);
		}
	};
	const killer = (async () => {
		await sleep(r.killAtMs);
		if (r.kill === 'aimed') {
			// Freeze the server (SIGSTOP: it can send nothing more, as if killed at that instant) and look in the
			// database for a request whose transaction has committed while its client still waits; kill on the
			// first one, else let it run a few ms more. After 1.5 s it is killed anyway.
			const pid = server!.child.pid!;
			r.aim = 'timeout';
			for (const until = performance.now() + 1500; performance.now() < until;) {
				process.kill(pid, 'SIGSTOP');
				const uas = batches.filter((b) => b.pending).map((b) => b.ua);
				const invs = [...new Set(approvals.filter((p) => p.pending).map((p) => p.invoiceId))];
				const hit =
					(uas.length > 0 && (await sql!`select 1 from audit_log where action = 'attendance.record' and user_agent in ${sql!(uas)} limit 1`).length > 0) ||
					(invs.length > 0 && (await sql!`select 1 from invoices where status = 'approved' and id in ${sql!(invs)} limit 1`).length > 0);
				if (hit) {
					r.aim = 'hit';
					break;
				}
				process.kill(pid, 'SIGCONT');
				await sleep(2 + Math.floor(Math.random() * 8));
			}
		}
		killed = true;
		await server!.stop('SIGKILL');
		r.killAtMs = Math.round(performance.now() - t0);
		log(`round ${n}: SIGKILL at ${r.killAtMs} ms (${r.kill}${r.aim ? `, ${r.aim}` : ''})`);
	})();
	await Promise.all([...Array.from({ length: CLIENTS }, (_, k) => markClient(k)), ...Array.from({ length: APPROVERS }, (_, k) => approvalClient(k)), killer]);

	const t1 = performance.now();
	server = await startBuiltServer(serverEnv(), PORT);
	r.restartMs = Math.round(performance.now() - t1);
	log(`round ${n}: restarted in ${r.restartMs} ms; checking`);

	// ---- marks: what the clients were told, against what the database holds ----
	const db = sql!;
	const rows = await db`select id, client_key, participation_id, day::text as day, current, meeting_id, replaces_id from attendance`;
	const byKey = new Map<string, number>();
	for (const row of rows) byKey.set(row.client_key, (byKey.get(row.client_key) ?? 0) + 1);
	const audits = await db`select user_agent, target_ids from audit_log where action = 'attendance.record' and user_agent like ${`${UA} r${n} %`}`;
	const auditsByUa = new Map<string, string[][]>();
	for (const a of audits) auditsByUa.set(a.user_agent, [...(auditsByUa.get(a.user_agent) ?? []), a.target_ids as string[]]);
	const committedBefore = new Set<string>();

	for (const b of batches) {
		r.batches++;
		r.marksSent += b.marks.length;
		const present = b.marks.filter((m) => byKey.has(m.clientKey));
		for (const m of present) committedBefore.add(m.clientKey);
		const audit = auditsByUa.get(b.ua) ?? [];
		const covered = (ms: MarkItem[]) => audit.length === 1 && ms.every((m) => audit[0].includes(m.participationId));
		if (b.answered && b.status !== 200) problem('other', `batch ${b.ua} answered HTTP ${b.status}`);
		if (b.answered && b.answers) {
			r.batchesAnswered++;
			r.marksAnswered += b.marks.length;
			const answers = new Map(b.answers.map((a) => [a.clientKey, a]));
			for (const m of b.marks) {
				const a = answers.get(m.clientKey);
				if (!a) problem('other', `batch ${b.ua}: no answer for ${m.clientKey}`);
				else if (a.ok && (a.outcome === 'saved' || a.outcome === 'history')) {
					if (!byKey.has(m.clientKey)) problem('lost', `mark ${m.clientKey} answered ${a.outcome} is not in the database`);
				} else if (a.ok) problem('other', `fresh mark ${m.clientKey} answered ${a.outcome}`);
				else {
					problem('other', `mark ${m.clientKey} refused: ${a.error}`);
					if (byKey.has(m.clientKey)) problem('halfDone', `refused mark ${m.clientKey} is in the database`);
				}
			}
			const stored = b.marks.filter((m) => answers.get(m.clientKey)?.ok);
			if (stored.length ? !covered(stored) : audit.length !== 0)
				problem('halfDone', `answered batch ${b.ua}: ${audit.length} audit rows for ${stored.length} stored marks`);
		} else {
			// No answer: all of the batch with its one audit row, or none of it.
			r.marksCommittedNoAnswer += present.length;
			r.marksAbsentNoAnswer += b.marks.length - present.length;
			if (present.length === b.marks.length ? !covered(present) : present.length !== 0 || audit.length !== 0) {
				problem('halfDone', `unanswered batch ${b.ua}: ${present.length}/${b.marks.length} marks and ${audit.length} audit rows in the database`);
			}
		}
	}
	for (const [key, count] of byKey) if (count > 1) problem('duplicated', `client key ${key} has ${count} rows`);
	await checkSlots(db, problem);

	// ---- the device's whole queue sent again after the restart ----
	const everything = batches.flatMap((b) => b.marks);
	for (let i = 0; i < everything.length; i += 250) {
		const part = everything.slice(i, i + 250);
		let res = await postMarks(base, c.coach, ids.provider, part, `${UA} r${n} resend ${i / 250}`);
		if (!res.answered) res = await postMarks(base, c.coach, ids.provider, part, `${UA} r${n} resend ${i / 250} again`);
		if (!res.answers) {
			problem('other', `resend answered HTTP ${res.status}`);
			continue;
		}
		const answers = new Map(res.answers.map((a) => [a.clientKey, a]));
		for (const m of part) {
			const a = answers.get(m.clientKey);
			const was = committedBefore.has(m.clientKey);
			if (a?.ok && a.outcome === 'duplicate') {
				r.resendDuplicate++;
				if (!was) problem('other', `resend: ${m.clientKey} answered duplicate but was not stored before`);
			} else if (a?.ok && (a.outcome === 'saved' || a.outcome === 'history')) {
				r.resendSaved++;
				if (was) problem('duplicated', `resend: committed ${m.clientKey} answered ${a.outcome} instead of duplicate`);
			} else problem('other', `resend: ${m.clientKey} answered ${JSON.stringify(a)}`);
		}
	}
	const after =
		await db`select client_key, count(*)::int as n from attendance where client_key in ${db(everything.length ? everything.map((m) => m.clientKey) : [randomUUID()])} group by client_key`;
	const afterCount = new Map(after.map((x) => [x.client_key as string, x.n as number]));
	for (const m of everything) {
		const k = afterCount.get(m.clientKey) ?? 0;
		if (k === 0) problem('lost', `after resend ${m.clientKey} is missing`);
		if (k > 1) problem('duplicated', `after resend ${m.clientKey} has ${k} rows`);
	}
	await checkSlots(db, problem);

	// ---- approvals ----
	r.approvalPosts = approvals.length;
	for (const p of approvals) {
		if (!p.answered) continue;
		r.approvalsAnswered++;
		if (p.type === 'success') r.approvalsOk++;
		else if (p.status === 409) r.approvalsConflict++;
		else problem('other', `approval of ${p.invoiceId} answered ${p.type} ${p.status}`);
	}
	const state = async (inv: ReadyInvoice) => {
		const [row] = await db`select status, version, checked_by, approved_by, approved_at from invoices where id = ${inv.id}`;
		const [{ events }] = await db`select count(*)::int as events from invoice_events where invoice_id = ${inv.id} and kind = 'approved'`;
		const [{ audit }] = await db`select count(*)::int as audit from audit_log where action = 'invoice.approved' and target_ids @> array[${inv.id}]::text[]`;
		const [{ notes }] = await db`select count(*)::int as notes from notifications where kind = 'invoice_approved' and link like ${`%/invoices/${inv.id}`}`;
		const approved = row.status === 'approved';
		const consistent = approved
			? events === 1 &&
				audit === 1 &&
				notes === 1 &&
				row.approved_by === ids.approver &&
				row.approved_by !== row.checked_by &&
				row.approved_at !== null &&
				row.version === inv.version + 1
			: row.status === 'checked' &&
				events === 0 &&
				audit === 0 &&
				notes === 0 &&
				row.approved_by === null &&
				row.approved_at === null &&
				row.version === inv.version;
		if (events > 1 || audit > 1) problem('duplicated', `invoice ${inv.id}: ${events} approval events, ${audit} audit rows`);
		else if (!consistent)
			problem(
				'halfDone',
				`invoice ${inv.id}: status ${row.status} v${row.version} (was v${inv.version}), ${events} events, ` +
					`${audit} audit rows, ${notes} notifications, approver ${row.approved_by}, checker ${row.checked_by}`
			);
		return approved;
	};
	for (const inv of pool) {
		const posts = approvals.filter((p) => p.invoiceId === inv.id);
		const oks = posts.filter((p) => p.type === 'success').length;
		const approved = await state(inv);
		if (oks > 1) problem('duplicated', `invoice ${inv.id} approved ${oks} times`);
		if (oks >= 1 && !approved) problem('lost', `invoice ${inv.id}: approval answered success but it is ${approved ? 'approved' : 'not approved'}`);
		if (oks >= 1) continue;
		// Not answered as approved (not posted before the kill, or no answer): the page is opened again and approve retried.
		if (approved && posts.some((p) => !p.answered)) r.approvalsCommittedNoAnswer++;
		else if (approved) problem('other', `invoice ${inv.id} is approved although no approval of it was answered success`);
		if (posts.some((p) => !p.answered)) r.approvalsRetried++;
		const retry = await action(base, c.approver, `/area/${ids.area}/invoices/${inv.id}`, 'approve', { version: String(inv.version) }, `${UA} r${n} retry`);
		if (approved ? retry.status !== 409 : retry.type !== 'success')
			problem(
				approved ? 'duplicated' : 'lost',
				`invoice ${inv.id}: retry of approval answered ${retry.type} ${retry.status} (was ${approved ? '' : 'not '}approved)`
			);
		const again = await action(base, c.approver, `/area/${ids.area}/invoices/${inv.id}`, 'approve', { version: String(inv.version) }, `${UA} r${n} retry 2`);
		if (again.status !== 409) problem('duplicated', `invoice ${inv.id}: second retry answered ${again.type} ${again.status}, not a conflict`);
		if (!(await state(inv))) problem('lost', `invoice ${inv.id} is not approved after the retry`);
	}

	// ---- over HTTP: the pages still open on the data ----
	for (const day of [...new Set(slots.map((s) => s.day))].slice(-3)) {
		const res = await fetch(`${base}/provider/${ids.provider}/today?day=${day}`, { headers: { cookie: c.coach } });
		if (res.status !== 200) problem('other', `Today page for ${day} answered ${res.status}`);
		await res.arrayBuffer();
	}
	for (const inv of pool.slice(0, 3)) {
		const res = await fetch(`${base}/area/${ids.area}/invoices/${inv.id}`, { headers: { cookie: c.approver } });
		if (res.status !== 200) problem('other', `invoice page ${inv.id} answered ${res.status}`);
		await res.arrayBuffer();
	}
	return r;
}

/** Every participation's day that has marks has exactly one in force, and history points at real rows. */
async function checkSlots(db: Sql, problem: (kind: 'lost' | 'duplicated' | 'halfDone', text: string) => void) {
	const slots = await db`select participation_id, day::text as day, count(*) filter (where current)::int as current
		from attendance where meeting_id is null group by 1, 2 having count(*) filter (where current) <> 1`;
	for (const s of slots) problem(s.current > 1 ? 'duplicated' : 'halfDone', `participation ${s.participation_id} on ${s.day} has ${s.current} marks in force`);
	const dangling =
		await db`select a.id from attendance a where a.replaces_id is not null and not exists (select 1 from attendance b where b.id = a.replaces_id)`;
	for (const d of dangling) problem('halfDone', `attendance ${d.id} replaces a row that does not exist`);
}

// ---------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
	await admin.unsafe(`create database ${dbName}`);
	log(`database ${dbName}; port ${PORT}; seed ${SEED}; ${ROUNDS} rounds, ${CLIENTS} mark clients, ${APPROVERS} approvers, ${INVOICES} invoices a round`);
	server = await startBuiltServer(serverEnv(), PORT);
	log(`server with demo data ready in ${Math.round(server.readyMs)} ms`);
	sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
	const ids: Ids = {
		coach: await idOf('users', 'email', COACH),
		finance: await idOf('users', 'email', FINANCE),
		reviewer: await idOf('users', 'email', REVIEWER),
		approver: await idOf('users', 'email', APPROVER),
		officer: await idOf('users', 'email', OFFICER),
		provider: await idOf('organisations', 'name', 'Valmennus Pohjola Oy'),
		area: (await sql`select area_id from contracts where contract_number = 'POH-2026-041'`)[0].area_id
	};
	const { slots, participations } = await addParticipations(ids);
	log(`${participations} participations of the demo coach, ${slots.length} participant days to mark`);
	const cookies: Cookies = {
		coach: await signedInCookie(sql, ids.coach),
		finance: await signedInCookie(sql, ids.finance),
		reviewer: await signedInCookie(sql, ids.reviewer),
		approver: await signedInCookie(sql, ids.approver)
	};
	const random = rng(SEED);
	const results: RoundResult[] = [];
	for (let n = 1; n <= ROUNDS; n++) {
		const res = await round(n, server.base, cookies, ids, slots, random);
		results.push(res);
		log(
			`round ${n}: ${res.kill} kill at ${res.killAtMs} ms; batches ${res.batchesAnswered}/${res.batches} answered; ` +
				`marks sent ${res.marksSent}, answered ${res.marksAnswered}, ` +
				`committed without answer ${res.marksCommittedNoAnswer}, not stored ${res.marksAbsentNoAnswer}; resend: ` +
				`${res.resendDuplicate} duplicate, ${res.resendSaved} saved; approvals posted ${res.approvalPosts}, ` +
				`answered ${res.approvalsAnswered} (${res.approvalsOk} ok, ${res.approvalsConflict} conflict), ` +
				`committed without answer ${res.approvalsCommittedNoAnswer}; lost ${res.lost}, duplicated ${res.duplicated}, ` +
				`half-done ${res.halfDone}, other ${res.other}`
		);
		for (const p of res.problems) log(`  ${p}`);
	}
	const [totals] =
		await sql`select (select count(*)::int from attendance) as attendance, (select count(*)::int from notices) as notices, (select count(*)::int from invoices where status = 'approved') as approved`;
	const failed = results.some((x) => x.lost || x.duplicated || x.halfDone || x.other);

	const table = [
		'| round | kill | kill at | restart | batches answered / sent | marks sent | marks answered | committed without answer ' +
			'| not stored (resent, saved) | resend: duplicate / saved | approval posts | answered: ok / conflict ' +
			'| approvals committed without answer | lost | duplicated | half-done | other |',
		'| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		...results.map(
			(x) =>
				`| ${x.round} | ${x.kill}${x.aim === 'timeout' ? ' (no commit caught)' : ''} | ${x.killAtMs} ms | ${x.restartMs} ms ` +
				`| ${x.batchesAnswered} / ${x.batches} | ${x.marksSent} | ${x.marksAnswered} | ${x.marksCommittedNoAnswer} | ${x.marksAbsentNoAnswer} ` +
				`| ${x.resendDuplicate} / ${x.resendSaved} | ${x.approvalPosts} | ${x.approvalsOk} / ${x.approvalsConflict} ` +
				`| ${x.approvalsCommittedNoAnswer} | ${x.lost} | ${x.duplicated} | ${x.halfDone} | ${x.other} |`
		)
	];
	const restartMedian = Math.round(median(results.map((x) => x.restartMs)));
	writeSection(
		'crash',
		`## Crash under load (\`npm run bench:crash\`)

${failed ? '**FAIL**' : '**PASS**'}: ${ROUNDS} rounds (seed ${SEED}), ` +
			`${CLIENTS} clients posting attendance batches of 5–40 marks for the demo coach's ${participations} ` +
			`participations (${slots.length} participant days) ` +
			`and ${APPROVERS} approvers posting approvals (30 % as a double tap) of ${INVOICES} checked invoices a round; ` +
			`the server (\`node build\`, PostgreSQL 15) got SIGKILL 1–3 s into the load (odd rounds \`random\`: ` +
			`at a seeded random moment; even rounds \`aimed\`: ` +
			`from that moment on the server is frozen with SIGSTOP every few ms and killed as soon as the database shows a ` +
			`committed transaction whose client is still waiting for its answer) ` +
			`and was restarted on the same database (median restart ${restartMedian} ms).

${table.join('\n')}

Checked after every restart: every mark answered saved/history is stored, ` +
			`exactly once (one row per clientKey); a batch that got no answer is either stored whole with its one ` +
			`\`attendance.record\` audit row (naming its participations) or not at all; ` +
			`every participant day with marks has exactly one mark in force and every replaced mark exists; ` +
			`sending the whole queue again answers \`duplicate\` for exactly the stored keys and saves the rest, ` +
			`after which every key is stored once; every invoice is either approved with one approval event, ` +
			`one audit row, one notification, version +1 and approver ≠ checker, or still checked with none of these; ` +
			`an approval answered success is approved; the others are retried over HTTP and succeed once (or conflict when ` +
			`the approval had committed without an answer), and a second retry is a conflict (409), ` +
			`never a second approval; the Today and invoice pages answer 200. At the end: ` +
			`${totals.attendance} attendance rows, ${totals.notices} notices, ${totals.approved} approved invoices.`
	);
	return failed ? 1 : 0;
}

let code = 1;
try {
	code = await main();
} catch (e) {
	console.error(e);
	const running = server as RunningServer | null;
	if (running) console.error(running.output().slice(-3000));
} finally {
	await cleanup();
}
process.exit(code);

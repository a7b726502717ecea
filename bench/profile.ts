/**
 * Where a page's CPU goes: starts the built app with V8's CPU profiler (`node --cpu-prof build`) on the
 * national database, loads one page at saturation, and sums the profile's self time by where the code lives
 * (the app's own chunks, each package in node_modules, Node's internals, GC). Also prints CPU ms per page
 * (app and PostgreSQL, from /proc). Not a target check: a tool for finding what to make cheaper.
 *
 *   node --import tsx bench/profile.ts [--page today|healthz|<path>] [--rank 1] [--seconds 10] [--connections 50] [--top 25]
 *   node --import tsx bench/profile.ts --page /area/<id>/dashboard --user <user id>   # another page, signed in as that person
 *   BENCH_APP_DIR=/path/to/older/checkout node --import tsx bench/profile.ts …   # an older build, for before/after
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { runLoad } from './lib/load';
import { cpuBetween, sampleCpu } from './lib/cpu';
import { arg, ROOT } from './lib/results';
import { APP_DIR, signedInCookie, spawnServer, startFlags } from './lib/server';

const URL_ = arg('url') || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptp_scale';
const PAGE = arg('page') || 'today';
const SECONDS = Number(arg('seconds') ?? 10);
const CONNECTIONS = Number(arg('connections') ?? 50);
const TOP = Number(arg('top') ?? 25);
/** Which coach: 1 = the one with the most people on today's page. */
const RANK = Number(arg('rank') ?? 1);
const facts = JSON.parse(readFileSync(join(ROOT, 'bench', '.scale.json'), 'utf8')) as { today: string };
const TODAY = arg('today') || facts.today;

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

function where(url: string, fn: string): string {
	if (fn === '(garbage collector)' || fn === '(program)' || fn === '(idle)') return fn;
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (m) return m[1];
	if (url.includes('/build/') || url.includes('/.svelte-kit/')) return 'app (build/)';
	if (url.startsWith('node:') || url === '') return 'node internals';
	return url;
}

async function main() {
	const sql = postgres(URL_, { max: 2, onnotice: () => {} });
	const [busiest] = await sql<{ coach_id: string; provider_id: string }[]>`
		select p.coach_id, k.provider_id from participations p join cohorts c on c.id = p.cohort_id join contracts k on k.id = p.contract_id
		where p.status in ('starting','active') and c.start_date <= ${TODAY}::date and c.end_date >= ${TODAY}::date
			and extract(isodow from ${TODAY}::date)::int = any(c.weekdays)
			and exists (select 1 from assignments a where a.user_id = p.coach_id and a.provider_id = k.provider_id and a.valid_from <= ${TODAY}::date and a.valid_until >= ${TODAY}::date)
		group by 1, 2 order by count(*) desc offset ${RANK - 1} limit 1`;
	const cookie = await signedInCookie(sql, arg('user') || busiest.coach_id);
	const path = PAGE === 'today' ? `/provider/${busiest.provider_id}/today` : PAGE === 'healthz' ? '/healthz' : PAGE;
	const dir = mkdtempSync(join(tmpdir(), 'ptp-prof-'));
	const env: Record<string, string> = { DATABASE_URL: URL_, SEED_DEMO: '0', PTP_DEMO: '1', FAKE_NOW: `${TODAY}T08:00:00Z`, LOG_LEVEL: 'warn' };
	const server = await spawnServer({
		args: [...startFlags(APP_DIR), '--cpu-prof', `--cpu-prof-dir=${dir}`, 'build'],
		cwd: APP_DIR,
		port: 4420,
		path: '/readyz',
		env
	});
	try {
		const first = await fetch(server.base + path, { headers: { cookie } });
		const body = await first.text();
		console.log(`${path}: ${first.status}, ${(body.length / 1000).toFixed(1)} KB`);
		await runLoad({ base: server.base, connections: CONNECTIONS, seconds: 3, requestFor: () => ({ path, headers: { cookie } }) });
		const a = sampleCpu(server.child.pid!);
		const r = await runLoad({ base: server.base, connections: CONNECTIONS, seconds: SECONDS, requestFor: () => ({ path, headers: { cookie } }) });
		const b = sampleCpu(server.child.pid!);
		const { appMs, pgMs } = cpuBetween(a, b);
		console.log(
			`${r.requests} requests, ${r.perSecond.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms; CPU per page: app ${(appMs / r.requests).toFixed(2)} ms, PostgreSQL ${(pgMs / r.requests).toFixed(2)} ms`
		);
	} finally {
		await server.stop();
		await sql.end();
	}
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	if (!file) throw new Error('no profile written');
	const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const byWhere = new Map<string, number>();
	const byFn = new Map<string, number>();
	let total = 0;
	for (const [id, us] of self) {
		const n = byId.get(id)!;
		if (n.callFrame.functionName === '(idle)') continue;
		total += us;
		const w = where(n.callFrame.url, n.callFrame.functionName);
		byWhere.set(w, (byWhere.get(w) ?? 0) + us);
		const f = `${n.callFrame.functionName || '(anonymous)'} ${w === 'app (build/)' ? n.callFrame.url.split('/').slice(-2).join('/') : w}:${n.callFrame.lineNumber}`;
		byFn.set(f, (byFn.get(f) ?? 0) + us);
	}
	const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
	console.log('\nself time by where the code lives (busy time, idle excluded):');
	for (const [w, us] of [...byWhere].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(us)}  ${w}`);
	console.log('\nfunctions:');
	for (const [f, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(us)}  ${f}`);
}

void main().catch((e) => {
	console.error(e);
	process.exit(1);
});

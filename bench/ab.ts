/**
 * CPU per page of two builds, measured in turns on the same database: the older build (BENCH_APP_DIR, e.g. a
 * worktree of the commit before a change) and this checkout's. Each round sends the same sequential requests
 * to one build, then to the other, and reads each app process's CPU time from /proc, so a machine loaded by
 * other work inflates both alike; the medians of the rounds are compared. PostgreSQL's CPU is every postgres
 * process on the machine: only meaningful on a quiet machine.
 *
 *   BENCH_APP_DIR=/path/to/older/checkout node --import tsx bench/ab.ts [--page today|<path>] [--rank 1] [--requests 40] [--rounds 5]
 *   BENCH_APP_DIR=/path/to/older/checkout node --import tsx bench/ab.ts --page /provider/<id>/referrals --user <user id>   # another page, as that person
 *   BENCH_APP_DIR=. node --import tsx bench/ab.ts --after-node-options "--max-semi-space-size=64"   # one build, two settings
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { cpuBetween, sampleCpu } from './lib/cpu';
import { arg, ROOT } from './lib/results';
import { signedInCookie, spawnServer, startFlags, type RunningServer } from './lib/server';

const URL_ = arg('url') || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptp_scale';
const PAGE = arg('page') || 'today';
const RANK = Number(arg('rank') ?? 1);
const REQUESTS = Number(arg('requests') ?? 40);
const ROUNDS = Number(arg('rounds') ?? 5);
const AFTER_NODE_OPTIONS = arg('after-node-options') ?? '';
const OLDER = process.env.BENCH_APP_DIR;
if (!OLDER) throw new Error('BENCH_APP_DIR: the older checkout (with its build/) to compare with');
const facts = JSON.parse(readFileSync(join(ROOT, 'bench', '.scale.json'), 'utf8')) as { today: string };
const TODAY = arg('today') || facts.today;

const sql = postgres(URL_, { max: 2, onnotice: () => {} });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
	// The coach with the RANK-th most people in cohorts meeting today (as bench/profile.ts picks).
	const [coach] = await sql<{ coach_id: string; provider_id: string; n: number }[]>`
		select p.coach_id, k.provider_id, count(*)::int as n from participations p
		join cohorts c on c.id = p.cohort_id join contracts k on k.id = p.contract_id
		where p.status in ('starting', 'active') and p.start_date <= ${TODAY}::date and coalesce(p.planned_end_date, ${TODAY}::date) >= ${TODAY}::date
			and c.start_date <= ${TODAY}::date and c.end_date >= ${TODAY}::date and extract(isodow from ${TODAY}::date)::int = any(c.weekdays)
		group by p.coach_id, k.provider_id order by n desc offset ${RANK - 1} limit 1`;
	const cookie = await signedInCookie(sql, arg('user') || coach.coach_id);
	const path = PAGE === 'today' ? `/provider/${coach.provider_id}/today` : PAGE;
	const env = { DATABASE_URL: URL_, SEED_DEMO: '0', PTP_DEMO: '1', LOG_LEVEL: 'warn', BODY_SIZE_LIMIT: '11M', FAKE_NOW: `${TODAY}T08:00:00Z` };
	const builds: { name: string; server: RunningServer; app: number[]; pg: number[]; bytes: number }[] = [];
	for (const [name, cwd, port] of [
		['before', OLDER, 4391],
		['after', ROOT, 4392]
	] as const)
		builds.push({
			name,
			server: await spawnServer({
				args: [...startFlags(cwd), 'build'],
				cwd,
				port,
				path: '/readyz',
				env: name === 'after' ? { ...env, NODE_OPTIONS: AFTER_NODE_OPTIONS } : env
			}),
			app: [],
			pg: [],
			bytes: 0
		});
	try {
		const load = async (b: (typeof builds)[number]) => {
			for (let i = 0; i < REQUESTS; i++) {
				const r = await fetch(`${b.server.base}${path}`, { headers: { cookie } });
				if (r.status !== 200) throw new Error(`${b.name}: ${path} answered ${r.status}`);
				b.bytes = (await r.arrayBuffer()).byteLength;
			}
		};
		for (const b of builds) await load(b); // warm-up
		for (let round = 0; round < ROUNDS; round++) {
			for (const b of round % 2 ? [...builds].reverse() : builds) {
				const s0 = sampleCpu(b.server.child.pid!);
				await load(b);
				const { appMs, pgMs } = cpuBetween(s0, sampleCpu(b.server.child.pid!));
				b.app.push(appMs / REQUESTS);
				b.pg.push(pgMs / REQUESTS);
			}
		}
		console.log(`${path} (coach ${RANK}: ${coach.n} people in today's cohorts), ${ROUNDS} rounds of ${REQUESTS} sequential requests`);
		for (const b of builds)
			console.log(
				`${b.name.padEnd(6)} ${(b.bytes / 1024).toFixed(1)} KB  app CPU median ${median(b.app).toFixed(2)} ` +
					`ms/page [${b.app.map((x) => x.toFixed(1)).join(' ')}]  PostgreSQL ${median(b.pg).toFixed(2)} ms/page`
			);
		console.log(`after/before app CPU: ${(median(builds[1].app) / median(builds[0].app)).toFixed(2)}`);
	} finally {
		for (const b of builds) await b.server.stop();
		await sql.end();
	}
}

await main();

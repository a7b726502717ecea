/**
 * `npm run bench`: every benchmark in turn, each writing its own section of bench/RESULTS.md.
 *
 *   npm run bench [-- --scale 1]
 *
 * Builds the app once, fills the national-scale database (DATABASE_URL, default ptp_scale on the local
 * server) when it has no data yet, then runs the load, crash, client-weight and cold-start benchmarks one
 * after another (never together: they would measure each other). Exits 1 if any of them failed.
 */
import { execSync, spawnSync } from 'node:child_process';
import postgres from 'postgres';
import { arg, ROOT } from './lib/results';

const URL_ = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptp_scale';
const SCALE = arg('scale') || '1';

async function hasData(): Promise<boolean> {
	const sql = postgres(URL_, { max: 1, onnotice: () => {} });
	try {
		const [r] = await sql`select count(*)::int as n from organisations`;
		return r.n > 0;
	} catch {
		return false;
	} finally {
		await sql.end();
	}
}

function run(label: string, args: string[], env: Record<string, string> = {}): boolean {
	console.log(`\n=== ${label}`);
	const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
	return r.status === 0;
}

console.log('=== vite build');
execSync('npx vite build', { cwd: ROOT, stdio: 'ignore' });
if (!(await hasData())) {
	if (!run(`seed:scale --scale ${SCALE}`, ['bench/seed-scale.ts', '--scale', SCALE], { DATABASE_URL: URL_ })) process.exit(1);
}
const results = {
	load: run('load', ['bench/load.ts', '--url', URL_]),
	crash: run('crash', ['bench/crash.ts']),
	client: run('client weight', ['bench/client-weight.ts']),
	coldStart: run('cold start', ['bench/cold-start.ts'])
};
const failed = Object.entries(results).filter(([, ok]) => !ok);
console.log(failed.length ? `\nFAILED: ${failed.map(([k]) => k).join(', ')}` : '\nall benchmarks done: bench/RESULTS.md');
process.exit(failed.length ? 1 : 0);

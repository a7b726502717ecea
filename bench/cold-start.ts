/**
 * Cold start on the embedded database (issue 8, benchmark 4).
 *
 *   node --import tsx bench/cold-start.ts [--runs 5] [--no-build-timing] [--in-place]
 *
 * `npm start` is `vite build && node build`. This measures both halves:
 * - `vite build` once, in a temp copy of the project (src, static, drizzle and the configs, with this
 *   node_modules symlinked) so that a build/ other people are serving is not replaced under them; with
 *   `--in-place` it builds this repository's build/ instead. If build/ is absent it is built in place first.
 * - `node build` `--runs` times on a fresh, empty PGlite folder (DATABASE_URL='', SEED_DEMO=1): spawn → first
 *   200 from /readyz, which includes the migrations and the demo seed ("first start, empty database"); then
 *   stopped and started again on the same, now filled folder ("start on existing data"). RSS of the idle
 *   server 1 s after each start.
 * - Baselines in the same run: `node -e` with an empty http server, and an empty SvelteKit 2 app (adapter-node,
 *   one <h1>) built with the same toolchain in a temp directory, both spawn → first 200 on `/`.
 *
 * Writes the `cold-start` section of bench/RESULTS.md. Temp folders are removed and servers stopped,
 * also on failure or Ctrl-C.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, arg, median, writeSection } from './lib/results';
import { spawnServer, startBuiltServer } from './lib/server';
import { freePort, makeEmptyKit, mib, viteBuild } from './client-weight';

const RUNS = Number(arg('runs') || 5);
const TIME_BUILD = !process.argv.includes('--no-build-timing');
const IN_PLACE = process.argv.includes('--in-place');
const IDLE_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stats = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const s = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

const cleanups: (() => unknown)[] = [];
async function cleanup() {
	for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e) => console.error('cleanup:', e));
	cleanups.length = 0;
}
const onSignal = () => void cleanup().then(() => process.exit(130));
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

/** A copy of what `vite build` reads, with node_modules symlinked; built there and removed. */
async function buildInCopy(): Promise<number> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-build-'));
	try {
		for (const f of ['src', 'static', 'drizzle', 'package.json', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json']) {
			if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
		}
		symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
		return await viteBuild(dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function main() {
	let buildMs: number | undefined;
	let buildWhere = '';
	if (!existsSync(join(ROOT, 'build', 'index.js')) || (TIME_BUILD && IN_PLACE)) {
		console.log('vite build (in place) …');
		buildMs = await viteBuild(ROOT);
		buildWhere = 'in place';
	} else if (TIME_BUILD) {
		console.log('vite build (in a temp copy) …');
		buildMs = await buildInCopy();
		buildWhere = 'in a temp copy of the project';
	}
	if (buildMs !== undefined) console.log(`vite build: ${s(buildMs)}`);

	// Baseline 1: the empty SvelteKit app, built with the same toolchain.
	console.log('building the empty SvelteKit app …');
	const empty = await makeEmptyKit();
	cleanups.push(() => empty.remove());

	const first: number[] = [];
	const again: number[] = [];
	const rssFirst: number[] = [];
	const rssAgain: number[] = [];
	const nodeHttp: number[] = [];
	const emptyKit: number[] = [];
	const rssEmptyKit: number[] = [];
	const rssNodeHttp: number[] = [];

	for (let i = 0; i < RUNS; i++) {
		// Baselines first in each round, so all three see the same machine state.
		{
			const port = await freePort();
			const srv = await spawnServer({
				args: ['-e', `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
				cwd: ROOT,
				port,
				path: '/'
			});
			await sleep(IDLE_MS);
			rssNodeHttp.push(srv.rss());
			nodeHttp.push(srv.readyMs);
			await srv.stop();
		}
		{
			const port = await freePort();
			const srv = await spawnServer({ args: ['build'], cwd: empty.dir, port, path: '/' });
			await sleep(IDLE_MS);
			rssEmptyKit.push(srv.rss());
			emptyKit.push(srv.readyMs);
			await srv.stop();
		}

		const dataDir = mkdtempSync(join(tmpdir(), 'bench-cold-'));
		const removeData = () => rmSync(dataDir, { recursive: true, force: true });
		cleanups.push(removeData);
		const env = { DATABASE_URL: '', SEED_DEMO: '1', PGLITE_DIR: join(dataDir, 'pglite') };
		for (const [label, times, rsss] of [
			['first start, empty database', first, rssFirst],
			['start on existing data', again, rssAgain]
		] as const) {
			const port = await freePort();
			const srv = await startBuiltServer(env, port);
			const stop = () => srv.stop();
			cleanups.push(stop);
			await sleep(IDLE_MS);
			rsss.push(srv.rss());
			times.push(srv.readyMs);
			const code = await srv.stop();
			cleanups.splice(cleanups.indexOf(stop), 1);
			if (code !== 0) throw new Error(`the server exited with ${code} after SIGTERM:\n${srv.output()}`);
			console.log(`run ${i + 1}, ${label}: ${s(srv.readyMs)}, RSS ${mib(rsss.at(-1)!)} MiB`);
		}
		removeData();
		cleanups.splice(cleanups.indexOf(removeData), 1);
		console.log(`run ${i + 1}, baselines: node http ${s(nodeHttp.at(-1)!)}, empty SvelteKit ${s(emptyKit.at(-1)!)}`);
	}

	const f = stats(first);
	const a = stats(again);
	const n = stats(nodeHttp);
	const k = stats(emptyKit);
	const row = (label: string, x: ReturnType<typeof stats>, rss: number[], ratio: boolean) => {
		const ratios = ratio ? [`${(x.median / k.median).toFixed(1)}×`, `${(x.median / n.median).toFixed(0)}×`] : ['', ''];
		return `| ${[label, `**${s(x.median)}**`, `${s(x.min)} – ${s(x.max)}`, ...ratios, `${mib(median(rss))} MiB`].join(' | ')} |`;
	};
	const md = `## Cold start on the embedded database (issue 8, benchmark 4)

\`node --import tsx bench/cold-start.ts\` (\`npm run bench:cold-start\`). \`npm start\` is \`vite build && node build\`; the server part is
measured ${RUNS} times as spawn of \`node build\` → first 200 from \`/readyz\` (polled every 50 ms), with \`DATABASE_URL=''\`,
\`SEED_DEMO=1\` and a new temp \`PGLITE_DIR\` each round: the first start creates the database, runs the migrations and fills
the demo data; the same folder is then started again. RSS is the server's resident memory, idle, ${IDLE_MS / 1000} s after it became
ready. Baselines in the same rounds (spawn → first 200 on \`/\`, polled every 10 ms): \`node -e\` with an empty \`http\` server, and an
empty SvelteKit 2 app (adapter-node, one \`<h1>\`) built with the same vite/kit/svelte.

| | median | min – max | × empty SvelteKit | × empty node http | RSS idle (median) |
| --- | ---: | ---: | ---: | ---: | ---: |
${row('first start, empty database (migrations + demo seed)', f, rssFirst, true)}
${row('start on existing data', a, rssAgain, true)}
${row('baseline: empty SvelteKit app (`node build`)', k, rssEmptyKit, false)}
${row('baseline: `node -e` empty http server', n, rssNodeHttp, false)}

${
	buildMs !== undefined
		? `\`vite build\` (what \`npm start\` adds before \`node build\`; once, ${buildWhere}): **${s(buildMs)}**; the empty SvelteKit app's build took
${s(empty.buildMs)}. So \`npm start\` on a bare machine is about ${s(buildMs + f.median)} to the first successful \`/readyz\` (build + first start),
and ${s(buildMs + a.median)} on existing data.`
		: `\`vite build\` was not timed (\`--no-build-timing\`); the empty SvelteKit app's build took ${s(empty.buildMs)}.`
}

RSS after the load tests: see the load-test section (this script measures the idle server after start).`;
	writeSection('cold-start', md);
	console.log(md);
}

main()
	.then(
		() => 0,
		(err) => {
			console.error(err);
			return 1;
		}
	)
	.then(async (code) => {
		await cleanup();
		process.exit(code);
	});

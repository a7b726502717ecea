/**
 * Client weight of the coach's Today page, against an empty SvelteKit page built with the same toolchain.
 *
 *   node --import tsx bench/client-weight.ts [--runs 3] [--lh-runs 3] [--no-lighthouse] [--build] [--budget-kb 60]
 *
 * 1. Starts the built app (`node build`, build/ must exist; `--build` runs `vite build` first) on a fresh
 *    embedded database with demo data, signs the coach in with TOTP in Debian's chromium and opens Today
 *    `--runs` times in a fresh browser context (empty HTTP cache). Every JavaScript and CSS response of that
 *    navigation (entry scripts, modulepreloads, stylesheets and the chunks imported while the page settles)
 *    is counted; the service worker script and the precache it fetches are not (they are the service
 *    worker's, not the page's). Each file is then fetched again with `accept-encoding: gzip` (what is sent:
 *    adapter-node serves the build's precompressed .gz files) and with `identity` (raw).
 * 2. Generates an empty SvelteKit 2 app (one <h1>) in a temp directory with the same node_modules, builds it
 *    with the same vite and adapter-node, serves it and measures its page the same way; deletes it.
 * 3. Lighthouse 12 (mobile, simulated throttling: the defaults) on Today and on the empty page, `--lh-runs`
 *    times each, in Debian's chromium via chrome-launcher, signed in through a Cookie header.
 *
 * Writes the `client-weight` section of bench/RESULTS.md.
 */
import { CHROMIUM_FLAGS } from '../tests/e2e/harness';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/lib/server/demo/users';
import { LOCALES, translate, type MessageKey } from '../src/lib/i18n';
import { ROOT, arg, median, writeSection } from './lib/results';
import { spawnServer, startBuiltServer, type RunningServer } from './lib/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export { CHROMIUM_FLAGS };
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

// ---------------------------------------------------------------------------------------------------
// Shared with bench/cold-start.ts
// ---------------------------------------------------------------------------------------------------

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => resolve(port));
		});
	});
}

/** Runs a command to completion; returns wall time in ms; throws with its output if it fails. */
export function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const t0 = performance.now();
		let out = '';
		const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout?.on('data', (d) => (out = (out + d).slice(-20_000)));
		child.stderr?.on('data', (d) => (out = (out + d).slice(-20_000)));
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
	});
}

/** `vite build` (the same vite the app uses) in `cwd`; ms. */
export function viteBuild(cwd: string): Promise<number> {
	return run(process.execPath, [VITE, 'build'], cwd);
}

/**
 * An empty SvelteKit 2 app (adapter-node, one <h1>) in a temp directory, with the app's node_modules
 * symlinked in, built with the same vite. `remove()` deletes it.
 */
export async function makeEmptyKit(): Promise<{ dir: string; buildMs: number; remove: () => void }> {
	const dir = mkdtempSync(join(tmpdir(), 'empty-kit-'));
	const remove = () => rmSync(dir, { recursive: true, force: true });
	try {
		mkdirSync(join(dir, 'src', 'routes'), { recursive: true });
		symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'empty-kit', private: true, type: 'module' }, null, 2));
		writeFileSync(
			join(dir, 'svelte.config.js'),
			`import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter({ out: 'build' }) } };\n`
		);
		writeFileSync(
			join(dir, 'vite.config.ts'),
			`import { sveltekit } from '@sveltejs/kit/vite';\nimport { defineConfig } from 'vite';\nexport default defineConfig({ plugins: [sveltekit()] });\n`
		);
		writeFileSync(
			join(dir, 'src', 'app.html'),
			[
				'<!doctype html>',
				'<html lang="en">',
				'\t<head>',
				'\t\t<meta charset="utf-8" />',
				'\t\t<meta name="viewport" content="width=device-width, initial-scale=1" />',
				'\t\t<title>Empty</title>',
				'\t\t%sveltekit.head%',
				'\t</head>',
				'\t<body data-sveltekit-preload-data="hover">',
				'\t\t<div style="display: contents">%sveltekit.body%</div>',
				'\t</body>',
				'</html>',
				''
			].join('\n')
		);
		writeFileSync(join(dir, 'src', 'routes', '+page.svelte'), `<h1>Hello</h1>\n`);
		const buildMs = await viteBuild(dir);
		return { dir, buildMs, remove };
	} catch (e) {
		remove();
		throw e;
	}
}

export const kb = (bytes: number) => (bytes / 1000).toFixed(1);
export const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);

// ---------------------------------------------------------------------------------------------------
// Measuring a page
// ---------------------------------------------------------------------------------------------------

interface FileWeight {
	path: string;
	kind: 'js' | 'css';
	raw: number;
	gzip: number;
	/** true when the server sent gzip (a precompressed .gz), false when we compressed it here (zlib -9) */
	servedGzip: boolean;
	/** encoded body size as chromium received it (it asks for br too) */
	received: number;
	encoding: string;
}

interface PageWeight {
	files: FileWeight[];
	html: { raw: number; received: number };
	serviceWorkerScript: boolean;
}

function get(url: string, encoding: string, cookie?: string): Promise<{ status: number; body: Buffer; encoding: string }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { headers: { 'accept-encoding': encoding, ...(cookie ? { cookie } : {}) } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), encoding: String(res.headers['content-encoding'] ?? 'identity') })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

const viewport = { viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, locale: 'fi-FI' };

/** Opens `url` in a fresh context (empty cache) and weighs every JS and CSS response of that navigation. */
async function weighPage(browser: Browser, url: string, cookie?: { name: string; value: string }): Promise<PageWeight> {
	const context = await browser.newContext(viewport);
	try {
		if (cookie) await context.addCookies([{ ...cookie, url: new URL(url).origin }]);
		const page = await context.newPage();
		const seen = new Map<string, { kind: 'js' | 'css'; received: number; encoding: string }>();
		let serviceWorkerScript = false;
		const pending: Promise<void>[] = [];
		page.on('response', (res) => {
			const u = new URL(res.url());
			const type = res.headers()['content-type'] ?? '';
			if (u.pathname === '/service-worker.js' || u.pathname.startsWith('/sw')) {
				serviceWorkerScript = true;
				return;
			}
			const kind = /javascript/.test(type) ? 'js' : /text\/css/.test(type) ? 'css' : null;
			if (!kind || seen.has(u.href)) return;
			const entry = { kind, received: 0, encoding: res.headers()['content-encoding'] ?? 'identity' } as const;
			const rec = { ...entry };
			seen.set(u.href, rec);
			pending.push(
				res
					.request()
					.sizes()
					.then((s) => void (rec.received = s.responseBodySize))
					.catch(() => undefined)
			);
		});
		const doc = await page.goto(url, { waitUntil: 'networkidle' });
		if (!doc?.ok()) throw new Error(`${url}: ${doc?.status()}`);
		if (new URL(page.url()).pathname !== new URL(url).pathname) throw new Error(`${url} ended at ${page.url()} (not signed in?)`);
		const docSizes = await doc.request().sizes();
		await Promise.all(pending);
		const files: FileWeight[] = [];
		for (const [href, s] of seen) {
			const gz = await get(href, 'gzip');
			const raw = await get(href, 'identity');
			if (gz.status !== 200 || raw.status !== 200) throw new Error(`${href}: ${gz.status}/${raw.status}`);
			const servedGzip = gz.encoding === 'gzip';
			files.push({
				path: new URL(href).pathname,
				kind: s.kind,
				raw: raw.body.length,
				gzip: servedGzip ? gz.body.length : gzipSync(raw.body, { level: 9 }).length,
				servedGzip,
				received: s.received,
				encoding: s.encoding
			});
		}
		files.sort((a, b) => b.gzip - a.gzip);
		return { files, html: { raw: (await doc.body()).length, received: docSizes.responseBodySize }, serviceWorkerScript };
	} finally {
		await context.close();
	}
}

function totals(files: FileWeight[]) {
	const sum = (k: 'raw' | 'gzip' | 'received', kind?: 'js' | 'css') => files.filter((f) => !kind || f.kind === kind).reduce((n, f) => n + f[k], 0);
	return {
		count: files.length,
		raw: sum('raw'),
		gzip: sum('gzip'),
		received: sum('received'),
		jsGzip: sum('gzip', 'js'),
		cssGzip: sum('gzip', 'css'),
		jsRaw: sum('raw', 'js'),
		cssRaw: sum('raw', 'css')
	};
}
type Totals = ReturnType<typeof totals>;

function medianTotals(ts: Totals[]): Totals {
	const keys = Object.keys(ts[0]) as (keyof Totals)[];
	return Object.fromEntries(keys.map((k) => [k, median(ts.map((t) => t[k]))])) as Totals;
}

// ---------------------------------------------------------------------------------------------------
// Signing in
// ---------------------------------------------------------------------------------------------------

function anyLanguage(key: MessageKey): RegExp {
	return new RegExp(LOCALES.map((l) => translate(l, key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

/** Signs the coach in (password + TOTP) and returns the session cookie and the Today URL. */
async function signInCoach(browser: Browser, base: string): Promise<{ cookie: { name: string; value: string }; todayUrl: string }> {
	const coach = DEMO_USERS.find((u) => u.email === 'valmentaja@valmennuspohjola.demo.fi');
	if (!coach) throw new Error('demo coach not found');
	const context = await browser.newContext(viewport);
	try {
		const page = await context.newPage();
		await page.goto(`${base}/login`);
		await page.getByLabel(anyLanguage('login.email')).fill(coach.email);
		await page.getByLabel(anyLanguage('login.password')).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: anyLanguage('login.submit'), exact: true }).click();
		await page.waitForURL(/\/login\/2fa/);
		await page.getByLabel(anyLanguage('mfa.code')).fill(generateTOTP(decodeBase32IgnorePadding(coach.totpSecret), 30, 6));
		await page.getByRole('button', { name: anyLanguage('mfa.submit') }).click();
		await page.waitForURL((u) => u.pathname === '/', { waitUntil: 'load' });
		const links = await page.locator('#main .cards a.card').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
		const provider = links.find((p) => p.startsWith('/provider/'));
		if (!provider) throw new Error(`no provider workspace on the coach's home page: ${links.join(', ')}`);
		const session = (await context.cookies()).find((c) => c.name === 'session');
		if (!session) throw new Error('no session cookie after sign-in');
		return { cookie: { name: session.name, value: session.value }, todayUrl: `${base}${provider}/today` };
	} finally {
		await context.close();
	}
}

// ---------------------------------------------------------------------------------------------------
// Lighthouse
// ---------------------------------------------------------------------------------------------------

interface LhRun {
	performance: number;
	accessibility: number;
	bestPractices: number;
	fcp: number;
	lcp: number;
	tbt: number;
	cls: number;
	si: number;
	failed: string[];
}

async function lighthouseRun(url: string, cookie?: string): Promise<LhRun> {
	const { default: lighthouse } = await import('lighthouse');
	const chromeLauncher = await import('chrome-launcher');
	const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
	try {
		const result = await lighthouse(url, {
			port: chrome.port,
			output: 'json',
			logLevel: 'error',
			onlyCategories: ['performance', 'accessibility', 'best-practices'],
			...(cookie ? { extraHeaders: { Cookie: cookie } } : {})
		});
		if (!result) throw new Error('lighthouse returned nothing');
		const lhr = result.lhr;
		if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
		if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`lighthouse ended at ${lhr.finalDisplayedUrl}`);
		const score = (id: string) => Math.round((lhr.categories[id]?.score ?? NaN) * 100);
		const metric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
		const failed = ['accessibility', 'best-practices'].flatMap((c) =>
			(lhr.categories[c]?.auditRefs ?? [])
				.filter((r) => r.weight > 0 && lhr.audits[r.id]?.score !== null && (lhr.audits[r.id]?.score ?? 1) < 1)
				.map((r) => {
					const items = (lhr.audits[r.id]?.details as { items?: { description?: string; source?: string }[] } | undefined)?.items ?? [];
					const what = items
						.map((i) => i.description ?? i.source)
						.filter(Boolean)
						.slice(0, 2)
						.join('; ');
					return `${c}: ${r.id}${what ? ` (${what.slice(0, 160)})` : ''}`;
				})
		);
		return {
			performance: score('performance'),
			accessibility: score('accessibility'),
			bestPractices: score('best-practices'),
			fcp: metric('first-contentful-paint'),
			lcp: metric('largest-contentful-paint'),
			tbt: metric('total-blocking-time'),
			cls: metric('cumulative-layout-shift'),
			si: metric('speed-index'),
			failed
		};
	} finally {
		chrome.kill();
	}
}

function medianLh(runs: LhRun[]) {
	const m = (k: keyof Omit<LhRun, 'failed'>) => median(runs.map((r) => r[k]));
	return {
		performance: m('performance'),
		accessibility: m('accessibility'),
		bestPractices: m('bestPractices'),
		fcp: m('fcp'),
		lcp: m('lcp'),
		tbt: m('tbt'),
		cls: m('cls'),
		si: m('si'),
		failed: [...new Set(runs.flatMap((r) => r.failed))]
	};
}

// ---------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------

async function main() {
	const RUNS = Number(arg('runs') || 3);
	const LH_RUNS = Number(arg('lh-runs') || 3);
	const LIGHTHOUSE = !process.argv.includes('--no-lighthouse');
	const BUDGET = Number(arg('budget-kb') || 60) * 1000;
	const cleanups: (() => Promise<unknown> | void)[] = [];
	const cleanup = async () => {
		for (const c of cleanups.reverse()) await Promise.resolve(c()).catch((e) => console.error('cleanup:', e));
		cleanups.length = 0;
	};
	const onSignal = () => void cleanup().then(() => process.exit(130));
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		if (process.argv.includes('--build')) {
			console.log('vite build …');
			await viteBuild(ROOT);
		}

		// The app on a fresh embedded database with demo data.
		const dataDir = mkdtempSync(join(tmpdir(), 'bench-client-'));
		cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
		const appPort = await freePort();
		console.log('starting the app (fresh PGlite, demo data) …');
		const app: RunningServer = await startBuiltServer(
			{ DATABASE_URL: '', SEED_DEMO: '1', PGLITE_DIR: join(dataDir, 'pglite'), ORIGIN: `http://localhost:${appPort}` },
			appPort
		);
		cleanups.push(() => app.stop());
		const appBase = `http://localhost:${appPort}`;

		console.log('building the empty SvelteKit app …');
		const empty = await makeEmptyKit();
		cleanups.push(() => empty.remove());
		const emptyPort = await freePort();
		const emptyServer = await spawnServer({ args: ['build'], cwd: empty.dir, port: emptyPort, path: '/' });
		cleanups.push(() => emptyServer.stop());
		const emptyUrl = `http://localhost:${emptyPort}/`;

		const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
		cleanups.push(() => browser.close());
		const { cookie, todayUrl } = await signInCoach(browser, appBase);
		console.log(`Today: ${todayUrl}`);

		const today: PageWeight[] = [];
		const emptyPage: PageWeight[] = [];
		for (let i = 0; i < RUNS; i++) {
			today.push(await weighPage(browser, todayUrl, cookie));
			emptyPage.push(await weighPage(browser, emptyUrl));
			console.log(`run ${i + 1}: Today ${kb(totals(today[i].files).gzip)} KB gzip, empty ${kb(totals(emptyPage[i].files).gzip)} KB gzip`);
		}
		await browser.close();
		cleanups.pop();

		const t = medianTotals(today.map((p) => totals(p.files)));
		const e = medianTotals(emptyPage.map((p) => totals(p.files)));
		const diff = t.gzip - e.gzip;
		const within = diff <= BUDGET;
		// The per-file list of the run whose total is the median.
		const listed = [...today].sort((a, b) => totals(a.files).gzip - totals(b.files).gzip)[today.length >> 1];
		const allServedGzip = [...today, ...emptyPage].every((p) => p.files.every((f) => f.servedGzip));
		const sameFiles = today.every((p) => p.files.map((f) => f.path).join() === today[0].files.map((f) => f.path).join());

		let lh: ReturnType<typeof medianLh> | undefined;
		let lhEmpty: ReturnType<typeof medianLh> | undefined;
		let lhError = '';
		if (LIGHTHOUSE) {
			try {
				const runsToday: LhRun[] = [];
				const runsEmpty: LhRun[] = [];
				for (let i = 0; i < LH_RUNS; i++) {
					runsToday.push(await lighthouseRun(todayUrl, `${cookie.name}=${cookie.value}`));
					runsEmpty.push(await lighthouseRun(emptyUrl));
					const r = runsToday[i];
					console.log(`lighthouse ${i + 1}: Today perf ${r.performance} a11y ${r.accessibility} bp ${r.bestPractices}; empty perf ${runsEmpty[i].performance}`);
				}
				lh = medianLh(runsToday);
				lhEmpty = medianLh(runsEmpty);
			} catch (err) {
				lhError = err instanceof Error ? err.message : String(err);
				console.error('lighthouse failed:', lhError);
			}
		}

		const ms = (n: number) => `${Math.round(n)} ms`;
		const fileRows = listed.files
			.map(
				(f) =>
					`| \`${f.path.replace('/_app/immutable/', '…/')}\` | ${f.kind} | ${kb(f.raw)} | ${kb(f.gzip)}${f.servedGzip ? '' : ' ¹'} | ${kb(f.received)} (${f.encoding}) |`
			)
			.join('\n');
		const htmlKb = kb(median(today.map((p) => p.html.raw)));
		const swNote = today[0].serviceWorkerScript ? ' (registered by the page)' : '';
		const gzipNote = allServedGzip
			? " (adapter-node serves the build's precompressed `.gz` files; every file had one)"
			: ' (¹: no precompressed file was served; gzip -9 computed here with zlib)';
		/** A Lighthouse row's cells: the three scores (bold for Today), then the timings and CLS. */
		const lhCells = (x: ReturnType<typeof medianLh>, score = (v: number) => `${v}`) =>
			[score(x.performance), score(x.accessibility), score(x.bestPractices), ms(x.fcp), ms(x.lcp), ms(x.tbt), x.cls.toFixed(3), ms(x.si)].join(' | ');
		const lhFailed = lh?.failed.length
			? ` Audits below full score on Today (any run): ${lh.failed.map((f) => `\`${f}\``).join(', ')}.`
			: ' No accessibility or best-practice audit below full score on Today.';
		const md = `## Client weight: the coach's Today page (issue 8, benchmark 5)

\`node --import tsx bench/client-weight.ts\` (\`npm run bench:client\`). The coach signs in with TOTP in Debian's chromium
(${viewport.viewport.width}×${viewport.viewport.height}, mobile); Today is opened ${RUNS} times in a fresh context (empty cache) and every
JavaScript and CSS response of that navigation is counted: entry scripts, modulepreloads, stylesheets and the chunks the page
imports while it settles (network idle). Not counted: the HTML document (${htmlKb} KB raw), the service worker script${swNote} and the precache it
fetches. "gzip" is the body as sent to \`accept-encoding: gzip\`${gzipNote}; "received" is what chromium got (it
also accepts brotli). KB = 1,000 bytes. Baseline: an empty SvelteKit 2 app (adapter-node, one \`<h1>\`) generated and built with the
same vite/kit/svelte in a temp directory in the same run (its build took ${(empty.buildMs / 1000).toFixed(1)} s).

| | files | JS gzip | CSS gzip | **total gzip** | total raw | received by chromium |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| Today (coach) | ${t.count} | ${kb(t.jsGzip)} KB | ${kb(t.cssGzip)} KB | **${kb(t.gzip)} KB** | ${kb(t.raw)} KB | ${kb(t.received)} KB |
| empty SvelteKit page | ${e.count} | ${kb(e.jsGzip)} KB | ${kb(e.cssGzip)} KB | **${kb(e.gzip)} KB** | ${kb(e.raw)} KB | ${kb(e.received)} KB |
| difference | ${t.count - e.count} | ${kb(t.jsGzip - e.jsGzip)} KB | ${kb(t.cssGzip - e.cssGzip)} KB | **${kb(diff)} KB** | ${kb(t.raw - e.raw)} KB | ${kb(t.received - e.received)} KB |

**Budget (within ${BUDGET / 1000} KB gzip of the empty page): ${within ? 'met' : 'NOT met'}**: Today is ${kb(diff)} KB gzip above the empty page
(${(t.gzip / e.gzip).toFixed(1)}× its weight), ${within ? `${kb(BUDGET - diff)} KB under` : `${kb(diff - BUDGET)} KB over`} the budget.
Medians of ${RUNS} runs${sameFiles ? '; every run loaded the same files' : '; the runs did not all load the same files'}.

<details><summary>Today's files (${listed.files.length})</summary>

| file | kind | raw KB | gzip KB | received KB |
| --- | --- | ---: | ---: | ---: |
${fileRows}

</details>

### Lighthouse 12, mobile (default: Moto G Power emulation, simulated slow 4G and 4× CPU), Debian chromium

${
	lh && lhEmpty
		? `Medians of ${LH_RUNS} runs each; Today signed in through a \`Cookie\` header. Baseline: the empty SvelteKit page, same runs.

| | performance | accessibility | best practices | FCP | LCP | TBT | CLS | Speed Index |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| Today (coach) | ${lhCells(lh, (v) => `**${v}**`)} |
| empty SvelteKit page | ${lhCells(lhEmpty)} |

Today's LCP is ${(lh.lcp / lhEmpty.lcp).toFixed(2)}× the empty page's.${lhFailed}`
		: LIGHTHOUSE
			? `Lighthouse did not run: ${lhError}`
			: 'Skipped (`--no-lighthouse`).'
}`;
		writeSection('client-weight', md);
		console.log(md);
	} finally {
		await cleanup();
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	main().then(
		() => process.exit(0),
		(err) => {
			console.error(err);
			process.exit(1);
		}
	);
}

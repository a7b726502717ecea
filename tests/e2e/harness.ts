import { spawn, type ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

export const PORT = Number(process.env.E2E_PORT ?? 4317);
export const BASE = `http://localhost:${PORT}`;

/**
 * The built server (`node build`) on a fresh embedded database with demo data; `env` adds or overrides
 * variables (another port, PostgreSQL, proxy headers). With the clock pinned (FAKE_NOW), the database is a
 * copy of one seeded once per build and day (migrating and seeding take most of a start): every test file
 * still gets a database of its own.
 */
export async function startServer(
	opts: { port?: number; env?: Record<string, string> } = {}
): Promise<{ stop: () => Promise<{ graceful: boolean }>; log: () => string }> {
	const dataDir = mkdtempSync(join(tmpdir(), 'ptp-e2e-'));
	const pgliteDir = join(dataDir, 'data', 'pglite');
	const ownDatabase = opts.env && ('PGLITE_DIR' in opts.env || 'DATABASE_URL' in opts.env || 'SEED_DEMO' in opts.env);
	if (process.env.FAKE_NOW && !ownDatabase) cpSync(await seededTemplate(process.env.FAKE_NOW), pgliteDir, { recursive: true });
	return runServer({ port: opts.port, dataDir, env: { PGLITE_DIR: pgliteDir, ...opts.env } });
}

/** A demo database seeded on `fakeNow` by this build, made on first use (test files run one at a time). */
async function seededTemplate(fakeNow: string): Promise<string> {
	const journal = readFileSync(join(process.cwd(), 'drizzle/meta/_journal.json'));
	const build = String(statSync(join(process.cwd(), 'build/index.js')).mtimeMs);
	const key = createHash('sha256').update(journal).update(build).update(fakeNow).digest('hex').slice(0, 16);
	// One folder per checkout; in it, older templates (another build or day) are not used again.
	const home = join(tmpdir(), `ptp-e2e-templates-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}`);
	const dir = join(home, key);
	if (existsSync(dir)) return dir;
	rmSync(home, { recursive: true, force: true });
	mkdirSync(home, { recursive: true });
	const work = mkdtempSync(join(home, 'seeding-'));
	const server = await runServer({ dataDir: work, env: { PGLITE_DIR: join(work, 'pglite') } });
	const { graceful } = await server.stop({ keep: true });
	if (!graceful) throw new Error(`the seeding server did not stop cleanly:\n${server.log().slice(-4000)}`);
	renameSync(join(work, 'pglite'), dir);
	rmSync(work, { recursive: true, force: true });
	return dir;
}

async function runServer(opts: { port?: number; dataDir: string; env: Record<string, string> }) {
	const { dataDir } = opts;
	const port = opts.port ?? PORT;
	const base = `http://localhost:${port}`;
	let output = '';
	const child: ChildProcess = spawn(process.execPath, ['build'], {
		env: {
			...process.env,
			PORT: String(port),
			ORIGIN: base,
			DATABASE_URL: '',
			SEED_DEMO: '1',
			LOG_LEVEL: 'warn',
			BODY_SIZE_LIMIT: '11M',
			...opts.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	// Generous: a first start migrates and seeds, and a shared 2-core machine can be slow.
	const deadline = Date.now() + 180_000;
	for (;;) {
		try {
			const r = await fetch(`${base}/readyz`);
			if (r.ok) break;
		} catch {
			/* not up yet */
		}
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`server did not start:\n${output}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return {
		log: () => output,
		stop: async ({ keep = false }: { keep?: boolean } = {}) => {
			if (child.exitCode !== null) {
				console.error(`the server died during the tests (exit ${child.exitCode}):\n${output.slice(-4000)}`);
				return { graceful: false };
			}
			const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
			child.kill('SIGTERM');
			let killed = false;
			const timer = setTimeout(() => {
				killed = true;
				child.kill('SIGKILL');
			}, 10_000);
			const code = await exited;
			clearTimeout(timer);
			if (!keep) rmSync(dataDir, { recursive: true, force: true });
			return { graceful: !killed && code === 0 };
		}
	};
}

export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export function chromiumPath(): string {
	return process.env.CHROMIUM_PATH ?? execSync('command -v chromium').toString().trim();
}

/**
 * The browser the flow tests use. Each page opened in it with JavaScript waits after `goto` until the app's script
 * has taken the page over (`hydrated`): a press before that goes the way it does without JavaScript, which is right
 * for a person but not what a test of the page's script is testing (several flakes came from it). A `goto` with
 * another `waitUntil` (e.g. 'commit', to hold the script back on purpose) does not wait.
 */
export async function launchBrowser(): Promise<Browser> {
	const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
	const newContext = browser.newContext.bind(browser);
	browser.newContext = async (options) => {
		const context = await newContext(options);
		if (options?.javaScriptEnabled === false) return context;
		const newPage = context.newPage.bind(context);
		context.newPage = async () => {
			const page = await newPage();
			const goto = page.goto.bind(page);
			page.goto = async (url, gotoOptions) => {
				const response = await goto(url, gotoOptions);
				const html = response?.headers()['content-type']?.startsWith('text/html');
				if (html && (gotoOptions?.waitUntil ?? 'load') === 'load') await hydrated(page);
				return response;
			};
			return page;
		};
		return context;
	};
	return browser;
}

/** Waits until the app's script has hydrated the page (the root layout marks `<html data-hydrated>`). */
export async function hydrated(page: Page): Promise<void> {
	await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), undefined, { timeout: 20_000 });
}

/** A browser profile of its own (service workers, and installability: an incognito context is never installable, STACK.md), e.g. with a phone viewport. */
export async function launchPersistent(
	options: Parameters<typeof chromium.launchPersistentContext>[1] = {}
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'ptp-chromium-'));
	const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), args: CHROMIUM_FLAGS, ...options });
	return {
		context,
		close: async () => {
			await context.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

const lastStepUsed = new Map<string, number>();

/**
 * A code the server has not accepted yet: a code is good once (RFC 6238 §5.2), so a second sign-in of
 * the same person takes the next time step (inside the server's 30 s grace) or waits for one.
 */
export async function totpNow(secret: string): Promise<string> {
	for (;;) {
		const current = Math.floor(Date.now() / 30_000);
		const step = Math.max(current, (lastStepUsed.get(secret) ?? -1) + 1);
		if (step <= current + 1) {
			lastStepUsed.set(secret, step);
			return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
		}
		await new Promise((r) => setTimeout(r, (current + 1) * 30_000 - Date.now() + 50));
	}
}

const axeSource = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core on the current page: no serious or critical violations (WCAG 2.1 A/AA rules). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
	// Injected through CDP-level evaluation, so the page's CSP does not block it.
	await page.evaluate(axeSource);
	const result = await page.evaluate(async () => {
		// @ts-expect-error axe is injected above
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations
			.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
			.map((v: { id: string; nodes: { target: string[] }[] }) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
	});
	assert.deepEqual(result, [], `axe violations on ${label}`);
}

/** No sideways scrolling at the current viewport. */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
	const { scroll, client, culprit } = (await page.evaluate(`(() => {
		const scroll = document.documentElement.scrollWidth;
		// The innermost element whose right edge makes the page this wide: what to fix.
		const at = [...document.querySelectorAll('body *')].filter((e) => Math.round(e.getBoundingClientRect().right) >= scroll - 1).at(-1);
		const culprit = at ? at.tagName.toLowerCase() + (at.className ? '.' + String(at.className).trim().split(/\\s+/).join('.') : '') : '';
		return { scroll, client: document.documentElement.clientWidth, culprit };
	})()`)) as { scroll: number; client: number; culprit: string };
	assert.ok(scroll <= client + 1, `${label}: page is ${scroll}px wide in a ${client}px viewport (${culprit})`);
}

/**
 * The day the flow tests run on: the server's clock is pinned (FAKE_NOW) to 10:00 in Helsinki on Wednesday
 * 18 March 2026. The demo data is seeded relative to it: every cohort day up to yesterday is marked, today
 * is not, and last month (February) is ready to be invoiced.
 */
export const DEMO_DAY = '2026-03-18';

/** For a test file: the built server on its own demo database, clock pinned to DEMO_DAY, and a browser. */
export function serverAndBrowser(): { browser: () => Browser } {
	process.env.FAKE_NOW = `${DEMO_DAY}T08:00:00Z`;
	let server: Awaited<ReturnType<typeof startServer>> | undefined;
	let browser: Browser | undefined;
	before(async () => {
		server = await startServer();
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		// SIGTERM closes the HTTP server and the database, and the process exits by itself.
		const stopped = await server?.stop();
		assert.ok(stopped?.graceful, 'the server exits cleanly within 10 s of SIGTERM');
	});
	return {
		browser: () => {
			assert.ok(browser, 'the browser is running');
			return browser;
		}
	};
}

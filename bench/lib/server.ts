/**
 * The built app (`node build`, adapter-node), or any other small server, as a child process for the benchmarks, and signed-in
 * sessions made the way the app makes them (only SHA-256 of the token stored, second factor passed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { ROOT } from './results';

export interface RunningServer {
	base: string;
	child: ChildProcess;
	/** ms from spawn to the first 200 from /readyz */
	readyMs: number;
	output: () => string;
	/** Resident set size of the server process in bytes (from /proc). */
	rss: () => number;
	stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** BENCH_APP_DIR runs another checkout's build (e.g. a worktree of an older commit, for before/after figures). */
export const APP_DIR = process.env.BENCH_APP_DIR || ROOT;

/**
 * The Node flags `npm start` runs the app in `dir` with (its package.json's `start` script: `node <flags> build`),
 * so that the benchmarks measure the process as it is run, an older checkout with its own flags.
 */
export function startFlags(dir: string): string[] {
	const start: string = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.start;
	return (/\bnode((?: --[\w-]+(?:=\S+)?)*) build\b/.exec(start)?.[1] ?? '').split(' ').filter(Boolean);
}

export async function startBuiltServer(env: Record<string, string>, port: number, timeoutMs = 120_000): Promise<RunningServer> {
	if (!existsSync(join(APP_DIR, 'build', 'index.js'))) throw new Error(`no build/ in ${APP_DIR}: run \`npx vite build\` first`);
	return spawnServer({
		args: [...startFlags(APP_DIR), 'build'],
		cwd: APP_DIR,
		port,
		path: '/readyz',
		env: { LOG_LEVEL: 'warn', BODY_SIZE_LIMIT: '11M', ...env },
		timeoutMs
	});
}

/**
 * `node <args>` in `cwd`, listening on 127.0.0.1:`port`, timed from spawn to the first 200 of `path`
 * (polled every 10 ms: cold-start.ts measures this time).
 */
export async function spawnServer(opts: {
	args: string[];
	cwd: string;
	port: number;
	path: string;
	env?: Record<string, string>;
	timeoutMs?: number;
}): Promise<RunningServer> {
	const base = `http://127.0.0.1:${opts.port}`;
	// A server left over on the port would answer in place of this one.
	if (
		await fetch(`${base}${opts.path}`).then(
			() => true,
			() => false
		)
	)
		throw new Error(`port ${opts.port} is already in use`);
	let out = '';
	const t0 = performance.now();
	const child = spawn(process.execPath, opts.args, {
		cwd: opts.cwd,
		env: { ...process.env, PORT: String(opts.port), HOST: '127.0.0.1', ORIGIN: base, ...opts.env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	// Never outlive the benchmark (a killed bench would leave a server holding the port and the database).
	const orphanGuard = () => child.kill('SIGKILL');
	process.once('exit', orphanGuard);
	child.once('exit', () => process.off('exit', orphanGuard));
	child.stdout?.on('data', (d) => (out = (out + d).slice(-20_000)));
	child.stderr?.on('data', (d) => (out = (out + d).slice(-20_000)));
	for (;;) {
		try {
			if ((await fetch(`${base}${opts.path}`)).ok) break;
		} catch {
			/* not listening yet */
		}
		if (child.exitCode !== null || performance.now() - t0 > (opts.timeoutMs ?? 60_000)) {
			child.kill('SIGKILL');
			throw new Error(`${opts.args.join(' ')} did not start:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 10));
	}
	const readyMs = performance.now() - t0;
	return {
		base,
		child,
		readyMs,
		output: () => out,
		rss: () => {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
		},
		// A server that has not exited 20 s after the signal is killed: the answer is then null, not 0.
		stop: (signal: NodeJS.Signals = 'SIGTERM') =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve(child.exitCode);
				const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
				child.once('exit', (code) => {
					clearTimeout(killer);
					resolve(code);
				});
				child.kill(signal);
			})
	};
}

/** A session that has passed the second factor, for `userId`; returns the cookie header value. */
export async function signedInCookie(sql: postgres.Sql, userId: string, hours = 12): Promise<string> {
	// The token and its stored id exactly as src/lib/server/auth/session.ts makes them (that module needs
	// SvelteKit's $lib and config, which a plain tsx script cannot load).
	const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
	const id = encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
	await sql`insert into sessions (id, user_id, created_at, last_seen_at, expires_at, two_factor_verified)
		values (${id}, ${userId}, now(), now(), now() + make_interval(hours => ${hours}), true)`;
	return `session=${token}`;
}

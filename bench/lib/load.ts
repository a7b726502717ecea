/**
 * HTTP load from this process (the server is another process) with autocannon, every response's time
 * kept so that p50/p95 are exact, and the database's connection count sampled while it runs.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import type postgres from 'postgres';
import { median, percentile } from './results';

export interface ClientRequest {
	method?: 'GET' | 'POST';
	path: string;
	headers: Record<string, string>;
	/** Called for every request: a fresh body (e.g. new idempotency keys). */
	body?: () => string;
}

export interface LoadResult {
	requests: number;
	p50: number;
	p95: number;
	p99: number;
	perSecond: number;
	non2xx: number;
	status5xx: number;
	errors: number;
	timeouts: number;
	/** Most connections the app had open to the database at once (sampled every 100 ms; the bench's own are named 'bench'). */
	maxDbConnections: number;
	statuses: Record<number, number>;
}

/**
 * `connections` clients for `seconds`; client i sends `requestFor(i)` over and over. `check` may look
 * at a response body and return false when the answer is wrong although the status is 2xx (counted as
 * an error).
 */
export async function runLoad(opts: {
	base: string;
	connections: number;
	seconds: number;
	/** Requests per second per connection (a virtual user's pace); unset = each connection sends again as soon as it is answered (saturation). */
	rate?: number;
	/**
	 * With `rate`: autocannon starts every connection's second at the same instant, so all users send at once
	 * (a burst of `connections` requests each second). Staggered, user i's seconds start i/connections of a
	 * second later: the same users and rate, arriving spread over the second (sent by this module, not autocannon).
	 */
	staggered?: boolean;
	requestFor: (client: number) => ClientRequest;
	sql?: postgres.Sql;
	check?: (status: number, body: string) => boolean;
}): Promise<LoadResult> {
	const times: number[] = [];
	const statuses: Record<number, number> = {};
	let wrong = 0;
	let maxConn = 0;
	let sampling = true;
	const sampler = (async () => {
		while (sampling && opts.sql) {
			const [r] = await opts.sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name <> 'bench'`;
			maxConn = Math.max(maxConn, r.n as number);
			await new Promise((res) => setTimeout(res, 100));
		}
	})();
	if (opts.staggered && opts.rate) {
		const r = await staggered(opts, (status, ms, body) => {
			times.push(ms);
			statuses[status] = (statuses[status] ?? 0) + 1;
			if (opts.check && !opts.check(status, body)) wrong++;
		});
		sampling = false;
		await sampler;
		return summary(times, statuses, opts.seconds, r.errors + wrong, r.timeouts, maxConn);
	}
	let next = 0;
	const instance = autocannon({
		url: opts.base,
		connections: opts.connections,
		duration: opts.seconds,
		...(opts.rate ? { connectionRate: opts.rate } : {}),
		timeout: 10,
		setupClient: (client: { setRequests(rs: unknown[]): void }) => {
			const r = opts.requestFor(next++);
			client.setRequests([
				{
					method: r.method ?? 'GET',
					path: r.path,
					headers: r.headers,
					...(r.body ? { setupRequest: (req: { body?: string }) => ({ ...req, body: r.body!() }) } : {}),
					...(opts.check ? { onResponse: (status: number, body: string) => void (opts.check!(status, body) || wrong++) } : {})
				}
			]);
		}
	});
	instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
		times.push(responseTime);
		statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
	});
	const result = await instance;
	sampling = false;
	await sampler;
	return summary(times, statuses, opts.seconds, result.errors + wrong, result.timeouts, maxConn);
}

function summary(times: number[], statuses: Record<number, number>, seconds: number, errors: number, timeouts: number, maxDbConnections: number): LoadResult {
	const count = (f: (s: number) => boolean) =>
		Object.entries(statuses)
			.filter(([s]) => f(Number(s)))
			.reduce((n, [, c]) => n + c, 0);
	return {
		requests: times.length,
		p50: percentile(times, 0.5),
		p95: percentile(times, 0.95),
		p99: percentile(times, 0.99),
		perSecond: times.length / seconds,
		non2xx: count((s) => s < 200 || s >= 300),
		status5xx: count((s) => s >= 500),
		errors,
		timeouts,
		maxDbConnections,
		statuses
	};
}

/**
 * `connections` users, each on a keep-alive connection of its own, each sending `rate` requests a second
 * (the next one when its time comes, or at once if the answer came later), user i's seconds starting
 * i/connections of a second after user 0's. Times from sending to the whole body read.
 */
async function staggered(
	opts: { base: string; connections: number; seconds: number; rate?: number; requestFor: (client: number) => ClientRequest },
	record: (status: number, ms: number, body: string) => void
): Promise<{ errors: number; timeouts: number }> {
	const interval = 1000 / opts.rate!;
	const start = performance.now();
	const end = start + opts.seconds * 1000;
	const base = new URL(opts.base);
	let errors = 0;
	let timeouts = 0;
	await Promise.all(
		Array.from({ length: opts.connections }, async (_, i) => {
			const r = opts.requestFor(i);
			const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
			for (let at = start + (i / opts.connections) * interval; at < end; at += interval) {
				const wait = at - performance.now();
				if (wait > 0) await new Promise((res) => setTimeout(res, wait));
				const sent = performance.now();
				try {
					const { status, body } = await send(base, r, agent);
					record(status, performance.now() - sent, body);
				} catch (e) {
					if ((e as Error).message === 'timeout') timeouts++;
					else errors++;
				}
			}
			agent.destroy();
		})
	);
	return { errors, timeouts };
}

function send(base: URL, r: ClientRequest, agent: http.Agent): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const body = r.body?.();
		const req = http.request(
			{ host: base.hostname, port: base.port, path: r.path, method: r.method ?? 'GET', headers: r.headers, agent, timeout: 10_000 },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d: string) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
				res.on('error', reject);
			}
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end(body);
	});
}

/** The median of each figure over repeated runs (counts are summed). */
export function combine(runs: LoadResult[]): LoadResult & { runs: number } {
	const m = (k: 'p50' | 'p95' | 'p99' | 'perSecond') => median(runs.map((r) => r[k]));
	const sum = (k: 'requests' | 'non2xx' | 'status5xx' | 'errors' | 'timeouts') => runs.reduce((n, r) => n + r[k], 0);
	const statuses: Record<number, number> = {};
	for (const r of runs) for (const [s, c] of Object.entries(r.statuses)) statuses[Number(s)] = (statuses[Number(s)] ?? 0) + c;
	return {
		runs: runs.length,
		requests: sum('requests'),
		p50: m('p50'),
		p95: m('p95'),
		p99: m('p99'),
		perSecond: m('perSecond'),
		non2xx: sum('non2xx'),
		status5xx: sum('status5xx'),
		errors: sum('errors'),
		timeouts: sum('timeouts'),
		maxDbConnections: Math.max(...runs.map((r) => r.maxDbConnections)),
		statuses
	};
}

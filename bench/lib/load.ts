/**
 * HTTP load from this process (the server is another process) with autocannon, every response's time
 * kept so that p50/p95 are exact, and the database's connection count sampled while it runs.
 */
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
	const non2xx = Object.entries(statuses)
		.filter(([s]) => Number(s) < 200 || Number(s) >= 300)
		.reduce((n, [, c]) => n + c, 0);
	const status5xx = Object.entries(statuses)
		.filter(([s]) => Number(s) >= 500)
		.reduce((n, [, c]) => n + c, 0);
	return {
		requests: times.length,
		p50: percentile(times, 0.5),
		p95: percentile(times, 0.95),
		p99: percentile(times, 0.99),
		perSecond: times.length / opts.seconds,
		non2xx,
		status5xx,
		errors: result.errors + wrong,
		timeouts: result.timeouts,
		maxDbConnections: maxConn,
		statuses
	};
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

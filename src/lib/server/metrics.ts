import { sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { config } from './config';
import { rowsOf, type Db } from './db/client';

/**
 * Prometheus metrics (prom-client), served at `/metrics` with the METRICS_TOKEN bearer token. Labels are route
 * ids (`/area/[id]/referrals`), queue names and states: never a URL, a query parameter or anything of a person.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'ptp_' });

const requestDuration = new Histogram({
	name: 'ptp_http_request_duration_seconds',
	help: 'Time to answer a request, by SvelteKit route id (not URL), method and status',
	labelNames: ['route', 'method', 'status'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});

/** Called once per request (hooks): the route id, or `unmatched` for a path no route serves. */
export function observeRequest(routeId: string | null, method: string, status: number, seconds: number): void {
	requestDuration.observe({ route: routeId ?? 'unmatched', method, status: String(status) }, seconds);
}

export const jobsFinished = new Counter({
	name: 'ptp_jobs_finished_total',
	help: 'Jobs this process ran, by queue and outcome (completed, or failed: retried or given up)',
	labelNames: ['queue', 'outcome'] as const,
	registers: [registry]
});

let database: { db: Db; kind: 'postgres' | 'pglite' } | undefined;

/** The database the scrape-time gauges read (set at start). */
export function measureDatabase(db: Db, kind: 'postgres' | 'pglite'): void {
	database = { db, kind };
}

new Gauge({
	name: 'ptp_jobs',
	help: 'Jobs in the queue by queue and state (created/retry waiting, active, failed given up, completed kept)',
	labelNames: ['queue', 'state'] as const,
	registers: [registry],
	async collect() {
		this.reset();
		if (!database) return;
		const rows = rowsOf<{ name: string; state: string; n: number | string }>(
			await database.db.execute(sql`select name, state::text as state, count(*)::int as n from pgboss.job group by name, state`)
		);
		for (const r of rows) this.set({ queue: r.name, state: r.state }, Number(r.n));
	}
});

new Gauge({
	name: 'ptp_db_pool_size',
	help: 'Database connections this process may open (DB_POOL_SIZE; 1 for the embedded database)',
	registers: [registry],
	collect() {
		this.set(database?.kind === 'pglite' ? 1 : config.dbPoolSize);
	}
});

new Gauge({
	name: 'ptp_db_connections',
	help: 'Connections to this database by state (pg_stat_activity; all app processes together)',
	labelNames: ['state'] as const,
	registers: [registry],
	async collect() {
		this.reset();
		if (database?.kind !== 'postgres') return;
		const rows = rowsOf<{ state: string | null; n: number | string }>(
			await database.db.execute(
				sql`select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity where datname = current_database() and backend_type = 'client backend' group by 1`
			)
		);
		for (const r of rows) this.set({ state: r.state ?? 'unknown' }, Number(r.n));
	}
});

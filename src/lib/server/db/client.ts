import { drizzle as drizzlePg, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import postgres from 'postgres';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema';

export { schema };
/** Both drivers expose the same query API; we type everything against the postgres.js flavour. */
export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
	db: Db;
	/**
	 * The same database for the hottest reads (Today), on a few connections of their own that always use a
	 * statement's generic plan (`plan_cache_mode = force_generic_plan`). Left to choose, PostgreSQL planned
	 * Today's people and meetings statements afresh on every page (their generic plan looked costlier than
	 * the custom ones) and planning took 6-15 ms each, longer than running them (bench/RESULTS.md). Only for
	 * statements whose best plan does not depend on their values: others (e.g. the invoice periods' check)
	 * stay on `db`. On PGlite, `db` itself.
	 */
	plannedReads: Db;
	kind: 'postgres' | 'pglite';
	close(): Promise<void>;
}

const MIGRATIONS_FOLDER = process.env.MIGRATIONS_FOLDER ?? 'drizzle';

/**
 * Opens the database: postgres.js when a URL is given, otherwise PGlite in `dataDir` (or memory). With
 * `migrationUrl` (MIGRATION_DATABASE_URL: the tables' owner) the migrations run as that role on a connection
 * of their own, and the app's pool connects with `url` (a role without DDL rights and without UPDATE/DELETE on
 * the audit log, README "Deployment"). `loadDataDir` starts an in-memory PGlite from a `dumpDataDir()` tarball
 * instead of running initdb (the tests start every file from one migrated dump); the migrator still runs and
 * applies anything newer.
 */
export async function openDatabase(opts: { url?: string; migrationUrl?: string; dataDir?: string; poolSize?: number; loadDataDir?: Blob }): Promise<Database> {
	if (opts.url) {
		const client = preparingByText(
			postgres(opts.url, {
				max: opts.poolSize ?? 10,
				onnotice: () => {}
			})
		);
		const db = drizzlePg(client, { schema, casing: 'snake_case' });
		if (opts.migrationUrl) {
			const owner = postgres(opts.migrationUrl, { max: 1, onnotice: () => {} });
			try {
				await migrateOnce(opts.migrationUrl, () => migratePg(drizzlePg(owner, { schema, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_FOLDER }));
			} finally {
				await owner.end({ timeout: 5 });
			}
		} else await migrateOnce(opts.url, () => migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER }));
		// Opened on first use; a fifth of the pool (at least 2), so the two stay bounded together. These statements are
		// short and pipelined, and fewer backends contend less for the database's cores: with 2 instead of 4 next to a
		// pool of 10, the 100 busiest coaches' Today served 11 % more pages at saturation on the 2-core benchmark
		// machine, PostgreSQL spending 6 % less CPU on each; the lists served the same within the noise (bench/RESULTS.md).
		const readers = postgres(opts.url, {
			max: Math.max(2, Math.ceil((opts.poolSize ?? 10) / 5)),
			onnotice: () => {},
			connection: { plan_cache_mode: 'force_generic_plan' }
		});
		const plannedReads = drizzlePg(readers, { schema, casing: 'snake_case' });
		return {
			db,
			plannedReads,
			kind: 'postgres',
			close: async () => {
				await Promise.all([client.end({ timeout: 5 }), readers.end({ timeout: 5 })]);
			}
		};
	}
	// PGlite creates its own folder but not the ones above it (a fresh clone has no data/ yet).
	if (opts.dataDir) mkdirSync(dirname(opts.dataDir), { recursive: true });
	const client = opts.loadDataDir ? new PGlite({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir }) : new PGlite(opts.dataDir);
	const db = drizzlePglite(client, { schema, casing: 'snake_case' });
	await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
	return { db: db as unknown as Db, plannedReads: db as unknown as Db, kind: 'pglite', close: () => client.close() };
}

/** An arbitrary but fixed key: the migrator's advisory lock (one per database). */
export const MIGRATION_LOCK = 7_204_032;

/**
 * Runs the migrations while holding a session-level advisory lock on a connection of its own: when several
 * app processes start at once on one PostgreSQL (a rolling upgrade, a cluster restart), one migrates and the
 * others wait for it, then find every migration applied and do nothing. Without the lock two migrators read
 * the same "last applied" row and both run the same DDL (tests/integration/migrations-lock.test.ts).
 */
async function migrateOnce(url: string, migrate: () => Promise<void>): Promise<void> {
	// Its own connection (not one of the pool's, which may have a single one that the migrator needs).
	const lock = postgres(url, { max: 1, onnotice: () => {} });
	try {
		await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
		await migrate();
	} finally {
		// Closing the session releases the lock, also when a migration failed.
		await lock.end({ timeout: 5 });
	}
}

type Unsafe = postgres.Sql['unsafe'];
type Scoped = (sql: postgres.TransactionSql) => unknown;
const PREPARED_MAX_PARAMETERS = 100;

/**
 * Every statement with parameters sent through the app's pool is a named prepared statement, kept on its
 * connection by its text (postgres.js's own cache, emptied when a connection is recycled). drizzle sends a statement
 * that is not `.prepare()`d as an unnamed one, and postgres.js sends those in two round trips (it describes the
 * statement first to learn its parameters' types), which PostgreSQL parses, analyses and plans every time. Prepared
 * by text, a list page's statements cost PostgreSQL 25-65 % less CPU (bench/RESULTS.md, issue 22). The texts are
 * few: values travel as parameters, and what a text varies with (the filters present, the shape of a scope, the
 * number of rows of a multi-row insert) has few values; a statement with more than `PREPARED_MAX_PARAMETERS`
 * (bulk work: an import, a seed), where planning is a small part of the work, stays unnamed. PostgreSQL still
 * chooses per statement between a plan for the values at hand and a generic one (`plan_cache_mode = auto`).
 * Statements without parameters (BEGIN, SAVEPOINT) keep the simple protocol. Transactions and their savepoints get
 * their own client from postgres.js: those are wrapped as well.
 */
function preparingByText<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
	const unsafe: Unsafe = sql.unsafe;
	sql.unsafe = ((query, parameters, options) =>
		unsafe(
			query,
			parameters,
			parameters && parameters.length > 0 && parameters.length <= PREPARED_MAX_PARAMETERS ? { ...options, prepare: true } : options
		)) as Unsafe;
	const inScope = (fn: Scoped) => (tx: postgres.TransactionSql) => fn(preparingByText(tx));
	if ('begin' in sql) {
		const begin = sql.begin as (...args: unknown[]) => unknown;
		(sql as { begin: unknown }).begin = (...args: unknown[]) => begin(...args.slice(0, -1), inScope(args[args.length - 1] as Scoped));
	}
	if ('savepoint' in sql) {
		const savepoint = sql.savepoint as (...args: unknown[]) => unknown;
		(sql as { savepoint: unknown }).savepoint = (...args: unknown[]) => savepoint(...args.slice(0, -1), inScope(args[args.length - 1] as Scoped));
	}
	return sql;
}

const statements = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement every request runs, built once per database handle and then executed with new values
 * (drizzle's prepared query): building a query costs more CPU than the database spends answering it.
 */
export function preparedOnce<T>(db: DbOrTx, name: string, build: (db: DbOrTx) => T): T {
	let byName = statements.get(db);
	if (!byName) statements.set(db, (byName = new Map()));
	if (!byName.has(name)) byName.set(name, build(db));
	return byName.get(name) as T;
}

/** A filter object whose text values may be placeholders of a prepared statement. */
export type Params<F> = { [K in keyof F]: F[K] extends string | undefined ? F[K] | Placeholder : F[K] };

/**
 * A list's filters as the shape of a statement built once (`preparedOnce`) and the values it is executed with:
 * each text value becomes a placeholder of its own name, and the shape names the filters present (a boolean is
 * part of the shape: it adds or leaves out a condition). Building a list's statement from the policy's scope and
 * the filters cost the app more CPU than PostgreSQL spent answering it (drizzle's query building, issue 22).
 */
export function byShape<F extends object>(filters: F): { shape: string; filters: Params<F>; values: Record<string, string> } {
	const shape: string[] = [];
	const placeheld: Record<string, unknown> = {};
	const values: Record<string, string> = {};
	for (const [key, value] of Object.entries(filters)) {
		if (value === undefined || value === null || value === false) continue;
		if (typeof value === 'string') {
			placeheld[key] = sql.placeholder(key);
			values[key] = value;
			shape.push(key);
		} else {
			placeheld[key] = value;
			shape.push(`${key}=${String(value)}`);
		}
	}
	return { shape: shape.sort().join('&'), filters: placeheld as Params<F>, values };
}

/**
 * `any(<the values as one array parameter>)`, for `column = anyOf(…)`: unlike `inArray`, the statement's
 * text is the same however many values there are, so it is one prepared statement on each connection
 * (`preparingByText`), described and planned once, where `inArray` makes a text, and a statement, per count.
 */
export const anyOf = (values: readonly string[], type: 'uuid' | 'date' | 'text'): SQL =>
	// Sent as text[] and cast: drizzle passes postgres.js date and timestamp arrays through unserialised.
	sql`any(${sql.param(values)}::text[]::${sql.raw(type)}[])`;

/** A json column's value: postgres.js parses json, PGlite may hand over the text. */
export const jsonValue = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** Rows of `db.execute(sql…)`: postgres.js answers with an array, PGlite with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

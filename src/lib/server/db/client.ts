import { drizzle as drizzlePg, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePg } from 'drizzle-orm/postgres-js/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
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
	kind: 'postgres' | 'pglite';
	close(): Promise<void>;
}

const MIGRATIONS_FOLDER = process.env.MIGRATIONS_FOLDER ?? 'drizzle';

/**
 * Opens the database: postgres.js when a URL is given, otherwise PGlite in `dataDir` (or memory).
 * `loadDataDir` starts an in-memory PGlite from a `dumpDataDir()` tarball instead of running initdb (the
 * tests start every file from one migrated dump); the migrator still runs and applies anything newer.
 */
export async function openDatabase(opts: { url?: string; dataDir?: string; poolSize?: number; loadDataDir?: Blob }): Promise<Database> {
	if (opts.url) {
		const client = postgres(opts.url, {
			max: opts.poolSize ?? 10,
			onnotice: () => {}
		});
		const db = drizzlePg(client, { schema, casing: 'snake_case' });
		await migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
		return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
	}
	// PGlite creates its own folder but not the ones above it (a fresh clone has no data/ yet).
	if (opts.dataDir) mkdirSync(dirname(opts.dataDir), { recursive: true });
	const client = opts.loadDataDir ? new PGlite({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir }) : new PGlite(opts.dataDir);
	const db = drizzlePglite(client, { schema, casing: 'snake_case' });
	await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
	return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
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

/**
 * `any(<the values as one array parameter>)`, for `column = anyOf(…)`: unlike `inArray`, the statement's
 * text is the same however many values there are, so it can be prepared (`.prepare(name).execute()`).
 * That matters on hot paths: postgres.js sends a statement that is not prepared in two round trips (it
 * describes it first to learn the parameters' types) and PostgreSQL plans it every time, while a prepared
 * one is described once per connection, then sent in one round trip with its plan kept. Prepare only
 * statements whose text does not depend on the values: each distinct text stays prepared on its connection.
 */
export const anyOf = (values: readonly string[], type: 'uuid' | 'date' | 'text'): SQL =>
	// Sent as text[] and cast: drizzle passes postgres.js date and timestamp arrays through unserialised.
	sql`any(${sql.param(values)}::text[]::${sql.raw(type)}[])`;

/** Rows of `db.execute(sql…)`: postgres.js answers with an array, PGlite with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

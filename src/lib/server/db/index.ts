import { building } from '$app/environment';
import { config } from '../config';
import { openDatabase, type Database } from './client';

let opening: Promise<Database> | undefined;
/**
 * Set at shutdown. Shutdown waits (up to 10 s) for requests in flight; a handler still running after that
 * must not open a second pool, which nobody would close and which would keep the process alive.
 */
let closed = false;

/** The app's single database handle, opened lazily (never during `vite build`). */
export function getDatabase(): Promise<Database> {
	if (building) throw new Error('The database is not available while building');
	if (closed) return Promise.reject(new Error('The database is closed: the server is shutting down'));
	opening ??= openDatabase({
		url: config.databaseUrl,
		migrationUrl: config.migrationDatabaseUrl,
		dataDir: config.dataDir,
		poolSize: config.dbPoolSize
	});
	return opening;
}

/** Tests hand their own database to the route handlers they import. */
export function useDatabaseForTests(database: Database): void {
	closed = false;
	opening = Promise.resolve(database);
}

export async function getDb() {
	return (await getDatabase()).db;
}

/** The handle for reads planned once (see `Database.plannedReads`). */
export async function getPlannedReadsDb() {
	return (await getDatabase()).plannedReads;
}

export async function closeDatabase() {
	closed = true;
	if (!opening) return;
	const database = await opening;
	opening = undefined;
	await database.close();
}

import { building } from '$app/environment';
import { config } from '../config';
import { openDatabase, type Database } from './client';

let opening: Promise<Database> | undefined;

/** The app's single database handle, opened lazily (never during `vite build`). */
export function getDatabase(): Promise<Database> {
	if (building) throw new Error('The database is not available while building');
	opening ??= openDatabase({
		url: config.databaseUrl,
		dataDir: config.dataDir,
		poolSize: config.dbPoolSize
	});
	return opening;
}

/** Tests hand their own database to the route handlers they import. */
export function useDatabaseForTests(database: Database): void {
	opening = Promise.resolve(database);
}

export async function getDb() {
	return (await getDatabase()).db;
}

export async function closeDatabase() {
	if (!opening) return;
	const database = await opening;
	opening = undefined;
	await database.close();
}

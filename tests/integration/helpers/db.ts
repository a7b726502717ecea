import postgres from 'postgres';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../../src/lib/server/db/client';

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
	const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		await sql`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await sql.end({ timeout: 1 });
	}
}

/**
 * A fresh, migrated database for one test file. With TEST_DB=postgres it is a new database with a
 * random name on the local server, dropped on close(); CI requires the server (REQUIRE_POSTGRES=1),
 * elsewhere an unreachable server falls back to PGlite with a warning.
 *
 * Both are copies of a database migrated once per run (helpers/global-setup.ts): PGlite starts from a
 * dump of its data directory, PostgreSQL clones a template database. The migrator still runs on the
 * copy (a no-op when nothing is newer); without the global setup every file migrates from scratch.
 */
export async function createTestDatabase(): Promise<Database & { url?: string }> {
	if (process.env.TEST_DB === 'postgres') {
		if (await postgresReachable()) return createPostgresDatabase();
		if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL not reachable at ${ADMIN_URL}`);
		console.warn('PostgreSQL not reachable: running this file on PGlite instead');
	}
	const dump = inject('pgliteDump');
	if (!dump) return openDatabase({});
	return openDatabase({ loadDataDir: new Blob([await readFile(dump)]) });
}

async function createPostgresDatabase(): Promise<Database & { url: string }> {
	const name = `ptp_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
	const template = inject('postgresTemplate');
	await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
	const url = new URL(ADMIN_URL);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.toString(), poolSize: 5 });
	return {
		...database,
		/** For a second connection pool on the same database (e.g. a second job queue worker). */
		url: url.toString(),
		async close() {
			await database.close();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end({ timeout: 1 });
		}
	};
}

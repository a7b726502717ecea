import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../../src/lib/server/db/client';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A `dumpDataDir()` tarball of a migrated PGlite, for `new PGlite({ loadDataDir })` per test file. */
		pgliteDump: string;
		/** A migrated PostgreSQL database each test file clones with `create database … template …`. */
		postgresTemplate: string;
	}
}

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Migrates once per run instead of once per test file: every integration file still gets its own
 * fresh database, but copied from a migrated one (initdb + 27 migrations took most of a file's time).
 * The pglite project gets a PGlite data directory dump; the postgres project a template database
 * (or the dump, for the PGlite fallback, when the server is unreachable).
 */
export default async function setup(project: TestProject) {
	const cleanups: (() => Promise<void>)[] = [];
	// Every cleanup runs even when an earlier one fails (the temporary folder, the template database).
	const teardown = async () => {
		let failure: unknown;
		// One after another, last made first: the template is dropped before its admin connection ends.
		for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => (failure ??= e));
		if (failure) throw failure;
	};

	if (project.name === 'postgres') {
		const admin = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
		cleanups.push(() => admin.end({ timeout: 1 }));
		if (await reachable(admin)) {
			const name = `ptp_template_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
			await admin.unsafe(`create database ${name}`);
			cleanups.push(async () => void (await admin.unsafe(`drop database if exists ${name} with (force)`)));
			const url = new URL(ADMIN_URL);
			url.pathname = `/${name}`;
			const template = await openDatabase({ url: url.toString(), poolSize: 1 });
			// No connection may stay open on a template while it is copied.
			await template.close();
			project.provide('postgresTemplate', name);
			return teardown;
		}
		// Unreachable: each file fails (REQUIRE_POSTGRES=1) or falls back to PGlite, from the dump below.
	}

	const dir = mkdtempSync(join(tmpdir(), 'ptp-test-'));
	cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
	const migrated = await openDatabase({});
	const client = (migrated.db as unknown as { $client: PGlite }).$client;
	const dump = await client.dumpDataDir('none');
	await migrated.close();
	const dumpFile = join(dir, 'migrated.tar');
	writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
	project.provide('pgliteDump', dumpFile);
	return teardown;
}

async function reachable(admin: postgres.Sql): Promise<boolean> {
	try {
		await admin`select 1`;
		return true;
	} catch {
		return false;
	}
}

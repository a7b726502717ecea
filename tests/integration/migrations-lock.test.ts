import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATION_LOCK, openDatabase, rowsOf } from '../../src/lib/server/db/client';

/** Upgrading: every process migrates at start; with several processes on one PostgreSQL only one runs them. */
const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: { tag: string }[] };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const c of cleanups.reverse()) await c();
});

async function freshPostgres(): Promise<string> {
	const name = `ptp_migr_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	cleanups.push(async () => {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end({ timeout: 1 });
	});
	const url = new URL(ADMIN_URL);
	url.pathname = `/${name}`;
	return url.toString();
}

// Each project runs the part for its database (no skipped tests): PostgreSQL's several processes, PGlite's restart.
if (process.env.TEST_DB === 'postgres') {
	/** README "Deployment": the app's role, given after the owner's first migration (default privileges cover later ones). */
	const appRoleGrants = (role: string) => `
		GRANT USAGE ON SCHEMA public, pgboss TO ${role};
		GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, pgboss TO ${role};
		GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public, pgboss TO ${role};
		GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO ${role};
		ALTER DEFAULT PRIVILEGES IN SCHEMA public, pgboss GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role};
		ALTER DEFAULT PRIVILEGES IN SCHEMA public, pgboss GRANT USAGE, SELECT ON SEQUENCES TO ${role};
		REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role};`;

	describe('the app as a role without rights on the audit log', () => {
		it('the owner migrates (MIGRATION_DATABASE_URL), the app works as its role and cannot change the audit log or the schema', async () => {
			const role = `ptp_app_${Math.random().toString(36).slice(2, 8)}`;
			const roles = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
			await roles.unsafe(`create role ${role} login`);
			cleanups.push(async () => {
				await roles.unsafe(`drop role if exists ${role}`);
				await roles.end({ timeout: 1 });
			});
			const ownerUrl = await freshPostgres();
			const first = await openDatabase({ url: ownerUrl, poolSize: 1 });
			await first.db.execute(appRoleGrants(role));
			await first.close();
			const appUrl = new URL(ownerUrl);
			appUrl.username = role;
			const app = await openDatabase({ url: appUrl.toString(), migrationUrl: ownerUrl, poolSize: 2 });
			try {
				const who = rowsOf<{ u: string }>(await app.db.execute('select current_user as u'));
				expect(who[0].u).toBe(role);
				await app.db.execute(`insert into organisations (kind, name) values ('area', 'Roolialue')`);
				const { enqueue } = await import('../../src/lib/server/jobs/queue');
				expect(await enqueue(app.db, 'deadline_reminders', {})).toMatch(/^[0-9a-f-]{36}$/);
				const refused = async (text: string) => {
					try {
						await app.db.execute(text);
						return 'allowed';
					} catch (e) {
						const err = e as { code?: string; cause?: { code?: string } };
						return err.code ?? err.cause?.code ?? 'error';
					}
				};
				expect(await refused('delete from audit_log')).toBe('42501');
				expect(await refused('truncate audit_log')).toBe('42501');
				expect(await refused('create table sneaky (id int)')).toBe('42501');
			} finally {
				await app.close();
			}
		});
	});

	describe('migrations on PostgreSQL with several processes', () => {
		it('two processes starting at once on a fresh database both start, and each migration ran once', async () => {
			const url = await freshPostgres();
			const [a, b] = await Promise.all([openDatabase({ url, poolSize: 2 }), openDatabase({ url, poolSize: 2 })]);
			const check = postgres(url, { max: 1, onnotice: () => {} });
			try {
				const applied = await check<
					{ n: number; hashes: number }[]
				>`select count(*)::int as n, count(distinct hash)::int as hashes from drizzle.__drizzle_migrations`;
				expect(applied[0]).toEqual({ n: journal.entries.length, hashes: journal.entries.length });
				// Both processes work on the migrated schema.
				for (const d of [a, b]) expect(rowsOf<{ n: number }>(await d.db.execute('select count(*)::int as n from organisations'))[0].n).toBe(0);
			} finally {
				await a.close();
				await b.close();
				await check.end({ timeout: 1 });
			}
		});

		it('a process starting while another migrates waits for it instead of migrating alongside', async () => {
			const url = await freshPostgres();
			const holder = postgres(url, { max: 1, onnotice: () => {} });
			try {
				// Another process is migrating: it holds the migrator's lock.
				await holder`select pg_advisory_lock(${MIGRATION_LOCK})`;
				let started = false;
				const opening = openDatabase({ url, poolSize: 2 }).then((d) => ((started = true), d));
				// It waits for that lock (not for a timer: the lock in pg_locks, not granted) and has created nothing.
				let waiting = 0;
				for (let i = 0; i < 100 && waiting === 0; i++) {
					await new Promise((r) => setTimeout(r, 100));
					const rows = await holder<
						{ n: number }[]
					>`select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = ${MIGRATION_LOCK} and not granted`;
					waiting = rows[0].n;
				}
				expect(waiting).toBe(1);
				expect(started).toBe(false);
				const tables = await holder<{ n: number }[]>`select count(*)::int as n from information_schema.tables where table_name = 'organisations'`;
				expect(tables[0].n).toBe(0);
				await holder`select pg_advisory_unlock(${MIGRATION_LOCK})`;
				const d = await opening;
				expect(started).toBe(true);
				const applied = await holder<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
				expect(applied[0].n).toBe(journal.entries.length);
				await d.close();
			} finally {
				await holder.end({ timeout: 1 });
			}
		});
	});
} else {
	describe('migrations on the embedded database', () => {
		it('a restart on the same data folder finds every migration applied and keeps the data', async () => {
			const dir = mkdtempSync(join(tmpdir(), 'ptp-migr-'));
			cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
			const first = await openDatabase({ dataDir: join(dir, 'db') });
			await first.db.execute(`insert into organisations (kind, name, business_id) values ('area', 'Testialue', '1234567-8')`);
			await first.close();
			const again = await openDatabase({ dataDir: join(dir, 'db') });
			try {
				const applied = rowsOf<{ n: number }>(await again.db.execute('select count(*)::int as n from drizzle.__drizzle_migrations'));
				expect(applied[0].n).toBe(journal.entries.length);
				expect(rowsOf<{ n: number }>(await again.db.execute('select count(*)::int as n from organisations'))[0].n).toBe(1);
			} finally {
				await again.close();
			}
		}, 120_000);
	});
}

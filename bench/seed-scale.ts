/**
 * National-scale data for the load benchmarks.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/ptp_scale npm run seed:scale -- [--scale 1] [--today YYYY-MM-DD] [--reset]
 *
 * Creates the database if it does not exist, migrates it with the app's migrations (openDatabase), refuses a
 * database that already has organisations unless --reset (which drops the public schema and the migration
 * journal and migrates again), fills it with bench/lib/national-data.ts, VACUUM ANALYZE, prints the row counts
 * and the time per step, and writes bench/.scale.json with the facts the load benchmarks need.
 * Every user's password is the demo password (SCALE_PASSWORD).
 */
import { arg, ROOT } from './lib/results';
import postgres from 'postgres';
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fillNationalData, helsinkiToday, SCALE_PASSWORD, type Exec } from './lib/national-data';

const flag = (name: string) => process.argv.includes(`--${name}`);

const SCALE = Number(arg('scale') ?? 1);
const TODAY = arg('today') || helsinkiToday();
const RESET = flag('reset');
const URL_ = arg('url') || process.env.DATABASE_URL;
const OUT = resolve(arg('out') || join(ROOT, 'bench', '.scale.json'));

const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

async function main() {
	if (!URL_) throw new Error('Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/ptp_scale) or pass --url');
	if (!(SCALE > 0)) throw new Error('--scale must be a positive number');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(TODAY)) throw new Error('--today must be YYYY-MM-DD');
	const url = new URL(URL_);
	const dbName = decodeURIComponent(url.pathname.slice(1));
	if (!/^[A-Za-z0-9_]+$/.test(dbName)) throw new Error(`unexpected database name "${dbName}"`);

	// Create the database when it does not exist.
	const adminUrl = new URL(URL_);
	adminUrl.pathname = '/postgres';
	const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
	try {
		const [exists] = await admin.unsafe(`select 1 from pg_database where datname = $1`, [dbName]);
		if (!exists) {
			await admin.unsafe(`create database "${dbName}"`);
			log(`created database ${dbName}`);
		}
	} finally {
		await admin.end({ timeout: 5 });
	}

	const sql = postgres(url.toString(), {
		max: 1,
		onnotice: () => {},
		connection: { application_name: 'seed-scale', timezone: 'UTC', work_mem: '256MB', maintenance_work_mem: '1GB', synchronous_commit: 'off' }
	});
	const exec: Exec = (text) => sql.unsafe(text) as unknown as Promise<Record<string, unknown>[]>;
	try {
		const [{ has }] = await sql.unsafe(`select to_regclass('public.organisations') is not null as has`);
		if (has) {
			const [{ n }] = await sql.unsafe(`select count(*)::int as n from organisations`);
			if (Number(n) > 0 && !RESET) throw new Error(`${dbName} already has ${n} organisations; pass --reset to drop everything and fill it again`);
		}
		if (RESET) {
			await sql.unsafe(`drop schema if exists b cascade`);
			await sql.unsafe(`drop schema if exists drizzle cascade`);
			await sql.unsafe(`drop schema public cascade`);
			await sql.unsafe(`create schema public`);
			log('reset: dropped the public schema and the migration journal');
		}
		process.env.MIGRATIONS_FOLDER = join(ROOT, 'drizzle');
		const { openDatabase } = await import('../src/lib/server/db/client');
		const d = await openDatabase({ url: url.toString(), poolSize: 1 });
		await d.close();
		log('migrated with openDatabase (drizzle/ migrations)');

		const { hashPassword } = await import('../src/lib/server/auth/password');
		const passwordHash = await hashPassword(SCALE_PASSWORD);
		log(`scale ${SCALE}, today ${TODAY}; one argon2id hash for every user`);
		const openExtra = async () => {
			const c = postgres(url.toString(), {
				max: 1,
				onnotice: () => {},
				connection: { maintenance_work_mem: '768MB', max_parallel_maintenance_workers: 0 }
			});
			return { exec: ((text: string) => c.unsafe(text)) as unknown as Exec, close: () => c.end({ timeout: 5 }) };
		};
		const r = await fillNationalData({ scale: SCALE, today: TODAY, exec, passwordHash, openExtra, log });
		const total = (performance.now() - t0) / 1000;
		console.log('\nrows per table');
		for (const [t, n] of Object.entries(r.facts.counts)) console.log(`  ${t.padEnd(16)} ${n.toLocaleString('en-US').padStart(12)}`);
		console.log('\ntime per step');
		for (const t of r.timings.filter((x) => !/^build attendance_/.test(x.step))) console.log(`  ${t.step.padEnd(52)} ${t.seconds.toFixed(1).padStart(7)} s`);
		console.log(`  ${'total (with migration and hashing)'.padEnd(52)} ${total.toFixed(1).padStart(7)} s`);
		const out = {
			generatedAt: new Date().toISOString(),
			database: dbName,
			scale: SCALE,
			sizes: r.sizes,
			seconds: Math.round(total),
			...r.facts
		};
		writeFileSync(OUT, `${JSON.stringify(out, null, '\t')}\n`);
		log(`wrote ${relative(ROOT, OUT)}`);
		const b = r.facts.busiestCoach;
		log(`busiest coach ${b.email}: ${b.openParticipations} open participations, ${b.cohortsToday} cohorts and ${b.meetingsToday} meetings today`);
		const m = r.facts.invoiceMonth;
		log(`invoice month: contract ${m.contractId} ${m.periodFrom}: ${m.participantsPresent} participants present (invoice ${m.invoiceStatus ?? 'none'})`);
	} finally {
		await sql.end({ timeout: 5 });
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e instanceof Error ? e.message : e);
		if (e instanceof Error && e.stack && !/already has|Set DATABASE_URL/.test(e.message)) console.error(e.stack);
		process.exit(1);
	}
);

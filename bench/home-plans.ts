/**
 * The plans of one home of each role (busiest area and provider) at national scale: the app's `homeOf` on
 * connections that run auto_explain (startup options of their own URL), read back from the server log.
 *
 *   node --import ./bench/lib/app-environment.mjs --import tsx bench/home-plans.ts [--url …/ptp_scale] [--pg-log /var/log/postgresql/postgresql-15-main.log] [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { arg, ROOT } from './lib/results';
import { pgLog } from './lib/pg-log';

const URL_ = arg('url') || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptp_scale';
const OUT = arg('out') || '/tmp/home-plans';
const { size, since } = pgLog(arg('pg-log') || '/var/log/postgresql/postgresql-15-main.log');
process.env.MIGRATIONS_FOLDER ??= join(ROOT, 'drizzle');

const { openDatabase } = await import('../src/lib/server/db/client');
const { useDatabaseForTests } = await import('../src/lib/server/db');
const { loadActor } = await import('../src/lib/server/auth/actor');
const { homeOf } = await import('../src/lib/server/home/service');

const url = new URL(URL_);
url.searchParams.set('session_preload_libraries', 'auto_explain');
url.searchParams.set('auto_explain.log_min_duration', '0');
url.searchParams.set('auto_explain.log_analyze', 'on');
url.searchParams.set('auto_explain.log_nested_statements', 'on');
url.searchParams.set('application_name', 'home-plans');
const sql = postgres(URL_, { max: 1, onnotice: () => {} });
const database = await openDatabase({ url: url.toString(), poolSize: 4 });
useDatabaseForTests(database);
const db = database.db;

const [{ today }] = await sql<{ today: string }[]>`select coalesce(max(day), current_date)::text as today from attendance`;
const [busiest] = await sql<{ id: string }[]>`
	select c.area_id as id from contracts c left join participations p on p.contract_id = c.id group by c.area_id order by count(p.id) desc limit 1`;
const [provider] = await sql<{ id: string }[]>`
	select c.provider_id as id from contracts c join participations p on p.contract_id = c.id where c.area_id = ${busiest.id}
	group by c.provider_id order by count(p.id) desc limit 1`;
mkdirSync(OUT, { recursive: true });
const roles: [string, string][] = [
	...['area_admin', 'case_officer', 'invoice_reviewer', 'invoice_approver', 'auditor'].map((r) => [busiest.id, r] as [string, string]),
	...['provider_admin', 'coach', 'finance'].map((r) => [provider.id, r] as [string, string])
];
for (const [orgId, role] of roles) {
	const [m] = await sql<{ user_id: string }[]>`select user_id from memberships where organisation_id = ${orgId} and role = ${role} order by user_id limit 1`;
	if (!m) continue;
	const actor = await loadActor(db, m.user_id, today);
	await homeOf(db, actor, orgId);
	await new Promise((r) => setTimeout(r, 300));
	const offset = size();
	await homeOf(db, actor, orgId);
	await new Promise((r) => setTimeout(r, 500));
	const text = since(offset);
	writeFileSync(join(OUT, `${role}.log`), text);
	const seq = [...new Set([...text.matchAll(/Seq Scan on (\w+)/g)].map((x) => x[1]))].sort();
	const durations = [...text.matchAll(/duration: ([\d.]+) ms/g)].map((x) => Number(x[1]));
	console.log(`${role}: ${durations.length} statements, slowest ${Math.max(0, ...durations).toFixed(1)} ms, seq scans: ${seq.join(', ') || 'none'}`);
}
await sql.end();
await database.close();

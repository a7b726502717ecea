/**
 * The audit log's retention: entries older than their area's `auditMonths` (platform entries: the default) are
 * removed by a maintenance step that runs as the database owner (`npm run maintenance:audit` with the owner's
 * DATABASE_URL), never by the application. The log stays append-only for everyone else: the step lifts the
 * append-only trigger (migration 0001) for its own transaction only, which takes the table's owner
 * (`ALTER TABLE … DISABLE TRIGGER`); the app's role, with UPDATE/DELETE/TRUNCATE revoked and not the owner,
 * can do neither. The step records itself in the log (how many entries, no contents), in the same transaction.
 *
 * Relative imports only: the script runs under tsx, outside SvelteKit.
 */
import { sql } from 'drizzle-orm';
import { helsinkiDate, helsinkiStartOfDay, type Clock } from '../../domain/clock';
import { keptFrom, RETENTION_DEFAULTS } from '../../domain/retention';
import { rowsOf, type Db } from '../db/client';
import { auditLog } from '../db/schema';

export async function removeExpiredAuditEntries(db: Db, clock: Clock): Promise<{ removed: number }> {
	return db.transaction(async (tx) => {
		const now = clock();
		const today = helsinkiDate(now);
		const areas = rowsOf<{ id: string; months: number | null }>(
			await tx.execute(sql`select o.id, r.audit_months as months from organisations o left join retention_rules r on r.area_id = o.id where o.kind = 'area'`)
		);
		// One statement per distinct period; entries of no area (platform work, sign-ins) keep the default.
		const byMonths = new Map<number, string[]>();
		for (const a of areas) {
			const m = a.months ?? RETENTION_DEFAULTS.auditMonths;
			byMonths.set(m, [...(byMonths.get(m) ?? []), a.id]);
		}
		await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`);
		let removed = 0;
		const count = async (q: ReturnType<typeof sql>) => Number(rowsOf<{ n: string | number }>(await tx.execute(q))[0]?.n ?? 0);
		for (const [months, ids] of byMonths) {
			const before = helsinkiStartOfDay(keptFrom(today, months));
			removed += await count(
				sql`with d as (delete from audit_log where at < ${before.toISOString()}::timestamptz and area_id = any(${`{${ids.join(',')}}`}::uuid[]) returning 1) select count(*) as n from d`
			);
		}
		const before = helsinkiStartOfDay(keptFrom(today, RETENTION_DEFAULTS.auditMonths));
		removed += await count(
			sql`with d as (delete from audit_log where at < ${before.toISOString()}::timestamptz and area_id is null returning 1) select count(*) as n from d`
		);
		await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`);
		await tx.insert(auditLog).values({
			at: now,
			action: 'audit.maintenance',
			targetType: 'audit_log',
			changes: { removed: { from: null, to: String(removed) } }
		});
		return { removed };
	});
}

/**
 * The state of background work for the platform admin (/admin/jobs): jobs per queue and state, the failed ones
 * (retries used up) with their error, and a retry. Jobs carry ids only, so nothing here is customer data; an
 * error message is shortened and shown as text.
 */
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { recordAudit, type AuditContext } from '../audit';
import { rowsOf, type Db, type DbOrTx } from '../db/client';
import { executorFor, QUEUES, SCHEMA, type QueueName } from '../jobs/queue';

export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface QueueSummary {
	queue: QueueName;
	counts: Record<JobState, number>;
}

export async function queueSummaries(db: DbOrTx): Promise<QueueSummary[]> {
	const rows = rowsOf<{ name: string; state: JobState; n: number | string }>(
		await db.execute(sql`select name, state::text as state, count(*)::int as n from pgboss.job group by name, state`)
	);
	return QUEUES.map((queue) => {
		const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
		for (const r of rows) if (r.name === queue && r.state in counts) counts[r.state] = Number(r.n);
		return { queue, counts };
	});
}

export interface FailedJob {
	id: string;
	queue: string;
	attempts: number;
	createdOn: string;
	failedOn: string | null;
	error: string;
}

/** Jobs that used up their retries, newest first (pg-boss archives them after a week). */
export async function failedJobs(db: DbOrTx, limit = 100): Promise<FailedJob[]> {
	const rows = rowsOf<{ id: string; name: string; retry_count: number; created_on: Date | string; completed_on: Date | string | null; error: string | null }>(
		await db.execute(
			sql`select id, name, retry_count, created_on, completed_on, left(coalesce(output->>'message', output->'value'->>'message', output::text, ''), 500) as error
				from pgboss.job where state = 'failed' order by completed_on desc nulls last limit ${limit}`
		)
	);
	const iso = (d: Date | string) => new Date(d).toISOString();
	return rows.map((r) => ({
		id: r.id,
		queue: r.name,
		attempts: Number(r.retry_count) + 1,
		createdOn: iso(r.created_on),
		failedOn: r.completed_on ? iso(r.completed_on) : null,
		error: r.error ?? ''
	}));
}

const commands = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('needs a database')) }, schema: SCHEMA });

/** Gives a failed job one more try (pg-boss: state `retry`, one more attempt allowed); audited in the same transaction. */
export async function retryFailedJob(db: Db, ctx: AuditContext, queue: QueueName, jobId: string): Promise<{ ok: true } | { ok: false; error: 'notFound' }> {
	return db.transaction(async (tx) => {
		// pg-boss 10 answers { affected } here, though its typings say void.
		const result = (await commands.retry(queue, jobId, { db: executorFor(tx) })) as unknown as { affected: number };
		if (result.affected !== 1) return { ok: false, error: 'notFound' } as const;
		await recordAudit(tx, ctx, { action: 'jobs.retry', targetType: 'job', targetIds: [jobId] });
		return { ok: true } as const;
	});
}

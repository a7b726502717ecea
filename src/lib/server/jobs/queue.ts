import PgBoss from 'pg-boss';
import type { DbOrTx } from '../db/client';

/**
 * Background work runs on pg-boss (a job queue in PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`, retries with
 * exponential backoff, cron schedules). Its tables live in the `pgboss` schema, created by migration 0026, so a
 * job can be enqueued in any transaction, before any worker has started. The same code runs on PGlite: pg-boss
 * takes a `db` executor instead of its own `pg` pool, and `executorFor` gives it the app's database or the
 * caller's transaction (postgres.js or PGlite).
 */
export const SCHEMA = 'pgboss';

/** The queues (created with their retry policy by migrations 0026, 0028, 0030 and 0032) and what their jobs carry: ids, never personal data. */
export interface JobData {
	mail: { mailId: string };
	push: { pushId: string };
	referral_deadlines: Record<string, never>;
	deadline_reminders: Record<string, never>;
	feedback_midpoints: Record<string, never>;
	retention: Record<string, never>;
}
export type QueueName = keyof JobData;
export const QUEUES: readonly QueueName[] = ['mail', 'push', 'referral_deadlines', 'deadline_reminders', 'feedback_midpoints', 'retention'];

export function isQueueName(name: string): name is QueueName {
	return (QUEUES as readonly string[]).includes(name);
}

/** As node-postgres sends them: undefined as null, a plain object as JSON (postgres.js refuses the one and sends `[object Object]` for the other). */
function param(value: unknown): unknown {
	if (value === undefined) return null;
	if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) return JSON.stringify(value);
	return value;
}

interface PostgresJsClient {
	unsafe(text: string, values?: unknown[]): Promise<unknown>;
	/** The pool's (a transaction's client has none): a connection of the caller's own until released. */
	reserve?(): Promise<PostgresJsClient & { release(): void }>;
}
interface PgliteClient {
	query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
	exec(text: string): Promise<{ rows: unknown[] }[]>;
}

/** The driver's client under a drizzle database or transaction (the transaction's own connection). */
function clientOf(db: DbOrTx): PostgresJsClient | PgliteClient {
	return (db as unknown as { session: { client: PostgresJsClient | PgliteClient } }).session.client;
}

/**
 * pg-boss's `db` interface on a drizzle database or transaction. Statements without parameters may be several
 * (pg-boss's maintenance runs `BEGIN; …; COMMIT` as one text): sent with the simple protocol, on a connection
 * reserved for them. postgres.js refuses a BEGIN on a pooled connection (UNSAFE_TRANSACTION: another query could
 * land inside the transaction), which had made every maintenance run fail: jobs past their expiry were never
 * failed and retried, and finished ones never archived.
 */
export function executorFor(db: DbOrTx): PgBoss.Db {
	const client = clientOf(db);
	if ('unsafe' in client) {
		const whole = async (text: string) => {
			if (!client.reserve) return client.unsafe(text);
			const own = await client.reserve();
			try {
				return await own.unsafe(text);
			} finally {
				own.release();
			}
		};
		return {
			async executeSql(text, values) {
				const result = values && values.length > 0 ? await client.unsafe(text, values.map(param)) : await whole(text);
				const list = result as unknown[];
				// Several statements answer with one result per statement: pg-boss reads the last.
				const last = list.length > 0 && Array.isArray(list[list.length - 1]) && 'command' in (list[list.length - 1] as object) ? list[list.length - 1] : list;
				return { rows: Array.from(last as unknown[]) };
			}
		};
	}
	return {
		async executeSql(text, values) {
			if (values && values.length > 0) return { rows: (await client.query(text, values.map(param))).rows };
			const results = await client.exec(text);
			return { rows: results[results.length - 1]?.rows ?? [] };
		}
	};
}

/** Builds pg-boss's statements; never started, it only enqueues through the executor it is handed. */
const sender = new PgBoss({ db: { executeSql: () => Promise.reject(new Error('enqueue needs a database')) }, schema: SCHEMA });

/**
 * Enqueues a job in the caller's transaction: it exists (and a worker can take it) only if that transaction
 * commits, so a change and the work it causes are never separated (no lost and no phantom jobs).
 */
export async function enqueue<Q extends QueueName>(tx: DbOrTx, queue: Q, data: JobData[Q], options: { startAfter?: Date | string } = {}): Promise<string> {
	const id = await sender.send(queue, data, { ...options, db: executorFor(tx) });
	if (!id) throw new Error(`queue ${queue} does not exist`);
	return id;
}

/** The job queue's guarantees (pg-boss on PostgreSQL and on PGlite): retried until delivered, once; no phantom jobs; one worker per job. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { openDatabase, rowsOf, type Database } from '../../src/lib/server/db/client';
import { emailOutbox } from '../../src/lib/server/db/schema';
import { queueEmail } from '../../src/lib/server/email';
import { appHandlers, startWorker } from '../../src/lib/server/jobs/worker';
import type { MailSender } from '../../src/lib/server/email';
import { createTestDatabase } from './helpers/db';
import { testClock } from './helpers/fixtures';

let database: Database & { url?: string };
let second: Database | undefined;
const { clock } = testClock();
const workers: PgBoss[] = [];

beforeAll(async () => {
	database = await createTestDatabase();
	// Retries a second apart (doubling), not the production half minute: the test waits for them.
	await database.db.execute(sql`update pgboss.queue set retry_delay = 1 where name = 'mail'`);
});
afterAll(async () => {
	for (const w of workers) await w.stop({ graceful: false, wait: true, timeout: 1000 });
	await second?.close();
	await database.close();
});

async function until(check: () => Promise<boolean>, ms = 20_000) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error('timed out');
}

async function worker(db: Database['db'], mail: MailSender) {
	const boss = await startWorker(
		db,
		{
			...appHandlers(db, clock, { mail }),
			push: async () => undefined,
			referral_deadlines: async () => undefined,
			deadline_reminders: async () => undefined,
			feedback_midpoints: async () => undefined
		},
		{
			pollingIntervalSeconds: 0.5,
			schedule: false
		}
	);
	workers.push(boss);
	return boss;
}

const mailTo = (to: string) => ({
	to,
	locale: 'fi' as const,
	subjectKey: 'email.reset.subject' as const,
	bodyKey: 'email.reset.body' as const,
	params: { link: 'https://x/y' }
});

async function jobStates(addresses: string[]) {
	const ids = (await database.db.select({ id: emailOutbox.id }).from(emailOutbox).where(inArray(emailOutbox.toAddress, addresses))).map((r) => r.id);
	if (ids.length === 0) return [];
	return rowsOf<{ state: string }>(
		await database.db.execute(
			sql`select state from pgboss.job where name = 'mail' and data->>'mailId' in ${sql.raw(`(${ids.map((i) => `'${i}'`).join(',')})`)}`
		)
	).map((r) => r.state);
}

describe('the job queue', () => {
	it('retries a mail whose sending fails twice and delivers it once; a mail enqueued in a rolled-back transaction is never sent', async () => {
		await expect(
			database.db.transaction(async (tx) => {
				await queueEmail(tx, clock, mailTo('phantom@test.fi'));
				throw new Error('the change fails');
			})
		).rejects.toThrow('the change fails');
		await queueEmail(database.db, clock, mailTo('flaky@test.fi'));

		const attempts: string[] = [];
		const delivered: string[] = [];
		const first = await worker(database.db, async (m) => {
			attempts.push(m.to);
			if (m.to === 'flaky@test.fi' && attempts.filter((a) => a === m.to).length <= 2) throw new Error('421 try again later');
			delivered.push(m.to);
		});
		await until(async () => (await jobStates(['flaky@test.fi']))[0] === 'completed');

		expect(attempts.filter((a) => a === 'flaky@test.fi')).toHaveLength(3);
		expect(delivered).toEqual(['flaky@test.fi']);
		const [row] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, 'flaky@test.fi'));
		expect(row.sentAt).not.toBeNull();
		expect(row.error).toBeNull();
		// The rolled-back change left neither a mail nor a job.
		expect(await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, 'phantom@test.fi'))).toHaveLength(0);
		expect(attempts).not.toContain('phantom@test.fi');
		await first.stop({ graceful: true, wait: true, timeout: 1000 });
	}, 40_000);

	it('never gives one job to two workers on the same database', async () => {
		// The second worker has a connection pool of its own on PostgreSQL (another process, in effect).
		second = database.url ? await openDatabase({ url: database.url, poolSize: 3 }) : undefined;
		const addresses = Array.from({ length: 24 }, (_, i) => `many${i}@test.fi`);
		await database.db.transaction(async (tx) => {
			for (const a of addresses) await queueEmail(tx, clock, mailTo(a));
		});
		const sent: string[] = [];
		const slowly: MailSender = async (m) => {
			await new Promise((r) => setTimeout(r, 30));
			sent.push(m.to);
		};
		await worker(database.db, slowly);
		await worker(second?.db ?? database.db, slowly);
		await until(async () => (await jobStates(addresses)).filter((s) => s === 'completed').length === addresses.length, 30_000);
		const mine = sent.filter((a) => a.startsWith('many'));
		expect(mine.sort()).toEqual([...addresses].sort());
		expect(new Set(mine).size).toBe(addresses.length);
	}, 45_000);

	it('starts as the app starts it (maintenance and cron on) without errors, and registers the deadline, reminder, mid-point and retention schedules once', async () => {
		const errors: Error[] = [];
		const bosses = [
			await startWorker(database.db, {
				mail: async () => undefined,
				push: async () => undefined,
				referral_deadlines: async () => undefined,
				deadline_reminders: async () => undefined,
				feedback_midpoints: async () => undefined,
				retention: async () => undefined
			}),
			await startWorker(second?.db ?? database.db, {
				mail: async () => undefined,
				push: async () => undefined,
				referral_deadlines: async () => undefined,
				deadline_reminders: async () => undefined,
				feedback_midpoints: async () => undefined,
				retention: async () => undefined
			})
		];
		for (const b of bosses) {
			workers.push(b);
			b.on('error', (e) => errors.push(e));
		}
		const schedules = rowsOf<{ name: string; cron: string; timezone: string }>(
			await database.db.execute(sql`select name, cron, timezone from pgboss.schedule order by name`)
		);
		expect(schedules).toEqual([
			{ name: 'deadline_reminders', cron: '*/10 * * * *', timezone: 'Europe/Helsinki' },
			{ name: 'feedback_midpoints', cron: '7 * * * *', timezone: 'Europe/Helsinki' },
			{ name: 'referral_deadlines', cron: '*/10 * * * *', timezone: 'Europe/Helsinki' },
			{ name: 'retention', cron: '30 2 * * *', timezone: 'Europe/Helsinki' }
		]);
		await new Promise((r) => setTimeout(r, 1500));
		expect(errors).toEqual([]);
	});

	it("runs pg-boss's maintenance on the app's pool: a job stuck running past its expiry is failed, to be retried", async () => {
		// No worker for this queue here: the job stays as maintenance leaves it.
		const boss = await startWorker(database.db, { mail: async () => undefined } as unknown as Parameters<typeof startWorker>[1], { schedule: false });
		workers.push(boss);
		const errors: Error[] = [];
		boss.on('error', (e) => errors.push(e));
		const id = (await boss.send('retention', {}, { startAfter: 3600 }))!;
		// As a worker that died while holding it would leave it: active, started two hours ago, expiring after a minute.
		await database.db.execute(
			sql`update pgboss.job set state = 'active', started_on = now() - interval '2 hours', expire_in = interval '1 minute' where id = ${id}`
		);
		await boss.maintain();
		const [job] = rowsOf<{ state: string; message: string | null }>(
			await database.db.execute(sql`select state::text, output->'value'->>'message' as message from pgboss.job where id = ${id}`)
		);
		expect(['retry', 'failed']).toContain(job.state);
		expect(job.message).toBe('job failed by timeout in active state');
		expect(errors).toEqual([]);
	});
});

import PgBoss from 'pg-boss';
import type { Clock } from '$lib/domain/clock';
import type { Db } from '../db/client';
import { deliverMail, type MailSender } from '../email';
import { runMidpointFeedbackJob } from '../feedback/midpoints';
import { logger } from '../logger';
import { jobsFinished } from '../metrics';
import { runReferralDeadlineJob } from '../notifications/deadlines';
import { runDeadlineReminderJob } from '../notifications/reminders';
import { runRetentionJob } from '../retention/service';
import { deliverPush } from '../notifications/push';
import { executorFor, SCHEMA, type JobData, type QueueName } from './queue';

type Handler<Q extends QueueName> = (data: JobData[Q]) => Promise<unknown>;
export type Handlers = { [Q in QueueName]: Handler<Q> };

/** What the jobs do in the app: deliver through SMTP/Web Push when configured, remind of deadlines, anonymise. */
export function appHandlers(db: Db, clock: Clock, senders: { mail?: MailSender } = {}): Handlers {
	return {
		mail: ({ mailId }) => deliverMail(db, clock, mailId, senders.mail),
		push: ({ pushId }) => deliverPush(db, clock, pushId),
		referral_deadlines: () => runReferralDeadlineJob(db, clock),
		deadline_reminders: () => runDeadlineReminderJob(db, clock),
		feedback_midpoints: () => runMidpointFeedbackJob(db, clock),
		retention: () => runRetentionJob(db, clock)
	};
}

/** Cron schedules (Europe/Helsinki); pg-boss sends each due run once, whichever process sees it first. */
export const SCHEDULES: { queue: QueueName; cron: string }[] = [
	{ queue: 'referral_deadlines', cron: '*/10 * * * *' },
	{ queue: 'deadline_reminders', cron: '*/10 * * * *' },
	// Hourly: a missed run (no process up) is made good by the next one, which finds every mid-point passed since.
	{ queue: 'feedback_midpoints', cron: '7 * * * *' },
	// Anonymisation of what has passed its time: nightly, outside working hours.
	{ queue: 'retention', cron: '30 2 * * *' }
];

export interface WorkerOptions {
	/** Seconds between polls of an idle queue (pg-boss's minimum is 0.5). */
	pollingIntervalSeconds?: number;
	/** Run the cron schedules (and pg-boss's maintenance: expiry, archiving). */
	schedule?: boolean;
}

/**
 * Starts a queue worker on the app's database: every app process may run one (several workers never take the
 * same job: pg-boss claims with SKIP LOCKED). A handler that throws fails the job; pg-boss retries it with
 * exponential backoff up to the queue's limit, then leaves it `failed` for the platform admin.
 */
export async function startWorker(db: Db, handlers: Handlers, options: WorkerOptions = {}): Promise<PgBoss> {
	const boss = new PgBoss({
		db: executorFor(db),
		schema: SCHEMA,
		// Migration 0026 created the schema; pg-boss only checks its version.
		migrate: false,
		supervise: options.schedule ?? true,
		schedule: options.schedule ?? true
	});
	boss.on('error', (err) => logger.error({ err: { message: err.message } }, 'job queue error'));
	await boss.start();
	const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
	for (const queue of Object.keys(handlers) as QueueName[]) {
		const handle = handlers[queue] as Handler<QueueName>;
		await boss.work<JobData[QueueName]>(queue, { pollingIntervalSeconds, batchSize: 1 }, async ([job]) => {
			try {
				await handle(job.data);
				jobsFinished.inc({ queue, outcome: 'completed' });
			} catch (err) {
				jobsFinished.inc({ queue, outcome: 'failed' });
				// The job id and queue only: errors of external services can quote addresses.
				logger.warn({ queue, jobId: job.id }, 'job failed; the queue retries it');
				throw err;
			}
		});
	}
	if (options.schedule ?? true) {
		for (const { queue, cron } of SCHEDULES) await boss.schedule(queue, cron, {}, { tz: 'Europe/Helsinki' });
	}
	return boss;
}

let running: PgBoss | undefined;

/** The app's worker (started once per process by `init` in hooks.server.ts). */
export async function startAppWorker(db: Db, clock: Clock): Promise<void> {
	running ??= await startWorker(db, appHandlers(db, clock));
}

export async function stopAppWorker(): Promise<void> {
	const boss = running;
	running = undefined;
	// Waits (up to 5 s) for jobs in hand; pg-boss fails what is left, to be retried.
	await boss?.stop({ graceful: true, timeout: 5_000, wait: true });
}

import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import { seedDemo } from '$lib/server/demo/seed';
import { clock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { closeDatabase, getDatabase } from '$lib/server/db';
import { deliverOutbox } from '$lib/server/email';
import { runReferralDeadlineJob } from '$lib/server/notifications/deadlines';
import { deliverPushes, pushEnabled } from '$lib/server/notifications/push';
import { logger } from '$lib/server/logger';
import { authenticate, authorizeByPath, requestId, requestsDrained, securityHeaders } from '$lib/server/hooks/handle';
import { checkInput } from '$lib/server/hooks/input';

export { handleError } from '$lib/server/hooks/handle';

/** Migrate (and seed demo data on an empty embedded database) before the first request. */
export async function init() {
	if (building) return;
	const { runtime } = config;
	if (runtime.refusals.length > 0) {
		// Thrown from init, this stops `node build` before it listens: nothing runs half-configured.
		for (const reason of runtime.refusals) logger.fatal(reason);
		throw new Error(`refusing to start: ${runtime.refusals.join('; ')}`);
	}
	if (runtime.demo) logger.warn('development/demo mode: development key, FAKE_NOW and demo data are allowed');
	const { db, kind } = await getDatabase();
	logger.info({ database: kind }, 'database migrated');
	if (config.seedDemo && (await seedDemo(db, clock))) logger.info('demo data created');
	// Mails are queued in the transaction that caused them; this sends them shortly after commit.
	const mailer = config.smtpUrl
		? setInterval(() => void deliverOutbox(db, clock).catch((err) => logger.error({ err }, 'mail delivery failed')), 5_000)
		: undefined;
	const pusher = pushEnabled()
		? setInterval(() => void deliverPushes(db, clock).catch((err) => logger.error({ err }, 'push delivery failed')), 5_000)
		: undefined;
	// adapter-node emits this after SIGTERM/SIGINT has closed the HTTP server.
	// Referral deadlines: every process runs the job; an advisory lock lets one of them work at a time.
	const deadlines = setInterval(() => void runReferralDeadlineJob(db, clock).catch((err) => logger.error({ err }, 'deadline job failed')), 10 * 60_000);
	process.once('sveltekit:shutdown' as never, () => {
		clearInterval(mailer);
		clearInterval(pusher);
		clearInterval(deadlines);
		void requestsDrained(10_000)
			.then(closeDatabase)
			.then(() => logger.info('database closed'));
	});
}

export const handle = sequence(requestId, securityHeaders, checkInput, authenticate, authorizeByPath);

import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import { seedDemo } from '$lib/server/demo/seed';
import { clock } from '$lib/server/clock';
import { config } from '$lib/server/config';
import { closeDatabase, getDatabase } from '$lib/server/db';
import { startAppWorker, stopAppWorker } from '$lib/server/jobs/worker';
import { logger } from '$lib/server/logger';
import { authenticate, authorizeByPath, pageLanguage, requestId, requestsDrained, securityHeaders } from '$lib/server/hooks/handle';
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
	// Mail, push and the deadline reminders are jobs in the PostgreSQL queue, enqueued in the transaction that
	// caused them; every process runs a worker and the cron schedules (src/lib/server/jobs).
	await startAppWorker(db, clock);
	// adapter-node emits this after SIGTERM/SIGINT has closed the HTTP server.
	process.once('sveltekit:shutdown' as never, () => {
		void requestsDrained(10_000)
			.then(stopAppWorker)
			.then(closeDatabase)
			.then(() => logger.info('database closed'));
	});
}

export const handle = sequence(requestId, securityHeaders, checkInput, authenticate, pageLanguage, authorizeByPath);

import { sql } from 'drizzle-orm';
import { getDb } from '$lib/server/db';
import { logger } from '$lib/server/logger';
import type { RequestHandler } from './$types';

/** Readiness: the database answers. */
export const GET: RequestHandler = async () => {
	try {
		const db = await getDb();
		await db.execute(sql`select 1`);
		return new Response('ready', { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		logger.warn({ err: e }, 'readiness check failed');
		return new Response('database unavailable', { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};

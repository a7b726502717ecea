import { error } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { measureDatabase, registry } from '$lib/server/metrics';
import { canReadMetrics } from '$lib/server/policy';
import type { RequestHandler } from './$types';

/** Prometheus metrics for a scraper holding METRICS_TOKEN (`Authorization: Bearer …`); not there while it is unset. */
export const GET: RequestHandler = async ({ request }) => {
	if (!config.metricsToken) error(404, 'not found');
	if (!canReadMetrics(request.headers.get('authorization'), config.metricsToken)) {
		return new Response('unauthorized', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
	}
	const { db, kind } = await getDatabase();
	measureDatabase(db, kind);
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
};

/** `/metrics`: Prometheus text for the holder of METRICS_TOKEN, route ids (never URLs), the queue's depth. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { config } from '../../src/lib/server/config';
import { queueEmail } from '../../src/lib/server/email';
import { observeRequest } from '../../src/lib/server/metrics';
import { GET } from '../../src/routes/metrics/+server';
import { createTestDatabase } from './helpers/db';
import { statusOf } from './helpers/event';
import { testClock } from './helpers/fixtures';

let database: Database;
const { clock } = testClock();
const saved = config.metricsToken;
beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterEach(() => Object.assign(config, { metricsToken: saved }));
afterAll(() => database.close());

const scrape = (authorization?: string) =>
	GET({ request: new Request('http://localhost/metrics', { headers: authorization ? { authorization } : {} }) } as never) as Promise<Response>;

describe('/metrics', () => {
	it('is not there while METRICS_TOKEN is unset', async () => {
		Object.assign(config, { metricsToken: undefined });
		expect(await statusOf(() => scrape('Bearer anything'))).toBe(404);
	});

	it('refuses a missing or wrong token', async () => {
		Object.assign(config, { metricsToken: 'a-long-scrape-token' });
		expect((await scrape()).status).toBe(401);
		expect((await scrape('Bearer a-long-scrape-tokeX')).status).toBe(401);
		expect((await scrape('Bearer short')).status).toBe(401);
	});

	it('gives request durations by route id, the queue’s depth and the pool', async () => {
		Object.assign(config, { metricsToken: 'a-long-scrape-token' });
		await queueEmail(database.db, clock, {
			to: 'x@test.fi',
			locale: 'fi',
			subjectKey: 'email.reset.subject',
			bodyKey: 'email.reset.body',
			params: { link: 'https://x/y' }
		});
		observeRequest('/area/[id]/referrals', 'GET', 200, 0.042);
		const res = await scrape('Bearer a-long-scrape-token');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/plain');
		const text = await res.text();
		expect(text).toContain('ptp_http_request_duration_seconds_count{route="/area/[id]/referrals",method="GET",status="200"} 1');
		expect(text).toMatch(/ptp_jobs\{queue="mail",state="created"\} [1-9]/);
		expect(text).toMatch(/ptp_db_pool_size \d+/);
		expect(text).not.toContain('x@test.fi');
	});
});

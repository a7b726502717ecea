/**
 * Behind a load balancer: with adapter-node's ADDRESS_HEADER / XFF_DEPTH set, the built server throttles
 * sign-ins per forwarded client (not one limit for everyone behind the balancer) and audit rows carry
 * the client's address. Needs `vite build` first (npm run test:e2e does it).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db/client';
import { auditLog } from '../../src/lib/server/db/schema';
import { LOGIN_LIMITS } from '../../src/lib/server/auth/rate-limit';
import { PORT, startServer } from './harness';

const port = PORT + 1;
const base = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'ptp-xff-'));
let server: Awaited<ReturnType<typeof startServer>> | undefined;

before(async () => {
	server = await startServer({
		port,
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', PGLITE_DIR: dataDir, SEED_DEMO: '0' }
	});
});
after(async () => {
	await server?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

let attempt = 0;
/** A wrong sign-in through the balancer; the left part of the header is what the client claimed itself. */
async function wrongSignIn(forwardedFor: string): Promise<number> {
	const body = new URLSearchParams({ email: `nobody${attempt++}@xff.example`, password: 'not the password at all' });
	const r = await fetch(`${base}/login`, {
		method: 'POST',
		// As an enhanced form posts it: the answer is JSON with the action's status.
		headers: {
			origin: base,
			'content-type': 'application/x-www-form-urlencoded',
			'x-sveltekit-action': 'true',
			accept: 'application/json',
			'x-forwarded-for': forwardedFor
		},
		body,
		redirect: 'manual'
	});
	const answer = (await r.json()) as { type: string; status: number };
	return answer.status;
}

describe('the client address behind a load balancer', () => {
	it('throttles per forwarded client and writes that client into the audit log', async () => {
		for (let i = 0; i < LOGIN_LIMITS.ip.max; i++) assert.equal(await wrongSignIn(`203.0.113.66, 198.51.100.7`), 400);
		assert.equal(await wrongSignIn('10.0.0.1, 198.51.100.7'), 429, 'the same client is throttled, whatever it claims');
		assert.equal(await wrongSignIn('198.51.100.8'), 400, 'another client behind the same balancer is not');

		// The embedded database is read after the server has let go of it.
		const { graceful } = await server!.stop();
		server = undefined;
		assert.ok(graceful);
		const database = await openDatabase({ dataDir });
		try {
			const rows = await database.db.select({ ip: auditLog.ip }).from(auditLog).where(eq(auditLog.action, 'auth.login_failed'));
			assert.deepEqual([...new Set(rows.map((r) => r.ip))].sort(), ['198.51.100.7', '198.51.100.8']);
		} finally {
			await database.close();
		}
	});
});

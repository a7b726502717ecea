import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { customers } from '../../src/lib/server/db/schema';
import { logger, loggerOptions } from '../../src/lib/server/logger';
import { handleError } from '../../src/lib/server/hooks/handle';
import { createTestDatabase } from './helpers/db';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

const NAME = 'Maija Meikäläinen';
const PHONE = '040 765 4321';
const REASON = 'Migreeni ja lääkärikäynti';

/** Runs `fail` and sends what it throws through the server's error hook; returns the log lines written. */
async function loggedFailure(fail: () => Promise<unknown>): Promise<string> {
	const error = await fail().then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(Error);
	const lines: string[] = [];
	// The real logger's options (serializers included), writing into the test instead of stdout.
	const capture = pino(loggerOptions, { write: (line: string) => void lines.push(line) });
	const spy = vi.spyOn(logger, 'error').mockImplementation(((...args: Parameters<typeof capture.error>) => capture.error(...args)) as never);
	try {
		handleError({
			error,
			status: 500,
			message: 'Internal Error',
			event: { locals: { requestId: 'req-42' }, url: new URL('http://localhost/area/x/referrals/new') }
		} as never);
	} finally {
		spy.mockRestore();
	}
	expect(lines).toHaveLength(1);
	return lines[0];
}

describe('logs never carry customer data (issue 15 §4)', () => {
	it('a failed insert of a customer is logged with its code, statement and request id, not its values', async () => {
		const line = await loggedFailure(() =>
			database.db
				.insert(customers)
				.values({ areaId: '00000000-0000-4000-8000-000000000000', customerNumber: 'AS-991', name: NAME, phone: PHONE, language: 'fi', createdAt: new Date() })
		);
		for (const secret of [NAME, PHONE, 'AS-991']) expect(line).not.toContain(secret);
		const entry = JSON.parse(line);
		expect(entry).toMatchObject({ requestId: 'req-42', err: { type: 'DatabaseError', code: expect.stringMatching(/^23/), statement: 'insert customers' } });
	});

	it('a database message that quotes the value (absence reason as a number) is not logged', async () => {
		const line = await loggedFailure(() => database.db.execute(sql`select ${REASON}::integer as n`));
		expect(line).not.toContain('Migreeni');
		expect(JSON.parse(line)).toMatchObject({ requestId: 'req-42', err: { code: '22P02', statement: 'select' } });
	});
});

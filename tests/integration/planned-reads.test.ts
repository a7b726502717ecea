/**
 * Today's statements run on connections that always use a statement's generic plan (planned once per
 * connection, not on every page); every other statement keeps PostgreSQL's own choice, since some plans
 * depend on their values (the invoice periods' check).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/lib/server/db/client';
import { createTestDatabase } from './helpers/db';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

const planCacheMode = async (db: Database['db']) => rowsOf<{ mode: string }>(await db.execute(sql`select current_setting('plan_cache_mode') as mode`))[0].mode;

describe('reads planned once', () => {
	it('Today’s handle uses generic plans; the app’s own handle leaves the choice to PostgreSQL', async () => {
		expect(await planCacheMode(database.db)).toBe('auto');
		if (database.kind === 'postgres') {
			expect(database.plannedReads).not.toBe(database.db);
			expect(await planCacheMode(database.plannedReads)).toBe('force_generic_plan');
		} else {
			// PGlite: one connection in this process, no planning cost worth a second handle.
			expect(database.plannedReads).toBe(database.db);
		}
	});
});

import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Database } from '../../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../../src/lib/server/db';
import { createTestDatabase } from '../helpers/db';
import { casesOf, runCase, type Row } from './table';
import { buildWorld, type World } from './world';

/** One describe per row, one test per case (denied ones first), against one world per test file. */
export function describeRows(title: string, rows: Row[]) {
	let database: Database;
	let w: World;
	beforeAll(async () => {
		database = await createTestDatabase();
		useDatabaseForTests(database);
		w = await buildWorld(database);
	}, 240_000);
	afterAll(() => database?.close());
	describe(title, () => {
		for (const row of rows) {
			const cases = casesOf(row);
			if (cases.length === 0) continue;
			describe(row.key, () => {
				for (const c of cases) it(`${c.deny ? 'denied' : 'allowed'}: ${c.label}`, () => runCase(w, row, c));
			});
		}
	});
}

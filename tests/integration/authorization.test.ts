/**
 * The authorization table: every load, form action and endpoint in src/routes has a row saying who may use
 * it (the rows are in authorization/rows-*.ts; the area and provider rows run in their own test files).
 * A new route is one row; without one, the first test below fails and names it.
 */
import { describe, expect, it } from 'vitest';
import { ROUTE_ENTRIES } from './authorization/routes';
import { AREA_ROWS } from './authorization/rows-area';
import { PROVIDER_ROWS } from './authorization/rows-provider';
import { OTHER_ROWS } from './authorization/rows-other';
import { describeRows } from './authorization/runner';

const ALL_ROWS = [...AREA_ROWS, ...PROVIDER_ROWS, ...OTHER_ROWS];

describe('the authorization table covers every route', () => {
	it('has a row for every load, form action and endpoint in src/routes', () => {
		const covered = new Set(ALL_ROWS.map((r) => r.key));
		const missing = [...ROUTE_ENTRIES.keys()].filter((k) => !covered.has(k));
		expect(missing, `no row in tests/integration/authorization/rows-*.ts for:\n  ${missing.join('\n  ')}\n`).toEqual([]);
	});

	it('has no row for a route entry that does not exist, and no route twice', () => {
		const keys = ALL_ROWS.map((r) => r.key);
		expect(
			keys.filter((k) => !ROUTE_ENTRIES.has(k)),
			'rows naming no load, action or endpoint'
		).toEqual([]);
		expect(
			keys.filter((k, i) => keys.indexOf(k) !== i),
			'rows given twice'
		).toEqual([]);
	});

	it('gives every non-public row an allowed case and denied cases', () => {
		const incomplete = ALL_ROWS.filter((r) => r.side !== 'public' && !r.allowed).map((r) => r.key);
		expect(incomplete).toEqual([]);
	});
});

describeRows('platform, signed-in, API and public routes', OTHER_ROWS);

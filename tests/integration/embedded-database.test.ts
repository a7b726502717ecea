import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/client';

describe('embedded database on a fresh machine', () => {
	it('creates its nested data folder, migrates, and keeps data across a restart', async () => {
		const root = mkdtempSync(join(tmpdir(), 'ptp-fresh-'));
		const dataDir = join(root, 'data', 'pglite');
		try {
			const first = await openDatabase({ dataDir });
			await first.db.execute(sql`insert into organisations (kind, name) values ('area', 'Pysyvä alue')`);
			await first.close();
			expect(existsSync(dataDir)).toBe(true);
			const again = await openDatabase({ dataDir });
			const rows = await again.db.query.organisations.findMany();
			expect(rows.map((o) => o.name)).toEqual(['Pysyvä alue']);
			await again.close();
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { contracts, organisations, users } from '../../src/lib/server/db/schema';
import { getContractDetail } from '../../src/lib/server/contracts/service';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/lib/server/demo/users';
import { loadActor } from '../../src/lib/server/auth/actor';
import { checkPasswordPolicy } from '../../src/lib/server/auth/password';
import { isValidBusinessId, isValidFinnishIban } from '../../src/lib/domain/identifiers';
import { createTestDatabase } from './helpers/db';
import { testClock } from './helpers/fixtures';

let database: Database;
const { clock } = testClock('2026-11-23T08:00:00Z');
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

describe('demo data', () => {
	it('fills an empty database once, with valid identifiers, every role and an expired assignment', async () => {
		expect(await seedDemo(database.db, clock)).toBe(true);
		expect(await seedDemo(database.db, clock)).toBe(false);
		const orgs = await database.db.select().from(organisations);
		expect(orgs.filter((o) => o.kind === 'area')).toHaveLength(2);
		expect(orgs.filter((o) => o.kind === 'provider').length).toBeGreaterThanOrEqual(4);
		expect(orgs.some((o) => o.kind === 'area' && o.languages.includes('sv'))).toBe(true);
		for (const o of orgs) if (o.businessId) expect(isValidBusinessId(o.businessId), o.name).toBe(true);
		for (const o of orgs.filter((x) => x.kind === 'provider')) expect(isValidFinnishIban(o.iban ?? ''), o.name).toBe(true);
		expect(checkPasswordPolicy(DEMO_PASSWORD)).toBeNull();

		const roles = new Set<string>();
		for (const demo of DEMO_USERS) {
			const [u] = await database.db.select().from(users).where(eq(users.email, demo.email));
			const actor = await loadActor(database.db, u.id, '2026-11-23');
			expect(actor.memberships.flatMap((m) => m.roles).sort()).toEqual(demo.memberships.flatMap((m) => m.roles).sort());
			actor.memberships.forEach((m) => m.roles.forEach((r) => roles.add(r)));
		}
		expect(roles.size).toBe(9);

		// The coach's assignment to the second area ended yesterday: only the first one counts today.
		const [coach] = await database.db.select().from(users).where(eq(users.email, 'valmentaja@valmennuspohjola.demo.fi'));
		const today = await loadActor(database.db, coach.id, '2026-11-23');
		expect(today.assignments).toHaveLength(1);
		const earlier = await loadActor(database.db, coach.id, '2026-11-01');
		expect(earlier.assignments).toHaveLength(2);

		// Contracts with prices, cohorts and a PDF, each a valid state of the contract rules.
		const all = await database.db.select().from(contracts);
		expect(all.length).toBeGreaterThanOrEqual(6);
		expect(new Set(all.map((c) => c.serviceType)).size).toBeGreaterThanOrEqual(5);
		for (const c of all) {
			const d = await getContractDetail(database.db, c.id);
			expect(d!.priceLines.length, c.contractNumber).toBeGreaterThan(0);
			expect(d!.documents.map((x) => x.mediaType)).toEqual(['application/pdf']);
		}
		expect(all.some((c) => c.languages.includes('sv'))).toBe(true);
	});
});

/**
 * The table every later issue extends: role × route × own/foreign organisation → outcome.
 * Handlers are imported and called as SvelteKit would, with the actor built from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { loadActor } from '../../src/lib/server/auth/actor';
import type { Role } from '../../src/lib/domain/roles';
import { loadUsers } from '../../src/lib/server/users/page';
import { load as auditLoad } from '../../src/routes/area/[orgId=uuid]/audit/+page.server';
import { GET as auditExport } from '../../src/routes/area/[orgId=uuid]/audit/export/+server';
import { load as customerReport } from '../../src/routes/area/[orgId=uuid]/audit/customers/[customerId=uuid]/+page.server';
import { load as areaWorkspace } from '../../src/routes/area/[orgId=uuid]/+layout.server';
import { load as providerWorkspace } from '../../src/routes/provider/[orgId=uuid]/+layout.server';
import { load as outboxLoad } from '../../src/routes/admin/outbox/+page.server';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const orgs: Record<'area' | 'otherArea' | 'provider' | 'otherProvider' | 'platform', string> = {} as never;
const CUSTOMER = '11111111-2222-4333-8444-555555555555';
const { clock } = testClock();

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	orgs.area = (await makeOrganisation(database.db, 'area')).id;
	orgs.otherArea = (await makeOrganisation(database.db, 'area')).id;
	orgs.provider = (await makeOrganisation(database.db, 'provider')).id;
	orgs.otherProvider = (await makeOrganisation(database.db, 'provider')).id;
	orgs.platform = (await makeOrganisation(database.db, 'platform')).id;
});
afterAll(() => database.close());

type Route = { name: string; kind: 'area' | 'provider' | 'platform'; run: (orgId: string, ev: (p: Record<string, string>, url?: string) => never) => unknown };

const ROUTES: Route[] = [
	{ name: 'area workspace', kind: 'area', run: (orgId, ev) => areaWorkspace(ev({ orgId })) },
	{ name: 'provider workspace', kind: 'provider', run: (orgId, ev) => providerWorkspace(ev({ orgId })) },
	{ name: 'users list', kind: 'area', run: (orgId, ev) => loadUsers(ev({ orgId })) },
	{ name: 'users list (provider)', kind: 'provider', run: (orgId, ev) => loadUsers(ev({ orgId })) },
	{ name: 'audit search', kind: 'area', run: (orgId, ev) => auditLoad(ev({ orgId })) },
	{ name: 'audit export', kind: 'area', run: (orgId, ev) => auditExport(ev({ orgId }, 'http://localhost/x/export')) },
	{ name: 'customer access report', kind: 'area', run: (orgId, ev) => customerReport(ev({ orgId, customerId: CUSTOMER })) },
	{ name: 'dev outbox', kind: 'platform', run: (_orgId, ev) => outboxLoad(ev({})) }
];

// Expected status per role when acting in the role's own organisation; a foreign one is always 403/404.
const EXPECTED: Record<string, Partial<Record<Role, number>>> = {
	'area workspace': { area_admin: 200, case_officer: 200, auditor: 200, invoice_reviewer: 200, invoice_approver: 200 },
	'provider workspace': { provider_admin: 200, coach: 200, finance: 200 },
	'users list': { area_admin: 200, case_officer: 403, auditor: 403, invoice_reviewer: 403, invoice_approver: 403 },
	'users list (provider)': { provider_admin: 200, coach: 403, finance: 403 },
	'audit search': { area_admin: 200, auditor: 200, case_officer: 403, invoice_reviewer: 403, invoice_approver: 403 },
	'audit export': { area_admin: 200, auditor: 200, case_officer: 403 },
	'customer access report': { area_admin: 200, auditor: 200, case_officer: 403 },
	'dev outbox': { platform_admin: 200 }
};

const ROLE_KIND: Record<Role, 'area' | 'provider' | 'platform'> = {
	area_admin: 'area',
	case_officer: 'area',
	invoice_reviewer: 'area',
	invoice_approver: 'area',
	auditor: 'area',
	provider_admin: 'provider',
	coach: 'provider',
	finance: 'provider',
	platform_admin: 'platform'
};
const OWN = { area: () => orgs.area, provider: () => orgs.provider, platform: () => orgs.platform };
const FOREIGN = { area: () => orgs.otherArea, provider: () => orgs.otherProvider, platform: () => orgs.platform };

async function actorWith(role: Role) {
	const kind = ROLE_KIND[role];
	const user = await makeUser(database.db, { org: OWN[kind](), roles: [role] });
	return loadActor(database.db, user.id, '2026-11-23');
}

const cases = ROUTES.flatMap((r) =>
	(Object.keys(ROLE_KIND) as Role[]).map((role) => [r.name, role, r] as const)
);

describe('role × route × own/foreign organisation', () => {
	it.each(cases)('%s as %s', async (_name, role, route) => {
		const actor = await actorWith(role);
		const ev = (params: Record<string, string>, url?: string) => makeEvent({ actor, clock, params, url });
		const expectedOwn = EXPECTED[route.name][role] ?? 403;
		const own = route.kind === 'platform' ? orgs.platform : OWN[route.kind]();
		const ownStatus = await statusOf(() => route.run(own, ev));
		// A role from the other side may be told 404 (no such workspace for them) or 403; both give nothing.
		if (expectedOwn === 200) expect(ownStatus).toBe(200);
		else expect([403, 404]).toContain(ownStatus);
		if (route.kind !== 'platform') {
			const foreign = await statusOf(() => route.run(FOREIGN[route.kind](), ev));
			expect([403, 404]).toContain(foreign);
		}
	});

	it('an anonymous request gets 401 everywhere', async () => {
		for (const route of ROUTES) {
			const ev = (params: Record<string, string>, url?: string) => makeEvent({ actor: null, clock, params, url });
			expect(await statusOf(() => route.run(orgs.area, ev))).toBe(401);
		}
	});
});

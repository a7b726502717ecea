import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, referrals, users } from '../../src/lib/server/db/schema';
import { newReferralSchema } from '../../src/lib/server/api/schemas';
import { createApiKey, revokeApiKey } from '../../src/lib/server/api/keys';
import { POST } from '../../src/routes/api/v1/referrals/+server';
import { GET } from '../../src/routes/api/v1/referrals/[referralId=uuid]/+server';
import { GET as openapi } from '../../src/routes/api/v1/openapi.json/+server';
import { createTestDatabase } from './helpers/db';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';
import { providerWithContract } from './helpers/contracts';

let database: Database;
const { clock } = testClock('2026-11-23T08:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

function call(handler: (e: never) => unknown, opts: { key?: string; body?: unknown; raw?: string; params?: Record<string, string> }) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (opts.key) headers.authorization = `Bearer ${opts.key}`;
	const request = new Request('http://localhost/api/v1/referrals', {
		method: opts.body !== undefined || opts.raw !== undefined ? 'POST' : 'GET',
		headers,
		body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined)
	});
	return handler({
		request,
		params: opts.params ?? {},
		locals: { clock, requestId: 'api-test' },
		getClientAddress: () => '10.0.0.5'
	} as never) as Promise<Response>;
}

async function area() {
	const org = await makeOrganisation(database.db, 'area');
	const officer = await makeUser(database.db, { org: org.id, roles: ['case_officer'] });
	const admin = ctxFor(clock, null, org.id);
	const { contractId } = await providerWithContract(database, admin, org.id);
	const [o] = await database.db.select().from(users).where(eq(users.id, officer.id));
	return { org, officerEmail: o.email, contractId, admin };
}

const body = (contractId: string, officerEmail: string) => ({
	officerEmail,
	contractId,
	customerNumber: 'API-1',
	name: 'Rajapinta Asiakas',
	language: 'sv',
	consentFormVersion: 'v2',
	consentScope: 'luovutus',
	consentGivenOn: '2026-11-20'
});

describe('JSON API', () => {
	it('creates a referral with a key and reads its state; every call is audited', async () => {
		const a = await area();
		const key = await createApiKey(database.db, a.admin, a.org.id, 'Asiakasjärjestelmä', ['referrals:write', 'referrals:read']);
		const created = await call(POST, { key, body: body(a.contractId, a.officerEmail) });
		expect(created.status).toBe(201);
		const { id } = await created.json();
		const read = await call(GET, { key, params: { referralId: id } });
		expect(read.status).toBe(200);
		expect(await read.json()).toMatchObject({ id, status: 'waiting', customerNumber: 'API-1', contractId: a.contractId });
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.organisationId, a.org.id));
		expect(audit.map((x) => x.action)).toEqual(expect.arrayContaining(['api_key.create', 'referral.create', 'api.referral_read']));
	});

	it('refuses no key, a revoked key, a missing scope, another area’s referral, bad JSON and bad fields', async () => {
		const a = await area();
		const b = await area();
		const writeOnly = await createApiKey(database.db, a.admin, a.org.id, 'w', ['referrals:write']);
		const bKey = await createApiKey(database.db, b.admin, b.org.id, 'b', ['referrals:write', 'referrals:read']);
		expect((await call(POST, { body: body(a.contractId, a.officerEmail) })).status).toBe(401);
		expect((await call(POST, { key: 'ptp_abcdefgh_notarealkeynotarealkey', body: {} })).status).toBe(401);
		const created = await call(POST, { key: writeOnly, body: body(a.contractId, a.officerEmail) });
		const { id } = await created.json();
		expect((await call(GET, { key: writeOnly, params: { referralId: id } })).status).toBe(403);
		expect((await call(GET, { key: bKey, params: { referralId: id } })).status).toBe(404);
		// Another area's key cannot refer to this area's contract or on behalf of its officer.
		expect((await call(POST, { key: bKey, body: body(a.contractId, a.officerEmail) })).status).toBe(422);
		expect((await call(POST, { key: writeOnly, raw: '{not json' })).status).toBe(400);
		const bad = await call(POST, { key: writeOnly, body: { ...body(a.contractId, a.officerEmail), email: 'nope', consentGivenOn: '2026-02-30' } });
		expect(bad.status).toBe(422);
		expect(await bad.json()).toEqual({ error: 'invalidInput', details: { email: 'emailInvalid', consentGivenOn: 'dateInvalid' } });
		const keys = await database.db.query.apiKeys.findMany({ where: (t, { eq: e }) => e(t.areaId, a.org.id) });
		await revokeApiKey(database.db, a.admin, a.org.id, keys[0].id);
		expect((await call(POST, { key: writeOnly, body: body(a.contractId, a.officerEmail) })).status).toBe(401);
	});

	it('publishes an OpenAPI description', async () => {
		const doc = await (await (openapi as unknown as () => Promise<Response>)()).json();
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths)).toEqual(['/referrals', '/referrals/{id}']);
	});
});

describe('JSON API: strict bodies (issue 15)', () => {
	it('refuses an object where a string belongs, and an unknown key, creating nothing', async () => {
		const a = await area();
		const key = await createApiKey(database.db, a.admin, a.org.id, 'k', ['referrals:write']);
		const before = await database.db.$count(referrals);
		const objectName = await call(POST, { key, body: { ...body(a.contractId, a.officerEmail), name: { a: 1 }, phone: ['040 1234567'] } });
		expect(objectName.status).toBe(422);
		expect(await objectName.json()).toEqual({ error: 'invalidInput', details: { name: 'notAString', phone: 'notAString' } });
		const unknownKey = await call(POST, { key, body: { ...body(a.contractId, a.officerEmail), phoneNumber: '040 1234567' } });
		expect(unknownKey.status).toBe(422);
		expect(await unknownKey.json()).toEqual({ error: 'invalidInput', details: { phoneNumber: 'unknownField' } });
		const future = await call(POST, { key, body: { ...body(a.contractId, a.officerEmail), consentGivenOn: '2026-11-24' } });
		expect(future.status).toBe(422);
		expect(await future.json()).toEqual({ error: 'consentInFuture' });
		expect(await database.db.$count(referrals)).toBe(before);
	});

	it('describes in OpenAPI exactly the keys the schema accepts', async () => {
		const doc = await (await (openapi as unknown as () => Promise<Response>)()).json();
		const schema = doc.components.schemas.NewReferral;
		expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(newReferralSchema.pipe[0].entries).sort());
		expect(schema.additionalProperties).toBe(false);
		expect(schema.properties.name).toMatchObject({ type: 'string', maxLength: 200 });
		expect(schema.required).toContain('consentGivenOn');
	});
});

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
import { load as providersLoad } from '../../src/routes/area/[orgId=uuid]/providers/+page.server';
import { actions as providerActions, load as providerLoad } from '../../src/routes/area/[orgId=uuid]/providers/[providerId=uuid]/+page.server';
import { actions as ownOrganisationActions, load as ownOrganisationLoad } from '../../src/routes/provider/[orgId=uuid]/organisation/+page.server';
import { load as areaContracts } from '../../src/routes/area/[orgId=uuid]/contracts/+page.server';
import { load as newContract } from '../../src/routes/area/[orgId=uuid]/contracts/new/+page.server';
import { load as areaContract } from '../../src/routes/area/[orgId=uuid]/contracts/[contractId=uuid]/+page.server';
import { GET as areaContractsCsv } from '../../src/routes/area/[orgId=uuid]/contracts/export/+server';
import { load as providerContracts } from '../../src/routes/provider/[orgId=uuid]/contracts/+page.server';
import { load as providerContract } from '../../src/routes/provider/[orgId=uuid]/contracts/[contractId=uuid]/+page.server';
import { GET as providerDocument } from '../../src/routes/provider/[orgId=uuid]/contracts/[contractId=uuid]/documents/[documentId=uuid]/+server';
import { load as assignmentsLoad } from '../../src/routes/provider/[orgId=uuid]/assignments/+page.server';
import { registerProvider } from '../../src/lib/server/providers/service';
import { createContract, getContractDetail, uploadDocument } from '../../src/lib/server/contracts/service';
import { load as areaReferrals } from '../../src/routes/area/[orgId=uuid]/referrals/+page.server';
import { load as newReferral } from '../../src/routes/area/[orgId=uuid]/referrals/new/+page.server';
import { load as areaReferral } from '../../src/routes/area/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { load as providerReferrals } from '../../src/routes/provider/[orgId=uuid]/referrals/+page.server';
import { load as providerReferral } from '../../src/routes/provider/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { createReferral } from '../../src/lib/server/referrals/service';
import { load as apiKeysLoad } from '../../src/routes/area/[orgId=uuid]/api-keys/+page.server';
import { load as notificationsLoad } from '../../src/routes/notifications/+page.server';
import { load as importLoad } from '../../src/routes/area/[orgId=uuid]/referrals/import/+page.server';
import { load as groupLoad } from '../../src/routes/area/[orgId=uuid]/referrals/group/+page.server';
import { load as todayLoad } from '../../src/routes/provider/[orgId=uuid]/today/+page.server';
import { load as areaNotices } from '../../src/routes/area/[orgId=uuid]/notices/+page.server';
import { load as providerNotices } from '../../src/routes/provider/[orgId=uuid]/notices/+page.server';
import { load as areaParticipations } from '../../src/routes/area/[orgId=uuid]/participations/+page.server';
import { load as providerParticipations } from '../../src/routes/provider/[orgId=uuid]/participations/+page.server';
import { load as areaArvis } from '../../src/routes/area/[orgId=uuid]/arvi/+page.server';
import { load as providerArvis } from '../../src/routes/provider/[orgId=uuid]/arvi/+page.server';
import { actions as areaArviActions, load as areaArvi } from '../../src/routes/area/[orgId=uuid]/arvi/[arviId=uuid]/+page.server';
import { actions as providerArviActions, load as providerArvi } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/+page.server';
import { POST as arviDraft } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/draft/+server';
import { GET as areaArviPdf } from '../../src/routes/area/[orgId=uuid]/arvi/[arviId=uuid]/pdf/+server';
import { GET as providerArviPdf } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/pdf/+server';
import { isActionFailure } from '@sveltejs/kit';
import { acceptReferral } from '../../src/lib/server/referrals/service';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { submitArvi } from '../../src/lib/server/arvi/service';
import { emptyArvi, type ArviContent } from '../../src/lib/domain/arvi';
import { load as areaInvoices } from '../../src/routes/area/[orgId=uuid]/invoices/+page.server';
import { load as providerInvoices } from '../../src/routes/provider/[orgId=uuid]/invoices/+page.server';
import { createTestDatabase } from './helpers/db';
import { contractInput, providerInput } from './helpers/contracts';
import { makeEvent, statusOf } from './helpers/event';
import { makeAssignment, makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const orgs: Record<'area' | 'otherArea' | 'provider' | 'otherProvider' | 'platform', string> = {} as never;
const CUSTOMER = '11111111-2222-4333-8444-555555555555';
let contractId = '';
let documentId = '';
let referralId = '';
const { clock } = testClock();

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	orgs.area = (await makeOrganisation(database.db, 'area')).id;
	orgs.otherArea = (await makeOrganisation(database.db, 'area')).id;
	orgs.provider = (await makeOrganisation(database.db, 'provider')).id;
	orgs.otherProvider = (await makeOrganisation(database.db, 'provider')).id;
	orgs.platform = (await makeOrganisation(database.db, 'platform')).id;
	// A contract between the own area and the own provider, with one document.
	const ctx = { userId: null, organisationId: null, ip: null, userAgent: null, requestId: null, clock };
	const p = await registerProvider(database.db, ctx, orgs.area, providerInput());
	if (!p.ok) throw new Error(p.error);
	orgs.provider = p.providerId;
	const c = await createContract(database.db, ctx, orgs.area, orgs.provider, contractInput());
	if (!c.ok) throw new Error(c.error);
	contractId = c.contractId;
	await uploadDocument(database.db, ctx, contractId, 1, { name: 'sopimus.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') });
	documentId = (await getContractDetail(database.db, contractId))!.documents[0].id;
	const officer = await makeUser(database.db, { org: orgs.area, roles: ['case_officer'] });
	const r = await createReferral(database.db, { ...ctx, userId: officer.id }, orgs.area, {
		contractId, cohortId: null, customerNumber: 'AS-1', name: 'Asiakas Yksi', phone: null, email: null, language: 'fi',
		personalId: null, needs: null, plannedStart: null, consentFormVersion: 'v1', consentScope: 'luovutus', consentGivenOn: '2026-11-23'
	});
	if (!r.ok) throw new Error(r.error);
	referralId = r.referralId;
});
// A submitted ARVI of a customer of the own area served by the own provider (its coach is the only one assigned).
let arviId = '';
let arviVersion = 0;
beforeAll(async () => {
	const ctx = { userId: null, organisationId: null, ip: null, userAgent: null, requestId: null, clock };
	const officer = await makeUser(database.db, { org: orgs.area, roles: ['case_officer'] });
	const coach = await makeUser(database.db, { org: orgs.provider, roles: ['coach'] });
	await makeAssignment(database.db, { userId: coach.id, providerId: orgs.provider, areaId: orgs.area, validFrom: '2026-01-01', validUntil: '2026-12-31' });
	const r = await createReferral(database.db, { ...ctx, userId: officer.id }, orgs.area, {
		contractId, cohortId: null, customerNumber: 'AS-ARVI', name: 'Asiakas Arvi', phone: null, email: null, language: 'fi',
		personalId: null, needs: null, plannedStart: null, consentFormVersion: 'v1', consentScope: 'luovutus', consentGivenOn: '2026-11-02'
	});
	if (!r.ok) throw new Error(r.error);
	const cctx = { ...ctx, userId: coach.id, organisationId: orgs.provider };
	const a = await acceptReferral(database.db, cctx, r.referralId, 1, { startDate: '2026-11-02', coachId: coach.id, firstMeeting: null });
	if (!a.ok) throw new Error(a.error);
	const p = (await database.db.query.participations.findFirst({ where: (x, { eq }) => eq(x.referralId, r.referralId) }))!;
	const coachActor = await loadActor(database.db, coach.id, '2026-11-23');
	for (const [version, change] of [[p.version, { kind: 'start', day: '2026-11-02' }], [p.version + 1, { kind: 'complete', day: '2026-11-20' }]] as const) {
		const done = await changeParticipation(database.db, cctx, coachActor, p.id, version, change);
		if (!done.ok) throw new Error(done.error);
	}
	const arvi = (await database.db.query.arvis.findFirst({ where: (x, { eq }) => eq(x.participationId, p.id) }))!;
	const content: ArviContent = { ...emptyArvi('Valmentaja'), activities: 'Valmennus', skills: 'Tiimityö', suitableWork: 'Myyjä', readiness: 'ready', situation: 'employed', situationFrom: '2026-11-21', nextSteps: [{ kind: 'job', reason: 'Työpaikka' }], customerView: 'Hyvä', reviewedOn: '2026-11-20', reviewedHow: 'phone' };
	const sent = await submitArvi(database.db, cctx, coachActor, arvi.id, arvi.version, content);
	if (!sent.ok) throw new Error(sent.error);
	arviId = arvi.id;
	arviVersion = (await database.db.query.arvis.findFirst({ where: (x, { eq }) => eq(x.id, arvi.id) }))!.version;
});
afterAll(() => database.close());

/** The event as a POST: a form (fields) or, for the draft endpoint, JSON. */
function posting(event: never, body: Record<string, unknown>): never {
	const form = new FormData();
	for (const [k, v] of Object.entries(body)) form.set(k, String(v));
	const json = 'device' in body;
	const request = new Request('http://localhost/x', { method: 'POST', body: json ? JSON.stringify(body) : form, headers: json ? { 'content-type': 'application/json' } : {} });
	return { ...(event as object), request } as never;
}

/** A request refused for its content (400) or its stale version (409) got past access control: count it as let in. */
async function reached(answer: unknown): Promise<unknown> {
	const out = await answer;
	const status = isActionFailure(out) ? out.status : out instanceof Response ? out.status : 200;
	return status === 400 || status === 409 ? { reached: status } : out;
}

type Route = { name: string; kind: 'area' | 'provider' | 'platform'; run: (orgId: string, ev: (p: Record<string, string>, url?: string) => never) => unknown };

const ROUTES: Route[] = [
	{ name: 'area workspace', kind: 'area', run: (orgId, ev) => areaWorkspace(ev({ orgId })) },
	{ name: 'provider workspace', kind: 'provider', run: (orgId, ev) => providerWorkspace(ev({ orgId })) },
	{ name: 'users list', kind: 'area', run: (orgId, ev) => loadUsers(ev({ orgId })) },
	{ name: 'users list (provider)', kind: 'provider', run: (orgId, ev) => loadUsers(ev({ orgId })) },
	{ name: 'audit search', kind: 'area', run: (orgId, ev) => auditLoad(ev({ orgId })) },
	{ name: 'audit export', kind: 'area', run: (orgId, ev) => auditExport(ev({ orgId }, 'http://localhost/x/export')) },
	{ name: 'customer access report', kind: 'area', run: (orgId, ev) => customerReport(ev({ orgId, customerId: CUSTOMER })) },
	{ name: 'dev outbox', kind: 'platform', run: (_orgId, ev) => outboxLoad(ev({})) },
	{ name: 'provider register', kind: 'area', run: (orgId, ev) => providersLoad(ev({ orgId })) },
	{ name: 'provider details', kind: 'area', run: (orgId, ev) => providerLoad(ev({ orgId, providerId: orgs.provider })) },
	{ name: 'provider supplier record', kind: 'area', run: (orgId, ev) => reached(providerActions.record(posting(ev({ orgId, providerId: orgs.provider }), { contactEmail: 'not an e-mail' }))) },
	{ name: 'provider organisation', kind: 'provider', run: (orgId, ev) => ownOrganisationLoad(ev({ orgId })) },
	{ name: 'provider organisation save', kind: 'provider', run: (orgId, ev) => reached(ownOrganisationActions.default(posting(ev({ orgId }), { name: '' }))) },
	{ name: 'area contract list', kind: 'area', run: (orgId, ev) => areaContracts(ev({ orgId }, 'http://localhost/c?status=active')) },
	{ name: 'area contract CSV', kind: 'area', run: (orgId, ev) => areaContractsCsv(ev({ orgId }, 'http://localhost/c/export')) },
	{ name: 'new contract', kind: 'area', run: (orgId, ev) => newContract(ev({ orgId })) },
	{ name: 'area contract', kind: 'area', run: (orgId, ev) => areaContract(ev({ orgId, contractId })) },
	{ name: 'provider contract list', kind: 'provider', run: (orgId, ev) => providerContracts(ev({ orgId })) },
	{ name: 'provider contract', kind: 'provider', run: (orgId, ev) => providerContract(ev({ orgId, contractId })) },
	{ name: 'contract document', kind: 'provider', run: (orgId, ev) => providerDocument(ev({ orgId, contractId, documentId })) },
	{ name: 'assignments', kind: 'provider', run: (orgId, ev) => assignmentsLoad(ev({ orgId })) },
	{ name: 'area referral list', kind: 'area', run: (orgId, ev) => areaReferrals(ev({ orgId })) },
	{ name: 'new referral', kind: 'area', run: (orgId, ev) => newReferral(ev({ orgId })) },
	{ name: 'area referral', kind: 'area', run: (orgId, ev) => areaReferral(ev({ orgId, referralId })) },
	{ name: 'provider referral list', kind: 'provider', run: (orgId, ev) => providerReferrals(ev({ orgId })) },
	{ name: 'provider referral', kind: 'provider', run: (orgId, ev) => providerReferral(ev({ orgId, referralId })) },
	{ name: 'API keys', kind: 'area', run: (orgId, ev) => apiKeysLoad(ev({ orgId })) },
	{ name: 'referral import', kind: 'area', run: (orgId, ev) => importLoad(ev({ orgId })) },
	{ name: 'group referral', kind: 'area', run: (orgId, ev) => groupLoad(ev({ orgId })) },
	{ name: 'today', kind: 'provider', run: (orgId, ev) => todayLoad(ev({ orgId })) },
	{ name: 'area notices', kind: 'area', run: (orgId, ev) => areaNotices(ev({ orgId })) },
	{ name: 'provider notices', kind: 'provider', run: (orgId, ev) => providerNotices(ev({ orgId })) },
	{ name: 'area participations', kind: 'area', run: (orgId, ev) => areaParticipations(ev({ orgId })) },
	{ name: 'provider participations', kind: 'provider', run: (orgId, ev) => providerParticipations(ev({ orgId })) },
	{ name: 'area ARVI inbox', kind: 'area', run: (orgId, ev) => areaArvis(ev({ orgId })) },
	{ name: 'provider ARVI list', kind: 'provider', run: (orgId, ev) => providerArvis(ev({ orgId })) },
	{ name: 'area ARVI', kind: 'area', run: (orgId, ev) => areaArvi(ev({ orgId, arviId })) },
	{ name: 'area ARVI PDF', kind: 'area', run: (orgId, ev) => areaArviPdf(ev({ orgId, arviId }, `http://localhost/x/${arviId}/pdf`)) },
	{ name: 'area ARVI return', kind: 'area', run: (orgId, ev) => reached(areaArviActions.return(posting(ev({ orgId, arviId }), { version: String(arviVersion), comment: '' }))) },
	{ name: 'area ARVI accept', kind: 'area', run: (orgId, ev) => reached(areaArviActions.accept(posting(ev({ orgId, arviId }), { version: '0', comment: '' }))) },
	{ name: 'provider ARVI', kind: 'provider', run: (orgId, ev) => providerArvi(ev({ orgId, arviId })) },
	{ name: 'provider ARVI PDF', kind: 'provider', run: (orgId, ev) => providerArviPdf(ev({ orgId, arviId }, `http://localhost/x/${arviId}/pdf`)) },
	{ name: 'provider ARVI save', kind: 'provider', run: (orgId, ev) => reached(providerArviActions.save(posting(ev({ orgId, arviId }), { revision: 'x' }))) },
	{ name: 'provider ARVI submit', kind: 'provider', run: (orgId, ev) => reached(providerArviActions.submit(posting(ev({ orgId, arviId }), { version: '0' }))) },
	{ name: 'ARVI draft endpoint', kind: 'provider', run: (orgId, ev) => reached(arviDraft(posting(ev({ orgId, arviId }), { content: null, baseRevision: 0, device: 'device-01', key: 'key-0001' }))) },
	{ name: 'area invoices', kind: 'area', run: (orgId, ev) => areaInvoices(ev({ orgId })) },
	{ name: 'provider invoices', kind: 'provider', run: (orgId, ev) => providerInvoices(ev({ orgId })) }
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
	'dev outbox': { platform_admin: 200 },
	'provider register': { area_admin: 200, case_officer: 200, invoice_reviewer: 200, invoice_approver: 200 },
	'provider details': { area_admin: 200, case_officer: 200, invoice_reviewer: 200, invoice_approver: 200 },
	// The area's own supplier record: its admins only. The shared master data: the provider's admin only.
	'provider supplier record': { area_admin: 200 },
	'provider organisation': { provider_admin: 200 },
	'provider organisation save': { provider_admin: 200 },
	'area contract list': { area_admin: 200, case_officer: 200, invoice_reviewer: 200, invoice_approver: 200 },
	'area contract CSV': { area_admin: 200, case_officer: 200, invoice_reviewer: 200, invoice_approver: 200 },
	'new contract': { area_admin: 200 },
	'area contract': { area_admin: 200, case_officer: 200, invoice_reviewer: 200, invoice_approver: 200 },
	// A coach lists (and sees an empty list) but opens only contracts an assignment covers: none here.
	'provider contract list': { provider_admin: 200, coach: 200, finance: 200 },
	'provider contract': { provider_admin: 200, finance: 200 },
	'contract document': { provider_admin: 200, finance: 200 },
	assignments: { provider_admin: 200 },
	'area referral list': { area_admin: 200, case_officer: 200 },
	'new referral': { area_admin: 200, case_officer: 200 },
	'area referral': { area_admin: 200, case_officer: 200 },
	// Provider staff list referrals (an empty list without assignments) but never see the customer here.
	'provider referral list': { provider_admin: 200, coach: 200 },
	'provider referral': {},
	'API keys': { area_admin: 200 },
	'referral import': { area_admin: 200, case_officer: 200 },
	'group referral': { area_admin: 200, case_officer: 200 },
	// Attendance is the provider's coaches' and admins' (a list with only what their assignments cover).
	today: { provider_admin: 200, coach: 200 },
	'area notices': { area_admin: 200, case_officer: 200 },
	'provider notices': { provider_admin: 200, coach: 200 },
	'area participations': { area_admin: 200, case_officer: 200 },
	'provider participations': { provider_admin: 200, coach: 200 },
	'area ARVI inbox': { area_admin: 200, case_officer: 200 },
	'provider ARVI list': { provider_admin: 200, coach: 200 },
	// A submitted ARVI: read and decided by the area's case officers and admins (not its money people or auditors).
	'area ARVI': { area_admin: 200, case_officer: 200 },
	'area ARVI PDF': { area_admin: 200, case_officer: 200 },
	'area ARVI return': { area_admin: 200, case_officer: 200 },
	'area ARVI accept': { area_admin: 200, case_officer: 200 },
	// Provider staff reach an ARVI only through an assignment covering it: these users have none
	// (the assigned coach and admin are in arvi.test.ts), and finance never.
	'provider ARVI': {},
	'provider ARVI PDF': {},
	'provider ARVI save': {},
	'provider ARVI submit': {},
	'ARVI draft endpoint': {},
	// Invoices are the money people's: never the case officer's or the coach's.
	'area invoices': { area_admin: 200, invoice_reviewer: 200, invoice_approver: 200 },
	'provider invoices': { provider_admin: 200, finance: 200 }
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

	it('the notification centre shows only the reader’s own notifications', async () => {
		const { notify } = await import('../../src/lib/server/notifications/service');
		const a = await makeUser(database.db, { org: orgs.area, roles: ['case_officer'] });
		const b = await makeUser(database.db, { org: orgs.area, roles: ['case_officer'] });
		await notify(database.db, clock, [a.id], 'referral_accepted', '/x');
		const mine = (await notificationsLoad(makeEvent({ actor: await loadActor(database.db, a.id, '2026-11-23'), clock }))) as { notifications: unknown[] };
		const theirs = (await notificationsLoad(makeEvent({ actor: await loadActor(database.db, b.id, '2026-11-23'), clock }))) as { notifications: unknown[] };
		expect(mine.notifications).toHaveLength(1);
		expect(theirs.notifications).toHaveLength(0);
	});

	it('an anonymous request gets 401 everywhere', async () => {
		for (const route of ROUTES) {
			const ev = (params: Record<string, string>, url?: string) => makeEvent({ actor: null, clock, params, url });
			expect(await statusOf(() => route.run(orgs.area, ev))).toBe(401);
		}
	});
});

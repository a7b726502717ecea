/**
 * The policy is written twice: as TypeScript rules on one object (`canOnContract`, `canOnParticipation`, …)
 * and as SQL scopes for lists (`policy/scope.ts`). For every actor of a matrix (each role, own and other
 * organisation, assignments valid, expired, not yet begun, narrowed to a contract or a cohort, a person in
 * two organisations) acting in each organisation, the rows a scope returns must be exactly the rows of that
 * organisation the rule allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { arvis, assignments, cohorts, contracts, invoices, memberships, notices, participations, referrals } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { canOnContract, canOnInvoice, canOnParticipation, canSeeReferralCustomer, coveredByAssignment, type Actor } from '../../src/lib/server/policy';
import {
	arviListScope,
	assignedCohortScope,
	contractListScope,
	invoiceListScope,
	noticeListScope,
	participationListScope,
	referralCustomerVisible,
	referralListScope
} from '../../src/lib/server/policy/scope';
import { arviScopeOf, canReadArvi } from '../../src/lib/server/arvi/access';
import { participationContext } from '../../src/lib/server/participations/context';
import { noticeScopeOf } from '../../src/lib/server/notices/service';
import { referralScopeOf } from '../../src/lib/server/referrals/read';
import { acceptReferral, declineReferral, withdrawReferral } from '../../src/lib/server/referrals/answer';
import { createReferral } from '../../src/lib/server/referrals/create';
import { revokeConsent } from '../../src/lib/server/referrals/consent';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { createContract } from '../../src/lib/server/contracts/service';
import { createTestDatabase } from './helpers/db';
import { contractInput } from './helpers/contracts';
import { makeUser } from './helpers/fixtures';
import { buildWorld, referralInput, TODAY, type ActorName, type World } from './authorization/world';

let database: Database;
let w: World;
const actors = new Map<string, Actor>();

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	w = await buildWorld(database);
	const db = database.db;
	const officer = w.person('own:case_officer')!;
	const coach = w.person('own:coach')!;
	const octx = { ...w.sys, userId: officer.id, organisationId: w.areaId };
	const cctx = { ...w.sys, userId: coach.id, organisationId: w.providerId };

	// Referrals that were declined and withdrawn (only a line without the customer remains for the provider).
	for (const [n, end] of [
		['AS-DECL', (id: string) => declineReferral(db, cctx, id, 1, { reason: 'no_capacity', text: '' })],
		['AS-WDRW', (id: string) => withdrawReferral(db, octx, id, 1, 'Asiakas työllistyi')]
	] as const) {
		const r = await createReferral(db, octx, w.areaId, referralInput(w.contractId, w.cohortId, n));
		if (!r.ok) throw new Error(r.error);
		const done = await end(r.referralId);
		if (!done.ok) throw new Error(`${n}: ${done.error}`);
	}
	// The second customer's service ends too: its ARVI is a draft (the area must not see it).
	const p2 = w.participationIds[1];
	const [{ version }] = await db.select({ version: participations.version }).from(participations).where(eq(participations.id, p2));
	const ended = await changeParticipation(db, cctx, coach.actor, p2, version, { kind: 'complete', day: '2026-11-20' });
	if (!ended.ok) throw new Error(ended.error);
	// A second contract between the same two, without cohorts, with a customer of its own.
	const c2 = await createContract(db, octx, w.areaId, w.providerId, contractInput({ contractNumber: 'HS-2026-C2' }));
	if (!c2.ok) throw new Error(c2.error);
	const r2 = await createReferral(db, octx, w.areaId, referralInput(c2.contractId, null, 'AS-C2'));
	if (!r2.ok) throw new Error(r2.error);
	const accepted = await acceptReferral(db, cctx, r2.referralId, 1, { startDate: '2026-11-02', coachId: coach.id, firstMeeting: null });
	if (!accepted.ok) throw new Error(accepted.error);
	// A customer of the second contract who revoked their consent after starting: the provider sees nothing of them.
	const r3 = await createReferral(db, octx, w.areaId, referralInput(c2.contractId, null, 'AS-REVOKED'));
	if (!r3.ok) throw new Error(r3.error);
	const accepted3 = await acceptReferral(db, cctx, r3.referralId, 1, { startDate: '2026-11-02', coachId: coach.id, firstMeeting: null });
	if (!accepted3.ok) throw new Error(accepted3.error);
	const revoked = await revokeConsent(db, octx, r3.referralId, '2026-11-20', 'Asiakas peruutti suostumuksensa');
	if (!revoked.ok) throw new Error(revoked.error);

	// Coaches whose assignment is narrowed to the second contract, or to the first contract's cohort (with or without
	// the contract named); a provider
	// admin with no assignment; a person who is the area's case officer and the other provider's coach.
	const narrowed = async (name: string, contractId: string | null, cohortId: string | null) => {
		const u = await makeUser(db, { org: w.providerId, roles: ['coach'] });
		await db
			.insert(assignments)
			.values({ userId: u.id, providerId: w.providerId, areaId: w.areaId, contractId, cohortId, validFrom: '2026-01-01', validUntil: '2026-12-31' });
		actors.set(name, await loadActor(db, u.id, TODAY));
	};
	await narrowed('coach narrowed to the second contract', c2.contractId, null);
	await narrowed('coach narrowed to the cohort', w.contractId, w.cohortId);
	// Each shape of assignment is its own set in the SQL (`coveringAssignmentExists`): the cohort named alone too.
	await narrowed('coach narrowed to the cohort without its contract', null, w.cohortId);
	const lone = await makeUser(db, { org: w.providerId, roles: ['provider_admin'] });
	actors.set('provider admin without an assignment', await loadActor(db, lone.id, TODAY));
	const dual = await makeUser(db, { org: w.areaId, roles: ['case_officer'] });
	const otherCoach = w.person('other:coach')!;
	await db.insert(memberships).values({ userId: dual.id, organisationId: w.otherProviderId, role: 'coach' });
	const [theirs] = await db.select().from(assignments).where(eq(assignments.userId, otherCoach.id));
	await db.insert(assignments).values({ ...theirs, id: undefined, userId: dual.id });
	actors.set('case officer here, coach of the other provider', await loadActor(db, dual.id, TODAY));

	const names: ActorName[] = ['own', 'other'].flatMap((side) =>
		['area_admin', 'case_officer', 'invoice_reviewer', 'invoice_approver', 'auditor', 'provider_admin', 'coach', 'finance', 'platform_admin'].map(
			(r) => `${side}:${r}` as ActorName
		)
	);
	for (const name of [...names, 'own:coach(expired)', 'own:coach(future)'] as ActorName[]) actors.set(name, w.person(name)!.actor);
}, 240_000);
afterAll(() => database?.close());

/** The actor as a page in one organisation's workspace sees them: that membership, and assignments with that provider. */
function actorIn(actor: Actor, org: string): Actor {
	return {
		...actor,
		memberships: actor.memberships.filter((m) => m.organisationId === org),
		assignments: actor.assignments.filter((a) => a.providerId === org)
	};
}

const orgs = () => [w.areaId, w.providerId, w.otherAreaId, w.otherProviderId, w.platformId];
const belongs = (org: string, x: { areaId: string; providerId: string | null }) => x.areaId === org || x.providerId === org;

/**
 * For every actor and organisation: the ids `sql` returns against the ids whose scope `rule` allows.
 * Returns the disagreements, and how many (actor, organisation, row) pairs were allowed in all.
 */
async function compare<S extends { areaId: string; providerId: string | null }>(
	all: { id: string; scope: S }[],
	sql: (actor: Actor, org: string) => Promise<string[]>,
	rule: (actor: Actor, scope: S) => boolean
) {
	const problems: string[] = [];
	let allowed = 0;
	for (const [name, actor] of actors) {
		for (const org of orgs()) {
			const fromSql = new Set(await sql(actor, org));
			const fromRule = new Set(all.filter((r) => belongs(org, r.scope) && rule(actorIn(actor, org), r.scope)).map((r) => r.id));
			allowed += fromRule.size;
			for (const id of fromSql) if (!fromRule.has(id)) problems.push(`${name} in ${org}: the SQL scope returns ${id}, the rule says no`);
			for (const id of fromRule) if (!fromSql.has(id)) problems.push(`${name} in ${org}: the rule allows ${id}, the SQL scope leaves it out`);
		}
	}
	return { problems, allowed };
}

async function scopes<S>(ids: string[], of: (id: string) => Promise<S | undefined>) {
	return Promise.all(ids.map(async (id) => ({ id, scope: (await of(id))! })));
}

describe('the SQL scopes and the TypeScript rules agree', () => {
	it('contracts', async () => {
		const db = database.db;
		const all = await scopes(
			(await db.select({ id: contracts.id }).from(contracts)).map((r) => r.id),
			async (id) =>
				(await db.select({ id: contracts.id, areaId: contracts.areaId, providerId: contracts.providerId }).from(contracts).where(eq(contracts.id, id)))[0]
		);
		const r = await compare(
			all,
			async (actor, org) => (await db.select({ id: contracts.id }).from(contracts).where(contractListScope(actor, org))).map((x) => x.id),
			(a, c) => canOnContract(a, 'contract.read', c)
		);
		expect(r.problems).toEqual([]);
		expect(r.allowed).toBeGreaterThan(10);
	});

	it('referrals: the customer shown, and the line without one', async () => {
		const db = database.db;
		const all = await scopes(
			(await db.select({ id: referrals.id }).from(referrals)).map((r) => r.id),
			(id) => referralScopeOf(db, id)
		);
		expect(new Set(all.map((r) => r.scope.status))).toEqual(new Set(['waiting', 'accepted', 'declined', 'withdrawn']));
		const shown = await compare(
			all,
			async (actor, org) =>
				(
					await db
						.select({ id: referrals.id })
						.from(referrals)
						.where(and(referralListScope(actor, org), referralCustomerVisible(actor, org)))
				).map((x) => x.id),
			canSeeReferralCustomer
		);
		expect(shown.problems).toEqual([]);
		expect(all.some((r) => r.scope.consentRevoked)).toBe(true);
		// The line is listed to whoever would see the customer while the referral waits and the consent is in force.
		const listed = await compare(
			all,
			async (actor, org) => (await db.select({ id: referrals.id }).from(referrals).where(referralListScope(actor, org))).map((x) => x.id),
			(a, r) => canSeeReferralCustomer(a, { ...r, status: 'waiting', consentRevoked: false })
		);
		expect(listed.problems).toEqual([]);
		expect(listed.allowed).toBeGreaterThan(shown.allowed);
	});

	it('participations', async () => {
		const db = database.db;
		const all = await scopes(
			(await db.select({ id: participations.id }).from(participations)).map((r) => r.id),
			(id) => participationContext(db, id)
		);
		const r = await compare(
			all,
			async (actor, org) =>
				(
					await db
						.select({ id: participations.id })
						.from(participations)
						.innerJoin(contracts, eq(participations.contractId, contracts.id))
						.where(participationListScope(actor, org))
				).map((x) => x.id),
			(a, p) => canOnParticipation(a, 'participation.read', p)
		);
		expect(r.problems).toEqual([]);
		expect(r.allowed).toBeGreaterThan(10);
	});

	it('notices', async () => {
		const db = database.db;
		const all = await scopes(
			(await db.select({ id: notices.id }).from(notices)).map((r) => r.id),
			(id) => noticeScopeOf(db, id)
		);
		const r = await compare(
			all,
			async (actor, org) => (await db.select({ id: notices.id }).from(notices).where(noticeListScope(actor, org))).map((x) => x.id),
			(a, p) => canOnParticipation(a, 'participation.read', p)
		);
		expect(r.problems).toEqual([]);
		expect(r.allowed).toBeGreaterThan(0);
	});

	it('ARVIs, submitted and draft', async () => {
		const db = database.db;
		const all = await scopes(
			(await db.select({ id: arvis.id }).from(arvis)).map((r) => r.id),
			(id) => arviScopeOf(db, id)
		);
		expect(new Set(all.map((a) => a.scope.submitted))).toEqual(new Set([true, false]));
		const r = await compare(
			all,
			async (actor, org) =>
				(
					await db.select({ id: arvis.id }).from(arvis).innerJoin(participations, eq(arvis.participationId, participations.id)).where(arviListScope(actor, org))
				).map((x) => x.id),
			canReadArvi
		);
		expect(r.problems).toEqual([]);
		expect(r.allowed).toBeGreaterThan(0);
	});

	it('invoices', async () => {
		const db = database.db;
		const all = await scopes(
			(await db.select({ id: invoices.id }).from(invoices)).map((r) => r.id),
			async (id) =>
				(await db.select({ id: invoices.id, areaId: invoices.areaId, providerId: invoices.providerId }).from(invoices).where(eq(invoices.id, id)))[0]
		);
		const r = await compare(
			all,
			async (actor, org) => (await db.select({ id: invoices.id }).from(invoices).where(invoiceListScope(actor, org))).map((x) => x.id),
			(a, i) => canOnInvoice(a, 'invoice.read', i)
		);
		expect(r.problems).toEqual([]);
		expect(r.allowed).toBeGreaterThan(0);
	});

	it('the cohorts a coach’s Today lists', async () => {
		const db = database.db;
		const rows = await db
			.select({ id: cohorts.id, contractId: cohorts.contractId, areaId: contracts.areaId, providerId: contracts.providerId })
			.from(cohorts)
			.innerJoin(contracts, eq(cohorts.contractId, contracts.id));
		const all = rows.map((c) => ({
			id: c.id,
			scope: { areaId: c.areaId, providerId: c.providerId, contractId: c.contractId, cohortId: c.id, consentRevoked: false }
		}));
		const r = await compare(
			all,
			async (actor, org) =>
				(
					await db
						.select({ id: cohorts.id })
						.from(cohorts)
						.innerJoin(contracts, eq(cohorts.contractId, contracts.id))
						.where(
							and(
								assignedCohortScope(actor, org),
								inArray(
									cohorts.id,
									all.map((c) => c.id)
								)
							)
						)
				).map((x) => x.id),
			coveredByAssignment
		);
		expect(r.problems).toEqual([]);
		expect(r.allowed).toBeGreaterThan(0);
	});
});

/**
 * Inviting someone who already has an account (in another organisation) makes a pending invitation
 * that the person accepts or declines after signing in; only then do the roles apply. Audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, emailOutbox, memberships } from '../../src/lib/server/db/schema';
import { authenticateSession, loadActor } from '../../src/lib/server/auth/actor';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { inviteFirstProviderAdmin, registerProvider } from '../../src/lib/server/providers/service';
import { usersActions } from '../../src/lib/server/users/pages';
import { actions as invitationActions, load as invitationsLoad } from '../../src/routes/invitations/+page.server';
import { load as layoutLoad } from '../../src/routes/+layout.server';
import { createTestDatabase } from './helpers/db';
import { providerInput } from './helpers/contracts';
import { makeEvent, statusOf } from './helpers/event';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const { clock } = testClock();
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

const actorOf = (userId: string) => loadActor(database.db, userId, TODAY);
const rolesIn = async (userId: string, orgId: string) =>
	(
		await database.db
			.select({ role: memberships.role })
			.from(memberships)
			.where(and(eq(memberships.userId, userId), eq(memberships.organisationId, orgId)))
	)
		.map((r) => r.role)
		.sort();
const actionsOf = async (action: string, userId: string) =>
	(await database.db.select().from(auditLog).where(eq(auditLog.action, action))).filter((a) => a.targetIds.includes(userId));

/** An area with its admin, and another provider's coach who already has an account there. */
async function scene() {
	const area = await makeOrganisation(database.db, 'area');
	const admin = await makeUser(database.db, { org: area.id, roles: ['area_admin'] });
	const provider = await makeOrganisation(database.db, 'provider');
	const coach = await makeUser(database.db, { org: provider.id, roles: ['coach'], passwordHash: 'argon2-hash-of-something' });
	return { area, admin, provider, coach };
}

async function invite(orgId: string, adminId: string, form: { email: string; roles: string[]; name?: string }) {
	const event = makeEvent({
		actor: await actorOf(adminId),
		clock,
		params: { orgId },
		form: { email: form.email, name: form.name ?? 'Kutsuttu', locale: 'fi', roles: form.roles }
	});
	return usersActions.invite(event) as Promise<unknown>;
}

describe('inviting a person who already has an account', () => {
	it('adds no role until the person accepts, and tells the admin so', async () => {
		const { area, admin, coach } = await scene();
		const result = await invite(area.id, admin.id, { email: coach.email.toUpperCase(), roles: ['case_officer'] });
		expect(result).toEqual({ success: 'users.invitationPending' });
		expect(await rolesIn(coach.id, area.id)).toEqual([]);
		expect((await actorOf(coach.id)).memberships.map((m) => m.organisationId)).not.toContain(area.id);
		expect(await actionsOf('user.invitation_created', coach.id)).toHaveLength(1);
		// A notice by mail, with no link that signs anyone in.
		const [mail] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, coach.email));
		expect(mail.body).toContain('/invitations');
		expect(mail.body).not.toContain('/reset-password/');
	});

	it('the person sees it after signing in, accepts, and only then has the roles (audited)', async () => {
		const { area, admin, coach } = await scene();
		await invite(area.id, admin.id, { email: coach.email, roles: ['case_officer', 'auditor'] });
		const coachActor = await actorOf(coach.id);
		const layout = (await layoutLoad(makeEvent({ actor: coachActor, clock }))) as { invitations: number };
		expect(layout.invitations).toBe(1);
		const listed = (await invitationsLoad(makeEvent({ actor: coachActor, clock }))) as { invitations: { id: string; organisation: string; roles: string[] }[] };
		expect(listed.invitations).toHaveLength(1);
		expect(listed.invitations[0].roles.sort()).toEqual(['auditor', 'case_officer']);

		// Another device of the person is signed out: their privileges change.
		const otherDevice = generateSessionToken();
		await createSession(database.db, clock, otherDevice, coach.id, { twoFactorVerified: true });
		const accepted = await invitationActions.accept(makeEvent({ actor: coachActor, clock, form: { invitationId: listed.invitations[0].id } }));
		expect(accepted).toEqual({ success: 'invitations.accepted' });
		expect(await rolesIn(coach.id, area.id)).toEqual(['auditor', 'case_officer']);
		expect(await actionsOf('user.invitation_accepted', coach.id)).toHaveLength(1);
		expect((await authenticateSession(database.db, clock, otherDevice, TODAY)).session).toBeNull();
		expect(((await invitationsLoad(makeEvent({ actor: await actorOf(coach.id), clock }))) as { invitations: unknown[] }).invitations).toEqual([]);
	});

	it('declining adds nothing and is audited', async () => {
		const { area, admin, coach } = await scene();
		await invite(area.id, admin.id, { email: coach.email, roles: ['case_officer'] });
		const coachActor = await actorOf(coach.id);
		const [inv] = ((await invitationsLoad(makeEvent({ actor: coachActor, clock }))) as { invitations: { id: string }[] }).invitations;
		expect(await invitationActions.decline(makeEvent({ actor: coachActor, clock, form: { invitationId: inv.id } }))).toEqual({
			success: 'invitations.declined'
		});
		expect(await rolesIn(coach.id, area.id)).toEqual([]);
		expect(await actionsOf('user.invitation_declined', coach.id)).toHaveLength(1);
		// Answered once: a second answer finds nothing.
		expect(await statusOf(() => invitationActions.accept(makeEvent({ actor: coachActor, clock, form: { invitationId: inv.id } })))).toBe(404);
		expect(await rolesIn(coach.id, area.id)).toEqual([]);
	});

	it('nobody else can accept the person’s invitation', async () => {
		const { area, admin, coach, provider } = await scene();
		await invite(area.id, admin.id, { email: coach.email, roles: ['case_officer'] });
		const [inv] = ((await invitationsLoad(makeEvent({ actor: await actorOf(coach.id), clock }))) as { invitations: { id: string }[] }).invitations;
		const colleague = await makeUser(database.db, { org: provider.id, roles: ['provider_admin'] });
		const colleagueActor = await actorOf(colleague.id);
		expect(((await invitationsLoad(makeEvent({ actor: colleagueActor, clock }))) as { invitations: unknown[] }).invitations).toEqual([]);
		for (const action of ['accept', 'decline'] as const) {
			expect(await statusOf(() => invitationActions[action](makeEvent({ actor: colleagueActor, clock, form: { invitationId: inv.id } })))).toBe(404);
		}
		expect(await rolesIn(colleague.id, area.id)).toEqual([]);
		expect(await rolesIn(coach.id, area.id)).toEqual([]);
		expect(await statusOf(() => invitationsLoad(makeEvent({ actor: null, clock })))).toBe(303);
	});

	it('a second invitation to the same organisation gets a clear message', async () => {
		const { area, admin, coach } = await scene();
		await invite(area.id, admin.id, { email: coach.email, roles: ['case_officer'] });
		const again = await invite(area.id, admin.id, { email: coach.email, roles: ['case_officer'] });
		expect(again).toMatchObject({ status: 400, data: { message: 'errors.alreadyInvited' } });
	});

	it('the area cannot slip a first admin into a provider through someone else’s account', async () => {
		const { area, coach } = await scene();
		const ctx = ctxFor(clock);
		const registered = await registerProvider(database.db, ctx, area.id, providerInput());
		if (!registered.ok) throw new Error('register failed');
		const r = await inviteFirstProviderAdmin(database.db, ctx, area.id, registered.providerId, { email: coach.email, name: 'X', locale: 'fi' });
		expect(r.ok).toBe(true);
		expect(await rolesIn(coach.id, registered.providerId)).toEqual([]);
	});
});

describe('inviting the same person twice', () => {
	it('with the role twice in one form: one membership, no error page', async () => {
		const { area, admin } = await scene();
		const email = `twice-${Date.now()}@test.fi`;
		const first = await invite(area.id, admin.id, { email, roles: ['case_officer', 'case_officer'] });
		expect(first).toEqual({ success: 'users.invited' });
	});

	it('at the same moment: one wins, the other is told the person is already a member', async () => {
		const { area, admin } = await scene();
		const email = `double-${Date.now()}@test.fi`;
		const results = await Promise.all([1, 2].map(() => invite(area.id, admin.id, { email, roles: ['case_officer'] })));
		expect(results).toContainEqual({ success: 'users.invited' });
		expect(results.filter((r) => JSON.stringify(r).includes('errors.alreadyMember'))).toHaveLength(1);
	});

	it('again later with the same role: a clear message, nothing changes', async () => {
		const { area, admin } = await scene();
		const email = `again-${Date.now()}@test.fi`;
		await invite(area.id, admin.id, { email, roles: ['case_officer'] });
		expect(await invite(area.id, admin.id, { email, roles: ['case_officer'] })).toMatchObject({ status: 400, data: { message: 'errors.alreadyMember' } });
	});
});

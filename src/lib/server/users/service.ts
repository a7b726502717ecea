import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { ROLES_BY_KIND, type OrganisationKind, type Role } from '$lib/domain/roles';
import type { Locale } from '$lib/i18n';
import { recordAudit, type AuditContext } from '../audit';
import { invalidateUserSessions } from '../auth/session';
import { normaliseEmail, sendEmailToken } from '../auth/service';
import type { Db, DbOrTx } from '../db/client';
import { assignments, membershipInvitations, memberships, organisations, users } from '../db/schema';
import { config } from '../config';
import { queueEmail } from '../email';
import { grantableRoles, type Actor } from '../policy';

export interface OrgUser {
	id: string;
	name: string;
	email: string;
	active: boolean;
	enrolled: boolean;
	roles: Role[];
}

/** The organisation's members, scoped in SQL by the membership join. */
export async function listOrganisationUsers(db: DbOrTx, organisationId: string): Promise<OrgUser[]> {
	const rows = await db
		.select({
			id: users.id,
			name: users.name,
			email: users.email,
			active: users.active,
			enrolled: sql<boolean>`${users.totpKeyEncrypted} is not null`,
			roles: sql<Role[]>`array_agg(${memberships.role} order by ${memberships.role})`
		})
		.from(memberships)
		.innerJoin(users, eq(memberships.userId, users.id))
		.where(eq(memberships.organisationId, organisationId))
		.groupBy(users.id)
		.orderBy(asc(users.name));
	return rows;
}

export { inviteSchema } from '$lib/forms/users';

export type ChangeError = 'roleNotGrantable' | 'cannotChangeSelf' | 'notMember' | 'alreadyMember' | 'alreadyInvited';

/** `pending`: the person already had an account, and the roles apply once they accept the invitation. */
export type InviteResult = { ok: true; userId: string; pending: boolean } | { ok: false; error: ChangeError };

function checkGrantable(actor: Actor, organisationId: string, roles: string[]): roles is Role[] {
	const allowed = grantableRoles(actor, organisationId);
	return roles.every((r) => (allowed as string[]).includes(r));
}

async function organisationKind(db: DbOrTx, organisationId: string): Promise<OrganisationKind | undefined> {
	const [org] = await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, organisationId));
	return org?.kind;
}

/**
 * Invites by e-mail: a new person gets an account without a password and a link to set one; a person
 * who already has an account (e.g. in another organisation) gets a pending invitation to accept.
 */
export async function inviteUser(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	organisationId: string,
	input: { email: string; name: string; locale: Locale; roles: string[] }
): Promise<InviteResult> {
	if (!checkGrantable(actor, organisationId, input.roles)) return { ok: false, error: 'roleNotGrantable' };
	const roles = input.roles;
	const kind = await organisationKind(db, organisationId);
	if (!kind || !roles.every((r) => ROLES_BY_KIND[kind].includes(r))) return { ok: false, error: 'roleNotGrantable' };
	return db.transaction((tx) => addMember(tx, ctx, organisationId, kind, { ...input, roles }));
}

/**
 * Adds a person to an organisation with `roles`. A new person gets an account without a password, the
 * membership and an invitation link (setting the password is their acceptance). Someone who already has
 * an account gets no role yet: a pending invitation that they accept or decline after signing in, so no
 * organisation can add roles to another organisation's people by itself.
 */
export async function addMember(
	tx: DbOrTx,
	ctx: AuditContext,
	organisationId: string,
	kind: OrganisationKind,
	input: { email: string; name: string; locale: Locale; roles: Role[] }
): Promise<InviteResult> {
	const email = normaliseEmail(input.email);
	const roles = [...new Set(input.roles)];
	const areaId = kind === 'area' ? organisationId : null;
	// Insert-or-nothing, then lock: two invitations of one address at once queue up here instead of one
	// of them failing on the unique e-mail (or the unique membership) with a server error.
	const [created] = await tx.insert(users).values({ email, name: input.name, locale: input.locale }).onConflictDoNothing({ target: users.email }).returning();
	if (created) {
		await tx.insert(memberships).values(roles.map((role) => ({ userId: created.id, organisationId, role })));
		await sendEmailToken(tx, ctx.clock, created, 'invite');
		await recordAudit(tx, ctx, { action: 'user.invite', targetType: 'user', targetIds: [created.id], areaId });
		return { ok: true, userId: created.id, pending: false };
	}
	const [user] = await tx.select().from(users).where(eq(users.email, email)).for('update');
	const existing = await tx
		.select({ id: memberships.id })
		.from(memberships)
		.where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, organisationId)));
	if (existing.length > 0) return { ok: false, error: 'alreadyMember' };
	const invited = await tx
		.insert(membershipInvitations)
		.values({ userId: user.id, organisationId, roles, invitedBy: ctx.userId, createdAt: ctx.clock() })
		.onConflictDoNothing()
		.returning({ id: membershipInvitations.id });
	if (invited.length === 0) return { ok: false, error: 'alreadyInvited' };
	// A deactivated account must be able to sign in to answer; it has no organisation, so no access.
	if (!user.active) await tx.update(users).set({ active: true }).where(eq(users.id, user.id));
	if (user.passwordHash) {
		const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, organisationId));
		await queueEmail(tx, ctx.clock, {
			to: user.email,
			locale: user.locale,
			subjectKey: 'email.membershipInvite.subject',
			bodyKey: 'email.membershipInvite.body',
			params: { organisation: org?.name ?? '', link: `${config.publicOrigin}/invitations` }
		});
	} else {
		// Never set a password (an earlier invitation not taken up): the link to set one comes again.
		await sendEmailToken(tx, ctx.clock, user, 'invite');
	}
	await recordAudit(tx, ctx, { action: 'user.invitation_created', targetType: 'user', targetIds: [user.id], areaId });
	return { ok: true, userId: user.id, pending: true };
}

/** Replaces the user's roles in this organisation with `roles`; the user's sessions end (privilege change). */
export async function updateUserRoles(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	organisationId: string,
	userId: string,
	roles: string[]
): Promise<{ ok: true } | { ok: false; error: ChangeError }> {
	if (userId === actor.userId) return { ok: false, error: 'cannotChangeSelf' };
	if (!checkGrantable(actor, organisationId, roles)) return { ok: false, error: 'roleNotGrantable' };
	const kind = await organisationKind(db, organisationId);
	return db.transaction(async (tx) => {
		const current = await tx
			.select({ role: memberships.role })
			.from(memberships)
			.where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)))
			.for('update');
		if (current.length === 0) return { ok: false, error: 'notMember' } as const;
		// Roles the actor could not grant stay as they are; they cannot be taken away either.
		const grantable = grantableRoles(actor, organisationId) as string[];
		const kept = current.map((c) => c.role).filter((r) => !grantable.includes(r));
		const next = [...new Set([...kept, ...roles])];
		if (next.length === 0) return { ok: false, error: 'roleNotGrantable' } as const;
		await tx.delete(memberships).where(and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId)));
		await tx.insert(memberships).values(next.map((role) => ({ userId, organisationId, role })));
		await invalidateUserSessions(tx, userId);
		await recordAudit(tx, ctx, { action: 'user.update_roles', targetType: 'user', targetIds: [userId], areaId: kind === 'area' ? organisationId : null });
		return { ok: true } as const;
	});
}

/**
 * Removes the person from this organisation (their other organisations are untouched); an account
 * left with no organisation is deactivated. Their sessions end at once.
 */
export async function deactivateMember(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	organisationId: string,
	userId: string
): Promise<{ ok: true } | { ok: false; error: ChangeError }> {
	if (userId === actor.userId) return { ok: false, error: 'cannotChangeSelf' };
	const kind = await organisationKind(db, organisationId);
	return db.transaction(async (tx) => {
		const inOrg = and(eq(memberships.userId, userId), eq(memberships.organisationId, organisationId));
		const current = await tx.select({ role: memberships.role }).from(memberships).where(inOrg).for('update');
		if (current.length === 0) return { ok: false, error: 'notMember' } as const;
		const grantable = grantableRoles(actor, organisationId) as string[];
		if (!current.every((r) => grantable.includes(r.role))) return { ok: false, error: 'roleNotGrantable' } as const;
		await tx.delete(memberships).where(inOrg);
		if (kind === 'provider') await endAssignments(tx, userId, organisationId, actor.today);
		const remaining = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, userId)).limit(1);
		if (remaining.length === 0) await tx.update(users).set({ active: false }).where(eq(users.id, userId));
		await invalidateUserSessions(tx, userId);
		await recordAudit(tx, ctx, { action: 'user.deactivate', targetType: 'user', targetIds: [userId], areaId: kind === 'area' ? organisationId : null });
		return { ok: true } as const;
	});
}

/** Access through assignments ends today: future ones go, current ones end yesterday. */
async function endAssignments(tx: DbOrTx, userId: string, providerId: string, today: string) {
	const mine = and(eq(assignments.userId, userId), eq(assignments.providerId, providerId));
	await tx.delete(assignments).where(and(mine, gte(assignments.validFrom, today)));
	await tx
		.update(assignments)
		.set({ validUntil: sql`(${today}::date - 1)` })
		.where(and(mine, gte(assignments.validUntil, today)));
}

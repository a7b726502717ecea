import { and, asc, eq, gte, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { ROLES_BY_KIND, type OrganisationKind, type Role } from '$lib/domain/roles';
import type { Locale } from '$lib/i18n';
import { recordAudit, type AuditContext } from '../audit';
import { invalidateUserSessions } from '../auth/session';
import { normaliseEmail, sendEmailToken } from '../auth/service';
import type { Db, DbOrTx } from '../db/client';
import { assignments, memberships, organisations, users } from '../db/schema';
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

export const inviteSchema = v.object({
	email: v.pipe(v.string(), v.trim(), v.nonEmpty('emailRequired'), v.maxLength(254, 'emailInvalid'), v.email('emailInvalid')),
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('nameRequired'), v.maxLength(200, 'nameTooLong')),
	locale: v.picklist(['fi', 'sv', 'en'], 'localeInvalid'),
	roles: v.pipe(v.array(v.string()), v.minLength(1, 'rolesRequired'))
});

export type ChangeError = 'roleNotGrantable' | 'cannotChangeSelf' | 'notMember' | 'alreadyMember';

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
 * who already has an account (e.g. in another organisation) just gets the membership and a notice.
 */
export async function inviteUser(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	organisationId: string,
	input: { email: string; name: string; locale: Locale; roles: string[] }
): Promise<{ ok: true; userId: string } | { ok: false; error: ChangeError }> {
	if (!checkGrantable(actor, organisationId, input.roles)) return { ok: false, error: 'roleNotGrantable' };
	const roles = input.roles;
	const kind = await organisationKind(db, organisationId);
	if (!kind || !roles.every((r) => ROLES_BY_KIND[kind].includes(r))) return { ok: false, error: 'roleNotGrantable' };
	return db.transaction((tx) => addMember(tx, ctx, organisationId, kind, { ...input, roles }));
}

/**
 * Adds a person to an organisation with `roles`: a new person gets an account without a password and
 * an invitation link; someone who already has an account gets the membership and starts a new session.
 */
export async function addMember(
	tx: DbOrTx,
	ctx: AuditContext,
	organisationId: string,
	kind: OrganisationKind,
	input: { email: string; name: string; locale: Locale; roles: Role[] }
): Promise<{ ok: true; userId: string } | { ok: false; error: ChangeError }> {
	const email = normaliseEmail(input.email);
	let [user] = await tx.select().from(users).where(eq(users.email, email));
	if (user) {
		const existing = await tx
			.select({ id: memberships.id })
			.from(memberships)
			.where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, organisationId)));
		if (existing.length > 0) return { ok: false, error: 'alreadyMember' };
		if (!user.active) await tx.update(users).set({ active: true }).where(eq(users.id, user.id));
	} else {
		[user] = await tx.insert(users).values({ email, name: input.name, locale: input.locale }).returning();
	}
	await tx.insert(memberships).values(input.roles.map((role) => ({ userId: user.id, organisationId, role })));
	if (user.passwordHash) {
		// Their privileges changed: their sessions start over.
		await invalidateUserSessions(tx, user.id);
	} else {
		await sendEmailToken(tx, ctx.clock, user, 'invite');
	}
	await recordAudit(tx, ctx, {
		action: 'user.invite',
		targetType: 'user',
		targetIds: [user.id],
		areaId: kind === 'area' ? organisationId : null
	});
	return { ok: true, userId: user.id };
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

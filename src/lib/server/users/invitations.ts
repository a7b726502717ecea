import { and, asc, count, eq } from 'drizzle-orm';
import { isRole, type Role } from '$lib/domain/roles';
import { recordAudit, type AuditContext } from '../audit';
import { invalidateUserSessions } from '../auth/session';
import type { Db, DbOrTx } from '../db/client';
import { membershipInvitations, memberships, organisations } from '../db/schema';
import { canRespondToInvitation, type Actor } from '../policy';

export interface PendingInvitation {
	id: string;
	organisationId: string;
	name: string;
	nameSv: string | null;
	roles: Role[];
	createdAt: Date;
}

/** The signed-in person's own pending invitations (scoped in SQL by their id). */
export async function listOwnInvitations(db: DbOrTx, userId: string): Promise<PendingInvitation[]> {
	const rows = await db
		.select({
			id: membershipInvitations.id,
			organisationId: membershipInvitations.organisationId,
			name: organisations.name,
			nameSv: organisations.nameSv,
			roles: membershipInvitations.roles,
			createdAt: membershipInvitations.createdAt
		})
		.from(membershipInvitations)
		.innerJoin(organisations, eq(membershipInvitations.organisationId, organisations.id))
		.where(eq(membershipInvitations.userId, userId))
		.orderBy(asc(membershipInvitations.createdAt));
	return rows.map((r) => ({ ...r, roles: r.roles.filter(isRole) }));
}

export async function countOwnInvitations(db: DbOrTx, userId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(membershipInvitations).where(eq(membershipInvitations.userId, userId));
	return row?.n ?? 0;
}

/**
 * The invited person accepts (the roles apply now) or declines; either way the invitation is gone and
 * the answer is in the audit log. Accepting changes the person's privileges, so their other sessions
 * end; the current one stays, and the hooks ask it for the second factor if the new roles need one.
 */
export async function respondToInvitation(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	input: { invitationId: string; answer: 'accept' | 'decline'; currentSessionId: string | null }
): Promise<{ ok: true } | { ok: false; error: 'notFound' }> {
	return db.transaction(async (tx) => {
		const [invitation] = await tx
			.select({
				userId: membershipInvitations.userId,
				organisationId: membershipInvitations.organisationId,
				roles: membershipInvitations.roles,
				kind: organisations.kind
			})
			.from(membershipInvitations)
			.innerJoin(organisations, eq(membershipInvitations.organisationId, organisations.id))
			.where(eq(membershipInvitations.id, input.invitationId))
			.for('update', { of: membershipInvitations });
		if (!invitation || !canRespondToInvitation(actor, invitation)) return { ok: false, error: 'notFound' } as const;
		const { userId, organisationId } = invitation;
		await tx.delete(membershipInvitations).where(and(eq(membershipInvitations.id, input.invitationId), eq(membershipInvitations.userId, userId)));
		if (input.answer === 'accept') {
			const roles = invitation.roles.filter(isRole);
			if (roles.length > 0) {
				await tx
					.insert(memberships)
					.values(roles.map((role) => ({ userId, organisationId, role })))
					.onConflictDoNothing();
			}
			await invalidateUserSessions(tx, userId, input.currentSessionId ?? undefined);
		}
		await recordAudit(
			tx,
			{ ...ctx, organisationId },
			{
				action: input.answer === 'accept' ? 'user.invitation_accepted' : 'user.invitation_declined',
				targetType: 'user',
				targetIds: [userId],
				areaId: invitation.kind === 'area' ? organisationId : null
			}
		);
		return { ok: true } as const;
	});
}

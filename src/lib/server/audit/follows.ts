/**
 * What an auditor follows in an area's log: saved searches (an object such as a contract or a provider, an action
 * code, a staff member's e-mail; never a customer). The home counts each one's entries newer than the last one the
 * person opened; opening them through the follow moves that mark on. Each change is audited in its transaction.
 */
import { and, count, desc, eq, max, sql } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import type { Db, DbOrTx } from '../db/client';
import { auditFollows, auditLog, contracts, invoices, organisations, users, type AuditFollow } from '../db/schema';
import { recordAudit, type AuditContext, type AuditSearch, auditWhere } from './index';
import { isAuditAction } from './actions';
import { parseTarget } from './search-params';

/** How many new entries a follow counts at most (the page shows the newest 50; the home says "50+"-like figures no larger). */
const FOLLOW_COUNT_CAP = 1000;
const MAX_FOLLOWS = 50;

/** The log search a follow stands for, from `afterId` on. */
export function followSearch(f: AuditFollow, afterId = f.seenId): AuditSearch {
	return {
		areaId: f.areaId,
		userEmail: f.userEmail ?? undefined,
		action: f.action && isAuditAction(f.action) ? f.action : undefined,
		target: f.targetType && f.targetId ? { type: f.targetType, id: f.targetId } : undefined,
		afterId: afterId || undefined
	};
}

/** The follow's label without personal data: the object's number or name, the action code, the staff member's e-mail. */
async function labelOf(db: DbOrTx, f: AuditFollow): Promise<string> {
	let object: string | null = null;
	if (f.targetType && f.targetId) {
		const id = f.targetId;
		const [row] =
			f.targetType === 'contract'
				? await db
						.select({ s: contracts.contractNumber })
						.from(contracts)
						.where(and(eq(contracts.id, id), eq(contracts.areaId, f.areaId)))
				: f.targetType === 'invoice'
					? await db
							.select({ s: sql<string>`coalesce(${invoices.number}, ${invoices.id}::text)` })
							.from(invoices)
							.where(and(eq(invoices.id, id), eq(invoices.areaId, f.areaId)))
					: f.targetType === 'organisation'
						? await db.select({ s: organisations.name }).from(organisations).where(eq(organisations.id, id))
						: await db.select({ s: users.email }).from(users).where(eq(users.id, id));
		object = row?.s ?? `${f.targetType} ${id.slice(0, 8)}`;
	}
	return [object, f.action, f.userEmail].filter(Boolean).join(' · ');
}

export interface FollowWithNew {
	id: string;
	label: string;
	count: number;
	href: string;
}

/** The person's follows in the area, each with how many entries are new (capped), newest follow first. */
export async function followsWithNew(db: DbOrTx, userId: string, areaId: string): Promise<FollowWithNew[]> {
	const rows = await db
		.select()
		.from(auditFollows)
		.where(and(eq(auditFollows.userId, userId), eq(auditFollows.areaId, areaId)))
		.orderBy(desc(auditFollows.createdAt));
	return Promise.all(
		rows.map(async (f) => {
			const recent = db
				.select({ one: sql`1` })
				.from(auditLog)
				.leftJoin(users, eq(auditLog.userId, users.id))
				.where(auditWhere(db, followSearch(f)))
				.limit(FOLLOW_COUNT_CAP)
				.as('recent');
			const [{ n }] = await db.select({ n: count() }).from(recent);
			return { id: f.id, label: await labelOf(db, f), count: n, href: `/area/${areaId}/audit?follow=${f.id}` };
		})
	);
}

/** One of the person's own follows in the area, or undefined. */
export async function followOf(db: DbOrTx, userId: string, areaId: string, followId: string): Promise<AuditFollow | undefined> {
	const [f] = await db
		.select()
		.from(auditFollows)
		.where(and(eq(auditFollows.id, followId), eq(auditFollows.userId, userId), eq(auditFollows.areaId, areaId)));
	return f;
}

/** The follow's new entries were shown up to `newestId`: the next count starts after it. */
export async function markFollowSeen(db: DbOrTx, followId: string, newestId: number): Promise<void> {
	await db
		.update(auditFollows)
		.set({ seenId: sql`greatest(${auditFollows.seenId}, ${newestId})` })
		.where(eq(auditFollows.id, followId));
}

export type FollowError = 'auditFollowEmpty' | 'auditFollowCustomer' | 'auditFollowTooMany' | 'auditTargetInvalid';

/**
 * Follows a search of the area's log from now on (entries already in the log are not new). A search by a customer
 * is refused: what an auditor follows must not name one.
 */
export async function followAuditSearch(
	db: Db,
	ctx: AuditContext,
	clock: Clock,
	userId: string,
	areaId: string,
	input: { user: string; action: string; target: string; customer: string }
): Promise<{ ok: true; id: string } | { ok: false; error: FollowError }> {
	if (input.customer) return { ok: false, error: 'auditFollowCustomer' };
	const target = input.target ? parseTarget(input.target) : null;
	if (input.target && !target) return { ok: false, error: 'auditTargetInvalid' };
	const action = input.action && isAuditAction(input.action) ? input.action : null;
	const userEmail = input.user ? input.user.toLowerCase().slice(0, 254) : null;
	if (!target && !action && !userEmail) return { ok: false, error: 'auditFollowEmpty' };
	return db.transaction(async (tx) => {
		const [{ n }] = await tx
			.select({ n: count() })
			.from(auditFollows)
			.where(and(eq(auditFollows.userId, userId), eq(auditFollows.areaId, areaId)));
		if (n >= MAX_FOLLOWS) return { ok: false as const, error: 'auditFollowTooMany' as const };
		const [{ newest }] = await tx.select({ newest: max(auditLog.id) }).from(auditLog);
		const [row] = await tx
			.insert(auditFollows)
			.values({
				userId,
				areaId,
				targetType: target?.type ?? null,
				targetId: target?.id ?? null,
				action,
				userEmail,
				seenId: Number(newest ?? 0),
				createdAt: clock()
			})
			.returning({ id: auditFollows.id });
		await recordAudit(tx, ctx, { action: 'audit.follow', areaId, targetType: 'audit_follow', targetIds: [row.id] });
		return { ok: true as const, id: row.id };
	});
}

/** Stops following; only the person's own follow in the area. */
export async function unfollowAudit(db: Db, ctx: AuditContext, userId: string, areaId: string, followId: string): Promise<boolean> {
	return db.transaction(async (tx) => {
		const gone = await tx
			.delete(auditFollows)
			.where(and(eq(auditFollows.id, followId), eq(auditFollows.userId, userId), eq(auditFollows.areaId, areaId)))
			.returning({ id: auditFollows.id });
		if (gone.length) await recordAudit(tx, ctx, { action: 'audit.unfollow', areaId, targetType: 'audit_follow', targetIds: [followId] });
		return gone.length > 0;
	});
}

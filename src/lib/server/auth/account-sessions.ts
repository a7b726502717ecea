/**
 * The account page's list of the person's own sessions (device, last seen, this one marked) and ending
 * them: one other session, or all others. Last seen is the session's `lastSeenAt`, which the request hook
 * refreshes at most once a minute (session.ts), so listing costs no write per request.
 */
import { and, desc, eq, gt, ne } from 'drizzle-orm';
import * as v from 'valibot';
import type { Clock } from '$lib/domain/clock';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { sessions } from '../db/schema';
import { ownedBy, type Actor } from '../policy';
import { deviceLabel, deviceParts } from './device';

export interface OwnSession {
	/** The session's public handle (never its id, the token's hash). */
	id: string;
	device: { browser: string; os: string } | null;
	createdAt: string;
	lastSeenAt: string;
	current: boolean;
}

export async function listOwnSessions(db: DbOrTx, clock: Clock, userId: string, currentSessionId: string): Promise<OwnSession[]> {
	const rows = await db
		.select({
			id: sessions.id,
			publicId: sessions.publicId,
			device: sessions.device,
			userAgent: sessions.userAgent,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.lastSeenAt
		})
		.from(sessions)
		.where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, clock())))
		.orderBy(desc(sessions.lastSeenAt));
	return rows.map((s) => ({
		id: s.publicId,
		// Sessions from before labels were stored get theirs from the user agent they kept.
		device: deviceParts(s.device ?? deviceLabel(s.userAgent)),
		createdAt: s.createdAt.toISOString(),
		lastSeenAt: s.lastSeenAt.toISOString(),
		current: s.id === currentSessionId
	}));
}

/** Ends one of the actor's other sessions; anyone else's (or a malformed handle) is "not found", this one is not offered. */
export async function endOwnSession(db: Db, ctx: AuditContext, actor: Actor, currentSessionId: string, publicId: string): Promise<{ ok: boolean }> {
	if (!v.is(v.pipe(v.string(), v.uuid()), publicId)) return { ok: false };
	return db.transaction(async (tx) => {
		const [s] = await tx.select({ id: sessions.id, userId: sessions.userId }).from(sessions).where(eq(sessions.publicId, publicId));
		if (!ownedBy(actor, s) || s.id === currentSessionId) return { ok: false };
		await tx.delete(sessions).where(and(eq(sessions.id, s.id), eq(sessions.userId, actor.userId)));
		await recordAudit(tx, ctx, { action: 'auth.session_ended', targetType: 'session', targetIds: [publicId] });
		return { ok: true };
	});
}

/** Ends every session of the person but this one; returns how many ended. */
export async function endOtherSessions(db: Db, ctx: AuditContext, userId: string, currentSessionId: string): Promise<number> {
	return db.transaction(async (tx) => {
		const ended = await tx
			.delete(sessions)
			.where(and(eq(sessions.userId, userId), ne(sessions.id, currentSessionId)))
			.returning({ publicId: sessions.publicId });
		await recordAudit(tx, ctx, { action: 'auth.other_sessions_ended', targetType: 'session', targetIds: ended.map((s) => s.publicId) });
		return ended.length;
	});
}

import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { and, eq, ne } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import type { DbOrTx } from '../db/client';
import { sessions, type Session, type User } from '../db/schema';
import { config } from '../config';
import { deviceLabel } from './device';

export const SESSION_COOKIE = 'session';

export interface SessionPolicy {
	idleMs: number;
	maxMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
	idleMs: config.sessionIdleMinutes * 60_000,
	maxMs: config.sessionMaxHours * 3_600_000
};

/** Only refresh lastSeenAt this often, so that a burst of requests writes once. */
const TOUCH_INTERVAL_MS = 60_000;

export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export interface NewSessionInfo {
	twoFactorVerified: boolean;
	ip?: string | null;
	userAgent?: string | null;
}

export async function createSession(
	db: DbOrTx,
	clock: Clock,
	token: string,
	userId: string,
	info: NewSessionInfo,
	policy: SessionPolicy = defaultSessionPolicy
): Promise<Session> {
	const now = clock();
	const session: Session = {
		id: sessionIdFromToken(token),
		userId,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: new Date(now.getTime() + Math.min(policy.idleMs, policy.maxMs)),
		twoFactorVerified: info.twoFactorVerified,
		ip: info.ip ?? null,
		userAgent: info.userAgent?.slice(0, 400) ?? null,
		publicId: crypto.randomUUID(),
		device: deviceLabel(info.userAgent)
	};
	await db.insert(sessions).values(session);
	return session;
}

export type SessionValidationResult = { session: Session; user: User } | { session: null; user: null };

/**
 * Sliding expiry of a session row just read: every use pushes expiresAt to now + idle timeout, but never
 * past createdAt + maximum lifetime. A session idle longer than the timeout (or of a deactivated user) is
 * deleted.
 */
export async function keepSessionAlive(
	db: DbOrTx,
	clock: Clock,
	row: { session: Session; user: User } | undefined,
	policy: SessionPolicy = defaultSessionPolicy
): Promise<SessionValidationResult> {
	if (!row) return { session: null, user: null };
	const { session, user } = row;
	const now = clock().getTime();
	if (now >= session.expiresAt.getTime() || !user.active) {
		await db.delete(sessions).where(eq(sessions.id, session.id));
		return { session: null, user: null };
	}
	if (now - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
		session.lastSeenAt = new Date(now);
		session.expiresAt = new Date(Math.min(now + policy.idleMs, session.createdAt.getTime() + policy.maxMs));
		await db.update(sessions).set({ lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt }).where(eq(sessions.id, session.id));
	}
	return { session, user };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** "Sign out everywhere"; keeps `exceptSessionId` when given. */
export async function invalidateUserSessions(db: DbOrTx, userId: string, exceptSessionId?: string): Promise<void> {
	await db.delete(sessions).where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId));
}

export function setSessionCookie(cookies: Cookies, token: string): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: config.production,
		path: '/',
		// The server decides expiry (idle and maximum); the cookie only has to outlive it.
		maxAge: config.sessionMaxHours * 3600
	});
}

export function deleteSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.production });
}

import { eq, sql } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import type { DbOrTx } from '../db/client';
import { rateLimits } from '../db/schema';

export interface Limit {
	max: number;
	windowMs: number;
}

/** Failed sign-ins: per account (normalised e-mail) and per client IP. */
export const LOGIN_LIMITS = {
	account: { max: 5, windowMs: 15 * 60_000 },
	ip: { max: 30, windowMs: 15 * 60_000 },
	totp: { max: 5, windowMs: 15 * 60_000 },
	reset: { max: 3, windowMs: 60 * 60_000 },
	/** Passkey sign-in challenges asked for by one client address (each is a row until it expires). */
	passkeyOptions: { max: 60, windowMs: 15 * 60_000 }
} satisfies Record<string, Limit>;

/**
 * Uses one unit, atomically across app processes (one upsert): a new window starts when the old one
 * has passed. Returns whether the unit was within the limit. Call it before the verification it guards
 * (as the Lucia guide does): checking first and counting only failures afterwards lets parallel guesses
 * all pass the check.
 */
export async function consumeLimit(db: DbOrTx, clock: Clock, key: string, limit: Limit): Promise<boolean> {
	const now = clock();
	const windowOpenedAfter = new Date(now.getTime() - limit.windowMs).toISOString();
	const [row] = await db
		.insert(rateLimits)
		.values({ key, count: 1, windowStart: now })
		.onConflictDoUpdate({
			target: rateLimits.key,
			set: {
				count: sql`case when ${rateLimits.windowStart} <= ${windowOpenedAfter}::timestamptz then 1 else ${rateLimits.count} + 1 end`,
				windowStart: sql`case when ${rateLimits.windowStart} <= ${windowOpenedAfter}::timestamptz then ${now.toISOString()}::timestamptz else ${rateLimits.windowStart} end`
			}
		})
		.returning({ count: rateLimits.count });
	return row.count <= limit.max;
}

/** Gives back the unit an attempt used when it turned out well (a shared address counts only failures). */
export async function refundLimit(db: DbOrTx, key: string): Promise<void> {
	await db
		.update(rateLimits)
		.set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
		.where(eq(rateLimits.key, key));
}

export async function resetLimit(db: DbOrTx, key: string): Promise<void> {
	await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

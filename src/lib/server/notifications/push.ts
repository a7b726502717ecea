import webpush from 'web-push';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import * as v from 'valibot';
import type { Clock } from '$lib/domain/clock';
import { isLocale, translate, type MessageKey } from '$lib/i18n';
import { config } from '../config';
import type { Db, DbOrTx } from '../db/client';
import { pushOutbox, pushSubscriptions, users } from '../db/schema';
import { logger } from '../logger';

export function pushEnabled(): boolean {
	return !!(config.vapid.publicKey && config.vapid.privateKey);
}

export const subscriptionSchema = v.object({
	endpoint: v.pipe(v.string(), v.url(), v.startsWith('https://'), v.maxLength(1000)),
	keys: v.object({ p256dh: v.pipe(v.string(), v.maxLength(200)), auth: v.pipe(v.string(), v.maxLength(100)) })
});

/** Stores (or moves to this person) a browser's subscription. */
export async function saveSubscription(db: DbOrTx, clock: Clock, userId: string, sub: v.InferOutput<typeof subscriptionSchema>) {
	await db
		.insert(pushSubscriptions)
		.values({ userId, endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth, createdAt: clock() })
		.onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { userId, p256dh: sub.keys.p256dh, auth: sub.keys.auth } });
}

export async function deleteSubscription(db: DbOrTx, userId: string, endpoint: string) {
	await db.delete(pushSubscriptions).where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)));
}

/** Queues a push to every device of these people, in the caller's transaction (sent after commit). */
export async function queuePush(tx: DbOrTx, clock: Clock, userIds: string[], titleKey: MessageKey, url: string, subject: string | null = null) {
	if (userIds.length === 0) return;
	const subs = await tx
		.select({ id: pushSubscriptions.id, locale: users.locale })
		.from(pushSubscriptions)
		.innerJoin(users, eq(pushSubscriptions.userId, users.id))
		.where(inArray(pushSubscriptions.userId, userIds));
	if (subs.length === 0) return;
	const now = clock();
	await tx.insert(pushOutbox).values(
		subs.map((s) => ({
			subscriptionId: s.id,
			title: `${translate(isLocale(s.locale) ? s.locale : 'fi', titleKey)}${subject ? ` · ${subject}` : ''}`,
			url,
			createdAt: now
		}))
	);
}

type Sender = (sub: { endpoint: string; keys: { p256dh: string; auth: string } }, payload: string) => Promise<unknown>;

function vapidSender(): Sender {
	return (sub, payload) =>
		webpush.sendNotification(sub, payload, {
			vapidDetails: { subject: config.vapid.subject, publicKey: config.vapid.publicKey as string, privateKey: config.vapid.privateKey as string },
			TTL: 24 * 3600
		});
}

/**
 * Sends queued pushes (FOR UPDATE SKIP LOCKED: several processes never send one twice). A subscription the
 * push service says is gone (404/410) is deleted.
 */
export async function deliverPushes(db: Db, clock: Clock, send: Sender | undefined = pushEnabled() ? vapidSender() : undefined): Promise<number> {
	if (!send) return 0;
	return db.transaction(async (tx) => {
		const pending = await tx
			.select({ push: pushOutbox, sub: pushSubscriptions })
			.from(pushOutbox)
			.innerJoin(pushSubscriptions, eq(pushOutbox.subscriptionId, pushSubscriptions.id))
			.where(and(isNull(pushOutbox.sentAt), isNull(pushOutbox.error)))
			.limit(50)
			.for('update', { of: pushOutbox, skipLocked: true });
		let sent = 0;
		for (const { push, sub } of pending) {
			try {
				await send({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, JSON.stringify({ title: push.title, url: push.url }));
				await tx.update(pushOutbox).set({ sentAt: clock() }).where(eq(pushOutbox.id, push.id));
				sent++;
			} catch (e) {
				const status = (e as { statusCode?: number }).statusCode;
				if (status === 404 || status === 410) {
					await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.id, sub.id));
				} else {
					logger.warn({ err: e, pushId: push.id }, 'push failed');
					await tx
						.update(pushOutbox)
						.set({ error: String(status ?? e).slice(0, 200) })
						.where(eq(pushOutbox.id, push.id));
				}
			}
		}
		return sent;
	});
}

import webpush from 'web-push';
import { and, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import type { Clock } from '$lib/domain/clock';
import { isLocale, translate, type MessageKey } from '$lib/i18n';
import { config } from '../config';
import type { Db, DbOrTx } from '../db/client';
import { pushOutbox, pushSubscriptions, users } from '../db/schema';
import { enqueue } from '../jobs/queue';

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
	const rows = await tx
		.insert(pushOutbox)
		.values(
			subs.map((s) => ({
				subscriptionId: s.id,
				title: `${translate(isLocale(s.locale) ? s.locale : 'fi', titleKey)}${subject ? ` · ${subject}` : ''}`,
				url,
				createdAt: now
			}))
		)
		.returning({ id: pushOutbox.id });
	for (const row of rows) await enqueue(tx, 'push', { pushId: row.id });
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
 * The `push` job: sends one queued push, outside any transaction. A subscription the push service says is gone
 * (404/410) is deleted and the job ends; any other failure is written on the row and thrown, so the queue
 * retries with backoff.
 */
export async function deliverPush(
	db: Db,
	clock: Clock,
	pushId: string,
	send: Sender | undefined = pushEnabled() ? vapidSender() : undefined
): Promise<'sent' | 'kept' | 'gone'> {
	if (!send) return 'kept';
	const [found] = await db
		.select({ push: pushOutbox, sub: pushSubscriptions })
		.from(pushOutbox)
		.innerJoin(pushSubscriptions, eq(pushOutbox.subscriptionId, pushSubscriptions.id))
		.where(eq(pushOutbox.id, pushId));
	if (!found || found.push.sentAt) return 'gone';
	const { push, sub } = found;
	try {
		await send({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, JSON.stringify({ title: push.title, url: push.url }));
	} catch (e) {
		const status = (e as { statusCode?: number }).statusCode;
		if (status === 404 || status === 410) {
			await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, sub.id));
			return 'gone';
		}
		await db
			.update(pushOutbox)
			.set({ error: String(status ?? e).slice(0, 200) })
			.where(eq(pushOutbox.id, push.id));
		throw e;
	}
	await db.update(pushOutbox).set({ sentAt: clock(), error: null }).where(eq(pushOutbox.id, push.id));
	return 'sent';
}

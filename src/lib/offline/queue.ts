/**
 * The device's queue of attendance marks and meetings (IndexedDB through `idb`). A tap is stored here
 * first, with its idempotency key, and then sent; it stays until the server has answered, so a closed
 * tab, a reload or a lost connection loses nothing, and a resend never doubles anything (the server
 * knows the key). Items are kept per person and never sent under another person's session.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface QueuedItem {
	clientKey: string;
	userId: string;
	orgId: string;
	kind: 'mark' | 'meeting';
	/** What the server's sync endpoint takes (see src/lib/server/attendance/schemas.ts). */
	payload: Record<string, unknown> & { participationId: string; day: string };
	createdAt: string;
	sentAt: string | null;
	/** The server refused it (the code is shown to the person, who dismisses it). */
	error: string | null;
	/** 'saved', 'history' (a later mark was already in force) or 'duplicate'. */
	outcome: string | null;
}

interface OfflineDb extends DBSchema {
	queue: { key: string; value: QueuedItem; indexes: { byUser: string } };
	meta: { key: string; value: { key: string; value: string } };
}

const TODAY_CACHE = 'ptp-today';
const KEEP_SENT_MS = 2 * 24 * 3600 * 1000;

let dbPromise: Promise<IDBPDatabase<OfflineDb>> | null = null;
function db() {
	dbPromise ??= openDB<OfflineDb>('ptp-offline', 1, {
		upgrade(d) {
			d.createObjectStore('queue', { keyPath: 'clientKey' }).createIndex('byUser', 'userId');
			d.createObjectStore('meta', { keyPath: 'key' });
		}
	});
	return dbPromise;
}

/** An idempotency key; crypto.randomUUID needs a secure context, which a phone on plain http is not. */
export function newKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function enqueue(items: QueuedItem[]): Promise<void> {
	const tx = (await db()).transaction('queue', 'readwrite');
	await Promise.all([...items.map((i) => tx.store.put(i)), tx.done]);
}

export async function itemsOf(userId: string, orgId: string): Promise<QueuedItem[]> {
	const all = await (await db()).getAllFromIndex('queue', 'byUser', userId);
	const cutoff = Date.now() - KEEP_SENT_MS;
	return all.filter((i) => i.orgId === orgId && !(i.sentAt && Date.parse(i.sentAt) < cutoff)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function remove(clientKey: string): Promise<void> {
	await (await db()).delete('queue', clientKey);
}

/** Items still waiting to be sent, for any person on this device (sign-out asks before discarding them). */
export async function unsentCount(): Promise<number> {
	return (await (await db()).getAll('queue')).filter((i) => !i.sentAt && !i.error).length;
}

export type FlushOutcome = 'sent' | 'nothing' | 'offline' | 'signedOut' | 'failed';

let flushing: Promise<FlushOutcome> | null = null;

/**
 * Sends everything unsent of this person in this organisation in one request (the server saves it in one
 * transaction) and records each answer. One flush at a time; a failure leaves the items for next time.
 */
export function flush(userId: string, orgId: string): Promise<FlushOutcome> {
	flushing ??= send(userId, orgId).finally(() => (flushing = null));
	return flushing;
}

async function send(userId: string, orgId: string): Promise<FlushOutcome> {
	const waiting = (await itemsOf(userId, orgId)).filter((i) => !i.sentAt && !i.error);
	if (waiting.length === 0) return 'nothing';
	const body = {
		meetings: waiting.filter((i) => i.kind === 'meeting').map((i) => ({ ...i.payload, clientKey: i.clientKey })),
		marks: waiting.filter((i) => i.kind === 'mark').map((i) => ({ ...i.payload, clientKey: i.clientKey }))
	};
	let response: Response;
	try {
		response = await fetch(`/provider/${orgId}/attendance`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			credentials: 'same-origin'
		});
	} catch {
		return 'offline';
	}
	if (response.status === 401 || response.status === 403 || response.redirected) return 'signedOut';
	if (!response.ok) return 'failed';
	const result = (await response.json()) as { marks: Answer[]; meetings: Answer[] };
	const answers = new Map([...result.marks, ...result.meetings].map((a) => [a.clientKey, a]));
	const now = new Date().toISOString();
	await enqueue(
		waiting.flatMap((i) => {
			const a = answers.get(i.clientKey);
			if (!a) return [];
			return [a.ok ? { ...i, sentAt: now, outcome: a.outcome ?? (a.duplicate ? 'duplicate' : 'saved') } : { ...i, error: a.error ?? 'invalid' }];
		})
	);
	return 'sent';
}

type Answer = { clientKey: string; ok: boolean; outcome?: string; duplicate?: boolean; error?: string };

/**
 * This device now belongs to `userId`: a cached Today page of someone else is deleted. Their unsent
 * marks stay (they hold no names) and go when that person signs in again.
 */
export async function claimDevice(userId: string): Promise<void> {
	const d = await db();
	const owner = await d.get('meta', 'owner');
	if (owner?.value === userId) return;
	if ('caches' in globalThis) await caches.delete(TODAY_CACHE);
	await d.put('meta', { key: 'owner', value: userId });
}

/** Sign-out: the cached Today page and everything queued on this device are deleted. */
export async function clearDevice(): Promise<void> {
	if ('caches' in globalThis) await caches.delete(TODAY_CACHE);
	const d = await db();
	await d.clear('queue');
	await d.clear('meta');
}

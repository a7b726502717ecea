/**
 * The device's queue of attendance marks, meetings and ARVI drafts (IndexedDB through `idb`). A tap or
 * an edit is stored here first, with its idempotency key, and then sent; it stays until the server has
 * answered, so a closed tab, a reload or a lost connection loses nothing, and a resend never doubles
 * anything (the server knows the key). Items are kept per person and never sent under another person's
 * session. An ARVI has one draft item (keyed by the ARVI): a newer edit replaces the unsent older one.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

interface QueueEntry {
	clientKey: string;
	userId: string;
	orgId: string;
	createdAt: string;
	sentAt: string | null;
	/** The server refused it (the code is shown to the person, who dismisses it). */
	error: string | null;
	/** 'saved', 'history' (a later mark was already in force) or 'duplicate'. */
	outcome: string | null;
}

/** An attendance mark or a meeting. */
export interface QueuedItem extends QueueEntry {
	kind: 'mark' | 'meeting';
	/** What the server's sync endpoint takes (see src/lib/server/attendance/schemas.ts). */
	payload: Record<string, unknown> & { participationId: string; day: string };
}

/** The latest unsent edit of an ARVI draft (see src/lib/server/arvi/pages.ts, postArviDraft). */
export interface DraftItem extends QueueEntry {
	kind: 'arviDraft';
	payload: { arviId: string; content: unknown; baseRevision: number; device: string; key: string };
	/** The server's answer: the new revision, or on a conflict the newer draft it holds. */
	result: Record<string, unknown> | null;
}

type Entry = QueuedItem | DraftItem;

interface OfflineDb extends DBSchema {
	queue: { key: string; value: Entry; indexes: { byUser: string } };
	meta: { key: string; value: { key: string; value: string } };
}

/** Pages kept for offline use (Today, ARVI forms); the service worker fills it. */
const PAGE_CACHE = 'ptp-offline-pages';
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

export async function enqueue(items: Entry[]): Promise<void> {
	const tx = (await db()).transaction('queue', 'readwrite');
	await Promise.all([...items.map((i) => tx.store.put(i)), tx.done]);
}

async function entriesOf(userId: string, orgId: string): Promise<Entry[]> {
	const all = await (await db()).getAllFromIndex('queue', 'byUser', userId);
	const cutoff = Date.now() - KEEP_SENT_MS;
	return all.filter((i) => i.orgId === orgId && !(i.sentAt && Date.parse(i.sentAt) < cutoff)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** This person's attendance items in this organisation (recent sent ones too, for the page to show). */
export async function itemsOf(userId: string, orgId: string): Promise<QueuedItem[]> {
	return (await entriesOf(userId, orgId)).filter((i): i is QueuedItem => i.kind !== 'arviDraft');
}

export const draftKey = (arviId: string) => `arvi:${arviId}`;

/** The queued draft of an ARVI (sent or not), if this person has one on this device. */
export async function draftOf(userId: string, arviId: string): Promise<DraftItem | undefined> {
	const item = await (await db()).get('queue', draftKey(arviId));
	return item?.kind === 'arviDraft' && item.userId === userId ? item : undefined;
}

/** This device's id (random, kept until sign-out): the server tells one device's saves from another's. */
export async function deviceId(): Promise<string> {
	const d = await db();
	const known = await d.get('meta', 'device');
	if (known) return known.value;
	const id = newKey();
	await d.put('meta', { key: 'device', value: id });
	return id;
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
	const entries = (await entriesOf(userId, orgId)).filter((i) => !i.sentAt && !i.error);
	const marks = await sendAttendance(entries.filter((i): i is QueuedItem => i.kind !== 'arviDraft'), orgId);
	if (marks !== 'sent' && marks !== 'nothing') return marks;
	const drafts = entries.filter((i): i is DraftItem => i.kind === 'arviDraft');
	for (const d of drafts) {
		const outcome = await sendDraft(d, orgId);
		if (outcome !== 'sent') return outcome;
	}
	return marks === 'sent' || drafts.length ? 'sent' : 'nothing';
}

/** One draft to its ARVI's endpoint; a newer edit made meanwhile (a new key) is left for the next flush. */
async function sendDraft(item: DraftItem, orgId: string): Promise<FlushOutcome> {
	let response: Response;
	try {
		response = await fetch(`/provider/${orgId}/arvi/${item.payload.arviId}/draft`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(item.payload),
			credentials: 'same-origin'
		});
	} catch {
		return 'offline';
	}
	if (response.status === 401 || response.status === 403 || response.redirected) return 'signedOut';
	const answer = (await response.json().catch(() => null)) as (Record<string, unknown> & { ok?: boolean; error?: string }) | null;
	if (!answer || response.status >= 500) return 'failed';
	const d = await db();
	const now = await d.get('queue', item.clientKey);
	if (now?.kind !== 'arviDraft' || now.payload.key !== item.payload.key) return 'sent';
	await d.put('queue', answer.ok ? { ...now, sentAt: new Date().toISOString(), outcome: 'saved', result: answer } : { ...now, error: answer.error ?? 'invalid', result: answer });
	return 'sent';
}

async function sendAttendance(waiting: QueuedItem[], orgId: string): Promise<FlushOutcome> {
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
 * This device now belongs to `userId`: cached pages (Today, ARVI forms) of someone else are deleted. Their unsent
 * marks stay (they hold no names) and go when that person signs in again.
 */
export async function claimDevice(userId: string): Promise<void> {
	const d = await db();
	const owner = await d.get('meta', 'owner');
	if (owner?.value === userId) return;
	if ('caches' in globalThis) await caches.delete(PAGE_CACHE);
	await d.put('meta', { key: 'owner', value: userId });
}

/** Sign-out: the cached pages and everything queued on this device are deleted. */
export async function clearDevice(): Promise<void> {
	if ('caches' in globalThis) await caches.delete(PAGE_CACHE);
	const d = await db();
	await d.clear('queue');
	await d.clear('meta');
}

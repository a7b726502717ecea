/**
 * The device's queue of attendance marks, meetings and ARVI drafts (IndexedDB through `idb`). A tap or
 * an edit is stored here first, with its idempotency key, and then sent; it stays until the server has
 * answered, so a closed tab, a reload or a lost connection loses nothing, and a resend never doubles
 * anything (the server knows the key). Items are kept per person and never sent under another person's
 * session. An ARVI has one draft item (keyed by the ARVI): a newer edit replaces the unsent older one.
 *
 * The service worker shares this module: where the browser has Background Sync it sends the queue the
 * page could not (`flush`), even after the page is closed.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { OWNER_HEADER } from './owner';

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
	/** How many times the server failed on this item sent on its own (a 5xx: a bug, not a refusal with a reason). */
	failures?: number;
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

/** A second tap of the same mark on the same slot within this time is the same tap (a double tap). */
export const DOUBLE_TAP_MS = 10_000;
/** After this many server failures of an item on its own, the person is shown it and may discard it. */
export const STUCK_AFTER = 3;

type MarkPayload = QueuedItem['payload'] & {
	status?: unknown;
	reason?: unknown;
	reasonText?: unknown;
	meetingId?: unknown;
	meetingKey?: unknown;
	markedAt?: unknown;
};
const slotOf = (p: MarkPayload) => [p.participationId, p.day, p.meetingId ?? '', p.meetingKey ?? ''].join('|');
const sameMark = (a: MarkPayload, b: MarkPayload) =>
	a.status === b.status && (a.reason ?? null) === (b.reason ?? null) && (a.reasonText ?? null) === (b.reasonText ?? null);

/**
 * Stores new taps and edits. A mark equal to the latest mark of the same slot (person, day, meeting) made
 * less than DOUBLE_TAP_MS before is a double tap and is not stored: the check runs in the same IndexedDB
 * transaction as the write, so two taps in quick succession cannot both pass it. Returns what was stored.
 */
export async function enqueue(items: Entry[]): Promise<Entry[]> {
	const tx = (await db()).transaction('queue', 'readwrite');
	const known = new Map<string, Entry[]>();
	const stored: Entry[] = [];
	for (const item of items) {
		if (item.kind === 'mark') {
			if (!known.has(item.userId)) known.set(item.userId, await tx.store.index('byUser').getAll(item.userId));
			const mine = known.get(item.userId)!;
			const slot = slotOf(item.payload);
			const latest = mine
				.filter((i): i is QueuedItem => i.kind === 'mark' && !i.error && i.orgId === item.orgId && slotOf(i.payload) === slot)
				.sort((a, b) => String(a.payload.markedAt ?? a.createdAt).localeCompare(String(b.payload.markedAt ?? b.createdAt)))
				.at(-1);
			if (latest && sameMark(latest.payload, item.payload) && Math.abs(Date.parse(item.createdAt) - Date.parse(latest.createdAt)) < DOUBLE_TAP_MS) continue;
			mine.push(item);
		}
		await tx.store.put(item);
		stored.push(item);
	}
	await tx.done;
	return stored;
}

async function putAll(items: Entry[]): Promise<void> {
	if (items.length === 0) return;
	const tx = (await db()).transaction('queue', 'readwrite');
	await Promise.all([...items.map((i) => tx.store.put(i)), tx.done]);
}

/** Waiting, but the server has failed on it on its own again and again: shown with a way to discard it. */
export const isStuck = (i: Entry) => !i.sentAt && !i.error && (i.failures ?? 0) >= STUCK_AFTER;

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

/**
 * This person's ARVI drafts in this organisation that the server refused or keeps failing on (a conflict
 * with a newer text is not among them: the ARVI form resolves it).
 */
export async function troubledDraftsOf(userId: string, orgId: string): Promise<DraftItem[]> {
	return (await entriesOf(userId, orgId)).filter((i): i is DraftItem => i.kind === 'arviDraft' && ((!!i.error && i.error !== 'conflict') || isStuck(i)));
}

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
let again: Promise<FlushOutcome> | null = null;

/**
 * Sends everything unsent of this person in this organisation and records each answer. One flush at a
 * time; a flush asked for while one runs (a tap during a slow send) starts as soon as the running one ends.
 * A failure leaves the items for next time.
 */
export function flush(userId: string, orgId: string): Promise<FlushOutcome> {
	if (flushing) {
		again ??= flushing.then(() => {
			again = null;
			return flush(userId, orgId);
		});
		return again;
	}
	flushing = send(userId, orgId)
		.then((outcome) => {
			if (outcome === 'offline') syncLater(userId, orgId);
			return outcome;
		})
		.finally(() => (flushing = null));
	return flushing;
}

/**
 * Where the browser has Background Sync, the service worker sends this queue when the connection returns,
 * even if the page is closed by then (see src/service-worker.ts). Not from the worker itself: it retries on its own.
 */
function syncLater(userId: string, orgId: string) {
	if (typeof window === 'undefined' || !('serviceWorker' in navigator)) return;
	// `ready`, not `controller`: a page loaded before the worker was installed is not controlled by it.
	void navigator.serviceWorker.ready.then((r) => r.active?.postMessage({ type: 'SYNC_LATER', userId, orgId }));
}

async function send(userId: string, orgId: string): Promise<FlushOutcome> {
	const entries = (await entriesOf(userId, orgId)).filter((i) => !i.sentAt && !i.error);
	const marks = await sendAttendance(
		entries.filter((i): i is QueuedItem => i.kind !== 'arviDraft'),
		orgId
	);
	if (marks === 'offline' || marks === 'signedOut') return marks;
	const outcomes = [marks];
	for (const d of entries.filter((i): i is DraftItem => i.kind === 'arviDraft')) {
		const outcome = await sendDraft(d, orgId);
		if (outcome === 'offline' || outcome === 'signedOut') return outcome;
		outcomes.push(outcome);
	}
	return outcomes.includes('sent') ? 'sent' : outcomes.includes('failed') ? 'failed' : 'nothing';
}

/** A server failure of an item on its own; when the server saved other things meanwhile, the item is the cause. */
const failedAgain = <T extends Entry>(i: T, serverWorks: boolean): T => ({ ...i, failures: Math.max((i.failures ?? 0) + 1, serverWorks ? STUCK_AFTER : 0) });

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
	const d = await db();
	const now = await d.get('queue', item.clientKey);
	if (now?.kind !== 'arviDraft' || now.payload.key !== item.payload.key) return 'sent';
	if (!answer || response.status >= 500) {
		await d.put('queue', failedAgain(now, false));
		return 'failed';
	}
	await d.put(
		'queue',
		answer.ok ? { ...now, sentAt: new Date().toISOString(), outcome: 'saved', result: answer } : { ...now, error: answer.error ?? 'invalid', result: answer }
	);
	return 'sent';
}

/** The body of an attendance batch (also what the service worker keeps for Background Sync). */
const batchBody = (items: QueuedItem[]) => ({
	meetings: items.filter((i) => i.kind === 'meeting').map((i) => ({ ...i.payload, clientKey: i.clientKey })),
	marks: items.filter((i) => i.kind === 'mark').map((i) => ({ ...i.payload, clientKey: i.clientKey }))
});

/** One batch: 'failed' when the server could not answer it item by item (a 5xx, or no JSON). */
async function post(items: QueuedItem[], orgId: string): Promise<FlushOutcome> {
	let response: Response;
	try {
		response = await fetch(`/provider/${orgId}/attendance`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(batchBody(items)),
			credentials: 'same-origin'
		});
	} catch {
		return 'offline';
	}
	if (response.status === 401 || response.status === 403 || response.redirected) return 'signedOut';
	const result = response.ok ? ((await response.json().catch(() => null)) as AttendanceAnswer | null) : null;
	if (!result) return 'failed';
	await recordAnswers(result);
	return 'sent';
}

/**
 * Sends the waiting marks and meetings in one request. If the server fails on the batch, each item goes on
 * its own, so that one malformed item cannot hold up the others; an item the server keeps failing on is
 * sent alone after the rest from then on (and the page shows it, with a way to discard it).
 */
async function sendAttendance(waiting: QueuedItem[], orgId: string): Promise<FlushOutcome> {
	if (waiting.length === 0) return 'nothing';
	const batch = waiting.filter((i) => (i.failures ?? 0) < STUCK_AFTER);
	const first = batch.length ? await post(batch, orgId) : 'nothing';
	if (first === 'offline' || first === 'signedOut') return first;
	// Meetings first: a mark may name a meeting recorded on this device by its key.
	const alone = [...(first === 'failed' && batch.length > 1 ? batch : []), ...waiting.filter((i) => !batch.includes(i))].sort((a, b) =>
		a.kind === b.kind ? 0 : a.kind === 'meeting' ? -1 : 1
	);
	const failed: QueuedItem[] = first === 'failed' && batch.length === 1 ? [batch[0]] : [];
	let saved = first === 'sent';
	for (const item of alone) {
		const outcome = await post([item], orgId);
		if (outcome === 'offline' || outcome === 'signedOut') return outcome;
		if (outcome === 'failed') failed.push(item);
		else saved = true;
	}
	await putAll(failed.map((i) => failedAgain(i, saved)));
	return saved ? 'sent' : 'failed';
}

type AttendanceAnswer = { marks: Answer[]; meetings: Answer[] };

/**
 * Records the server's answers to a batch on the items still waiting (a page's send and the service
 * worker's replay of the same items may both be answered; the first answer stays, the second says "duplicate").
 */
async function recordAnswers(result: AttendanceAnswer): Promise<void> {
	const tx = (await db()).transaction('queue', 'readwrite');
	const now = new Date().toISOString();
	for (const a of [...(result.marks ?? []), ...(result.meetings ?? [])]) {
		const i = a.clientKey ? await tx.store.get(a.clientKey) : undefined;
		if (!i || i.kind === 'arviDraft' || i.sentAt || i.error) continue;
		await tx.store.put(a.ok ? { ...i, sentAt: now, outcome: a.outcome ?? (a.duplicate ? 'duplicate' : 'saved') } : { ...i, error: a.error ?? 'invalid' });
	}
	await tx.done;
}

/** Whether `userId` is the person this device belongs to now (the service worker asks before a replay). */
export async function ownsDevice(userId: string): Promise<boolean> {
	return (await (await db()).get('meta', 'owner'))?.value === userId;
}

type Answer = { clientKey: string; ok: boolean; outcome?: string; duplicate?: boolean; error?: string };

let claimed: { userId: string; done: Promise<void> } | null = null;

/**
 * This device now belongs to `userId`: cached pages (Today, ARVI forms) of someone else are deleted. Their unsent
 * marks stay (they hold no names) and go when that person signs in again. The layout and the page both call
 * it on opening: one claim is shared. A copy served to `userId` (the owner header) is never deleted, so the
 * page the person has just been served stays kept whether the worker stores it before or after the claim.
 */
export function claimDevice(userId: string): Promise<void> {
	if (claimed?.userId !== userId) {
		const done = claim(userId).catch((e) => {
			claimed = null;
			throw e;
		});
		claimed = { userId, done };
	}
	return claimed.done;
}

async function claim(userId: string): Promise<void> {
	const d = await db();
	if ((await d.get('meta', 'owner'))?.value === userId) return;
	if ('caches' in globalThis && (await caches.has(PAGE_CACHE))) {
		const cache = await caches.open(PAGE_CACHE);
		for (const request of await cache.keys()) {
			const kept = await cache.match(request, { ignoreVary: true });
			if (kept?.headers.get(OWNER_HEADER) !== userId) await cache.delete(request, { ignoreVary: true });
		}
	}
	await d.put('meta', { key: 'owner', value: userId });
}

/**
 * Claims the device for `userId` and makes sure that this page (Today, an ARVI form) is kept for offline use.
 * The service worker keeps a document it served itself, but a page reached by an in-app link (or loaded
 * before the worker took over, or with a query) it has to be asked to keep.
 * `arrival` is how the page was reached (`enter`: a document load).
 */
export async function claimAndKeep(userId: string, arrival: string | null): Promise<void> {
	await claimDevice(userId);
	const servedByWorker = arrival === 'enter' && !!navigator.serviceWorker?.controller;
	if (!servedByWorker || location.search) void keepForOffline(location.pathname);
	if (!servedByWorker) keepGroupPage();
}

/**
 * Today opened on one group (`?group=`: a colleague's group, from the list of the day's other groups) is kept under
 * its own address too, so that the group is there offline as it was online; Today itself keeps the coach's own.
 * The page calls this after an in-app link to another group (the worker sees no navigation then).
 */
export function keepGroupPage(): void {
	if (new URLSearchParams(location.search).has('group')) void keepForOffline(location.pathname + location.search);
}

/**
 * Asks the service worker to keep this page for offline use. It fetches it with this person's session and
 * keeps it only if it is one of the pages meant for offline use.
 */
async function keepForOffline(url: string): Promise<void> {
	if (!('serviceWorker' in navigator)) return;
	(await navigator.serviceWorker.ready).active?.postMessage({ type: 'KEEP_PAGE', url });
}

/** Sign-out: the cached pages and everything queued on this device (the service worker's copy too) are deleted. */
export async function clearDevice(): Promise<void> {
	claimed = null;
	if ('caches' in globalThis) await caches.delete(PAGE_CACHE);
	const d = await db();
	await d.clear('queue');
	await d.clear('meta');
	if ('serviceWorker' in navigator) await clearServiceWorkerQueue();
}

/** The service worker's Background Sync copy of unsent batches; answered when it is empty (or after 2 s). */
function clearServiceWorkerQueue(): Promise<void> {
	const worker = navigator.serviceWorker.controller;
	if (!worker) return Promise.resolve();
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		const timer = setTimeout(resolve, 2000);
		channel.port1.onmessage = () => {
			clearTimeout(timer);
			resolve();
		};
		worker.postMessage({ type: 'CLEAR_QUEUE' }, [channel.port2]);
	});
}

/// <reference lib="webworker" />
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, NetworkOnly } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { Queue } from 'workbox-background-sync';
import { flush, ownsDevice } from '$lib/offline/queue';

declare let self: ServiceWorkerGlobalScope;

// The app shell: built JS/CSS, icons and the offline page (the list is injected at build time).
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const OFFLINE_PAGE = '/offline';

/**
 * The two exceptions to "pages are never cached": the coach's Today screen and the ARVI form, so that
 * attendance can be marked and an ARVI written without a connection. Network first (a slow network gives
 * up after 4 s); the cache holds only the signed-in person's own pages and is deleted at sign-out and
 * when another person signs in (see src/lib/offline/queue.ts). Marks and drafts live in IndexedDB until sent.
 */
const PAGE_CACHE = 'ptp-offline-pages';
const TODAY = /^\/provider\/[0-9a-f-]{36}\/today\/?$/;
const OFFLINE_PAGES = [TODAY, /^\/provider\/[0-9a-f-]{36}\/arvi\/[0-9a-f-]{36}\/?$/];
const isOfflinePage = (url: URL) => url.origin === self.location.origin && OFFLINE_PAGES.some((p) => p.test(url.pathname));
/** The installed app's start URL (manifest) and the home page: offline, a coach is taken to the kept Today. */
const START_PAGES = ['/start', '/'];

const pages = new NetworkFirst({ cacheName: PAGE_CACHE, networkTimeoutSeconds: 4, plugins: [new CacheableResponsePlugin({ statuses: [200] })] });

/** Offline: a kept page with this path (another `?day=`, say), else for the start URL the kept Today, else the offline page. */
async function offlineAnswer(url: URL): Promise<Response> {
	const cache = await caches.open(PAGE_CACHE);
	const wanted = START_PAGES.includes(url.pathname) ? (u: URL) => TODAY.test(u.pathname) : (u: URL) => u.pathname === url.pathname && isOfflinePage(u);
	// The page itself rather than another day's, when both are kept.
	const match = (await cache.keys())
		.map((r) => new URL(r.url))
		.filter(wanted)
		.sort((a, b) => a.search.length - b.search.length)[0];
	const same = match?.href === url.href ? await cache.match(match.href, { ignoreVary: true }) : undefined;
	if (same) return same;
	if (match && match.href !== url.href) return Response.redirect(match.href, 302);
	return (await matchPrecache(OFFLINE_PAGE)) ?? Response.error();
}

registerRoute(
	({ request, url }) => request.mode === 'navigate' && isOfflinePage(url),
	async (options) => {
		try {
			return await pages.handle(options);
		} catch {
			// The page may still be on its way into the cache (asked to be kept just before the network went).
			await keeping.get(options.url.href);
			return offlineAnswer(options.url);
		}
	}
);

// Other pages carry confidential data: they are never cached. Without a network, the offline page answers.
registerRoute(
	new NavigationRoute(async (options) => {
		try {
			return await new NetworkOnly().handle(options);
		} catch {
			return offlineAnswer(options.url);
		}
	})
);

/** Pages being kept (by href), so that a navigation made offline meanwhile waits for the copy. */
const keeping = new Map<string, Promise<void>>();

/**
 * A page asks to keep itself for offline use (Today opened by an in-app link never passed the navigation
 * route above). Fetched with this person's session; a redirect (to sign-in) or an error is not kept.
 */
async function keepPage(href: unknown): Promise<void> {
	if (typeof href !== 'string') return;
	const url = new URL(href, self.location.origin);
	if (!isOfflinePage(url)) return;
	const kept = (async () => {
		const response = await fetch(url, { credentials: 'same-origin', redirect: 'manual', headers: { accept: 'text/html' } }).catch(() => null);
		if (response?.status === 200 && response.type === 'basic') await (await caches.open(PAGE_CACHE)).put(url.href, response);
	})().catch(() => {});
	keeping.set(url.href, kept);
	await kept;
	if (keeping.get(url.href) === kept) keeping.delete(url.href);
}

/**
 * Background Sync (Chromium): when the page could not send its queue for want of a network, it tells the
 * worker who and where (one entry per person and workspace; no marks: those stay in the page's IndexedDB
 * queue), and the worker sends that queue itself when the connection returns, even if the page was closed.
 * It runs the page's own code (flush), so the same idempotency keys go: whichever of the page and the
 * worker sends an item second is answered "duplicate", and the first answer is the one kept.
 */
const syncQueue = new Queue('ptp-attendance', {
	maxRetentionTime: 2 * 24 * 60,
	onSync: async ({ queue }) => {
		const later: Awaited<ReturnType<typeof queue.shiftRequest>>[] = [];
		for (let entry = await queue.shiftRequest(); entry; entry = await queue.shiftRequest()) {
			const { userId, orgId } = (entry.metadata ?? {}) as { userId?: string; orgId?: string };
			// Never under another person's session: their marks wait until they sign in again.
			if (!userId || !orgId || !(await ownsDevice(userId))) continue;
			if ((await flush(userId, orgId)) === 'offline') later.push(entry);
		}
		for (const entry of later) if (entry) await queue.unshiftRequest(entry);
		for (const client of await self.clients.matchAll()) client.postMessage({ type: 'QUEUE_CHANGED' });
		// Workbox asks the browser for another sync event when this one throws.
		if (later.length) throw new Error('still offline');
	}
});

async function syncLater(userId: unknown, orgId: unknown): Promise<void> {
	if (typeof userId !== 'string' || typeof orgId !== 'string') return;
	if ((await syncQueue.getAll()).some((x) => x.metadata?.userId === userId && x.metadata?.orgId === orgId)) return;
	await syncQueue.pushRequest({ request: new Request(`/provider/${orgId}/attendance`), metadata: { userId, orgId } });
}

// registerType 'prompt': the page asks the person before a new version takes over.
self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
	if (event.data?.type === 'KEEP_PAGE') event.waitUntil(keepPage(event.data.url));
	if (event.data?.type === 'SYNC_LATER') event.waitUntil(syncLater(event.data.userId, event.data.orgId));
});

// Web Push: the payload is a generic, translated title and a link inside the app (no personal data).
self.addEventListener('push', (event) => {
	const data = (() => {
		try {
			return event.data?.json() as { title?: string; url?: string };
		} catch {
			return {};
		}
	})();
	event.waitUntil(
		self.registration.showNotification(data.title ?? 'Palveluntuottajaportaali', {
			icon: '/icons/icon-192.png',
			badge: '/icons/icon-192.png',
			data: { url: typeof data.url === 'string' && data.url.startsWith('/') ? data.url : '/notifications' }
		})
	);
});

self.addEventListener('notificationclick', (event) => {
	event.notification.close();
	event.waitUntil(self.clients.openWindow(event.notification.data?.url ?? '/'));
});

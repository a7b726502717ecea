/// <reference lib="webworker" />
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, NetworkOnly } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';

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
const OFFLINE_PAGES = [/^\/provider\/[0-9a-f-]{36}\/today\/?$/, /^\/provider\/[0-9a-f-]{36}\/arvi\/[0-9a-f-]{36}\/?$/];
registerRoute(
	({ request, url }) => request.mode === 'navigate' && OFFLINE_PAGES.some((p) => p.test(url.pathname)),
	new NetworkFirst({ cacheName: PAGE_CACHE, networkTimeoutSeconds: 4, plugins: [new CacheableResponsePlugin({ statuses: [200] })] })
);

// Other pages carry confidential data: they are never cached. Without a network, the offline page answers.
registerRoute(
	new NavigationRoute(async (options) => {
		try {
			return await new NetworkOnly().handle(options);
		} catch {
			return (await matchPrecache(OFFLINE_PAGE)) ?? Response.error();
		}
	})
);

// registerType 'prompt': the page asks the person before a new version takes over.
self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting();
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

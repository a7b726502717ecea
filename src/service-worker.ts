/// <reference lib="webworker" />
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

declare let self: ServiceWorkerGlobalScope;

// The app shell: built JS/CSS, icons and the offline page (the list is injected at build time).
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

const OFFLINE_PAGE = '/offline';

// Pages carry confidential data: they are never cached. Without a network, the offline page answers.
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

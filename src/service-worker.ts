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

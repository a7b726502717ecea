import type { RequestEvent } from '@sveltejs/kit';

/**
 * The client's address, the one place every throttle key, session row and audit entry gets it from.
 * adapter-node answers from the socket, or behind a load balancer from the header named by
 * `ADDRESS_HEADER` (with `XFF_DEPTH` for X-Forwarded-For: how many trusted proxies are in front).
 * Null where there is no client (`vite build`'s prerendering throws).
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

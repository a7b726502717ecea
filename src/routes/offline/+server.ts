import page from '$lib/offline.html?raw';
import type { RequestHandler } from './$types';

/**
 * The page the service worker shows for any navigation made without a network (precached at
 * install). Static and public: it holds nothing personal. Inline style only, no script.
 */
export const GET: RequestHandler = () =>
	new Response(page, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
		}
	});

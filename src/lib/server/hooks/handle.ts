import type { Handle, HandleServerError } from '@sveltejs/kit';
import { helsinkiDate } from '$lib/domain/clock';
import { isLocale, localeFromAcceptLanguage } from '$lib/i18n';
import { authenticateSession } from '../auth/actor';
import { SESSION_COOKIE, setSessionCookie } from '../auth/session';
import { clock } from '../clock';
import { config } from '../config';
import { getDb, getPlannedReadsDb } from '../db';
import { logger } from '../logger';
import { observeRequest } from '../metrics';
import { OWNER_HEADER } from '$lib/offline/owner';

export const LOCALE_COOKIE = 'lang';

/**
 * Requests still being handled. A client that hangs up does not stop its handler, and adapter-node's
 * shutdown fires once the sockets are gone: the database pool must wait for these handlers, or their
 * queued queries reconnect a pool that is ending and the process never exits (seen under load).
 */
let inFlight = 0;

/** Resolves when no request is being handled, or after `maxMs`. */
export async function requestsDrained(maxMs: number): Promise<void> {
	const until = performance.now() + maxMs;
	while (inFlight > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
}

/** A request id for logs, errors and audit entries; one JSON log line per request. */
export const requestId: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	event.locals.requestId = crypto.randomUUID();
	event.locals.clock = clock;
	inFlight++;
	let response: Response;
	try {
		response = await resolve(event);
	} finally {
		inFlight--;
	}
	response.headers.set('x-request-id', event.locals.requestId);
	observeRequest(event.route.id, event.request.method, response.status, (performance.now() - started) / 1000);
	logger.info({
		requestId: event.locals.requestId,
		method: event.request.method,
		path: event.url.pathname,
		status: response.status,
		ms: Math.round(performance.now() - started),
		userId: event.locals.user?.id
	});
	return response;
};

/** Who is this? Sets locals.user/session, and locals.actor only when the second factor is done. */
export const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.actor = null;
	event.locals.mfaPending = false;
	event.locals.counts = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const auth = await authenticateSession(await getDb(), clock, token, helsinkiDate(clock()), await getPlannedReadsDb());
		if (auth.session) {
			event.locals.user = auth.user;
			event.locals.session = auth.session;
			event.locals.actor = auth.actor;
			event.locals.mfaPending = auth.mfaPending;
			event.locals.counts = auth.counts;
			setSessionCookie(event.cookies, token);
		}
		// An unknown or expired token is simply ignored, not deleted: a late request still carrying the old
		// token must not wipe the cookie of the session that has just replaced it (MFA rotation).
	}
	const cookieLocale = event.cookies.get(LOCALE_COOKIE);
	event.locals.locale =
		event.locals.user?.locale ??
		(isLocale(cookieLocale) ? cookieLocale : undefined) ??
		localeFromAcceptLanguage(event.request.headers.get('accept-language')) ??
		'fi';
	return resolve(event);
};

/** app.html's placeholder for the page's language (`<html lang="%lang%">`), in its first bytes. */
const LANG_PLACEHOLDER = Buffer.from('%lang%"');
const LANG_WITHIN = 256;

/**
 * Writes the page's language into `<html lang>` of the page as SvelteKit has encoded it (UTF-8), not into the
 * page's string with `transformPageChunk`. The rendered page is a string of many pieces, and any look into it
 * copies them into one string; with one character beyond Latin-1 anywhere (an en dash, a euro sign, a name) that
 * string is UTF-16, and a page over 64 K characters (the busiest coach's Today) is then bigger than V8's largest
 * regular object (128 KB). Each such string gets freshly mapped memory, and its page faults cost ~0.8 ms on our
 * virtual machines: the page was copied that way twice (to find the placeholder, then the patched string again
 * when encoded). SvelteKit encodes the page once anyway; here the placeholder and its closing quote are
 * overwritten in those bytes by the language, its quote and spaces (`<html lang="fi"    >`): the page keeps its
 * length and goes out in one write, as SvelteKit sent it.
 */
export const pageLanguage: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!response.body || !response.headers.get('content-type')?.startsWith('text/html')) return response;
	const chunks: Uint8Array<ArrayBuffer>[] = [];
	for (const reader = response.body.getReader(); ;) {
		const { done, value } = await reader.read();
		if (done) break;
		chunks.push(value);
	}
	const page = chunks.length === 1 ? Buffer.from(chunks[0].buffer, chunks[0].byteOffset, chunks[0].byteLength) : Buffer.concat(chunks);
	const at = page.subarray(0, LANG_WITHIN).indexOf(LANG_PLACEHOLDER);
	if (at >= 0) page.fill(' ', at, at + LANG_PLACEHOLDER.length).write(`${event.locals.locale}"`, at, 'latin1');
	return new Response(page, response);
};

const PUBLIC_PREFIXES = ['/login', '/forgot-password', '/reset-password', '/healthz', '/readyz', '/language', '/offline', '/api/v1', '/metrics', '/f'];
// /api/v1 answers machines: its handlers authenticate the caller's API key themselves. /f/:token is a
// participant's anonymous feedback: no account, the token (throttled, single use) is the only key.
const MFA_STEP_PREFIXES = ['/login/2fa', '/setup-2fa', '/logout'];

function startsWithAny(path: string, prefixes: string[]) {
	return prefixes.some((p) => path === p || path.startsWith(p + '/'));
}

/**
 * The coarse gate: everything but the public pages needs a session, and a session whose second factor
 * is missing reaches only the MFA pages. Fine-grained decisions are the policy module's, per route.
 */
export const authorizeByPath: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (startsWithAny(path, PUBLIC_PREFIXES) && !path.startsWith('/login/2fa')) return resolve(event);
	if (event.locals.actor) return resolve(event);
	if (event.locals.mfaPending) {
		if (startsWithAny(path, MFA_STEP_PREFIXES)) return resolve(event);
		if (path.startsWith('/api/')) return new Response('second factor required', { status: 401 });
		return seeOther(event.locals.user?.totpKeyEncrypted ? '/login/2fa' : '/setup-2fa');
	}
	if (path.startsWith('/api/')) return new Response('unauthenticated', { status: 401 });
	const next = path === '/' ? '' : `?next=${encodeURIComponent(path + event.url.search)}`;
	return seeOther(`/login${next}`);
};

function seeOther(location: string): Response {
	return new Response(null, { status: 303, headers: { location } });
}

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('x-content-type-options', 'nosniff');
	h.set('referrer-policy', 'strict-origin-when-cross-origin');
	h.set('x-frame-options', 'DENY');
	h.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	h.set('cross-origin-opener-policy', 'same-origin');
	if (config.production) h.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	if (event.locals.session && !h.has('cache-control')) h.set('cache-control', 'private, no-store');
	// Whose page this is: the offline copies on a shared phone are told apart by it (see $lib/offline/owner).
	if (event.locals.user) h.set(OWNER_HEADER, event.locals.user.id);
	return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status !== 404) {
		logger.error({ requestId: event.locals.requestId, path: event.url.pathname, err: error }, 'unhandled error');
	}
	return { message: status === 404 ? 'notFound' : message, requestId: event.locals.requestId };
};

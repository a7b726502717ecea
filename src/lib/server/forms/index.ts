import { fail } from '@sveltejs/kit';
import { msg, type CodeOf } from '$lib/i18n';

/** A refusal's code: one with an `errors.<code>` message in every language (a code without one fails `check`). */
export type ErrorCode = CodeOf<'errors'>;

export { field, formObject, validate } from '$lib/forms/form';

// Browsers drop tabs and newlines from a URL and read a backslash as a slash, so `/\t/evil.example`
// or `/\\evil.example` would leave the site: such a value is refused before it is parsed at all.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_IN_NEXT = /[\u0000-\u001f\u007f\\]/;

/**
 * Where to go after sign-in or a language switch: a path of this site, never an open redirect. The
 * value must be a path (`/…`), free of control characters and backslashes, and parse against `origin`
 * to that same origin. Returned as the parser wrote it (percent-encoded, fit for a Location header).
 */
/** A redirect target that is not merely off-site but malformed (control characters, backslashes). */
export function isMalformedNext(value: unknown): boolean {
	return typeof value === 'string' && UNSAFE_IN_NEXT.test(value);
}

export function safeNext(value: unknown, origin: string): string {
	if (typeof value !== 'string' || !value.startsWith('/') || UNSAFE_IN_NEXT.test(value)) return '/';
	let url: URL;
	try {
		url = new URL(value, origin);
	} catch {
		return '/';
	}
	// `/.//evil.example` parses to the path `//evil.example`, which a Location header would take as a host.
	if (url.origin !== new URL(origin).origin || url.pathname.startsWith('//')) return '/';
	return url.pathname + url.search + url.hash;
}

const STATUS_OF_ERROR: Record<string, number> = { notFound: 404, notMember: 404, stale: 409, noticeConflict: 409 };

/** A refused action: the domain's error code becomes the translated message `errors.<code>`. */
export function refuse(error: ErrorCode, extra: Record<string, unknown> = {}) {
	return fail(STATUS_OF_ERROR[error] ?? 400, { ...extra, message: msg(`errors.${error}`) });
}

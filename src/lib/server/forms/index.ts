import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { errorKey, msg, type CodeOf, type MessageKey } from '$lib/i18n';

/** A refusal's code: one with an `errors.<code>` message in every language (a code without one fails `check`). */
export type ErrorCode = CodeOf<'errors'>;

/** A text field from a form: trimmed string, '' when missing or not a string (files, forged input). */
export function field(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * Validates form input against a valibot schema whose messages are catalogue keys
 * (`errors.<message>`); returns the output or the first problem per field as message keys.
 */
export function validate<S extends v.GenericSchema>(
	schema: S,
	input: unknown
): { ok: true; value: v.InferOutput<S> } | { ok: false; errors: Record<string, MessageKey> } {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	const errors: Record<string, MessageKey> = {};
	for (const issue of result.issues) {
		const path = v.getDotPath(issue) ?? 'form';
		errors[path.split('.')[0]] ??= errorKey(issue.message);
	}
	return { ok: false, errors };
}

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

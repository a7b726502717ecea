import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { isMessageKey, type MessageKey } from '$lib/i18n';

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
		const key = `errors.${issue.message}`;
		errors[path.split('.')[0]] ??= isMessageKey(key) ? key : 'errors.invalidInput';
	}
	return { ok: false, errors };
}

/** Only same-site paths are followed after sign-in or a language switch: never an open redirect. */
export function safeNext(value: unknown): string {
	return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

const STATUS_OF_ERROR: Record<string, number> = { notFound: 404, notMember: 404, stale: 409, noticeConflict: 409 };

/** A refused action: the domain's error code becomes the translated message `errors.<code>`. */
export function refuse(error: string, extra: Record<string, unknown> = {}) {
	const key = `errors.${error}`;
	return fail(STATUS_OF_ERROR[error] ?? 400, { ...extra, message: (isMessageKey(key) ? key : 'errors.invalidInput') as MessageKey });
}

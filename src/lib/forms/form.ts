/**
 * What a form's server action and its page in the browser share: the valibot schema, how the form's
 * fields become the schema's input, and the check that turns the schema's problems into message keys.
 * Isomorphic (no server code): the page runs the same check before it sends, the action runs it again and
 * stays the authority, so a person sees the same message with or without JavaScript.
 */
import * as v from 'valibot';
import { errorKey, messageKey } from '$lib/i18n/core';
import type { MessageKey } from '$lib/i18n';

export type FieldErrors = Record<string, MessageKey>;

/**
 * Validates input against a valibot schema whose messages are catalogue keys (`errors.<message>`, or a whole key); returns
 * the output or the first problem per field as message keys.
 */
export function validate<S extends v.GenericSchema>(
	schema: S,
	input: unknown,
	rows: readonly string[] = []
): { ok: true; value: v.InferOutput<S> } | { ok: false; errors: FieldErrors } {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const path = (v.getDotPath(issue) ?? FORM).split('.');
		// A field of a repeated row (`rows.2.name`) is the form's field of that row (`name:2`); any other, its top-level name.
		const name = rows.includes(path[0]) && path.length >= 3 ? rowField(path[2], path[1]) : path[0];
		// A message is a code under `errors.` ("required"), or a whole key where a form has its own ("invoices.error.…").
		errors[name] ??= issue.message.includes('.') ? messageKey(issue.message) : errorKey(issue.message);
	}
	return { ok: false, errors };
}

/** The key of a problem of the whole form, not of one field (e.g. "choose at least one"): the page shows it as the form's message. */
export const FORM = 'form';

/** The name of a repeated row's field in the form: `name:2` (the third person), `value:<line id>`. */
export function rowField(name: string, row: string | number): string {
	return `${name}:${row}`;
}

/** The text fields `names` of the rows `rows` (`name:0`, `name:1`…) as an object per row, each cut at `max` characters. */
export function readRows<K extends string>(data: FormData, names: readonly K[], rows: readonly (string | number)[], max = 300) {
	return Object.fromEntries(
		rows.map((row) => [String(row), Object.fromEntries(names.map((k) => [k, field(data, rowField(k, row)).slice(0, max)])) as Record<K, string>])
	);
}

/** A text field from a form: trimmed string, '' when missing or not a string (files, forged input). */
export function field(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/** Every text field of a form as an object; the names in `multi` (checkbox groups) as arrays. */
export function formObject(data: FormData, multi: readonly string[] = []): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, val] of data) {
		if (typeof val !== 'string') continue;
		if (multi.includes(k)) out[k] = [...((out[k] as string[] | undefined) ?? []), val];
		else out[k] = val;
	}
	for (const k of multi) out[k] ??= [];
	return out;
}

/** One form: its schema and how its fields are read. The action and the page use the same one. */
export interface FormSpec<S extends v.GenericSchema = v.GenericSchema, I = unknown> {
	schema: S;
	read: (data: FormData) => I;
	/**
	 * The input's keys that hold repeated rows, an object of rows by their key (`{ rows: { 0: { name } } }`): a problem
	 * of a row's field is reported under that field's name in the form (`name:0`, see `rowField`).
	 */
	rows?: readonly string[];
}

export function defineForm<S extends v.GenericSchema, I>(schema: S, read: (data: FormData) => I, options: { rows?: readonly string[] } = {}): FormSpec<S, I> {
	return { schema, read, ...options };
}

/** Reads a submitted form and validates it: what the action answers, and what the page shows before sending. */
export function checkForm<S extends v.GenericSchema, I>(spec: FormSpec<S, I>, data: FormData) {
	const values = spec.read(data);
	return Object.assign(validate(spec.schema, values, spec.rows), { values });
}

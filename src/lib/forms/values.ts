/**
 * The building blocks every form, device queue and API schema shares: one definition per kind of value,
 * its limits taken from the column that stores it (`$lib/domain/limits`). Messages are catalogue keys
 * under `errors.`. Isomorphic: the pages check with them in the browser too.
 */
import * as v from 'valibot';
import { parseEuros } from '$lib/domain/contracts';
import { isPlausibleDay } from '$lib/domain/fields';
import { INT4_MAX, MAX_CENTS } from '$lib/domain/limits';

export { day, isPlausibleDay, text } from '$lib/domain/fields';

/** Digits only (no sign, exponent, hex or spaces that `Number()` would accept), within [min, max]. */
export const wholeNumber = (min: number, max: number, message = 'invalidInput') =>
	v.pipe(v.string(), v.trim(), v.regex(/^\d{1,16}$/, message), v.transform(Number), v.minValue(min, message), v.maxValue(max, message));

/** The version (or revision) a form was shown; the columns are `integer`. */
export const version = wholeNumber(1, INT4_MAX);
export const revision = wholeNumber(0, INT4_MAX);

/** A wall-clock time hh:mm, 00:00–23:59. */
export const clockTime = (message = 'timeInvalid') => v.pipe(v.string(), v.trim(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, message));

/** A local date and time as a datetime-local input sends it ("2026-11-23T09:30"), both parts real. */
export function isLocalDateTime(s: string): boolean {
	const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(s);
	return !!m && isPlausibleDay(m[1]) && /^([01]\d|2[0-3]):[0-5]\d$/.test(m[2]);
}

/** Euros as typed ("12 500,50") → integer cents, at most `MAX_CENTS`. */
export const euros = v.pipe(
	v.string(),
	v.transform((s) => parseEuros(s)),
	v.number('moneyInvalid'),
	v.maxValue(MAX_CENTS, 'moneyInvalid')
);

/** Optional text: trimmed, at most `max` characters, '' → null. */
export const optionalText = (max: number) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(max, 'tooLong'),
		v.transform((s) => (s === '' ? null : s))
	);

/** An optional e-mail address: '' → null. */
export const optionalEmail = v.pipe(
	v.string(),
	v.trim(),
	v.check((s) => s === '' || v.is(v.pipe(v.string(), v.email()), s), 'emailInvalid'),
	v.transform((s) => (s === '' ? null : s))
);

/** An optional phone number: digits, spaces, parentheses and dashes, an optional leading +; '' → null. */
export const optionalPhone = v.pipe(
	v.string(),
	v.trim(),
	v.check((s) => s === '' || /^\+?[\d\s()-]{5,20}$/.test(s), 'phoneInvalid'),
	v.transform((s) => (s === '' ? null : s))
);

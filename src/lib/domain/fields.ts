/**
 * Field schemas shared by the server's forms and the pages' own checks (isomorphic: the ARVI form uses
 * them in the browser too). Messages are catalogue keys under `errors.`.
 */
import * as v from 'valibot';
import { isIsoDate } from './clock';
import { FIRST_DAY, LAST_DAY, isStorableText } from './limits';

/**
 * Free text of at most `max` characters, trimmed. Forms and JSON bodies are refused whole by the input
 * hook when they hold a NUL; this check serves the batch endpoints that judge every item on its own.
 */
export const text = (max: number, tooLong = 'tooLong') => v.pipe(v.string(), v.check(isStorableText, 'controlCharacters'), v.trim(), v.maxLength(max, tooLong));

/** A real calendar day (no 30 February) within the years the service can mean. */
export function isPlausibleDay(s: string): boolean {
	return isIsoDate(s) && s >= FIRST_DAY && s <= LAST_DAY;
}

/** A calendar day YYYY-MM-DD, refused when rolled over or implausible. */
export const day = (message = 'dateInvalid') => v.pipe(v.string(), v.trim(), v.check(isPlausibleDay, message));

import { HELSINKI } from '$lib/domain/clock';
import type { Locale } from './core';

const TAGS: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Date and time as people in Finland read it, always in Europe/Helsinki. */
export function formatDateTime(iso: string | Date, locale: Locale): string {
	return dateTimeFormat(locale).format(typeof iso === 'string' ? new Date(iso) : iso);
}

// One formatter per language, made when first needed (making one costs more than formatting with it).
const formatters = new Map<Locale, Intl.DateTimeFormat>();
function dateTimeFormat(locale: Locale): Intl.DateTimeFormat {
	let f = formatters.get(locale);
	if (!f) formatters.set(locale, (f = new Intl.DateTimeFormat(TAGS[locale], { timeZone: HELSINKI, dateStyle: 'short', timeStyle: 'short' })));
	return f;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A calendar day (YYYY-MM-DD) as people read it; no time zone arithmetic: it is already local. Read by position, not
 * split into an array: a list formats a few dates per row.
 */
export function formatDate(day: string, locale: Locale): string {
	const y = Number(day.slice(0, 4));
	const m = Number(day.slice(5, 7));
	const d = Number(day.slice(8, 10));
	return locale === 'en' ? `${d} ${MONTHS_EN[m - 1]} ${y}` : `${d}.${m}.${y}`;
}

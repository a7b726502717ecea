import { HELSINKI } from '$lib/domain/clock';
import type { Locale } from './index';

const TAGS: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Date and time as people in Finland read it, always in Europe/Helsinki. */
export function formatDateTime(iso: string | Date, locale: Locale): string {
	return new Intl.DateTimeFormat(TAGS[locale], {
		timeZone: HELSINKI,
		dateStyle: 'short',
		timeStyle: 'short'
	}).format(typeof iso === 'string' ? new Date(iso) : iso);
}

import { page } from '$app/state';
import { keyFor, translate, isLocale, type Locale, type MessageKey, type ParamsOf } from './core';

/** The current page's locale, from the root layout's data. */
export function currentLocale(): Locale {
	const l = page.data?.locale;
	return isLocale(l) ? l : 'fi';
}

/**
 * `t('nav.home')` in components: reactive to the page's locale. The root `+layout.ts` has loaded that
 * language's catalogue before the page renders.
 */
export function t<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
	return translate(currentLocale(), key, ...params);
}

/**
 * A code's label where the code arrives as plain text (a form's echo, a contract's history row, a free-form
 * bonus condition of old): the code itself when the map has no such code. Typed codes index the map directly.
 */
export function tCode(labels: Readonly<Record<string, MessageKey>>, code: string): string {
	const key = keyFor(labels, code);
	return key ? translate(currentLocale(), key) : code;
}

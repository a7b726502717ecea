import { page } from '$app/state';
import { translate, isLocale, type Locale, type MessageKey } from './core';

/** The current page's locale, from the root layout's data. */
export function currentLocale(): Locale {
	const l = page.data?.locale;
	return isLocale(l) ? l : 'fi';
}

/**
 * `t('nav.home')` in components: reactive to the page's locale. The root `+layout.ts` has loaded that
 * language's catalogue before the page renders.
 */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return translate(currentLocale(), key, params);
}

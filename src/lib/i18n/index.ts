import { fi, type MessageKey } from './fi';
import { sv } from './sv';
import { en } from './en';

export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

/** Finnish is the source catalogue; sv and en are typed against its keys (a missing key fails `check`). */
export const catalogues: Record<Locale, Record<MessageKey, string>> = { fi, sv, en };

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
	return typeof value === 'string' && value in fi;
}

/** Looks up a message and fills `{name}` placeholders. */
export function translate(
	locale: Locale,
	key: MessageKey,
	params?: Record<string, string | number>
): string {
	const template = catalogues[locale][key] ?? fi[key];
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		name in params ? String(params[name]) : whole
	);
}

/** Picks the best supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
	if (!header) return undefined;
	for (const part of header.split(',')) {
		const tag = part.split(';')[0].trim().slice(0, 2).toLowerCase();
		if (isLocale(tag)) return tag;
	}
	return undefined;
}

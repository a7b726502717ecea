import type { MessageKey } from './fi';

/**
 * The part of i18n that browser code may import. It holds no catalogue: each language is its own chunk,
 * loaded with `loadCatalogue(locale)` (the root `+layout.ts` awaits the page's language before the first
 * render and hydration; pages that print a document in another language await that one too). On the
 * server `$lib/i18n` (index.ts) imports and registers all three catalogues once, for e-mails, exports,
 * PDFs and server rendering.
 */
export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };
export type Catalogue = Record<MessageKey, string>;

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const loaded: Partial<Record<Locale, Catalogue>> = {};
const pending: Partial<Record<Locale, Promise<void>>> = {};

// One dynamic import per language: the bundler makes each catalogue a chunk of its own.
const loaders: Record<Locale, () => Promise<Catalogue>> = {
	fi: () => import('./fi').then((m) => m.fi),
	sv: () => import('./sv').then((m) => m.sv),
	en: () => import('./en').then((m) => m.en)
};

/** Makes a catalogue available synchronously (the server registers all three at start). */
export function registerCatalogue(locale: Locale, catalogue: Catalogue): void {
	loaded[locale] = catalogue;
}

/** Loads a language's messages (once); resolves when `translate` can use them. */
export function loadCatalogue(locale: Locale): Promise<void> {
	if (loaded[locale]) return Promise.resolve();
	return (pending[locale] ??= loaders[locale]().then(
		(c) => {
			loaded[locale] = c;
		},
		(e) => {
			delete pending[locale];
			throw e;
		}
	));
}

/** Whether a string (e.g. a form's message from the server) is a message key. */
export function isMessageKey(value: unknown): value is MessageKey {
	return typeof value === 'string' && Object.values(loaded).some((c) => Object.hasOwn(c, value));
}

/** Looks up a message and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
	const catalogue = loaded[locale];
	if (!catalogue && import.meta.env?.DEV) console.warn(`i18n: the ${locale} catalogue is not loaded (translating ${key})`);
	const template = catalogue?.[key] ?? loaded.fi?.[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

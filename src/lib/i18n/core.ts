import type { fi, MessageKey } from './fi';

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

/**
 * A message that depends on a count: `translate` picks the form with `Intl.PluralRules` from the `n`
 * parameter (`{ one: '1 sopimus', other: '{n} sopimusta' }`). Finnish, Swedish and English have two
 * categories, one and other (0 and 21 are "other").
 */
export type Plural = { readonly one: string; readonly other: string };
export type Message = string | Plural;
/** A catalogue with the source's keys: a message plural in Finnish is plural in every language, a plain one plain. */
export type CatalogueOf<S> = { [K in keyof S]: S[K] extends string ? string : Plural };
export type Catalogue = CatalogueOf<typeof fi>;
/** The keys whose message is plural: `translate` and `t` require their count `n`. */
export type PluralKey = { [K in MessageKey]: (typeof fi)[K] extends string ? never : K }[MessageKey];
export type Params = Record<string, string | number>;
/** A plural message takes its count `n`; any other message takes optional parameters. */
export type ParamsOf<K extends MessageKey> = K extends PluralKey ? [params: Params & { n: number }] : [params?: Params];

/** The codes that have a message under a prefix: `CodeOf<'errors'>` is every `<code>` with an `errors.<code>` message. */
export type CodeOf<P extends string, K extends string = MessageKey> = K extends `${P}.${infer C}` ? C : never;

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

// One rule set per language, made when first needed.
const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The form of a plural message for the count `n` in a language. */
export function pluralForm(locale: Locale, message: Plural, n: number): string {
	let rules = pluralRules.get(locale);
	if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
	return rules.select(n) === 'one' ? message.one : message.other;
}

/** A message key from a string that should be one (a form's message from the server): the generic message if it is not. */
export function messageKey(value: string): MessageKey {
	return isMessageKey(value) ? value : 'errors.invalidInput';
}

/** The message of a validation code (valibot's messages and the domain's refusals are codes: `errors.<code>`). */
export function errorKey(code: string): MessageKey {
	return messageKey(`errors.${code}`);
}

/** Looks up a message, picks a plural message's form by `n` and fills `{name}` placeholders. */
export function translate<K extends MessageKey>(locale: Locale, key: K, ...[params]: ParamsOf<K>): string {
	const catalogue = loaded[locale];
	if (!catalogue && import.meta.env?.DEV) console.warn(`i18n: the ${locale} catalogue is not loaded (translating ${key})`);
	const message: Message = catalogue?.[key] ?? loaded.fi?.[key] ?? key;
	const template = typeof message === 'string' ? message : pluralForm(locale, message, Number(params?.n));
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * The key a stored code maps to, for codes the database hands over as plain strings (a contract's history):
 * undefined when the map has no such code. Codes typed by their union index the map directly.
 */
export function keyFor(map: Readonly<Record<string, MessageKey>>, code: string): MessageKey | undefined {
	return Object.hasOwn(map, code) ? map[code] : undefined;
}

/**
 * A message key kept as a key where an object literal would widen it to `string` (a form action's
 * `fail(400, { message: msg('errors.checkFields') })`): checked here, so the page can `t()` it without a cast.
 */
export function msg(key: MessageKey): MessageKey {
	return key;
}

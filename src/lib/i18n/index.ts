import { fi, type MessageKey } from './fi';
import { sv } from './sv';
import { en } from './en';
import { isLocale, registerCatalogue, type Catalogue, type Locale } from './core';

/**
 * Every catalogue, statically: for server code (e-mails, exports, PDFs, server rendering) and tests.
 * Browser code imports `$lib/i18n/core` instead (the lint config enforces it), so a page downloads only
 * the language it shows.
 */
export {
	LOCALES,
	errorKey,
	isLocale,
	isMessageKey,
	keyFor,
	messageKey,
	msg,
	translate,
	loadCatalogue,
	type Locale,
	type Catalogue,
	type CatalogueOf,
	type CodeOf,
	type Plural,
	pluralForm
} from './core';
export type { MessageKey };

/** Finnish is the source catalogue; sv and en are typed against its keys (a missing key fails `check`). */
export const catalogues: Record<Locale, Catalogue> = { fi, sv, en };
for (const [locale, catalogue] of Object.entries(catalogues) as [Locale, Catalogue][]) registerCatalogue(locale, catalogue);

/** Picks the best supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
	if (!header) return undefined;
	for (const part of header.split(',')) {
		const tag = part.split(';')[0].trim().slice(0, 2).toLowerCase();
		if (isLocale(tag)) return tag;
	}
	return undefined;
}

import { formatCents } from '$lib/domain/contracts';
import type { IndicatorKind } from '$lib/domain/dashboard';
import type { Shown } from '$lib/domain/statistics';
import type { Locale } from '$lib/i18n/core';

const TAGS: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
/** One formatter per language: making one costs some 30 µs, and a big area's dashboard formats hundreds of figures. */
const DECIMALS = new Map<Locale, Intl.NumberFormat>();

/** A shown figure as text ("<5" and "–" are the cell component's; this formats numbers only). */
export function formatFigure(v: number, kind: IndicatorKind | 'euros', locale: Locale): string {
	if (kind === 'cents' || kind === 'euros') return formatCents(Math.round(v), locale);
	if (kind === 'pct') return `${v}\u00a0%`;
	if (kind === 'count') return String(v);
	let f = DECIMALS.get(locale);
	if (!f) DECIMALS.set(locale, (f = new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 1 })));
	return f.format(v);
}

/** A chart's height for a value (never NaN or negative: suppressed and missing values draw nothing). */
export function numeric(v: Shown): number | null {
	return typeof v === 'number' ? v : null;
}

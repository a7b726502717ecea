/**
 * The limits every validation shares, one place per kind, matched to the column types that store them:
 * a value a form accepts always fits its column (issue 15: a version above 2^31 or a price above the old
 * `integer` cents column answered 500).
 */

/** PostgreSQL `integer` (int4): versions, revisions, counts, minutes. */
export const INT4_MAX = 2_147_483_647;

/**
 * The largest amount of money any form or API accepts, in cents (1,000,000,000 €, the contract form's
 * ceiling). Money columns are `bigint`; every product of a quantity and a price is checked against this
 * too, so sums stay far inside JavaScript's exact integers (2^53).
 */
export const MAX_CENTS = 100_000_000_000;

/** Calendar days outside these are typing mistakes (year 9999, 0001) and are refused. */
export const FIRST_DAY = '2000-01-01';
export const LAST_DAY = '2099-12-31';

/** Characters a PostgreSQL text column cannot hold (U+0000), or would silently replace (a lone surrogate). */
export function isStorableText(s: string): boolean {
	return !s.includes('\0') && s.isWellFormed();
}

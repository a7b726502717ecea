/**
 * Statistics for the area's dashboard and the provider scorecard, with small-cell suppression: no figure about
 * fewer than 5 people is ever shown (DESIGN.md, Oversight). Pure: the server counts in SQL, these functions decide
 * what may be shown.
 *
 * - A count of people (referrals, starts, notices, outcomes…) below 5 is shown as "<5" (`'small'`), zero included.
 * - A median or an average is shown only when at least 5 people are behind it.
 * - A percentage is shown only when at least 5 people are behind it and neither the part nor the rest is 1–4
 *   people (95 % of 20 would say that one person was late).
 * - Counts that add up to another shown count (a contract's and a provider's, the months and the period, the
 *   reasons and their total) form a group; a group never has exactly one hidden cell, or subtraction would
 *   give it back: the smallest shown cell of such a group is hidden too, until every group is safe.
 * - Differencing across periods: a period is whole calendar months, and the month is the finest cell. A count over a
 *   period is shown only when each of its months' counts is 0 or at least 5 (`periodHidden`), so the difference of
 *   any two shown counts of the same thing over two periods (Jan–Jun minus Jan–May) is a sum of whole months that
 *   are each 0 or at least 5: it never isolates 1–4 people.
 */

export const SMALL_CELL = 5;

/** A shown figure: a number, `'small'` (fewer than 5 people: "<5"), or null (nothing to compute). */
export type Shown = number | 'small' | null;

/** A count of people as it may be shown. */
export function countCell(n: number): Shown {
	return n < SMALL_CELL ? 'small' : n;
}

/** A median or average over `people` people (null when there is nothing to compute). */
export function meanCell(value: number | null, people: number, decimals = 1): Shown {
	if (people === 0 || value === null) return null;
	if (people < SMALL_CELL) return 'small';
	const f = 10 ** decimals;
	return Math.round(value * f) / f;
}

/** A whole percentage `part / whole` of people, or of marks of `people` people when given. */
export function percentCell(part: number, whole: number, people = whole): Shown {
	if (whole === 0) return null;
	if (people < SMALL_CELL) return 'small';
	if (people === whole) {
		const rest = whole - part;
		if ((part > 0 && part < SMALL_CELL) || (rest > 0 && rest < SMALL_CELL)) return 'small';
	}
	return Math.round((100 * part) / whole);
}

/** The median of numbers (null for none). */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null;
	const s = [...values].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A group of cells: `total` = the sum of `members` (by cell id). */
export interface CellGroup {
	total: string;
	members: string[];
}

/**
 * Secondary suppression: hides more count cells until no group has exactly one hidden cell. `cells` are the raw
 * counts by id; returns the ids to hide (the primary ones, below 5, included). Deterministic: among the shown
 * cells of an unsafe group the smallest (then the first by id) is hidden. `alsoHidden`: cells hidden for another
 * reason (the period rule, `periodHidden`), treated like the primary ones.
 */
export function suppressCells(cells: ReadonlyMap<string, number>, groups: readonly CellGroup[], alsoHidden: Iterable<string> = []): Set<string> {
	const hidden = new Set<string>(alsoHidden);
	for (const [id, n] of cells) if (n < SMALL_CELL) hidden.add(id);
	for (let changed = true; changed;) {
		changed = false;
		for (const g of groups) {
			const ids = [g.total, ...g.members].filter((id) => cells.has(id));
			const hiddenHere = ids.filter((id) => hidden.has(id)).length;
			if (hiddenHere !== 1) continue;
			const candidates = ids.filter((id) => !hidden.has(id)).sort((a, b) => cells.get(a)! - cells.get(b)! || a.localeCompare(b));
			if (candidates.length === 0) continue;
			hidden.add(candidates[0]);
			changed = true;
		}
	}
	return hidden;
}

/**
 * The period rule: the ids of cells whose count over the period must be hidden because one of its months has 1–4.
 * `monthly` gives, per cell id, its counts month by month (months without any may be left out).
 */
export function periodHidden(monthly: ReadonlyMap<string, ReadonlyMap<string, number>>): Set<string> {
	const out = new Set<string>();
	for (const [id, months] of monthly) for (const n of months.values()) if (n > 0 && n < SMALL_CELL) out.add(id);
	return out;
}

/** Whole calendar months from `from` (yyyy-mm) to `to` (yyyy-mm), both included. */
export function monthsOf(from: string, to: string): string[] {
	const out: string[] = [];
	let [y, m] = from.split('-').map(Number);
	const [ty, tm] = to.split('-').map(Number);
	while (y < ty || (y === ty && m <= tm)) {
		out.push(`${y}-${String(m).padStart(2, '0')}`);
		m++;
		if (m === 13) {
			y++;
			m = 1;
		}
	}
	return out;
}

/** The last day of a month (yyyy-mm). */
export function lastDayOfMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return `${month}-${String(d).padStart(2, '0')}`;
}

/** The default period: the 12 months up to and including today's. */
export function defaultPeriod(today: string): { from: string; to: string } {
	const to = today.slice(0, 7);
	const [y, m] = to.split('-').map(Number);
	const fromM = m + 1 > 12 ? 1 : m + 1;
	const fromY = m + 1 > 12 ? y : y - 1;
	return { from: `${fromY}-${String(fromM).padStart(2, '0')}`, to };
}

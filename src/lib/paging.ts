/**
 * Lists show one page of rows at a time: a page costs the same whatever the organisation's size (the bytes
 * rendered, hashed and sent grow with the rows), and a phone shows 50 rows comfortably. A list reads one row
 * more than it shows to know whether a next page exists, without counting the whole list.
 */
export const LIST_PAGE_SIZE = 50;

/** The page number in a list's query string (`page`), 1 when missing or not a sensible number. */
export function pageFrom(q: URLSearchParams): number {
	const page = Number(q.get('page'));
	return Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1;
}

/** `limit` and `offset` of a page: one row more than the page shows. */
export function pageWindow(page: number, size = LIST_PAGE_SIZE) {
	return { limit: size + 1, offset: (page - 1) * size };
}

/** The rows a page shows and whether another page follows. */
export function paged<T>(rows: T[], page: number, size = LIST_PAGE_SIZE): { rows: T[]; paging: { page: number; hasNext: boolean } } {
	return { rows: rows.slice(0, size), paging: { page, hasNext: rows.length > size } };
}

/** The current address with some query parameters changed (null removes one). */
export function hrefWith(url: URL, changes: Record<string, string | null>): string {
	const entries = [...url.searchParams].filter(([k]) => !(k in changes));
	for (const [k, value] of Object.entries(changes)) if (value !== null) entries.push([k, value]);
	return `?${entries.map(([k, value]) => `${encodeURIComponent(k)}=${encodeURIComponent(value)}`).join('&')}`;
}

/** A list's contract filter: each contract as its number and title, nothing else. */
export function contractChoices(rows: { id: string; number: string; title: string }[]): { id: string; label: string }[] {
	return rows.map((c) => ({ id: c.id, label: `${c.number} ${c.title}` }));
}

/**
 * A list's provider filter: each provider of the list's contracts once, by name. The lists send only what their
 * selects show: a page's data goes out twice (as HTML and as JSON). When every contract carried its provider and
 * the page derived the providers from them, the area's invoice list (53 contracts) cost 9.9 ms of app CPU per page
 * at saturation, 6.8 ms with these choices (bench/RESULTS.md).
 */
export function providerChoices(rows: { providerId: string; providerName: string }[]): { id: string; name: string }[] {
	return [...new Map(rows.map((c) => [c.providerId, { id: c.providerId, name: c.providerName }])).values()].sort((a, b) => a.name.localeCompare(b.name));
}

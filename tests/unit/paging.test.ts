import { describe, expect, it } from 'vitest';
import { hrefWith, LIST_PAGE_SIZE, paged, pageFrom, pageWindow } from '../../src/lib/paging';

describe('list pages', () => {
	it('reads the page from the address and ignores nonsense', () => {
		const page = (q: string) => pageFrom(new URLSearchParams(q));
		expect(page('page=3')).toBe(3);
		expect([page(''), page('page=0'), page('page=-2'), page('page=1.5'), page('page=abc'), page('page=1e9')]).toEqual([1, 1, 1, 1, 1, 1]);
	});

	it('reads one row more than a page shows, and says whether another page follows', () => {
		expect(pageWindow(3)).toEqual({ limit: LIST_PAGE_SIZE + 1, offset: 2 * LIST_PAGE_SIZE });
		const rows = Array.from({ length: LIST_PAGE_SIZE + 1 }, (_, i) => i);
		expect(paged(rows, 1)).toEqual({ rows: rows.slice(0, LIST_PAGE_SIZE), paging: { page: 1, hasNext: true } });
		expect(paged(rows.slice(0, 3), 2)).toEqual({ rows: [0, 1, 2], paging: { page: 2, hasNext: false } });
	});

	it('keeps the list’s filters when it links to another page', () => {
		const url = new URL('https://x.test/area/1/invoices?status=approved&page=2&period=2026-11');
		expect(hrefWith(url, { page: '3' })).toBe('?status=approved&period=2026-11&page=3');
		expect(hrefWith(url, { page: null })).toBe('?status=approved&period=2026-11');
	});
});

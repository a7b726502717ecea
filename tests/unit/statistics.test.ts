import { describe, expect, it } from 'vitest';
import { countCell, defaultPeriod, meanCell, median, monthsOf, percentCell, suppressCells } from '../../src/lib/domain/statistics';

describe('small cells', () => {
	it('shows a count of fewer than 5 people as "<5", zero included', () => {
		expect([0, 1, 4, 5, 12].map(countCell)).toEqual(['small', 'small', 'small', 5, 12]);
	});

	it('shows a percentage only when neither the part nor the rest is 1–4 people', () => {
		expect(percentCell(4, 4)).toBe('small');
		expect(percentCell(19, 20)).toBe('small');
		expect(percentCell(20, 20)).toBe(100);
		expect(percentCell(0, 20)).toBe(0);
		expect(percentCell(5, 10)).toBe(50);
		expect(percentCell(0, 0)).toBeNull();
		// Marks of 5 people: the marks' split may be anything.
		expect(percentCell(49, 50, 5)).toBe(98);
		expect(percentCell(9, 10, 4)).toBe('small');
	});

	it('shows a median or average only with 5 people behind it', () => {
		expect(meanCell(median([1, 2, 3, 4]), 4)).toBe('small');
		expect(meanCell(median([1, 2, 3, 4, 5, 6]), 6)).toBe(3.5);
		expect(meanCell(null, 0)).toBeNull();
	});

	it('hides a second cell of a group so that subtraction gives nothing back', () => {
		const cells = new Map([
			['total', 20],
			['a', 3],
			['b', 9],
			['c', 8]
		]);
		const hidden = suppressCells(cells, [{ total: 'total', members: ['a', 'b', 'c'] }]);
		expect([...hidden].sort()).toEqual(['a', 'c']);
	});

	it('follows a hidden cell through the groups it is in (contract → provider → total)', () => {
		const cells = new Map([
			['t', 30],
			['p1', 15],
			['p2', 15],
			['c1', 3],
			['c2', 12],
			['c3', 15]
		]);
		const hidden = suppressCells(cells, [
			{ total: 't', members: ['p1', 'p2'] },
			{ total: 'p1', members: ['c1', 'c2'] },
			{ total: 'p2', members: ['c3'] }
		]);
		// c1 is small; c2 (the only other of p1) goes too; then no group has exactly one hidden.
		expect([...hidden].sort()).toEqual(['c1', 'c2']);
	});

	it('counts months and the default period', () => {
		expect(monthsOf('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(defaultPeriod('2026-03-18')).toEqual({ from: '2025-04', to: '2026-03' });
		expect(defaultPeriod('2026-12-01')).toEqual({ from: '2026-01', to: '2026-12' });
	});
});

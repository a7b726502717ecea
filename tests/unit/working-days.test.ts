import { describe, expect, it } from 'vitest';
import { addWorkingDays, deadlineAfter, isWorkingDay, workingDaysBetween } from '../../src/lib/domain/working-days';
import { helsinkiDate } from '../../src/lib/domain/clock';

describe('Finnish working days', () => {
	it('skips weekends', () => {
		expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23'); // Friday + 1 = Monday
		expect(addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
	});

	it('skips public holidays and the eves that are days off, not New Year’s Eve', () => {
		expect(isWorkingDay('2026-12-06')).toBe(false); // itsenäisyyspäivä (a Sunday anyway)
		expect(isWorkingDay('2026-12-24')).toBe(false); // jouluaatto
		expect(isWorkingDay('2026-12-25')).toBe(false);
		expect(isWorkingDay('2026-12-31')).toBe(true);
		expect(isWorkingDay('2026-06-19')).toBe(false); // juhannusaatto
		expect(isWorkingDay('2026-05-14')).toBe(false); // helatorstai
		// Answer due 5 working days after Mon 21 Dec 2026: 22, 23, 28, 29, 30 Dec.
		expect(addWorkingDays('2026-12-21', 5)).toBe('2026-12-30');
		// Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr are off.
		expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
	});

	it('counts from the Helsinki day, not the UTC day', () => {
		// 23:30 UTC on Friday 20 Nov is already Saturday 21 Nov in Helsinki.
		const day = helsinkiDate(new Date('2026-11-20T23:30:00Z'));
		expect(day).toBe('2026-11-21');
		expect(addWorkingDays(day, 1)).toBe('2026-11-23');
	});

	it('applies a contract deadline rule in working or calendar days', () => {
		expect(deadlineAfter('2026-12-21', { days: 5, count: 'working' })).toBe('2026-12-30');
		expect(deadlineAfter('2026-12-21', { days: 5, count: 'calendar' })).toBe('2026-12-26');
	});
});

describe('how long something has waited, in working days', () => {
	it('counts the working days after the first day up to the last, skipping weekends and holidays', () => {
		// Thu 16 Apr 2026 → Wed 22 Apr: Fri, Mon, Tue, Wed.
		expect(workingDaysBetween('2026-04-16', '2026-04-22')).toBe(4);
		// Over Easter 2026 (Good Friday 3 Apr, Easter Monday 6 Apr): Thu 2 Apr → Tue 7 Apr is one day.
		expect(workingDaysBetween('2026-04-02', '2026-04-07')).toBe(1);
		expect(workingDaysBetween('2026-04-07', '2026-04-07')).toBe(0);
		expect(workingDaysBetween('2026-04-08', '2026-04-07')).toBe(0);
	});
});

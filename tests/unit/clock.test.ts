import { describe, expect, it } from 'vitest';
import { helsinkiDate, helsinkiStartOfDay, isIsoDate, nextDay } from '../../src/lib/domain/clock';

describe('Helsinki calendar days', () => {
	it('puts an instant just after midnight Helsinki time on the Helsinki day, not the UTC day', () => {
		expect(helsinkiDate(new Date('2026-11-22T22:30:00Z'))).toBe('2026-11-23'); // 00:30 EET
		expect(helsinkiDate(new Date('2026-07-01T21:30:00Z'))).toBe('2026-07-02'); // 00:30 EEST
	});

	it('finds the start of a day in winter (UTC+2), summer (UTC+3) and on DST change days', () => {
		expect(helsinkiStartOfDay('2026-01-15').toISOString()).toBe('2026-01-14T22:00:00.000Z');
		expect(helsinkiStartOfDay('2026-07-15').toISOString()).toBe('2026-07-14T21:00:00.000Z');
		expect(helsinkiStartOfDay('2026-03-29').toISOString()).toBe('2026-03-28T22:00:00.000Z');
		expect(helsinkiStartOfDay('2026-10-25').toISOString()).toBe('2026-10-24T21:00:00.000Z');
	});

	it('validates dates and steps over month ends', () => {
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2026-13-01')).toBe(false);
		expect(nextDay('2026-12-31')).toBe('2027-01-01');
	});
});

describe('Helsinki wall-clock times', () => {
	it('turns a local meeting time into the right instant in winter and summer', async () => {
		const { helsinkiLocalToInstant } = await import('../../src/lib/domain/clock');
		expect(helsinkiLocalToInstant('2026-11-23T09:30').toISOString()).toBe('2026-11-23T07:30:00.000Z');
		expect(helsinkiLocalToInstant('2026-06-15T09:30').toISOString()).toBe('2026-06-15T06:30:00.000Z');
	});
});

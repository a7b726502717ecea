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

	it('keeps a meeting at 09:30 on the spring DST day at 09:30 (summer time, UTC+3)', async () => {
		const { helsinkiLocalToInstant } = await import('../../src/lib/domain/clock');
		expect(helsinkiLocalToInstant('2026-03-29T09:30').toISOString()).toBe('2026-03-29T06:30:00.000Z');
		expect(helsinkiLocalToInstant('2026-03-29T02:59').toISOString()).toBe('2026-03-29T00:59:00.000Z');
		expect(helsinkiLocalToInstant('2026-03-29T04:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
	});

	it('moves a time in the hour that does not exist (03:30 on 29 March) forward to 04:30', async () => {
		const { helsinkiLocalToInstant, helsinkiDate } = await import('../../src/lib/domain/clock');
		const at = helsinkiLocalToInstant('2026-03-29T03:30');
		expect(at.toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(helsinkiDate(at)).toBe('2026-03-29');
	});

	it('keeps a meeting at 09:30 on the autumn DST day at 09:30 (winter time, UTC+2)', async () => {
		const { helsinkiLocalToInstant } = await import('../../src/lib/domain/clock');
		expect(helsinkiLocalToInstant('2026-10-25T09:30').toISOString()).toBe('2026-10-25T07:30:00.000Z');
		expect(helsinkiLocalToInstant('2026-10-25T02:30').toISOString()).toBe('2026-10-24T23:30:00.000Z');
		expect(helsinkiLocalToInstant('2026-10-25T04:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
	});

	it('takes the earlier of the two 03:30s on 25 October (still summer time)', async () => {
		const { helsinkiLocalToInstant } = await import('../../src/lib/domain/clock');
		expect(helsinkiLocalToInstant('2026-10-25T03:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
		expect(helsinkiLocalToInstant('2026-10-25T03:00').toISOString()).toBe('2026-10-25T00:00:00.000Z');
	});
});

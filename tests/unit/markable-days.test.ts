import { describe, expect, it } from 'vitest';
import { lastMarkingDay, markableDays } from '../../src/lib/domain/attendance';

describe('the past days a coach may still mark', () => {
	it('three working days by default: on Wednesday 18 March 2026 back to the Friday before', () => {
		expect(markableDays('2026-03-18', [])).toEqual(['2026-03-17', '2026-03-16', '2026-03-15', '2026-03-14', '2026-03-13']);
		expect(lastMarkingDay('2026-03-12', undefined) < '2026-03-18').toBe(true);
	});

	it('the longest of the contracts rules decides how far back; calendar days count weekends', () => {
		expect(markableDays('2026-03-18', [{ days: 1, count: 'calendar' }])).toEqual(['2026-03-17']);
		expect(
			markableDays('2026-03-18', [
				{ days: 1, count: 'calendar' },
				{ days: 5, count: 'calendar' }
			])
		).toHaveLength(5);
	});

	it('over Easter the holidays are not working days (Good Friday 3 April to Easter Monday 6 April 2026)', () => {
		// From Tuesday 7 April, three working days back reach Wednesday 1 April's marks.
		expect(markableDays('2026-04-07', [])).toContain('2026-04-01');
	});
});

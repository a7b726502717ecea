import { describe, expect, it } from 'vitest';
import { budgetOf, runRate } from '../../src/lib/domain/contracts';

describe('budget run rate', () => {
	const contract = { endDate: '2026-12-31' };
	it('projects the pace of the invoiced months to the months left, and warns above the commitment', () => {
		// Jan–Mar invoiced 30 000 €: 10 000 € a month; nine months left → 120 000 €.
		const b = budgetOf(10_000_000, 3_000_000, 2_000_000, 1_000_000);
		expect(runRate(b, contract, { from: '2026-01-01', lastUntil: '2026-03-31' })).toEqual({
			perMonthCents: 1_000_000,
			projectedCents: 12_000_000,
			exceeds: true
		});
		expect(runRate(budgetOf(12_000_000, 3_000_000, 0, 0), contract, { from: '2026-01-01', lastUntil: '2026-03-31' })).toMatchObject({ exceeds: false });
	});
	it('is nothing before anything is invoiced, and the invoiced sum itself at the end of the contract', () => {
		expect(runRate(budgetOf(100, 0, 0, 0), contract, null)).toBeNull();
		expect(runRate(budgetOf(100, 90, 0, 0), contract, { from: '2026-01-01', lastUntil: '2026-12-31' })).toEqual({
			perMonthCents: 8,
			projectedCents: 90,
			exceeds: false
		});
	});
});

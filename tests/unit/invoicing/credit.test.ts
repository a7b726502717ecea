/**
 * The credit rules on their own: which document a total is issued as, what remains of a line after earlier
 * credits, and the lines of a partial credit (by quantity at the line's price, or by amount), in integer cents.
 */
import { describe, expect, it } from 'vitest';
import { creditState, documentKind, issuedNegated, negateAmounts, partialCreditLines, type InvoicedLine } from '../../../src/lib/domain/invoicing/credit';

const line = (id: string, quantityHundredths: number, unitPriceCents: number, extra: Partial<InvoicedLine> = {}): InvoicedLine => ({
	id,
	kind: 'recorded',
	unit: 'participant_day',
	priceLineId: null,
	description: `Rivi ${id}`,
	quantityHundredths,
	unitPriceCents,
	vatRateBp: 2550,
	netCents: Math.round((quantityHundredths * unitPriceCents) / 100),
	justification: null,
	details: [{ participationId: 'p', day: '2026-10-01' }],
	...extra
});

describe('the document a total is issued as', () => {
	it('a negative total is a credit note, whatever made it; zero and positive invoices stay invoices', () => {
		expect(documentKind({ kind: 'invoice', grossCents: -1 })).toBe('credit_note');
		expect(documentKind({ kind: 'invoice', grossCents: 0 })).toBe('invoice');
		expect(documentKind({ kind: 'invoice', grossCents: 10 })).toBe('invoice');
		expect(documentKind({ kind: 'credit_note', grossCents: 10 })).toBe('credit_note');
		expect(issuedNegated({ kind: 'invoice', grossCents: -1 })).toBe(true);
		expect(issuedNegated({ kind: 'credit_note', grossCents: 10 })).toBe(false);
	});

	it('turns the signs of quantities, nets, VAT and totals, never of unit prices', () => {
		const out = negateAmounts(
			[
				{ quantityHundredths: -200, unitPriceCents: 8_735, netCents: -17_470 },
				{ quantityHundredths: 100, unitPriceCents: 9_130, netCents: 9_130 }
			],
			[{ vatRateBp: 2550, taxableCents: -8_340, vatCents: -2_127 }],
			{ netCents: -8_340, vatCents: -2_127, grossCents: -10_467 }
		);
		expect(out.lines).toEqual([
			{ quantityHundredths: 200, unitPriceCents: 8_735, netCents: 17_470 },
			{ quantityHundredths: -100, unitPriceCents: 9_130, netCents: -9_130 }
		]);
		expect(out.vat).toEqual([{ vatRateBp: 2550, taxableCents: 8_340, vatCents: 2_127 }]);
		expect(out.totals).toEqual({ netCents: 8_340, vatCents: 2_127, grossCents: 10_467 });
	});
});

describe('partial credit', () => {
	const a = line('a', 500, 8_735); // 436.75 €
	const b = line('b', 125, 3_333); // 1.25 h × 33.33 € = 41.66 € (41.6625 rounded)
	const negative = line('n', -100, 8_735, { kind: 'correction', netCents: -8_735 });

	it('what remains of each line after earlier credits; a negative or fully credited line cannot be credited', () => {
		expect(
			creditState(
				[a, b, negative],
				[
					{ creditedLineId: 'a', netCents: 17_470 },
					{ creditedLineId: 'b', netCents: 4_166 }
				]
			)
		).toEqual([
			{ lineId: 'a', creditedCents: 17_470, remainingCents: 26_205, creditable: true },
			{ lineId: 'b', creditedCents: 4_166, remainingCents: 0, creditable: false },
			{ lineId: 'n', creditedCents: 0, remainingCents: -8_735, creditable: false }
		]);
	});

	it('by quantity at the line’s price (rounded once), by amount as one unit at that price; the whole of a line keeps its records', () => {
		const r = partialCreditLines(
			[a, b],
			[],
			[
				{ lineId: 'b', quantityHundredths: 125 },
				{ lineId: 'a', amountCents: 1_000 }
			]
		);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.lines.map((l) => [l.creditedLineId, l.unit, l.quantityHundredths, l.unitPriceCents, l.netCents, l.details.length])).toEqual([
			['a', null, 100, 1_000, 1_000, 0],
			['b', 'participant_day', 125, 3_333, 4_166, 1]
		]);
		const part = partialCreditLines([b], [], [{ lineId: 'b', quantityHundredths: 50 }]);
		expect(part).toMatchObject({ ok: true, lines: [{ quantityHundredths: 50, netCents: 1_667, details: [] }] });
	});

	it('a 0 % line credited in part keeps its own VAT exemption reason', () => {
		const health = line('h', 200, 5_000, { vatRateBp: 0, vatExemption: 'VATEX-EU-132-1C' });
		const r = partialCreditLines([health], [], [{ lineId: 'h', amountCents: 2_500 }]);
		expect(r).toMatchObject({ ok: true, lines: [{ vatRateBp: 0, vatExemption: 'VATEX-EU-132-1C', netCents: 2_500 }] });
	});

	it('never more than remains: a cent over, a quantity beyond the line, a line already credited', () => {
		const earlier = [{ creditedLineId: 'a', netCents: 17_470 }];
		expect(partialCreditLines([a], earlier, [{ lineId: 'a', amountCents: 26_205 }]).ok).toBe(true);
		expect(partialCreditLines([a], earlier, [{ lineId: 'a', amountCents: 26_206 }])).toEqual({ ok: false, nothing: false, errors: { a: 'overCredit' } });
		expect(partialCreditLines([a], earlier, [{ lineId: 'a', quantityHundredths: 400 }])).toEqual({ ok: false, nothing: false, errors: { a: 'overCredit' } });
		expect(partialCreditLines([a], [], [{ lineId: 'a', quantityHundredths: 501 }])).toEqual({ ok: false, nothing: false, errors: { a: 'overCredit' } });
		expect(partialCreditLines([a], [{ creditedLineId: 'a', netCents: a.netCents }], [{ lineId: 'a', amountCents: 1 }])).toEqual({
			ok: false,
			nothing: false,
			errors: { a: 'notCreditable' }
		});
		// Large amounts are compared exactly (in BigInt).
		const big = line('big', 100, 900_000_000_000_00, { netCents: 900_000_000_000_00 });
		expect(partialCreditLines([big], [{ creditedLineId: 'big', netCents: 900_000_000_000_00 - 1 }], [{ lineId: 'big', amountCents: 2 }])).toMatchObject({
			ok: false,
			errors: { big: 'overCredit' }
		});
	});

	it('refuses nothing chosen, zero or negative numbers, a line twice, a line not on the invoice and a negative line', () => {
		expect(partialCreditLines([a], [], [])).toEqual({ ok: false, nothing: true });
		expect(partialCreditLines([a], [], [{ lineId: 'a', quantityHundredths: 0 }])).toMatchObject({ errors: { a: 'invalid' } });
		expect(partialCreditLines([a], [], [{ lineId: 'a', amountCents: -5 }])).toMatchObject({ errors: { a: 'invalid' } });
		expect(
			partialCreditLines(
				[a],
				[],
				[
					{ lineId: 'a', amountCents: 5 },
					{ lineId: 'a', amountCents: 5 }
				]
			)
		).toMatchObject({ errors: { a: 'invalid' } });
		expect(partialCreditLines([a], [], [{ lineId: 'x', amountCents: 5 }])).toMatchObject({ errors: { x: 'notCreditable' } });
		expect(partialCreditLines([negative], [], [{ lineId: 'n', amountCents: 5 }])).toMatchObject({ errors: { n: 'notCreditable' } });
	});
});

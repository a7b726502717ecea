import { describe, expect, it } from 'vitest';
import {
	divideRounded,
	hundredthsToDecimal,
	lineNetCents,
	minutesToHourHundredths,
	vatCents,
	basisPointsToPercent
} from '../../../src/lib/domain/invoicing/money';
import { priceInvoice, vatBreakdown, type PricingInput, type PricingResult } from '../../../src/lib/domain/invoicing/pricing';
import { marchInput, priceLine } from './fixtures';

function priced(input: PricingInput) {
	const r: PricingResult = priceInvoice(input);
	if (!r.ok) throw new Error(`expected a priced invoice, got ${JSON.stringify(r.errors)}`);
	return r;
}

const period = { from: '2025-03-01', until: '2025-03-31' };
const present = (participationId: string, day: string) => ({ participationId, day, status: 'present' as const, reason: null });

describe('rounding (half away from zero, to the cent)', () => {
	it('rounds exact halves up, and negative halves to their mirror', () => {
		expect(divideRounded(5, 10)).toBe(1);
		expect(divideRounded(15, 10)).toBe(2);
		expect(divideRounded(24_999, 10_000)).toBe(2);
		expect(divideRounded(-5, 10)).toBe(-1);
		expect(divideRounded(-4, 10)).toBe(0);
		expect(() => divideRounded(1.5, 10)).toThrow(RangeError);
		expect(() => divideRounded(Number.MAX_SAFE_INTEGER, 3)).toThrow(RangeError);
	});
	it('computes VAT on odd cents: 25.5 % of 1.00 € is 0.255 € → 0.26 €', () => {
		expect(vatCents(100, 2550)).toBe(26); // 25.5 exactly: half → up
		expect(vatCents(300, 2550)).toBe(77); // 76.5 → 77
		expect(vatCents(1, 2550)).toBe(0); // 0.255 → 0
		expect(vatCents(2, 2550)).toBe(1); // 0.51 → 1
		expect(vatCents(1_999, 2550)).toBe(510); // 509.745 → 510
		expect(vatCents(25, 1400)).toBe(4); // 3.5 → 4
		expect(vatCents(5, 1000)).toBe(1); // 0.5 → 1
		expect(vatCents(-100, 2550)).toBe(-26); // a credit mirrors its invoice
		expect(vatCents(123_456, 0)).toBe(0);
	});
	it('rounds line nets once: quantity in hundredths × unit price', () => {
		expect(lineNetCents(300, 9_000)).toBe(27_000);
		expect(lineNetCents(33, 8_533)).toBe(2_816); // 0.33 h × 85.33 € = 28.1589 €
		expect(lineNetCents(50, 1)).toBe(1); // 0.005 € → 0.01 €
		expect(lineNetCents(-50, 1)).toBe(-1);
		expect(minutesToHourHundredths(45)).toBe(75);
		expect(minutesToHourHundredths(20)).toBe(33);
		expect(minutesToHourHundredths(50)).toBe(83); // 83.33
		expect(minutesToHourHundredths(1)).toBe(2); // 1.67
	});
	it('writes cents and rates without floats', () => {
		expect(hundredthsToDecimal(123_456)).toBe('1234.56');
		expect(hundredthsToDecimal(-5, ',')).toBe('-0,05');
		expect(hundredthsToDecimal(0)).toBe('0.00');
		expect(basisPointsToPercent(2550)).toBe('25.5');
		expect(basisPointsToPercent(1400, ',')).toBe('14');
		expect(basisPointsToPercent(0)).toBe('0');
		expect(basisPointsToPercent(1025)).toBe('10.25');
	});
});

describe('pricing a period', () => {
	it('prices the March fixture to the cent', () => {
		const r = priced(marchInput);
		expect(r.lines.map((l) => [l.kind, l.priceLineId, l.quantityHundredths, l.unitPriceCents, l.vatRateBp, l.netCents])).toEqual([
			['recorded', 'day-1', 200, 9_000, 0, 18_000],
			['recorded', 'day-2', 100, 9_450, 0, 9_450],
			['recorded', 'hour', 158, 8_533, 2550, 13_482], // 45 + 50 min = 1.58 h
			['correction', 'day-1', -100, 9_000, 0, -9_000]
		]);
		expect(r.vat).toEqual([
			{ vatRateBp: 2550, taxableCents: 13_482, vatCents: 3_438 }, // 3437.91
			{ vatRateBp: 0, taxableCents: 18_450, vatCents: 0 }
		]);
		expect(r.totals).toEqual({ netCents: 31_932, vatCents: 3_438, grossCents: 35_370 });
		expect(r.warnings).toEqual([]);
	});

	it('splits a price change in the middle of the period into two lines, each day at its own price', () => {
		const r = priced(marchInput);
		const days = r.lines.filter((l) => l.kind === 'recorded' && l.unit === 'participant_day');
		expect(days.map((l) => l.details.map((d) => d.day))).toEqual([['2025-03-03', '2025-03-04'], ['2025-03-17']]);
		expect(days.map((l) => l.unitPriceCents)).toEqual([9_000, 9_450]);
		// The day before the change is still at the old price, the change day at the new one.
		const edge = priced({ ...marchInput, marks: [present('p1', '2025-03-14'), present('p1', '2025-03-15')], meetings: [], corrections: [] });
		expect(edge.lines.map((l) => [l.priceLineId, l.quantityHundredths])).toEqual([
			['day-1', 100],
			['day-2', 100]
		]);
	});

	it('bills absences only for the reasons the contract pays for', () => {
		const marks = [
			present('p1', '2025-03-03'),
			{ participationId: 'p1', day: '2025-03-04', status: 'absent' as const, reason: 'sick' as const },
			{ participationId: 'p1', day: '2025-03-05', status: 'absent' as const, reason: 'unexcused' as const },
			{ participationId: 'p1', day: '2025-03-06', status: 'absent' as const, reason: 'job_interview_or_work' as const }
		];
		const priceLines = [priceLine({ id: 'd', unit: 'participant_day', unitPriceCents: 10_000 })];
		const paysSick = priced({ period, priceLines, billableAbsences: ['sick', 'job_interview_or_work'], marks });
		expect(paysSick.lines[0].quantityHundredths).toBe(300);
		expect(paysSick.lines[0].details.map((d) => [d.day, d.absenceReason])).toEqual([
			['2025-03-03', undefined],
			['2025-03-04', 'sick'],
			['2025-03-06', 'job_interview_or_work']
		]);
		const paysNone = priced({ period, priceLines, billableAbsences: [], marks });
		expect(paysNone.lines[0].quantityHundredths).toBe(100);
	});

	it('sums meeting minutes per line before rounding to hundredths of an hour', () => {
		const meetings = ['m1', 'm2', 'm3'].map((id, i) => ({ meetingId: id, participationId: 'p1', day: `2025-03-1${i}`, minutes: 20, status: 'held' as const }));
		const r = priced({
			period,
			priceLines: [priceLine({ id: 'h', unit: 'hour', unitPriceCents: 6_000 })],
			billableAbsences: [],
			meetings: [...meetings, { meetingId: 'm4', participationId: 'p1', day: '2025-03-20', minutes: 60, status: 'not_held' }]
		});
		// 3 × 20 min = exactly 1 h (rounding each meeting would give 3 × 0.33 = 0.99 h).
		expect(r.lines.map((l) => [l.quantityHundredths, l.netCents])).toEqual([[100, 6_000]]);
		expect(r.lines[0].details.map((d) => d.meetingId)).toEqual(['m1', 'm2', 'm3']);
	});

	it('prices meetings per meeting when the contract says so', () => {
		const r = priced({
			period,
			priceLines: [priceLine({ id: 'mt', unit: 'meeting', unitPriceCents: 7_500 })],
			billableAbsences: [],
			meetings: [
				{ meetingId: 'm1', participationId: 'p1', day: '2025-03-10', minutes: 30, status: 'held' },
				{ meetingId: 'm2', participationId: 'p2', day: '2025-03-11', minutes: 90, status: 'held' }
			]
		});
		expect(r.lines.map((l) => [l.unit, l.quantityHundredths, l.netCents])).toEqual([['meeting', 200, 15_000]]);
	});

	it('computes VAT once per rate on the rate total, never line by line', () => {
		const manual = (description: string) => ({ description, quantityHundredths: 100, unitPriceCents: 100, vatRateBp: 2550, justification: 'Sovittu erikseen' });
		const r = priced({ period, priceLines: [], billableAbsences: [], manualLines: [manual('A'), manual('B')] });
		// Each line alone would round 0.255 → 0.26 (0.52 in all); the rate total 2.00 € × 25.5 % = 0.51 €.
		expect(r.vat).toEqual([{ vatRateBp: 2550, taxableCents: 200, vatCents: 51 }]);
		expect(r.totals).toEqual({ netCents: 200, vatCents: 51, grossCents: 251 });
	});

	it('keeps 0 %, 14 % and 25.5 % apart, highest rate first', () => {
		const rows = vatBreakdown([
			{ vatRateBp: 0, netCents: 50_000 },
			{ vatRateBp: 2550, netCents: 1_999 },
			{ vatRateBp: 1400, netCents: 25 },
			{ vatRateBp: 2550, netCents: 1 }
		]);
		expect(rows).toEqual([
			{ vatRateBp: 2550, taxableCents: 2_000, vatCents: 510 },
			{ vatRateBp: 1400, taxableCents: 25, vatCents: 4 },
			{ vatRateBp: 0, taxableCents: 50_000, vatCents: 0 }
		]);
	});

	it('carries corrections of locked periods over, positive and negative, at the price of the corrected day', () => {
		const priceLines = [
			priceLine({ id: 'old', unit: 'participant_day', unitPriceCents: 8_000, vatRateBp: 0 }),
			priceLine({ id: 'new', unit: 'participant_day', unitPriceCents: 9_000, vatRateBp: 0, validFrom: '2025-03-01' })
		];
		const r = priced({
			period,
			priceLines,
			billableAbsences: ['sick'],
			marks: [present('p1', '2025-03-03')],
			corrections: [
				// unexcused → present: now billable (+1) at February's price
				{
					participationId: 'p1',
					day: '2025-02-10',
					before: { status: 'absent', reason: 'unexcused' },
					after: { status: 'present', reason: null },
					originalPeriod: '2025-02'
				},
				// not marked at invoicing → present (+1)
				{ participationId: 'p2', day: '2025-02-11', before: null, after: { status: 'present', reason: null }, originalPeriod: '2025-02' },
				// sick (paid) → unexcused: no longer billable (−1)
				{
					participationId: 'p3',
					day: '2025-01-31',
					before: { status: 'absent', reason: 'sick' },
					after: { status: 'absent', reason: 'unexcused' },
					originalPeriod: '2025-01'
				},
				// unexcused → other: neither is paid, nothing changes
				{
					participationId: 'p4',
					day: '2025-02-12',
					before: { status: 'absent', reason: 'unexcused' },
					after: { status: 'absent', reason: 'other' },
					originalPeriod: '2025-02'
				}
			]
		});
		expect(r.lines.map((l) => [l.kind, l.priceLineId, l.quantityHundredths, l.netCents])).toEqual([
			['recorded', 'new', 100, 9_000],
			['correction', 'old', 200, 16_000],
			['correction', 'old', -100, -8_000]
		]);
		expect(r.lines[1].details).toEqual([
			{ participationId: 'p1', day: '2025-02-10', originalPeriod: '2025-02', change: 1 },
			{ participationId: 'p2', day: '2025-02-11', originalPeriod: '2025-02', change: 1 }
		]);
		expect(r.lines[2].unitPriceCents).toBe(8_000); // the unit price stays positive (EN 16931 BR-27)
		expect(r.totals.netCents).toBe(9_000 + 16_000 - 8_000);
	});

	it('refuses a correction for a day inside the period being invoiced (it would be billed twice)', () => {
		const r = priceInvoice({
			...marchInput,
			corrections: [{ participationId: 'p1', day: '2025-03-03', before: null, after: { status: 'present', reason: null }, originalPeriod: '2025-03' }]
		});
		expect(r).toEqual({ ok: false, errors: [{ code: 'correction_in_period', participationId: 'p1', day: '2025-03-03' }] });
	});

	it('pays an outcome bonus only when the recorded outcome meets its condition', () => {
		const priceLines = [
			priceLine({ id: 'employed', unit: 'outcome_bonus', unitPriceCents: 50_000, condition: 'employed', description: 'Työllistymisbonus' }),
			priceLine({ id: 'training', unit: 'outcome_bonus', unitPriceCents: 20_000, condition: 'training', validFrom: '2025-03-15', description: 'Koulutusbonus' })
		];
		const r = priced({
			period,
			priceLines,
			billableAbsences: [],
			outcomes: [
				{ participationId: 'p1', day: '2025-03-05', outcome: 'employed' },
				{ participationId: 'p2', day: '2025-03-06', outcome: 'job_seeker' },
				{ participationId: 'p3', day: '2025-03-07', outcome: 'employed' },
				{ participationId: 'p4', day: '2025-03-10', outcome: 'training' }, // before the training bonus existed
				{ participationId: 'p5', day: '2025-03-20', outcome: 'training' }
			]
		});
		expect(r.lines.map((l) => [l.priceLineId, l.quantityHundredths, l.netCents])).toEqual([
			['employed', 200, 100_000],
			['training', 100, 20_000]
		]);
		expect(r.lines[0].details.map((d) => [d.participationId, d.outcome])).toEqual([
			['p1', 'employed'],
			['p3', 'employed']
		]);
		expect(r.warnings).toEqual([{ code: 'no_price_on_day', unit: 'outcome_bonus', day: '2025-03-10', participationId: 'p4' }]);
	});

	it('prices starts and lump sums with the line in force (or the one named)', () => {
		const r = priced({
			period,
			priceLines: [
				priceLine({ id: 'start', unit: 'participant_start', unitPriceCents: 25_000 }),
				priceLine({ id: 'setup', unit: 'lump_sum', unitPriceCents: 300_000, description: 'Käynnistys' }),
				priceLine({ id: 'report', unit: 'lump_sum', unitPriceCents: 50_000, description: 'Loppuraportti' })
			],
			billableAbsences: [],
			starts: [
				{ participationId: 'p1', day: '2025-03-03' },
				{ participationId: 'p2', day: '2025-02-28' } // started in February: not this period
			],
			lumpSums: [{ day: '2025-03-31', priceLineId: 'setup' }]
		});
		expect(r.lines.map((l) => [l.priceLineId, l.quantityHundredths, l.netCents])).toEqual([
			['start', 100, 25_000],
			['setup', 100, 300_000]
		]);
		expect(r.lines[1].details).toEqual([{ participationId: null, day: '2025-03-31' }]);
		const unknown = priceInvoice({ period, priceLines: [], billableAbsences: [], lumpSums: [{ day: '2025-03-31', priceLineId: 'nope' }] });
		expect(unknown).toEqual({ ok: false, errors: [{ code: 'unknown_price_line', index: 0, day: '2025-03-31' }] });
	});

	it('refuses a manual line beyond the money ceiling instead of failing on the product (issue 15)', () => {
		const line = { description: 'Iso rivi', quantityHundredths: 999_999_999, unitPriceCents: 100_000_000_000, vatRateBp: 2550, justification: 'Testi' };
		expect(priceInvoice({ ...marchInput, manualLines: [line] })).toEqual({ ok: false, errors: [{ code: 'amount_too_large', index: 0 }] });
		expect(priceInvoice({ ...marchInput, manualLines: [{ ...line, quantityHundredths: 100, unitPriceCents: 100_000_000_001 }] })).toEqual({
			ok: false,
			errors: [{ code: 'invalid_price', index: 0 }]
		});
		// At the ceiling the product is beyond 2^53 before the division, and still exact.
		expect(lineNetCents(999_999, 100_000_000_000)).toBe(999_999_000_000_000);
		expect(lineNetCents(-100, 100_000_000_000)).toBe(-100_000_000_000);
		expect(vatCents(90_071_992_547_409, 2550)).toBe(22_968_358_099_589);
	});

	it('refuses a manual line without a written justification', () => {
		const line = { description: 'Tulkkaus', quantityHundredths: 150, unitPriceCents: 6_000, vatRateBp: 2550, justification: '' };
		expect(priceInvoice({ ...marchInput, manualLines: [line] })).toEqual({ ok: false, errors: [{ code: 'justification_required', index: 0 }] });
		expect(priceInvoice({ ...marchInput, manualLines: [{ ...line, justification: '   ' }] })).toEqual({
			ok: false,
			errors: [{ code: 'justification_required', index: 0 }]
		});
		const bad = priceInvoice({
			period,
			priceLines: [],
			billableAbsences: [],
			manualLines: [{ ...line, justification: 'Perustelu', description: ' ', quantityHundredths: 0, unitPriceCents: -1, vatRateBp: 2400 }]
		});
		expect(bad.ok ? [] : bad.errors.map((e) => e.code)).toEqual(['description_required', 'invalid_quantity', 'invalid_price', 'invalid_vat_rate']);

		const ok = priced({ ...marchInput, manualLines: [{ ...line, justification: ' Asiakkaan tulkkaus 1,5 h (sovittu 3.3.) ' }] });
		const manual = ok.lines.at(-1)!;
		expect([manual.kind, manual.unit, manual.quantityHundredths, manual.netCents, manual.justification]).toEqual([
			'manual',
			null,
			150,
			9_000,
			'Asiakkaan tulkkaus 1,5 h (sovittu 3.3.)'
		]);
	});

	it('refuses two current marks for the same day (the database keeps one; two would bill twice)', () => {
		const r = priceInvoice({ ...marchInput, marks: [present('p1', '2025-03-03'), present('p1', '2025-03-03')] });
		expect(r).toEqual({ ok: false, errors: [{ code: 'duplicate_fact', participationId: 'p1', day: '2025-03-03' }] });
	});

	it('refuses a meeting, a start, an outcome or a correction given twice, and only those: other days, people and outcomes are not duplicates', () => {
		const start = (participationId: string, day: string) => ({ participationId, day });
		const outcome = (participationId: string, o: 'employed' | 'training') => ({ participationId, day: '2025-03-20', outcome: o });
		const r = priceInvoice({
			...marchInput,
			meetings: [...marchInput.meetings!, { ...marchInput.meetings![0], day: '2025-03-06' }],
			starts: [start('p-anna', '2025-03-03'), start('p-bertil', '2025-03-03'), start('p-anna', '2025-03-10')],
			outcomes: [outcome('p-anna', 'employed'), outcome('p-anna', 'training'), outcome('p-bertil', 'employed'), outcome('p-anna', 'employed')],
			corrections: [...marchInput.corrections!, { ...marchInput.corrections![0], day: '2025-02-21' }, marchInput.corrections![0]]
		});
		expect(r).toEqual({
			ok: false,
			errors: [
				{ code: 'duplicate_fact', participationId: 'p-bertil', day: '2025-03-06' },
				{ code: 'duplicate_fact', participationId: 'p-anna', day: '2025-03-10' },
				{ code: 'duplicate_fact', participationId: 'p-anna', day: '2025-03-20' },
				{ code: 'duplicate_fact', participationId: 'p-bertil', day: '2025-02-20' }
			]
		});
		// The month's own marks (two people on one day, one person on several days) are not duplicates.
		expect(priceInvoice(marchInput).ok).toBe(true);
	});

	it('does not count facts outside the period, and warns about billable days before any price', () => {
		const r = priced({
			period,
			priceLines: [priceLine({ id: 'd', unit: 'participant_day', unitPriceCents: 10_000, validFrom: '2025-03-10' })],
			billableAbsences: [],
			marks: [present('p1', '2025-02-28'), present('p1', '2025-03-05'), present('p1', '2025-03-10'), present('p1', '2025-04-01')]
		});
		expect(r.lines.map((l) => l.details.map((d) => d.day))).toEqual([['2025-03-10']]);
		expect(r.warnings).toEqual([{ code: 'no_price_on_day', unit: 'participant_day', day: '2025-03-05', participationId: 'p1' }]);
	});

	it('is pure: the same facts give the same invoice and the input is left as it was', () => {
		const before = JSON.stringify(marchInput);
		expect(priceInvoice(marchInput)).toEqual(priceInvoice(marchInput));
		expect(JSON.stringify(marchInput)).toBe(before);
	});
});

/**
 * The pricing engine: an invoice's lines computed from a contract's price lines and what was recorded in
 * the invoicing period. Pure (no clock, no I/O): the database layer gathers the facts, this decides the money.
 *
 * Units and rounding (see money.ts for the one rounding rule, half away from zero):
 * - money is integer cents; VAT rates are basis points (2550 = 25.5 %);
 * - every quantity is an integer number of hundredths of its unit (`quantityHundredths`): a day is 100,
 *   1 h 15 min is 125. Only hours are ever fractional; days, starts, meetings and bonuses are whole units;
 * - hours: the minutes of all meetings on one line are summed first, then turned into hundredths of an hour
 *   once (never meeting by meeting, so rounding cannot pile up);
 * - line net = quantity × unit price, rounded once per line;
 * - VAT is computed once per rate on the sum of that rate's line nets (never per line), rounded to the cent:
 *   EN 16931 BT-117 = BT-116 × BT-119 / 100 (BR-CO-17, BR-S-09); zero for 0 %;
 * - totals: net = Σ line nets, VAT = Σ VAT per rate, gross = net + VAT (BR-CO-10, -13, -14, -15).
 *
 * Each fact is priced with the price line in force on its own day (`priceLineOn`), so a price change in the
 * middle of a period gives two lines, one per price line. Corrections of locked earlier periods are priced on
 * the corrected day and come as separate lines (+ and − kept apart so the reviewer sees both).
 */
import type { AbsenceReason, MarkStatus } from '../attendance';
import { PRICE_UNITS, VAT_RATES_BP, priceLineOn, type PriceUnit } from '../contracts';
import { lineNetCents, minutesToHourHundredths, vatCents } from './money';
import { MAX_CENTS } from '../limits';
import { inPeriod, type Period } from './periods';

/**
 * Outcome codes an outcome-bonus price line can name in its `condition`: the bonus is due when a
 * participation's recorded outcome (the ARVI end situation) equals the condition.
 */
export const OUTCOME_CONDITIONS = ['employed', 'training', 'job_seeker', 'other'] as const;
export type OutcomeCondition = (typeof OUTCOME_CONDITIONS)[number];

export interface PriceLine {
	id: string;
	unit: PriceUnit;
	description: string;
	unitPriceCents: number;
	vatRateBp: number;
	validFrom: string;
	/** Outcome bonuses only: the OutcomeCondition that earns the bonus. */
	condition: string | null;
	/** 0 % lines: the VATEX code of the exemption (domain/vat-exemptions.ts); null/absent = the default. */
	vatExemption?: string | null;
}

export interface Mark {
	status: MarkStatus;
	reason: AbsenceReason | null;
}

/** The current attendance mark of a participation on a training day. */
export interface DayMarkFact extends Mark {
	participationId: string;
	day: string;
}

/** A coaching meeting; only held meetings are billed (per meeting and/or per hour, as the price lines say). */
export interface MeetingFact {
	meetingId: string;
	participationId: string;
	day: string;
	minutes: number;
	status: 'held' | 'not_held';
}

export interface StartFact {
	participationId: string;
	day: string;
}

export interface OutcomeFact {
	participationId: string;
	day: string;
	outcome: OutcomeCondition;
}

/** One lump sum due on a day: the lump-sum price line in force then, or the one named. */
export interface LumpSumFact {
	day: string;
	priceLineId?: string;
}

/**
 * A mark changed after its period was invoiced and locked: `before` is what that invoice counted (null = the
 * day was not marked), `after` the mark now. The difference is billed now, at the price of the corrected day.
 */
export interface CorrectionFact {
	participationId: string;
	day: string;
	before: Mark | null;
	after: Mark;
	/** The locked period (or its invoice) the day belongs to, shown in the specification. */
	originalPeriod: string;
}

/** A line typed by a person: only with a written justification, which the reviewer sees. */
export interface ManualLineInput {
	description: string;
	/** Hundredths of a unit, like every quantity here (1 = 100); may be negative. */
	quantityHundredths: number;
	unitPriceCents: number;
	vatRateBp: number;
	justification: string;
	/** 0 % lines: the VATEX code of the exemption; absent = the default. */
	vatExemption?: string | null;
	/** A price reduction for this quality remark (made from the remark, never typed). */
	remarkId?: string | null;
}

export interface PricingInput {
	period: Period;
	priceLines: PriceLine[];
	/** Absence reasons the contract pays for like a day present. */
	billableAbsences: readonly AbsenceReason[];
	marks?: DayMarkFact[];
	meetings?: MeetingFact[];
	starts?: StartFact[];
	outcomes?: OutcomeFact[];
	lumpSums?: LumpSumFact[];
	corrections?: CorrectionFact[];
	manualLines?: ManualLineInput[];
}

/** One record behind a line: what the per-customer specification lists (never the invoice document). */
export interface LineDetail {
	/** Null for lump sums. */
	participationId: string | null;
	day: string;
	meetingId?: string;
	minutes?: number;
	/** Set when a billable absence was counted. */
	absenceReason?: AbsenceReason;
	outcome?: OutcomeCondition;
	/** Corrections: the locked period and whether the day became billable (+1) or stopped being so (−1). */
	originalPeriod?: string;
	change?: 1 | -1;
}

export type LineKind = 'recorded' | 'correction' | 'manual';

export interface ComputedLine {
	/** Stable within one computation: kind, price line (and sign), or the manual line's index. */
	key: string;
	kind: LineKind;
	/** Null for manual lines. */
	unit: PriceUnit | null;
	priceLineId: string | null;
	description: string;
	quantityHundredths: number;
	unitPriceCents: number;
	vatRateBp: number;
	netCents: number;
	/** 0 % lines: the VATEX code of the exemption, from the price line (or the manual line); null = the default. */
	vatExemption?: string | null;
	/** Manual lines only. */
	justification: string | null;
	details: LineDetail[];
	/** Manual lines only: the quality remark whose price reduction this is. */
	remarkId?: string | null;
}

export interface VatRow {
	vatRateBp: number;
	taxableCents: number;
	vatCents: number;
}

export interface Totals {
	netCents: number;
	vatCents: number;
	grossCents: number;
}

export type PricingErrorCode =
	| 'justification_required'
	| 'description_required'
	| 'invalid_quantity'
	| 'invalid_price'
	| 'amount_too_large'
	| 'invalid_vat_rate'
	| 'unknown_price_line'
	| 'duplicate_fact'
	| 'correction_in_period';

export interface PricingError {
	code: PricingErrorCode;
	/** Index of the manual line or lump sum concerned. */
	index?: number;
	participationId?: string;
	day?: string;
}

/** Something billable on a day when no price line of its unit was in force yet: shown, not billed. */
export interface PricingWarning {
	code: 'no_price_on_day';
	unit: PriceUnit;
	day: string;
	participationId: string | null;
}

export type PricingResult =
	{ ok: true; lines: ComputedLine[]; vat: VatRow[]; totals: Totals; warnings: PricingWarning[] } | { ok: false; errors: PricingError[] };

/** Present, or absent for a reason the contract pays for. */
export function isBillable(mark: Mark | null, billableAbsences: readonly AbsenceReason[]): boolean {
	if (!mark) return false;
	return mark.status === 'present' || (mark.reason !== null && billableAbsences.includes(mark.reason));
}

interface Group {
	key: string;
	kind: LineKind;
	line: PriceLine;
	sign: 1 | -1;
	units: number;
	minutes: number;
	details: LineDetail[];
}

export function priceInvoice(input: PricingInput): PricingResult {
	const { period, priceLines, billableAbsences } = input;
	const errors: PricingError[] = [...checkManualLines(input.manualLines ?? []), ...checkDuplicates(input)];
	const warnings: PricingWarning[] = [];
	// Groups by kind, sign and price line: looked up by the line itself (one lookup per fact, no key string made).
	const groups: Group[] = [];
	const slots = { recorded: new Map<PriceLine, Group>(), 'correction:+': new Map<PriceLine, Group>(), 'correction:-': new Map<PriceLine, Group>() };

	const lineFor = (unit: PriceUnit, day: string, participationId: string | null, lines = priceLines) => {
		const line = priceLineOn(lines, unit, day);
		if (!line && lines.some((l) => l.unit === unit)) warnings.push({ code: 'no_price_on_day', unit, day, participationId });
		return line;
	};
	const add = (kind: LineKind, line: PriceLine, detail: LineDetail, sign: 1 | -1 = 1, minutes = 0) => {
		const slot = kind === 'correction' ? (sign > 0 ? 'correction:+' : 'correction:-') : 'recorded';
		let g = slots[slot].get(line);
		if (!g) {
			const key = kind === 'correction' ? `${kind}:${line.id}:${sign > 0 ? '+' : '-'}` : `${kind}:${line.id}`;
			slots[slot].set(line, (g = { key, kind, line, sign, units: 0, minutes: 0, details: [] }));
			groups.push(g);
		}
		g.units += 1;
		g.minutes += minutes;
		g.details.push(detail);
	};

	for (const m of input.marks ?? []) {
		if (!inPeriod(period, m.day) || !isBillable(m, billableAbsences)) continue;
		const line = lineFor('participant_day', m.day, m.participationId);
		const detail: LineDetail = { participationId: m.participationId, day: m.day };
		if (m.status === 'absent' && m.reason) detail.absenceReason = m.reason;
		if (line) add('recorded', line, detail);
	}

	for (const mt of input.meetings ?? []) {
		if (!inPeriod(period, mt.day) || mt.status !== 'held') continue;
		const detail = { participationId: mt.participationId, day: mt.day, meetingId: mt.meetingId, minutes: mt.minutes };
		// A contract prices meetings per meeting, per hour or (rarely) both: every line in force applies.
		const perMeeting = lineFor('meeting', mt.day, mt.participationId);
		if (perMeeting) add('recorded', perMeeting, { ...detail });
		const perHour = lineFor('hour', mt.day, mt.participationId);
		if (perHour) add('recorded', perHour, { ...detail }, 1, mt.minutes);
	}

	for (const s of input.starts ?? []) {
		if (!inPeriod(period, s.day)) continue;
		const line = lineFor('participant_start', s.day, s.participationId);
		if (line) add('recorded', line, { participationId: s.participationId, day: s.day });
	}

	for (const o of input.outcomes ?? []) {
		if (!inPeriod(period, o.day)) continue;
		const bonuses = priceLines.filter((l) => l.unit === 'outcome_bonus' && l.condition === o.outcome);
		const line = lineFor('outcome_bonus', o.day, o.participationId, bonuses);
		if (line) add('recorded', line, { participationId: o.participationId, day: o.day, outcome: o.outcome });
	}

	(input.lumpSums ?? []).forEach((ls, index) => {
		if (!inPeriod(period, ls.day)) return;
		let line: PriceLine | undefined;
		if (ls.priceLineId !== undefined) {
			line = priceLines.find((l) => l.id === ls.priceLineId && l.unit === 'lump_sum' && l.validFrom <= ls.day);
			if (!line) errors.push({ code: 'unknown_price_line', index, day: ls.day });
		} else {
			line = lineFor('lump_sum', ls.day, null);
		}
		if (line) add('recorded', line, { participationId: null, day: ls.day });
	});

	for (const c of input.corrections ?? []) {
		if (inPeriod(period, c.day)) {
			errors.push({ code: 'correction_in_period', participationId: c.participationId, day: c.day });
			continue;
		}
		const change = Number(isBillable(c.after, billableAbsences)) - Number(isBillable(c.before, billableAbsences));
		if (change === 0) continue;
		const line = lineFor('participant_day', c.day, c.participationId);
		const sign = change > 0 ? 1 : -1;
		if (line) add('correction', line, { participationId: c.participationId, day: c.day, originalPeriod: c.originalPeriod, change: sign }, sign);
	}

	if (errors.length > 0) return { ok: false, errors };

	const lines: ComputedLine[] = groups.sort(compareGroups).map((g) => {
		const quantityHundredths = g.sign * (g.line.unit === 'hour' ? minutesToHourHundredths(g.minutes) : g.units * 100);
		return {
			key: g.key,
			kind: g.kind,
			unit: g.line.unit,
			priceLineId: g.line.id,
			description: g.line.description,
			quantityHundredths,
			unitPriceCents: g.line.unitPriceCents,
			vatRateBp: g.line.vatRateBp,
			netCents: lineNetCents(quantityHundredths, g.line.unitPriceCents),
			vatExemption: g.line.vatRateBp === 0 ? (g.line.vatExemption ?? null) : null,
			justification: null,
			details: g.details.sort(compareDetails)
		};
	});
	(input.manualLines ?? []).forEach((m, i) => {
		lines.push({
			key: `manual:${i}`,
			kind: 'manual',
			unit: null,
			priceLineId: null,
			description: m.description.trim(),
			quantityHundredths: m.quantityHundredths,
			unitPriceCents: m.unitPriceCents,
			vatRateBp: m.vatRateBp,
			netCents: lineNetCents(m.quantityHundredths, m.unitPriceCents),
			vatExemption: m.vatRateBp === 0 ? (m.vatExemption ?? null) : null,
			justification: m.justification.trim(),
			details: [],
			remarkId: m.remarkId ?? null
		});
	});

	const vat = vatBreakdown(lines);
	return { ok: true, lines, vat, totals: totalsOf(lines, vat), warnings };
}

/**
 * VAT per rate: the rate's line nets summed, then VAT computed once on that sum (half away from zero to the
 * cent). Highest rate first. Also used for credit notes, which pick lines of an approved invoice.
 */
export function vatBreakdown(lines: { vatRateBp: number; netCents: number }[]): VatRow[] {
	const taxable = new Map<number, number>();
	for (const l of lines) taxable.set(l.vatRateBp, (taxable.get(l.vatRateBp) ?? 0) + l.netCents);
	return [...taxable.entries()]
		.sort(([a], [b]) => b - a)
		.map(([vatRateBp, taxableCents]) => ({ vatRateBp, taxableCents, vatCents: vatCents(taxableCents, vatRateBp) }));
}

export function totalsOf(lines: { netCents: number }[], vat: VatRow[]): Totals {
	const netCents = lines.reduce((s, l) => s + l.netCents, 0);
	const vatTotal = vat.reduce((s, r) => s + r.vatCents, 0);
	return { netCents, vatCents: vatTotal, grossCents: netCents + vatTotal };
}

/** |quantity × price| beyond `MAX_CENTS`, decided in BigInt (the product itself may be beyond 2^53). */
function exceedsCeiling(quantityHundredths: number, unitPriceCents: number): boolean {
	const product = BigInt(quantityHundredths) * BigInt(unitPriceCents);
	return (product < 0n ? -product : product) > BigInt(MAX_CENTS) * 100n;
}

function checkManualLines(manual: ManualLineInput[]): PricingError[] {
	const errors: PricingError[] = [];
	manual.forEach((m, index) => {
		if (!m.justification?.trim()) errors.push({ code: 'justification_required', index });
		if (!m.description?.trim()) errors.push({ code: 'description_required', index });
		if (!Number.isSafeInteger(m.quantityHundredths) || m.quantityHundredths === 0) errors.push({ code: 'invalid_quantity', index });
		// A unit price is never negative (EN 16931 BR-27): a deduction is a negative quantity.
		if (!Number.isSafeInteger(m.unitPriceCents) || m.unitPriceCents < 0) errors.push({ code: 'invalid_price', index });
		if (!(VAT_RATES_BP as readonly number[]).includes(m.vatRateBp)) errors.push({ code: 'invalid_vat_rate', index });
		// Within the money ceiling, so that the invoice's sums stay exact and fit their columns.
		if (m.unitPriceCents > MAX_CENTS) errors.push({ code: 'invalid_price', index });
		else if (Number.isSafeInteger(m.quantityHundredths) && Number.isSafeInteger(m.unitPriceCents) && exceedsCeiling(m.quantityHundredths, m.unitPriceCents)) {
			errors.push({ code: 'amount_too_large', index });
		}
	});
	return errors;
}

/** The database gives one current fact per key; two mean a bug upstream and would bill twice. */
function checkDuplicates(input: PricingInput): PricingError[] {
	const errors: PricingError[] = [];
	// A fact's key is its owner (a participation or meeting) and, where one owner has several, a field: sets of the
	// field's values per owner, so that no key string is made per fact (a month holds ~1,500 marks).
	const check = <T extends { participationId: string; day: string }>(facts: T[] | undefined, owner: keyof T, field?: keyof T) => {
		const seen = new Map<unknown, Set<unknown>>();
		for (const f of facts ?? []) {
			let values = seen.get(f[owner]);
			if (!values) seen.set(f[owner], (values = new Set()));
			const value = field ? f[field] : owner;
			if (values.has(value)) errors.push({ code: 'duplicate_fact', participationId: f.participationId, day: f.day });
			values.add(value);
		}
	};
	check(input.marks, 'participationId', 'day');
	check(input.meetings, 'meetingId');
	check(input.starts, 'participationId');
	check(input.outcomes, 'participationId', 'outcome');
	check(input.corrections, 'participationId', 'day');
	return errors;
}

const KIND_ORDER: LineKind[] = ['recorded', 'correction', 'manual'];

function compareGroups(a: Group, b: Group): number {
	return (
		KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
		PRICE_UNITS.indexOf(a.line.unit) - PRICE_UNITS.indexOf(b.line.unit) ||
		a.line.validFrom.localeCompare(b.line.validFrom) ||
		(a.line.condition ?? '').localeCompare(b.line.condition ?? '') ||
		b.sign - a.sign ||
		a.line.id.localeCompare(b.line.id)
	);
}

/** By day, participation and meeting: ISO days and ids, compared by their characters (no collation needed). */
function compareDetails(a: LineDetail, b: LineDetail): number {
	return ordinal(a.day, b.day) || ordinal(a.participationId ?? '', b.participationId ?? '') || ordinal(a.meetingId ?? '', b.meetingId ?? '');
}

const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

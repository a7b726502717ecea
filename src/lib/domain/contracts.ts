/** Code lists and pure rules for contracts (DESIGN.md glossary: service types, price lines). */
import { isValidFinnishOvt, isValidFinnishPeppolId } from './identifiers';

export const SERVICE_TYPES = [
	'job_search_coaching',
	'career_coaching',
	'work_coaching',
	'company_coaching',
	'vocational_training',
	'entrepreneurship_training',
	'integration_training',
	'rekrykoulutus',
	'tasmakoulutus',
	'muutoskoulutus',
	'change_security_training',
	'work_ability_assessment',
	'skills_assessment',
	'business_idea_assessment'
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const CONTRACT_KINDS = ['framework', 'single'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export const CONTRACT_STATUSES = ['draft', 'active', 'ended', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const PRICE_UNITS = ['participant_start', 'participant_day', 'hour', 'meeting', 'lump_sum', 'outcome_bonus'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

/** VAT in basis points (2550 = 25.5 %): integers, never floats. */
export const VAT_RATES_BP = [0, 1000, 1400, 2550] as const;

export const DEADLINE_KINDS = ['referralAnswer', 'firstMeeting', 'absenceReport', 'arvi'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export const DAY_COUNTS = ['working', 'calendar'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

export interface PriceLineValidity {
	id: string;
	unit: PriceUnit;
	validFrom: string;
}

/**
 * The price line in force for `unit` on `day`: the one with the latest validFrom on or before the day.
 * A price change mid-contract is a new line with a later validFrom; the old one stays for history.
 */
export function priceLineOn<T extends PriceLineValidity>(lines: T[], unit: PriceUnit, day: string): T | undefined {
	let best: T | undefined;
	for (const l of lines) {
		if (l.unit !== unit || l.validFrom > day) continue;
		if (!best || l.validFrom > best.validFrom) best = l;
	}
	return best;
}

/** Euros typed by a person ("12 500,50", "12500.5") → integer cents; null when not a sum of money. */
export function parseEuros(input: string): number | null {
	const s = input.replace(/[\s\u00a0€]/g, '').replace(',', '.');
	const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
	if (!m) return null;
	return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Integer cents → "12 500,50" style text for the locale (no floats on the way). */
export function formatCents(cents: number, locale: 'fi' | 'sv' | 'en'): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	const euros = Math.floor(abs / 100);
	const rest = String(abs % 100).padStart(2, '0');
	const grouped = euros.toString().replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'en' ? ',' : '\u00a0');
	return locale === 'en' ? `€${sign}${grouped}.${rest}` : `${sign}${grouped},${rest}\u00a0€`;
}

/** "25,5" / "25.5" → 2550 basis points; null when not a VAT rate. */
export function parseVatRate(input: string): number | null {
	const s = input.replace(/[\s%]/g, '').replace(',', '.');
	const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(s);
	if (!m) return null;
	const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
	return bp <= 10000 ? bp : null;
}

export function formatVatRate(bp: number, locale: 'fi' | 'sv' | 'en'): string {
	const whole = Math.floor(bp / 100);
	const frac = bp % 100;
	const text = frac === 0 ? `${whole}` : `${whole}${locale === 'en' ? '.' : ','}${String(frac).padStart(2, '0').replace(/0$/, '')}`;
	return `${text} %`;
}

/** Budget figures, all integer cents. */
export interface Budget {
	committed: number;
	invoiced: number;
	approved: number;
	paid: number;
	remaining: number;
}

/** Remaining = committed − invoiced (submitted and later, credit notes subtracted). */
export function budgetOf(committed: number, invoiced: number, approved: number, paid: number): Budget {
	return { committed, invoiced, approved, paid, remaining: committed - invoiced };
}

export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type IsoWeekday = (typeof ISO_WEEKDAYS)[number];

/** Peppol participant ids used in Finland: 0037 (Y-tunnus) or 0216 (OVT code) + ':' + identifier, check digits checked. */
export function isValidPeppolId(value: string): boolean {
	return isValidFinnishPeppolId(value);
}

/** OVT code: 0037 + a valid Y-tunnus's digits (8, check digit checked) + optional suffix of up to 5 characters. */
export function isValidOvt(value: string): boolean {
	return isValidFinnishOvt(value);
}

interface ContractLike {
	contractNumber: string;
	diaryNumber: string | null;
	title: string;
	serviceType: string;
	kind: string;
	status: string;
	startDate: string;
	endDate: string;
	languages: string[];
	places: string[];
	capacityTotal: number | null;
	capacityPerCohort: number | null;
	budgetCents: number;
	paymentTermDays: number;
	buyerReference?: string | null;
	orderReference?: string | null;
	deadlines: Record<string, { days: number; count: string }>;
	invoicingPeriod: string;
	unexcusedThreshold: number | null;
	midpointFeedbackWeeks?: number | null;
	billableAbsences: string[];
	requiresPersonalId: boolean;
}

/** A stored contract as the strings its edit form shows (money as "1234,50", places one per line). */
export function contractToFormValues(c: ContractLike): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {
		contractNumber: c.contractNumber,
		diaryNumber: c.diaryNumber ?? '',
		title: c.title,
		serviceType: c.serviceType,
		kind: c.kind,
		status: c.status,
		startDate: c.startDate,
		endDate: c.endDate,
		languages: c.languages,
		places: c.places.join('\n'),
		capacityTotal: c.capacityTotal?.toString() ?? '',
		capacityPerCohort: c.capacityPerCohort?.toString() ?? '',
		budget: `${Math.floor(c.budgetCents / 100)},${String(c.budgetCents % 100).padStart(2, '0')}`,
		paymentTermDays: String(c.paymentTermDays),
		buyerReference: c.buyerReference ?? '',
		orderReference: c.orderReference ?? '',
		invoicingPeriod: c.invoicingPeriod,
		unexcusedThreshold: c.unexcusedThreshold?.toString() ?? '',
		midpointFeedbackWeeks: c.midpointFeedbackWeeks?.toString() ?? '',
		billableAbsences: c.billableAbsences,
		requiresPersonalId: c.requiresPersonalId ? 'on' : ''
	};
	for (const [kind, d] of Object.entries(c.deadlines)) {
		values[`${kind}Days`] = String(d.days);
		values[`${kind}Count`] = d.count;
	}
	return values;
}

/** Whole calendar months from the month of `from` to the month of `until`, both counted (0 when `until` is earlier). */
function monthsBetween(from: string, until: string): number {
	const n = (Number(until.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(until.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
	return Math.max(0, n);
}

export interface RunRate {
	/** Invoiced (submitted and later) per invoiced month so far, in cents, rounded to the cent. */
	perMonthCents: number;
	/** Invoiced so far plus the same pace for the months of the contract not yet invoiced. */
	projectedCents: number;
	/** The projection goes over the commitment. */
	exceeds: boolean;
}

/**
 * The pace of invoicing, projected to the end of the contract: the average invoiced per invoiced month,
 * times the months left after the last invoiced day. Null until something has been invoiced.
 */
export function runRate(budget: Budget, contract: { endDate: string }, invoiced: { from: string; lastUntil: string } | null): RunRate | null {
	if (!invoiced || budget.invoiced <= 0) return null;
	const months = monthsBetween(invoiced.from, invoiced.lastUntil);
	if (months === 0) return null;
	const perMonthCents = Math.round(budget.invoiced / months);
	const left = invoiced.lastUntil >= contract.endDate ? 0 : monthsBetween(invoiced.lastUntil, contract.endDate) - 1;
	const projectedCents = budget.invoiced + perMonthCents * left;
	return { perMonthCents, projectedCents, exceeds: projectedCents > budget.committed };
}

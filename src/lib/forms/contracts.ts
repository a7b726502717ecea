import { ABSENCE_REASONS, DEFAULT_UNEXCUSED_THRESHOLD, type AbsenceReason } from '$lib/domain/attendance';
import * as v from 'valibot';
import { OUTCOME_CONDITIONS } from '$lib/domain/invoicing/pricing';
import { LOCALES } from '$lib/i18n/core';
import { defineForm, formObject } from './form';
import { DEFAULT_VAT_EXEMPTION_CODE, VAT_EXEMPTIONS, type VatExemptionCode } from '$lib/domain/vat-exemptions';
import { CONTRACT_KINDS, CONTRACT_STATUSES, DAY_COUNTS, PRICE_UNITS, SERVICE_TYPES, parseVatRate } from '$lib/domain/contracts';
import { clockTime, day, euros, optionalEmail, optionalPhone } from './values';

/** Form schemas for contracts (the action and the page's own check); every message is a catalogue key under `errors.`. */

const optionalCount = v.pipe(
	v.string(),
	v.trim(),
	v.check((s) => s === '' || /^\d{1,6}$/.test(s), 'countInvalid'),
	v.transform((s) => (s === '' ? null : Number(s))),
	v.check((n) => n === null || n > 0, 'countInvalid')
);
const days = v.pipe(v.string(), v.trim(), v.regex(/^\d{1,3}$/, 'daysInvalid'), v.transform(Number), v.maxValue(365, 'daysInvalid'));
const lines = (maxItems: number, maxLength: number) =>
	v.pipe(
		v.string(),
		v.transform((s) =>
			s
				.split(/[\n;]/)
				.map((x) => x.trim())
				.filter(Boolean)
		),
		v.maxLength(maxItems, 'tooMany'),
		v.check((xs) => xs.every((x) => x.length <= maxLength), 'tooLong')
	);

export const contractSchema = v.pipe(
	v.object({
		contractNumber: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(50, 'tooLong')),
		diaryNumber: v.pipe(
			v.string(),
			v.trim(),
			v.maxLength(50, 'tooLong'),
			v.transform((s) => (s === '' ? null : s))
		),
		title: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(200, 'tooLong')),
		serviceType: v.picklist(SERVICE_TYPES, 'choose'),
		kind: v.picklist(CONTRACT_KINDS, 'choose'),
		status: v.picklist(CONTRACT_STATUSES, 'choose'),
		startDate: day(),
		endDate: day(),
		languages: v.pipe(v.array(v.picklist(['fi', 'sv', 'en'], 'choose')), v.minLength(1, 'chooseLanguage')),
		places: lines(20, 100),
		capacityTotal: optionalCount,
		capacityPerCohort: optionalCount,
		budget: euros,
		paymentTermDays: days,
		/** The area's own reference on the invoices (its circulation routes by it); empty = the contract number. */
		buyerReference: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.maxLength(70, 'tooLong'),
			v.transform((s) => (s === '' ? null : s))
		),
		/** The area's order / purchase reference on the invoices; optional. */
		orderReference: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.maxLength(70, 'tooLong'),
			v.transform((s) => (s === '' ? null : s))
		),
		referralAnswerDays: days,
		referralAnswerCount: v.picklist(DAY_COUNTS, 'choose'),
		firstMeetingDays: days,
		firstMeetingCount: v.picklist(DAY_COUNTS, 'choose'),
		absenceReportDays: days,
		absenceReportCount: v.picklist(DAY_COUNTS, 'choose'),
		arviDays: days,
		arviCount: v.picklist(DAY_COUNTS, 'choose'),
		invoicingPeriod: v.picklist(['month', 'quarter'], 'choose'),
		/** Consecutive unexcused absences that notify the area; empty = no such rule. */
		unexcusedThreshold: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.check((s) => s === '' || (/^\d{1,2}$/.test(s) && Number(s) >= 1 && Number(s) <= 60), 'thresholdInvalid'),
			v.transform((s) => (s === '' ? null : Number(s)))
		),
		/** Mid-point feedback for participations planned longer than this many weeks; empty = none. */
		midpointFeedbackWeeks: v.pipe(
			v.optional(v.string(), ''),
			v.trim(),
			v.check((s) => s === '' || (/^\d{1,2}$/.test(s) && Number(s) >= 1 && Number(s) <= 52), 'midpointWeeksInvalid'),
			v.transform((s) => (s === '' ? null : Number(s)))
		),
		/** Absence reasons paid like a day present (none unless the contract says so). */
		billableAbsences: v.pipe(
			v.optional(v.array(v.picklist(ABSENCE_REASONS, 'choose')), []),
			v.transform((a): AbsenceReason[] => [...new Set(a)])
		),
		requiresPersonalId: v.pipe(
			v.optional(v.string(), ''),
			v.transform((s) => s === 'on')
		)
	}),
	v.forward(
		v.check((c) => c.startDate <= c.endDate, 'periodInvalid'),
		['endDate']
	)
);
/** Callers other than the form (demo data, tests) may leave the invoice references and the mid-point feedback out: left out = unchanged (none on a new contract). */
export type ContractInput = Omit<v.InferOutput<typeof contractSchema>, 'buyerReference' | 'orderReference' | 'midpointFeedbackWeeks'> & {
	buyerReference?: string | null;
	orderReference?: string | null;
	midpointFeedbackWeeks?: number | null;
};

export const priceLineSchema = v.pipe(
	v.object({
		unit: v.picklist(PRICE_UNITS, 'choose'),
		description: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(200, 'tooLong')),
		unitPrice: euros,
		vatRate: v.pipe(
			v.string(),
			v.transform((s) => parseVatRate(s)),
			v.number('vatInvalid')
		),
		validFrom: day(),
		// An outcome bonus is due when the ARVI's situation at the end is this code (see the pricing engine).
		condition: v.pipe(
			v.union([v.literal(''), v.picklist(OUTCOME_CONDITIONS)], 'choose'),
			v.transform((s) => (s === '' ? null : s))
		),
		// Why a 0 % line is VAT exempt (a VATEX code of the list); a form without the field gets the default.
		vatExemption: v.optional(v.picklist(VAT_EXEMPTIONS, 'choose'), DEFAULT_VAT_EXEMPTION_CODE)
	}),
	v.forward(
		v.check((p) => p.unit !== 'outcome_bonus' || p.condition !== null, 'choose'),
		['condition']
	)
);
/** Left out (demo data, tests): the default exemption reason. */
export type PriceLineInput = Omit<v.InferOutput<typeof priceLineSchema>, 'vatExemption'> & { vatExemption?: VatExemptionCode };

const time = clockTime();

export const cohortSchema = v.pipe(
	v.object({
		name: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(100, 'tooLong')),
		startDate: day(),
		endDate: day(),
		weekdays: v.pipe(v.array(v.pipe(v.string(), v.regex(/^[1-7]$/, 'choose'), v.transform(Number))), v.minLength(1, 'chooseWeekday')),
		dailyStart: time,
		dailyEnd: time,
		place: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(100, 'tooLong')),
		language: v.picklist(LOCALES, 'choose'),
		capacity: v.pipe(v.string(), v.trim(), v.regex(/^\d{1,5}$/, 'countInvalid'), v.transform(Number), v.minValue(1, 'countInvalid'))
	}),
	v.forward(
		v.check((c) => c.startDate <= c.endDate, 'periodInvalid'),
		['endDate']
	),
	v.forward(
		v.check((c) => c.dailyStart < c.dailyEnd, 'timeOrder'),
		['dailyEnd']
	)
);
export type CohortInput = v.InferOutput<typeof cohortSchema>;

export const optionSchema = v.pipe(
	v.object({ startDate: day(), endDate: day() }),
	v.forward(
		v.check((c) => c.startDate <= c.endDate, 'periodInvalid'),
		['endDate']
	)
);

export const contactSchema = v.object({
	side: v.picklist(['area', 'provider'], 'choose'),
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(200, 'tooLong')),
	title: v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(100, 'tooLong'),
		v.transform((s) => (s === '' ? null : s))
	),
	email: optionalEmail,
	phone: optionalPhone
});

/** The usual terms of a new contract: 21-day payment term and the common deadlines (also the form's defaults). */
export const DEFAULT_CONTRACT_TERMS = {
	paymentTermDays: 21,
	referralAnswerDays: 5,
	referralAnswerCount: 'working',
	firstMeetingDays: 10,
	firstMeetingCount: 'working',
	absenceReportDays: 3,
	absenceReportCount: 'working',
	arviDays: 14,
	arviCount: 'calendar',
	invoicingPeriod: 'month',
	unexcusedThreshold: DEFAULT_UNEXCUSED_THRESHOLD,
	billableAbsences: [] as AbsenceReason[]
} as const satisfies Partial<ContractInput>;

/** The contract form (new and edit): its checkbox groups are arrays. */
export const contractForm = defineForm(contractSchema, (data) => formObject(data, ['languages', 'billableAbsences']));

/** The forms that add a part to a contract, by the part's name. */
export const PART_FORMS = {
	priceLine: defineForm(priceLineSchema, (data) => formObject(data, ['weekdays'])),
	cohort: defineForm(cohortSchema, (data) => formObject(data, ['weekdays'])),
	option: defineForm(optionSchema, (data) => formObject(data, ['weekdays'])),
	contact: defineForm(contactSchema, (data) => formObject(data, ['weekdays']))
} as const;

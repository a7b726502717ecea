/** The invoice page's forms that take typed values (the action and the page's own check). */
import * as v from 'valibot';
import { parseEuros, VAT_RATES_BP } from '$lib/domain/contracts';
import { defineForm, field } from './form';
import { day } from './values';

export const COMMENT_MAX = 1000;
export const DESCRIPTION_MAX = 200;
export const JUSTIFICATION_MAX = 1000;

/** "2", "-1", "2,5", "0.25" → hundredths of a unit; null when not a non-zero number with at most two decimals. */
export function parseQuantity(input: string): number | null {
	const m = /^(-?)(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(input.replace(/[\s\u00a0]/g, '').replace('\u2212', '-'));
	if (!m) return null;
	const n = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
	return n === 0 ? null : m[1] ? -n : n;
}

/** A line finance types by hand: the reviewer reads its justification next to it. */
export const manualLineSchema = v.object({
	description: v.pipe(v.string(), v.nonEmpty('required'), v.maxLength(DESCRIPTION_MAX, 'tooLong')),
	quantity: v.pipe(v.string(), v.nonEmpty('required'), v.transform(parseQuantity), v.number('invoices.error.quantityInvalid')),
	unitPrice: v.pipe(v.string(), v.nonEmpty('required'), v.transform(parseEuros), v.number('moneyInvalid')),
	vatRate: v.pipe(
		v.string(),
		v.regex(/^\d{1,5}$/, 'choose'),
		v.transform(Number),
		v.check((n) => (VAT_RATES_BP as readonly number[]).includes(n), 'choose')
	),
	// A typed line must say why: the reviewer reads the justification next to it.
	justification: v.pipe(v.string(), v.nonEmpty('invoices.error.justificationRequired'), v.maxLength(JUSTIFICATION_MAX, 'tooLong'))
});

export const manualLineForm = defineForm(manualLineSchema, (data) => ({
	description: field(data, 'description').slice(0, DESCRIPTION_MAX * 2),
	quantity: field(data, 'quantity').slice(0, 40),
	unitPrice: field(data, 'unitPrice').slice(0, 40),
	vatRate: field(data, 'vatRate').slice(0, 10),
	justification: field(data, 'justification').slice(0, JUSTIFICATION_MAX * 2)
}));

/** The reviewer returns an invoice: it must say what to fix, the provider has nothing else to go on. */
export const returnSchema = v.object({
	comment: v.pipe(v.string(), v.nonEmpty('invoices.error.commentRequired'), v.maxLength(COMMENT_MAX, 'tooLong'))
});

export const returnForm = defineForm(returnSchema, (data) => ({ comment: field(data, 'comment').slice(0, COMMENT_MAX * 2) }));

/** Recording a payment: the day it was received, a real day and not after today (Helsinki, from the server's clock). */
const paySchema = (today: string) =>
	v.object({
		paidOn: v.pipe(
			day(),
			v.check((d) => d <= today, 'invoices.error.paidInFuture')
		)
	});

/** The payment form for the day `today` (the page passes the day it was loaded on, the action its own clock's day). */
export const payForm = (today: string) => defineForm(paySchema(today), (data) => ({ paidOn: field(data, 'paidOn').slice(0, 40) }));

/** The invoice page's forms that take typed values (the action and the page's own check). */
import * as v from 'valibot';
import { parseEuros, VAT_RATES_BP } from '$lib/domain/contracts';
import { creditLineError, type CreditLineError, type CreditRequest, type LineCreditState } from '$lib/domain/invoicing/credit';
import type { MessageKey } from '$lib/i18n';
import { defineForm, field, rowField } from './form';
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

/** What is wrong with a line of the credit form, per the domain's reason (and "nothing typed" on a chosen line). */
export const CREDIT_LINE_ERROR_KEY = {
	notCreditable: 'credit.lineError.notCreditable',
	overCredit: 'credit.lineError.overCredit',
	invalid: 'credit.lineError.invalid',
	required: 'credit.lineError.required'
} as const satisfies Record<CreditLineError | 'required', MessageKey>;

/** A line of the invoice as the credit form checks it: what was invoiced and what remains (the page's data, the action's own read). */
export type CreditFormLine = { id: string; quantityHundredths: number; unitPriceCents: number } & Pick<LineCreditState, 'creditable' | 'remainingCents'>;

/** One line's fields: chosen (`line:<id>`), by quantity or amount (`by:<id>`), and the number (`value:<id>`). */
type CreditRow = { line: boolean; by: 'quantity' | 'amount'; value: string };

/** The request a chosen line makes, or the reason it cannot (null for a line not chosen). */
function creditRequest(line: CreditFormLine, row: CreditRow): { request: CreditRequest } | { error: keyof typeof CREDIT_LINE_ERROR_KEY } | null {
	if (!row.line) return null;
	if (row.value === '') return { error: 'required' };
	const n = row.by === 'amount' ? parseEuros(row.value) : parseQuantity(row.value);
	if (n === null || n <= 0) return { error: 'invalid' };
	const request: CreditRequest = row.by === 'amount' ? { lineId: line.id, amountCents: n } : { lineId: line.id, quantityHundredths: n };
	const error = creditLineError(line, line, request);
	return error ? { error } : { request };
}

const creditSchema = (lines: readonly CreditFormLine[]) =>
	v.pipe(
		v.object({
			reason: v.pipe(v.string(), v.nonEmpty('credit.reasonRequired'), v.maxLength(COMMENT_MAX, 'tooLong')),
			lines: v.pipe(
				v.object(
					Object.fromEntries(
						lines.map((line) => {
							const problem = (row: CreditRow) => {
								const r = creditRequest(line, row);
								return r && 'error' in r ? CREDIT_LINE_ERROR_KEY[r.error] : null;
							};
							const row = v.pipe(
								v.object({ line: v.boolean(), by: v.picklist(['quantity', 'amount']), value: v.string() }),
								v.forward(
									v.check(
										(r) => problem(r) === null,
										(issue) => problem(issue.input as CreditRow) ?? 'invalidInput'
									),
									['value']
								)
							);
							return [line.id, row];
						})
					)
				),
				// In the invoice's line order, the chosen ones.
				v.transform((rows) =>
					lines.flatMap((line) => {
						const r = creditRequest(line, rows[line.id] as CreditRow);
						return r && 'request' in r ? [r.request] : [];
					})
				)
			)
		}),
		v.check((c) => c.lines.length > 0, 'invoices.error.nothingToCredit')
	);

/**
 * Crediting chosen lines of an invoice (…/invoices/:id/credit): per line of the invoice a checkbox, quantity or amount and
 * the number, then a reason. The spec is the invoice's own: the page builds it from the lines it shows, the action from the
 * lines as they are when the form arrives (the credit note checks once more under the invoice's lock). Only the invoice's
 * own lines are read; a line's problem is shown at its number (`value:<id>`), "nothing chosen" as the form's message.
 */
export const creditForm = (lines: readonly CreditFormLine[]) =>
	defineForm(
		creditSchema(lines),
		(data) => ({
			reason: field(data, 'reason').slice(0, COMMENT_MAX * 2),
			lines: Object.fromEntries(
				lines.map((l) => [
					l.id,
					{
						line: field(data, rowField('line', l.id)) !== '',
						by: field(data, rowField('by', l.id)) === 'amount' ? 'amount' : 'quantity',
						value: field(data, rowField('value', l.id)).slice(0, 40)
					} satisfies CreditRow
				])
			)
		}),
		{ rows: ['lines'] }
	);

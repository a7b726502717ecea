/**
 * Credit notes in the pricing engine's terms: which document a set of amounts is (the one rule), what is
 * left to credit of each line of an invoice, and the lines of a partial credit note.
 *
 * - A document whose total is negative is a credit note, whatever produced it (a credit note, or an
 *   invoice whose corrections outweigh the period's work). Its amounts are written as a credit note's:
 *   the same figures with the sign turned, unit prices unchanged.
 * - What remains to credit of a line is its net less the nets of every line crediting it (in any credit
 *   note of the invoice that exists, drafts included: a draft reserves what it credits). Compared in
 *   BigInt so no sum of cents ever passes through a float.
 * - A line is credited by a quantity (hundredths of its unit, at its unit price: net = quantity × price,
 *   rounded once like any line) or by an amount (one unit at that price). Neither may exceed what remains.
 */
import type { ComputedLine, Totals, VatRow } from './pricing';
import { lineNetCents } from './money';

export type DocumentKind = 'invoice' | 'credit_note';

/** The one rule: a credit note, or any document with a negative total, is issued as a credit note. */
export function documentKind(invoice: { kind: DocumentKind; grossCents: number }): DocumentKind {
	return invoice.kind === 'credit_note' || invoice.grossCents < 0 ? 'credit_note' : 'invoice';
}

/** Does the document's stored sign differ from how it is issued (an invoice with a negative total)? */
export function issuedNegated(invoice: { kind: DocumentKind; grossCents: number }): boolean {
	return invoice.kind === 'invoice' && documentKind(invoice) === 'credit_note';
}

/** The amounts of a negative invoice as its credit note states them: signs turned, unit prices kept. */
export function negateAmounts<L extends { quantityHundredths: number; netCents: number }>(
	lines: L[],
	vat: VatRow[],
	totals: Totals
): { lines: L[]; vat: VatRow[]; totals: Totals } {
	const neg = (n: number) => (n === 0 ? 0 : -n);
	return {
		lines: lines.map((l) => ({ ...l, quantityHundredths: neg(l.quantityHundredths), netCents: neg(l.netCents) })),
		vat: vat.map((r) => ({ vatRateBp: r.vatRateBp, taxableCents: neg(r.taxableCents), vatCents: neg(r.vatCents) })),
		totals: { netCents: neg(totals.netCents), vatCents: neg(totals.vatCents), grossCents: neg(totals.grossCents) }
	};
}

/** A line of a credited invoice, as crediting needs it: a computed line with its stored id. */
export type InvoicedLine = Omit<ComputedLine, 'key'> & { id: string };

/** A line of an existing credit note: the line it credits and how much. */
export interface CreditingLine {
	creditedLineId: string;
	netCents: number;
}

export interface LineCreditState {
	lineId: string;
	creditedCents: number;
	remainingCents: number;
	/** Only a line with a positive amount left can be credited in part. */
	creditable: boolean;
}

const sumCents = (values: number[]) => values.reduce((s, v) => s + BigInt(v), 0n);

/** Per line of the invoice: credited so far, what remains, and whether it can still be credited. */
export function creditState(lines: InvoicedLine[], credits: CreditingLine[]): LineCreditState[] {
	return lines.map((l) => {
		const credited = sumCents(credits.filter((c) => c.creditedLineId === l.id).map((c) => c.netCents));
		const remaining = BigInt(l.netCents) - credited;
		return { lineId: l.id, creditedCents: Number(credited), remainingCents: Number(remaining), creditable: l.netCents > 0 && remaining > 0n };
	});
}

export type CreditRequest = { lineId: string; quantityHundredths: number } | { lineId: string; amountCents: number };

export type CreditLineError = 'notCreditable' | 'overCredit' | 'invalid';

export type CreditLine = Omit<InvoicedLine, 'id'> & { key: string; creditedLineId: string };

/**
 * Why one request cannot credit the line (null: it can): the line has nothing left to credit, the request is not a
 * positive number, a quantity is more than was invoiced, or the net would be more than remains. The credit note
 * decides with this, and the credit form checks with it in the browser first (`$lib/forms/invoices`).
 */
export function creditLineError(
	line: Pick<InvoicedLine, 'quantityHundredths' | 'unitPriceCents'>,
	state: Pick<LineCreditState, 'creditable' | 'remainingCents'>,
	request: { quantityHundredths: number } | { amountCents: number }
): CreditLineError | null {
	if (!state.creditable) return 'notCreditable';
	const byQuantity = 'quantityHundredths' in request;
	const asked = byQuantity ? request.quantityHundredths : request.amountCents;
	if (!Number.isSafeInteger(asked) || asked <= 0 || (byQuantity && (line.unitPriceCents <= 0 || asked > line.quantityHundredths)))
		return byQuantity && asked > line.quantityHundredths ? 'overCredit' : 'invalid';
	const net = byQuantity ? lineNetCents(asked, line.unitPriceCents) : asked;
	if (net <= 0) return 'invalid';
	return BigInt(net) > BigInt(state.remainingCents) ? 'overCredit' : null;
}

export type PartialCreditResult =
	{ ok: true; lines: CreditLine[] } | { ok: false; nothing: true } | { ok: false; nothing: false; errors: Record<string, CreditLineError> };

/**
 * The lines of a credit note crediting the chosen lines of an invoice by quantity or amount, in the
 * invoice's line order. Refused per line when a line cannot be credited, a request is not a positive
 * number, or it would credit more than remains; refused as a whole when nothing is chosen.
 */
export function partialCreditLines(lines: InvoicedLine[], credits: CreditingLine[], requests: CreditRequest[]): PartialCreditResult {
	if (requests.length === 0) return { ok: false, nothing: true };
	const state = new Map(creditState(lines, credits).map((s) => [s.lineId, s]));
	const errors: Record<string, CreditLineError> = {};
	const out: CreditLine[] = [];
	const seen = new Set<string>();
	for (const line of lines) {
		const asked = requests.filter((r) => r.lineId === line.id);
		if (asked.length === 0) continue;
		seen.add(line.id);
		const s = state.get(line.id)!;
		if (asked.length > 1) {
			errors[line.id] = 'invalid';
			continue;
		}
		const r = asked[0];
		const refused = creditLineError(line, s, r);
		if (refused) {
			errors[line.id] = refused;
			continue;
		}
		const byQuantity = 'quantityHundredths' in r;
		const asked_ = byQuantity ? r.quantityHundredths : r.amountCents;
		const net = byQuantity ? lineNetCents(asked_, line.unitPriceCents) : asked_;
		// The whole of a line not credited before keeps its records; a part cannot say which of them it is.
		const whole = byQuantity && asked_ === line.quantityHundredths && s.creditedCents === 0;
		out.push({
			key: `credit:${line.id}`,
			creditedLineId: line.id,
			kind: line.kind,
			unit: byQuantity ? line.unit : null,
			priceLineId: line.priceLineId,
			description: line.description,
			quantityHundredths: byQuantity ? asked_ : 100,
			unitPriceCents: byQuantity ? line.unitPriceCents : asked_,
			vatRateBp: line.vatRateBp,
			netCents: net,
			vatExemption: line.vatExemption ?? null,
			justification: line.justification,
			details: whole ? line.details : []
		});
	}
	for (const r of requests) if (!seen.has(r.lineId)) errors[r.lineId] = 'notCreditable';
	if (Object.keys(errors).length) return { ok: false, nothing: false, errors };
	return { ok: true, lines: out };
}

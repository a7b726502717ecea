/** Invoicing periods and due dates (calendar arithmetic only, no clock). */
import { addDays } from '../clock';

export type InvoicingPeriodKind = 'month' | 'quarter';

/** An invoicing period, both ends inclusive (YYYY-MM-DD). */
export interface Period {
	from: string;
	until: string;
}

/** The contract's default payment term (DESIGN/issue 7: "default 21 days"). */
export const DEFAULT_PAYMENT_TERM_DAYS = 21;

/** Due date = issue date + payment term in calendar days (a term of 21 days from 2025-01-31 is 2025-02-21). */
export function dueDate(issueDate: string, paymentTermDays: number = DEFAULT_PAYMENT_TERM_DAYS): string {
	if (!Number.isInteger(paymentTermDays) || paymentTermDays < 0) throw new RangeError('A payment term is a whole number of days');
	return addDays(issueDate, paymentTermDays);
}

/** Calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
	return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** The calendar month or quarter that contains `day`. */
export function periodContaining(day: string, kind: InvoicingPeriodKind): Period {
	const y = Number(day.slice(0, 4));
	const m = Number(day.slice(5, 7));
	const firstMonth = kind === 'month' ? m : m - ((m - 1) % 3);
	const months = kind === 'month' ? 1 : 3;
	const from = `${y}-${String(firstMonth).padStart(2, '0')}-01`;
	const nextMonth = firstMonth + months;
	const next = nextMonth > 12 ? `${y + 1}-${String(nextMonth - 12).padStart(2, '0')}-01` : `${y}-${String(nextMonth).padStart(2, '0')}-01`;
	return { from, until: addDays(next, -1) };
}

export interface ContractPeriodTerms {
	startDate: string;
	endDate: string;
	invoicingPeriod: InvoicingPeriodKind;
}

/**
 * The next period to invoice: the calendar month (or quarter) after the last invoiced day, clipped to the
 * contract's own dates, so the first and last periods may be shorter. Null when the contract is fully invoiced.
 */
export function nextInvoicingPeriod(contract: ContractPeriodTerms, lastInvoicedUntil: string | null): Period | null {
	const start = lastInvoicedUntil === null ? contract.startDate : addDays(lastInvoicedUntil, 1);
	const first = start < contract.startDate ? contract.startDate : start;
	if (first > contract.endDate) return null;
	const calendar = periodContaining(first, contract.invoicingPeriod);
	return { from: first, until: calendar.until < contract.endDate ? calendar.until : contract.endDate };
}

/** Is the day inside the period (both ends inclusive)? */
export function inPeriod(period: Period, day: string): boolean {
	return period.from <= day && day <= period.until;
}

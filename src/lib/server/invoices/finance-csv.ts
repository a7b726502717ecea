/**
 * The invoice as a CSV for the area's finance system and for a person's spreadsheet: one row per line, one per
 * VAT rate and a total, every amount in its own column under its own header. Written the way the reader's
 * locale reads it: `;` between cells and a decimal comma in Finnish and Swedish, `,` and a decimal point in
 * English. Amounts are numbers (never made into text), in euros; a credit note's quantities and amounts are
 * negative (unit prices stay positive), so that the rows of a credit note and its invoice add up to zero.
 * VAT is computed per rate on the sum of the rate's lines (EN 16931), so it is on the VAT rows, not on lines.
 */
import { basisPointsToPercent, hundredthsToDecimal } from '$lib/domain/invoicing/money';
import type { Locale } from '$lib/i18n/core';
import { CsvNumber } from '../csv';
import { TEXTS, type InvoiceDocument } from '../einvoice/document';

export const FINANCE_CSV_HEADER = [
	'row',
	'invoice_number',
	'kind',
	'issue_date',
	'due_date',
	'seller_business_id',
	'seller_name',
	'contract',
	'buyer_reference',
	'order_reference',
	'period_from',
	'period_until',
	'specification',
	'line',
	'description',
	'quantity',
	'unit',
	'unit_price',
	'vat_rate_percent',
	'net_amount',
	'vat_amount',
	'gross_amount',
	'currency',
	'payment_reference'
] as const;

type Column = (typeof FINANCE_CSV_HEADER)[number];

/** The separator and decimal mark a spreadsheet in this locale expects. */
export function csvLocale(locale: Locale): { separator: ';' | ','; decimal: ',' | '.' } {
	return locale === 'en' ? { separator: ',', decimal: '.' } : { separator: ';', decimal: ',' };
}

export function financeCsvRows(doc: InvoiceDocument, locale: Locale): { rows: unknown[][]; separator: ';' | ',' } {
	const { separator, decimal } = csvLocale(locale);
	const sign = doc.kind === 'credit_note' ? -1 : 1;
	const money = (cents: number) => new CsvNumber(hundredthsToDecimal(sign * cents, decimal));
	const common: Partial<Record<Column, unknown>> = {
		invoice_number: doc.number,
		kind: doc.kind,
		issue_date: doc.issueDate,
		due_date: doc.dueDate,
		seller_business_id: doc.seller.businessId,
		seller_name: doc.seller.name,
		contract: doc.contractNumber,
		buyer_reference: doc.buyer.buyerReference,
		order_reference: doc.buyer.orderReference,
		period_from: doc.period?.from,
		period_until: doc.period?.until,
		specification: doc.specificationId,
		currency: doc.currency,
		payment_reference: doc.paymentReference
	};
	const row = (cells: Partial<Record<Column, unknown>>) => FINANCE_CSV_HEADER.map((c) => ({ ...common, ...cells })[c] ?? null);
	const rate = (bp: number) => new CsvNumber(basisPointsToPercent(bp, decimal));
	const rows: unknown[][] = [[...FINANCE_CSV_HEADER]];
	doc.lines.forEach((l, i) =>
		rows.push(
			row({
				row: 'line',
				line: i + 1,
				description: l.description,
				quantity: new CsvNumber(hundredthsToDecimal(sign * l.quantityHundredths, decimal)),
				unit: TEXTS[doc.language].units[l.unit],
				unit_price: new CsvNumber(hundredthsToDecimal(l.unitPriceCents, decimal)),
				vat_rate_percent: rate(l.vatRateBp),
				net_amount: money(l.netCents)
			})
		)
	);
	for (const v of doc.vat)
		rows.push(
			row({
				row: 'vat',
				vat_rate_percent: rate(v.vatRateBp),
				net_amount: money(v.taxableCents),
				vat_amount: money(v.vatCents),
				gross_amount: money(v.taxableCents + v.vatCents)
			})
		);
	rows.push(row({ row: 'total', net_amount: money(doc.totals.netCents), vat_amount: money(doc.totals.vatCents), gross_amount: money(doc.totals.grossCents) }));
	return { rows, separator };
}

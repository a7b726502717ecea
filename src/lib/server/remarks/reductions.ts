/**
 * JYSE 2014: a price reduction the area links to a closed quality remark becomes a manual line of the contract's
 * next invoice, with the remark as its justification. The line is made from the remark at every computation of
 * an open invoice (so the provider can neither type nor remove it) and the remark remembers which invoice holds it;
 * a discarded draft lets it go to the next one (the foreign key sets it null).
 */
import { and, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { ManualLineInput } from '$lib/domain/invoicing/pricing';
import { isLocale, translate } from '$lib/i18n';
import type { DbOrTx } from '../db/client';
import { invoices, remarks } from '../db/schema';

/** The reductions of the contract that belong on this invoice: not yet on another one. */
export async function reductionLines(tx: DbOrTx, contractId: string, invoiceId: string): Promise<ManualLineInput[]> {
	const rows = await tx
		.select({ id: remarks.id, number: remarks.number, cents: remarks.reductionCents, vatRateBp: remarks.reductionVatRateBp, reason: remarks.reductionReason })
		.from(remarks)
		.where(
			and(
				eq(remarks.contractId, contractId),
				isNotNull(remarks.reductionCents),
				or(isNull(remarks.reductionInvoiceId), eq(remarks.reductionInvoiceId, invoiceId))
			)
		)
		.orderBy(remarks.number);
	if (rows.length === 0) return [];
	const [inv] = await tx.select({ language: invoices.language }).from(invoices).where(eq(invoices.id, invoiceId));
	const locale = isLocale(inv?.language) ? inv.language : 'fi';
	return rows.map((r) => ({
		description: translate(locale, 'remarks.invoiceLine', { number: r.number }),
		// A deduction is a negative quantity at a positive price (EN 16931 BR-27).
		quantityHundredths: -100,
		unitPriceCents: r.cents!,
		vatRateBp: r.vatRateBp ?? 0,
		justification: translate(locale, 'remarks.invoiceJustification', { number: r.number, reason: r.reason ?? '' }),
		remarkId: r.id
	}));
}

/** The invoice now holds these remarks' reductions (credit notes never take one). */
export async function bindReductions(tx: DbOrTx, invoiceId: string, lines: { remarkId?: string | null }[]): Promise<void> {
	const ids = lines.map((l) => l.remarkId).filter((x): x is string => !!x);
	if (ids.length === 0) return;
	await tx
		.update(remarks)
		.set({ reductionInvoiceId: invoiceId })
		.where(and(inArray(remarks.id, ids), sql`exists (select 1 from ${invoices} where ${invoices.id} = ${invoiceId} and ${invoices.kind} = 'invoice')`));
}

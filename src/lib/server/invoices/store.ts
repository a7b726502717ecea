/**
 * What the invoice transitions share: the refusals they answer with, the row lock every transition takes
 * first, storing computed lines with their VAT breakdown and totals, and the invoice event that is audited
 * in the same transaction.
 */
import { eq } from 'drizzle-orm';
import { totalsOf, vatBreakdown, type ComputedLine, type PricingError } from '$lib/domain/invoicing/pricing';
import { recordAudit, type AuditContext } from '../audit';
import type { DbOrTx, Tx } from '../db/client';
import { invoiceEvents, invoiceLines, invoices, type Invoice } from '../db/schema';

export type InvoiceError =
	| 'notFound'
	| 'stale'
	| 'wrongStatus'
	| 'periodTaken'
	| 'periodNotEnded'
	| 'periodOutside'
	| 'openInvoiceExists'
	| 'empty'
	| 'overBudget'
	| 'sameReviewer'
	| 'providerPerson'
	| 'overLimit'
	| 'pricing'
	| 'notCreditable'
	| 'nothingToCredit'
	| 'overCredit';

export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: InvoiceError; pricing?: PricingError[] };

/** Locks the invoice row; with it, the version and status checks of every transition. */
export async function lockInvoice(tx: Tx, invoiceId: string) {
	const [row] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
	return row;
}

/** Replaces the invoice's lines (a credit note's name the line each credits) and stores its totals. */
export async function storeLines(tx: Tx, invoiceId: string, lines: (ComputedLine & { creditedLineId?: string | null })[]) {
	await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
	if (lines.length)
		await tx.insert(invoiceLines).values(
			lines.map((l, position) => ({
				invoiceId,
				position,
				kind: l.kind,
				unit: l.unit,
				priceLineId: l.priceLineId,
				description: l.description,
				quantityHundredths: l.quantityHundredths,
				unitPriceCents: l.unitPriceCents,
				vatRateBp: l.vatRateBp,
				netCents: l.netCents,
				vatExemption: l.vatExemption ?? null,
				justification: l.justification,
				details: l.details,
				creditedLineId: l.creditedLineId ?? null
			}))
		);
	return storeTotals(tx, invoiceId, lines);
}

/** The invoice's VAT breakdown and totals from its lines. */
export async function storeTotals(tx: Tx, invoiceId: string, lines: { vatRateBp: number; netCents: number }[]) {
	const vat = vatBreakdown(lines);
	const totals = totalsOf(lines, vat);
	await tx.update(invoices).set({ vat, netCents: totals.netCents, vatCents: totals.vatCents, grossCents: totals.grossCents }).where(eq(invoices.id, invoiceId));
	return totals;
}

export async function invoiceEvent(tx: DbOrTx, ctx: AuditContext, invoice: Pick<Invoice, 'id' | 'areaId'>, kind: (typeof invoiceEvents.$inferInsert)['kind'], comment: string | null = null, snapshot: unknown = null) {
	await tx.insert(invoiceEvents).values({ invoiceId: invoice.id, kind, at: ctx.clock(), by: ctx.userId!, comment, snapshot });
	await recordAudit(tx, ctx, { action: `invoice.${kind}`, areaId: invoice.areaId, targetType: 'invoice', targetIds: [invoice.id] });
}


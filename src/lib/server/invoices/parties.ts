/**
 * The seller and buyer of an invoice. At every submission they are frozen into the invoice (`invoices.parties`);
 * from then on every view and export of a submitted, checked, approved or paid invoice is built from that copy
 * and stays the same byte for byte whatever changes in the registers (an IBAN, an address, a contract number).
 * A draft, or a returned invoice being corrected, shows the registers as they are now (what would be sent).
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { normaliseIban, vatNumberFromBusinessId } from '$lib/domain/identifiers';
import type { DbOrTx } from '../db/client';
import { contracts, invoiceLines, invoices, organisations, type FrozenParties, type Invoice, type Organisation } from '../db/schema';
import { DEFAULT_VAT_EXEMPTION_CODE, vatExemptionText, type Party } from '../einvoice/document';

/** An invoice in these states has been sent: its parties are the frozen ones. */
export const FROZEN_STATUSES: readonly Invoice['status'][] = ['submitted', 'checked', 'approved', 'paid'];

function party(o: Organisation): Party & { peppolId: string | null } {
	return {
		name: o.name,
		businessId: o.businessId ?? '',
		vatId: o.vatNumber ?? (o.businessId ? vatNumberFromBusinessId(o.businessId) : null),
		address: { street: o.streetAddress ?? '', postalCode: o.postalCode ?? '', city: o.city ?? '', countryCode: 'FI' },
		einvoiceAddress: o.ovt,
		einvoiceOperator: o.einvoiceOperator,
		peppolId: o.peppolId
	};
}

/**
 * The parties as the registers hold them now: what a submission freezes. The buyer's reference is the area's own
 * for the contract (default: the contract number) and its order reference, if any; the exemption texts are those of
 * the reasons the invoice's 0 % lines carry, in the invoice's language.
 */
export async function liveParties(db: DbOrTx, invoice: Pick<Invoice, 'id' | 'providerId' | 'areaId' | 'contractId' | 'language'>): Promise<FrozenParties> {
	const [seller] = await db.select().from(organisations).where(eq(organisations.id, invoice.providerId));
	const [buyer] = await db.select().from(organisations).where(eq(organisations.id, invoice.areaId));
	const [contract] = await db
		.select({
			number: contracts.contractNumber,
			paymentTermDays: contracts.paymentTermDays,
			buyerReference: contracts.buyerReference,
			orderReference: contracts.orderReference
		})
		.from(contracts)
		.where(eq(contracts.id, invoice.contractId));
	const codes = await db
		.selectDistinct({ code: invoiceLines.vatExemption })
		.from(invoiceLines)
		.where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.vatRateBp, 0)))
		.orderBy(asc(invoiceLines.vatExemption));
	return {
		seller: { ...party(seller), iban: seller.iban ?? '', bic: seller.bic ?? '' },
		buyer: { ...party(buyer), buyerReference: contract.buyerReference ?? contract.number, orderReference: contract.orderReference },
		contractNumber: contract.number,
		paymentTermDays: contract.paymentTermDays,
		vatExemption: vatExemptionText(DEFAULT_VAT_EXEMPTION_CODE, invoice.language),
		vatExemptions: codes.flatMap((c) => (c.code ? [vatExemptionText(c.code, invoice.language)] : []))
	};
}

/** The parties an invoice is shown and exported with: frozen once sent, live while a draft. */
export async function partiesOf(db: DbOrTx, invoice: Invoice): Promise<FrozenParties> {
	return FROZEN_STATUSES.includes(invoice.status) && invoice.parties ? invoice.parties : liveParties(db, invoice);
}

/**
 * "The bank account changed since the last approved invoice": the IBAN this invoice would be paid to (frozen
 * once sent, the provider's current one while a draft) against the frozen IBAN of the contract's last approved
 * (or paid) invoice before it. Null when they agree, when there is none yet, or when this invoice is itself approved.
 */
export async function bankAccountWarning(db: DbOrTx, invoice: Invoice, parties: FrozenParties): Promise<{ previous: string; current: string } | null> {
	if (invoice.status === 'approved' || invoice.status === 'paid') return null;
	const [last] = await db
		.select({ parties: invoices.parties })
		.from(invoices)
		.where(
			and(
				eq(invoices.contractId, invoice.contractId),
				eq(invoices.kind, 'invoice'),
				inArray(invoices.status, ['approved', 'paid']),
				ne(invoices.id, invoice.id)
			)
		)
		.orderBy(desc(invoices.approvedAt))
		.limit(1);
	const previous = last?.parties?.seller.iban;
	const current = parties.seller.iban;
	if (!previous || normaliseIban(previous) === normaliseIban(current)) return null;
	return { previous, current };
}

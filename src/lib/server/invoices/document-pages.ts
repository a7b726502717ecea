/**
 * An invoice's documents in both workspaces: the per-customer specification (audited) and the printable
 * document in the buyer's language (no customers). Both authorize through the policy module (invoiceIn).
 */
import { error } from '@sveltejs/kit';
import { bankBarcode } from '$lib/domain/invoicing/barcode';
import { recordAudit } from '../audit';
import { breakdownExemption, TEXTS } from '../einvoice/document';
import { invoiceDocument } from './exports';
import { invoiceIn, type Ev, type Side } from './pages';
import { partiesOf } from './parties';
import { getInvoiceDetail, getSpecification } from './read';

/**
 * The per-customer specification: which customers, days, meetings and outcomes each line counts. Reading it
 * reads customers' personal data, so the customers shown are written to the audit log in the same request.
 */
export async function loadSpecification(event: Ev, side: Side) {
	const { db, scope, ctx } = await invoiceIn(event, side);
	const d = await getInvoiceDetail(db, scope.id);
	if (!d) error(404, 'notFound');
	const spec = await getSpecification(db, scope.id);
	await recordAudit(db, ctx, {
		action: 'customer.read',
		areaId: scope.areaId,
		targetType: 'invoice_specification',
		targetIds: [scope.id],
		customerIds: spec.customerIds
	});
	const inv = d.invoice;
	const parties = await partiesOf(db, inv);
	return {
		side,
		invoice: {
			id: inv.id,
			kind: inv.kind,
			status: inv.status,
			number: inv.number,
			periodFrom: inv.periodFrom,
			periodUntil: inv.periodUntil,
			specificationId: inv.specificationId
		},
		contract: { number: parties.contractNumber, title: d.contract.title },
		providerName: parties.seller.name,
		lines: spec.lines,
		customerCount: spec.customerIds.length
	};
}

/**
 * The invoice as a document, in the buyer's language (the invoice's `language`): the same parties, lines and
 * totals as the e-invoice exports, the specification id, and no customer.
 */
export async function loadPrint(event: Ev, side: Side) {
	const { db, scope } = await invoiceIn(event, side);
	const d = await getInvoiceDetail(db, scope.id);
	if (!d) error(404, 'notFound');
	const inv = d.invoice;
	const parties = await partiesOf(db, inv);
	const doc = await invoiceDocument(db, inv);
	const texts = TEXTS[doc.language];
	const party = (p: typeof doc.seller | typeof doc.buyer, peppolId: string | null) => ({
		name: p.name,
		businessId: p.businessId,
		vatId: p.vatId,
		street: p.address.street,
		postalCode: p.address.postalCode,
		city: p.address.city,
		einvoiceAddress: p.einvoiceAddress,
		einvoiceOperator: p.einvoiceOperator,
		peppolId
	});
	const submitted = inv.status !== 'draft';
	return {
		side,
		invoiceId: inv.id,
		status: inv.status,
		document: {
			kind: doc.kind,
			language: doc.language,
			number: inv.number,
			issueDate: inv.issueDate,
			dueDate: inv.dueDate,
			paymentReference: inv.paymentReference,
			specificationId: doc.specificationId,
			contractNumber: doc.contractNumber,
			buyerReference: doc.buyer.buyerReference,
			orderReference: doc.buyer.orderReference,
			period: { from: inv.periodFrom, until: inv.periodUntil },
			paymentTermDays: parties.paymentTermDays,
			seller: { ...party(doc.seller, parties.seller.peppolId), iban: doc.seller.iban, bic: doc.seller.bic },
			buyer: party(doc.buyer, parties.buyer.peppolId),
			lines: doc.lines.map((l) => ({ ...l, unitLabel: texts.units[l.unit] })),
			vat: doc.vat,
			totals: doc.totals,
			exemption: doc.vat.some((r) => r.vatRateBp === 0) ? breakdownExemption(doc).texts.join('; ') : null,
			original: doc.original ?? null
		},
		barcode:
			submitted && doc.kind === 'invoice' && inv.paymentReference && doc.seller.iban
				? bankBarcode({ iban: doc.seller.iban, reference: inv.paymentReference, cents: inv.grossCents, dueDate: inv.dueDate })
				: null
	};
}

/**
 * The EN 16931 / Peppol BIS 3.0 business rules an export of ours can break, checked in code because the
 * schemas cannot check them (sums, VAT per rate, mandatory parties and ids) and the official schematron
 * (../shared/einvoice/peppol/sch) needs an XSLT 2 engine we do not ship. Rule ids are the official ones;
 * Finnish identifier checks, which Peppol leaves to each country, have ids starting with FI-.
 *
 * Amounts are compared exactly, to the cent: stricter than the schematron's one-unit tolerance on
 * BR-CO-17/BR-S-08/BR-S-09, because our amounts come out of integer arithmetic and must match exactly.
 *
 * checkDocument checks the document before any XML is written (both generators refuse a failing document);
 * it returns the violated rule ids, sorted, without repeats; [] when all pass. The checkers of written XML
 * (checkUbl, checkFinvoice) are the tests' own: tests/helpers/einvoice-rules.ts.
 */
import {
	isValidBusinessId,
	isValidFinnishOvt,
	isValidFinnishReference,
	isValidIban,
	isValidRfReference,
	normaliseReference,
	vatNumberFromBusinessId
} from '$lib/domain/identifiers';
import { lineNetCents, vatCents } from '$lib/domain/invoicing/money';
import { isIsoDate } from '$lib/domain/clock';
import { breakdownExemption, endpointOf, exemptionsOf, vatCategory, type InvoiceDocument, type Party } from './document';

export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

export class Violations {
	private readonly ids = new Set<string>();
	need(id: string, ok: boolean) {
		if (!ok) this.ids.add(id);
	}
	list(): string[] {
		return [...this.ids].sort();
	}
}

// ---------------------------------------------------------------- Finnish identifiers

export function isValidFinnishVatId(value: string): boolean {
	const v = value.trim().toUpperCase();
	return /^FI\d{8}$/.test(v) && isValidBusinessId(`${v.slice(2, 9)}-${v.slice(9)}`);
}

export function isValidPaymentReference(value: string): boolean {
	const v = normaliseReference(value);
	return v.startsWith('RF') ? isValidRfReference(v) : isValidFinnishReference(v);
}

function checkParty(v: Violations, party: Party) {
	v.need('FI-BUSINESS-ID', isValidBusinessId(party.businessId));
	if (party.vatId !== null) v.need('FI-VAT-ID', isValidFinnishVatId(party.vatId) && party.vatId.toUpperCase() === vatNumberFromBusinessId(party.businessId));
	if (party.einvoiceAddress !== null) v.need('FI-0216', isValidFinnishOvt(party.einvoiceAddress));
}

// ---------------------------------------------------------------- The document

export function checkDocument(doc: InvoiceDocument): string[] {
	const v = new Violations();
	const has = (s: string | null | undefined) => !!s && s.trim() !== '';
	v.need('BR-02', has(doc.number));
	v.need('BR-03', isIsoDate(doc.issueDate));
	v.need('BR-05', doc.currency === 'EUR');
	v.need('BR-06', has(doc.seller.name));
	v.need('BR-07', has(doc.buyer.name));
	for (const [party, address, country] of [
		[doc.seller, 'BR-08', 'BR-09'],
		[doc.buyer, 'BR-10', 'BR-11']
	] as const) {
		v.need(address, has(party.address.street) && has(party.address.city) && has(party.address.postalCode));
		v.need(country, /^[A-Z]{2}$/.test(party.address.countryCode));
		checkParty(v, party);
	}
	v.need('BR-16', doc.lines.length > 0);
	v.need('BR-CO-18', doc.vat.length > 0);
	v.need('PEPPOL-EN16931-R003', has(doc.buyer.buyerReference) || has(doc.buyer.orderReference));
	v.need('BR-61', has(doc.seller.iban));
	v.need('FI-IBAN', isValidIban(doc.seller.iban));
	v.need('FI-BIC', BIC.test(doc.seller.bic));
	v.need('FI-PAYMENT-REFERENCE', isValidPaymentReference(doc.paymentReference));
	// The only link to the customers is the specification id: it must be there.
	v.need('PTP-SPECIFICATION-ID', has(doc.specificationId));
	// Finvoice's InvoiceNumber holds at most 20 characters.
	v.need('FINVOICE-INVOICE-NUMBER', doc.number.length <= 20);
	if (doc.kind === 'invoice') v.need('BR-CO-25', doc.totals.grossCents <= 0 || isIsoDate(doc.dueDate));
	else v.need('BR-55', has(doc.original?.number) && isIsoDate(doc.original?.issueDate ?? ''));
	// Finvoice needs a payment date (EpiDateOptionDate) on every message, credit notes too.
	v.need('FINVOICE-EPI-DATE', isIsoDate(doc.dueDate));

	for (const l of doc.lines) {
		v.need('BR-25', has(l.description));
		v.need('BR-27', l.unitPriceCents >= 0);
		v.need('PEPPOL-EN16931-R120', l.netCents === lineNetCents(l.quantityHundredths, l.unitPriceCents));
	}
	v.need('BR-CO-10', doc.totals.netCents === doc.lines.reduce((s, l) => s + l.netCents, 0));
	v.need('BR-CO-14', doc.totals.vatCents === doc.vat.reduce((s, r) => s + r.vatCents, 0));
	v.need('BR-CO-15', doc.totals.grossCents === doc.totals.netCents + doc.totals.vatCents);

	const rates = new Set(doc.lines.map((l) => l.vatRateBp));
	for (const rate of rates) v.need(vatCategory(rate) === 'S' ? 'BR-S-01' : 'BR-E-01', doc.vat.filter((r) => r.vatRateBp === rate).length === 1);
	for (const row of doc.vat) {
		const cat = vatCategory(row.vatRateBp);
		const taxable = doc.lines.filter((l) => l.vatRateBp === row.vatRateBp).reduce((s, l) => s + l.netCents, 0);
		v.need(cat === 'S' ? 'BR-S-08' : 'BR-E-08', rates.has(row.vatRateBp) && row.taxableCents === taxable);
		v.need('BR-CO-17', row.vatCents === vatCents(row.taxableCents, row.vatRateBp));
		if (cat === 'S') v.need('BR-S-09', row.vatCents === vatCents(row.taxableCents, row.vatRateBp));
		if (cat === 'E') {
			v.need('BR-E-09', row.vatCents === 0);
			const ex = breakdownExemption(doc);
			v.need('BR-E-10', has(ex.code) || ex.texts.some(has));
			for (const e of exemptionsOf(doc)) v.need('BR-CL-22', /^VATEX-[A-Z0-9-]+$/.test(e.code));
		}
	}
	for (const rate of rates) v.need(vatCategory(rate) === 'S' ? 'BR-S-02' : 'BR-E-02', has(doc.seller.vatId));
	// Both endpoints are always derivable (OVT or business id); check what they will be.
	for (const party of [doc.seller, doc.buyer]) {
		const e = endpointOf(party);
		v.need(party === doc.seller ? 'PEPPOL-EN16931-R020' : 'PEPPOL-EN16931-R010', e.id !== '');
	}
	return v.list();
}

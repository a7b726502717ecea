/**
 * Peppol BIS Billing 3.0 (UBL 2.1) Invoice and CreditNote. Valid against the UBL 2.1 schemas
 * (../shared/einvoice/validate-ubl.sh) and checked against the EN 16931 / Peppol rules in rules.ts.
 *
 * Choices: endpoints are the parties' stored Peppol ids, or else their OVT codes (scheme 0216), or else their
 * business ids (scheme 0037); 0 % lines are category E, with one E subtotal carrying the exemption reason (with
 * several reasons their texts, and each exempt line names its own in a line note); payment is a SEPA credit transfer (58) with the
 * payment reference as PaymentID; the only pointer to the customers is the specification id
 * (AdditionalDocumentReference and a note). A credit note holds positive amounts: the document type says
 * they are credited.
 */
import { create } from 'xmlbuilder2';
import { normaliseBusinessId, normaliseIban, normaliseReference } from '$lib/domain/identifiers';
import { basisPointsToPercent, hundredthsToDecimal } from '$lib/domain/invoicing/money';
import { daysBetween } from '$lib/domain/invoicing/periods';
import {
	breakdownExemption,
	EinvoiceRuleError,
	exemptionsOf,
	TEXTS,
	UNIT_CODES,
	endpointOf,
	vatCategory,
	vatExemptionOf,
	type InvoiceDocument,
	type Party
} from './document';
import { PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID, checkDocument } from './rules';
import { add, type XMLBuilder } from './xml';

const NS = {
	invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
	creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
	cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
	cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2'
};

/** The document as Peppol BIS Billing 3.0 UBL XML. Throws EinvoiceRuleError when the document breaks a rule. */
export function toUbl(doc: InvoiceDocument): string {
	const violations = checkDocument(doc);
	if (violations.length > 0) throw new EinvoiceRuleError(violations);
	const credit = doc.kind === 'credit_note';
	const texts = TEXTS[doc.language];
	const money = (cents: number) => ({ attrs: { currencyID: doc.currency }, value: hundredthsToDecimal(cents) });
	const amount = (parent: XMLBuilder, name: string, cents: number) => {
		const m = money(cents);
		add(parent, name, m.value, m.attrs);
	};

	const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(credit ? NS.creditNote : NS.invoice, credit ? 'CreditNote' : 'Invoice', {
		'xmlns:cac': NS.cac,
		'xmlns:cbc': NS.cbc
	});
	add(root, 'cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID);
	add(root, 'cbc:ProfileID', PEPPOL_PROFILE_ID);
	add(root, 'cbc:ID', doc.number);
	add(root, 'cbc:IssueDate', doc.issueDate);
	if (!credit) add(root, 'cbc:DueDate', doc.dueDate);
	add(root, credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', credit ? '381' : '380');
	add(root, 'cbc:Note', texts.specification(doc.specificationId));
	add(root, 'cbc:DocumentCurrencyCode', doc.currency);
	add(root, 'cbc:BuyerReference', doc.buyer.buyerReference);
	if (doc.period) {
		const period = root.ele('cac:InvoicePeriod');
		add(period, 'cbc:StartDate', doc.period.from);
		add(period, 'cbc:EndDate', doc.period.until);
	}
	if (doc.buyer.orderReference?.trim()) add(root.ele('cac:OrderReference'), 'cbc:ID', doc.buyer.orderReference);
	if (credit && doc.original) {
		const ref = root.ele('cac:BillingReference').ele('cac:InvoiceDocumentReference');
		add(ref, 'cbc:ID', doc.original.number);
		add(ref, 'cbc:IssueDate', doc.original.issueDate);
	}
	if (doc.contractNumber?.trim()) add(root.ele('cac:ContractDocumentReference'), 'cbc:ID', doc.contractNumber);
	const spec = root.ele('cac:AdditionalDocumentReference');
	add(spec, 'cbc:ID', doc.specificationId);
	add(spec, 'cbc:DocumentDescription', texts.specification(doc.specificationId));

	party(root.ele('cac:AccountingSupplierParty'), doc.seller);
	party(root.ele('cac:AccountingCustomerParty'), doc.buyer);

	const means = root.ele('cac:PaymentMeans');
	add(means, 'cbc:PaymentMeansCode', '58', { name: 'SEPA credit transfer' });
	add(means, 'cbc:PaymentID', normaliseReference(doc.paymentReference));
	const account = means.ele('cac:PayeeFinancialAccount');
	add(account, 'cbc:ID', normaliseIban(doc.seller.iban));
	add(account.ele('cac:FinancialInstitutionBranch'), 'cbc:ID', doc.seller.bic);
	if (!credit) add(root.ele('cac:PaymentTerms'), 'cbc:Note', texts.paymentTerms(daysBetween(doc.issueDate, doc.dueDate)));

	const taxTotal = root.ele('cac:TaxTotal');
	amount(taxTotal, 'cbc:TaxAmount', doc.totals.vatCents);
	for (const row of doc.vat) {
		const sub = taxTotal.ele('cac:TaxSubtotal');
		amount(sub, 'cbc:TaxableAmount', row.taxableCents);
		amount(sub, 'cbc:TaxAmount', row.vatCents);
		const category = sub.ele('cac:TaxCategory');
		add(category, 'cbc:ID', vatCategory(row.vatRateBp));
		add(category, 'cbc:Percent', basisPointsToPercent(row.vatRateBp));
		if (vatCategory(row.vatRateBp) === 'E') {
			// Exactly one E subtotal (BR-E-01), at most one reason text (UBL-SR-32).
			const exemption = breakdownExemption(doc);
			add(category, 'cbc:TaxExemptionReasonCode', exemption.code);
			add(category, 'cbc:TaxExemptionReason', exemption.texts.join('; '));
		}
		add(category.ele('cac:TaxScheme'), 'cbc:ID', 'VAT');
	}

	const totals = root.ele('cac:LegalMonetaryTotal');
	amount(totals, 'cbc:LineExtensionAmount', doc.totals.netCents);
	amount(totals, 'cbc:TaxExclusiveAmount', doc.totals.netCents);
	amount(totals, 'cbc:TaxInclusiveAmount', doc.totals.grossCents);
	amount(totals, 'cbc:PayableAmount', doc.totals.grossCents);

	const mixedExemptions = exemptionsOf(doc).length > 1;
	doc.lines.forEach((l, i) => {
		const line = root.ele(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
		add(line, 'cbc:ID', String(i + 1));
		// Peppol has no reason on a line: with several reasons a line note (BT-127) says which one exempts this line.
		if (mixedExemptions && vatCategory(l.vatRateBp) === 'E') add(line, 'cbc:Note', (l.vatExemption ?? vatExemptionOf(doc)).text);
		add(line, credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', hundredthsToDecimal(l.quantityHundredths), { unitCode: UNIT_CODES[l.unit] });
		amount(line, 'cbc:LineExtensionAmount', l.netCents);
		const item = line.ele('cac:Item');
		add(item, 'cbc:Name', l.description);
		const category = item.ele('cac:ClassifiedTaxCategory');
		add(category, 'cbc:ID', vatCategory(l.vatRateBp));
		add(category, 'cbc:Percent', basisPointsToPercent(l.vatRateBp));
		add(category.ele('cac:TaxScheme'), 'cbc:ID', 'VAT');
		amount(line.ele('cac:Price'), 'cbc:PriceAmount', l.unitPriceCents);
	});

	return root.end({ prettyPrint: true });
}

function party(parent: XMLBuilder, p: Party) {
	const node = parent.ele('cac:Party');
	const endpoint = endpointOf(p);
	add(node, 'cbc:EndpointID', endpoint.id, { schemeID: endpoint.scheme });
	add(node.ele('cac:PartyName'), 'cbc:Name', p.name);
	const address = node.ele('cac:PostalAddress');
	add(address, 'cbc:StreetName', p.address.street);
	add(address, 'cbc:CityName', p.address.city);
	add(address, 'cbc:PostalZone', p.address.postalCode);
	add(address.ele('cac:Country'), 'cbc:IdentificationCode', p.address.countryCode);
	if (p.vatId) {
		const tax = node.ele('cac:PartyTaxScheme');
		add(tax, 'cbc:CompanyID', p.vatId.toUpperCase());
		add(tax.ele('cac:TaxScheme'), 'cbc:ID', 'VAT');
	}
	const legal = node.ele('cac:PartyLegalEntity');
	add(legal, 'cbc:RegistrationName', p.name);
	add(legal, 'cbc:CompanyID', normaliseBusinessId(p.businessId));
}

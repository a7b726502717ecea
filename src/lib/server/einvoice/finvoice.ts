/**
 * Finvoice 3.0 invoice (INV01, UN 380) and credit note (INV02, UN 381), valid against Finvoice3.0.xsd
 * and marked EN16931 (MessageDetails/SpecificationIdentifier).
 *
 * Finvoice conventions followed: amounts with a decimal comma; a credit note's quantities and amounts are
 * negative while unit prices stay positive; the e-invoice addresses go in MessageTransmissionDetails with
 * SchemeID 0037, as the Finvoice samples write OVT codes; the bank barcode only on invoices that can be paid
 * with it. The invoice carries the specification id only (InvoiceFreeText), never a customer.
 */
import { create } from 'xmlbuilder2';
import { normaliseBusinessId, normaliseIban, normaliseReference } from '$lib/domain/identifiers';
import { bankBarcode } from '$lib/domain/invoicing/barcode';
import { basisPointsToPercent, hundredthsToDecimal } from '$lib/domain/invoicing/money';
import { daysBetween } from '$lib/domain/invoicing/periods';
import { EinvoiceRuleError, TEXTS, UNIT_CODES, vatCategory, vatExemptionOf, type InvoiceDocument, type Party } from './document';
import { checkDocument } from './rules';
import { add, compactDate, pieces, type XMLBuilder } from './xml';

export interface FinvoiceOptions {
	/** When the message is sent (xs:dateTime); the export layer passes its clock's time. Default: the issue date. */
	messageTimestamp?: string;
}

/** The document as Finvoice 3.0 XML (UTF-8). Throws EinvoiceRuleError when the document breaks a rule. */
export function toFinvoice(doc: InvoiceDocument, options: FinvoiceOptions = {}): string {
	const violations = checkDocument(doc);
	if (violations.length > 0) throw new EinvoiceRuleError(violations);
	const credit = doc.kind === 'credit_note';
	const sign = credit ? -1 : 1;
	const texts = TEXTS[doc.language];
	const eur = { AmountCurrencyIdentifier: doc.currency };
	const amount = (parent: XMLBuilder, name: string, cents: number) => add(parent, name, hundredthsToDecimal(sign * cents, ','), eur);
	const date = (parent: XMLBuilder, name: string, day: string) => add(parent, name, compactDate(day), { Format: 'CCYYMMDD' });
	const reference = normaliseReference(doc.paymentReference);

	const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('Finvoice', {
		Version: '3.0',
		'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
		'xsi:noNamespaceSchemaLocation': 'Finvoice3.0.xsd'
	});

	// Routing: only when both e-invoice addresses and operators are known (the operator may add it otherwise).
	const { seller, buyer } = doc;
	if (seller.einvoiceAddress && seller.einvoiceOperator && buyer.einvoiceAddress && buyer.einvoiceOperator) {
		const transmission = root.ele('MessageTransmissionDetails');
		const from = transmission.ele('MessageSenderDetails');
		add(from, 'FromIdentifier', seller.einvoiceAddress, { SchemeID: '0037' });
		add(from, 'FromIntermediator', seller.einvoiceOperator);
		const to = transmission.ele('MessageReceiverDetails');
		add(to, 'ToIdentifier', buyer.einvoiceAddress, { SchemeID: '0037' });
		add(to, 'ToIntermediator', buyer.einvoiceOperator);
		const message = transmission.ele('MessageDetails');
		add(message, 'MessageIdentifier', `${credit ? 'CRN' : 'INV'}-${doc.number}`);
		add(message, 'MessageTimeStamp', options.messageTimestamp ?? `${doc.issueDate}T00:00:00Z`);
		add(message, 'SpecificationIdentifier', 'EN16931');
	}

	const sellerDetails = root.ele('SellerPartyDetails');
	partyDetails(sellerDetails, 'Seller', seller);
	const info = root.ele('SellerInformationDetails').ele('SellerAccountDetails');
	add(info, 'SellerAccountID', normaliseIban(seller.iban), { IdentificationSchemeName: 'IBAN' });
	add(info, 'SellerBic', seller.bic, { IdentificationSchemeName: 'BIC' });
	add(root, 'InvoiceRecipientLanguageCode', doc.language.toUpperCase());
	partyDetails(root.ele('BuyerPartyDetails'), 'Buyer', buyer);

	const details = root.ele('InvoiceDetails');
	add(details, 'InvoiceTypeCode', credit ? 'INV02' : 'INV01');
	add(details, 'InvoiceTypeCodeUN', credit ? '381' : '380');
	add(details, 'InvoiceTypeText', credit ? texts.creditNote : texts.invoice);
	add(details, 'OriginCode', 'Original');
	add(details, 'InvoiceNumber', doc.number);
	date(details, 'InvoiceDate', doc.issueDate);
	if (credit && doc.original) {
		add(details, 'OriginalInvoiceNumber', doc.original.number);
		date(details, 'OriginalInvoiceDate', doc.original.issueDate);
		const original = details.ele('OriginalInvoiceReference');
		add(original, 'InvoiceNumber', doc.original.number);
		date(original, 'InvoiceDate', doc.original.issueDate);
	}
	if (doc.period) {
		date(details, 'InvoicingPeriodStartDate', doc.period.from);
		date(details, 'InvoicingPeriodEndDate', doc.period.until);
	}
	add(details, 'OrderIdentifier', buyer.orderReference);
	add(details, 'AgreementIdentifier', doc.contractNumber);
	add(details, 'BuyerReferenceIdentifier', buyer.buyerReference);
	amount(details, 'RowsTotalVatExcludedAmount', doc.totals.netCents);
	amount(details, 'InvoiceTotalVatExcludedAmount', doc.totals.netCents);
	amount(details, 'InvoiceTotalVatAmount', doc.totals.vatCents);
	amount(details, 'InvoiceTotalVatIncludedAmount', doc.totals.grossCents);
	for (const row of doc.vat) {
		const vat = details.ele('VatSpecificationDetails');
		amount(vat, 'VatBaseAmount', row.taxableCents);
		add(vat, 'VatRatePercent', basisPointsToPercent(row.vatRateBp, ','));
		add(vat, 'VatCode', vatCategory(row.vatRateBp));
		amount(vat, 'VatRateAmount', row.vatCents);
		if (vatCategory(row.vatRateBp) === 'E') {
			const exemption = vatExemptionOf(doc);
			add(vat, 'VatFreeText', pieces(exemption.text, 70, 1)[0]);
			add(vat, 'VatExemptionReasonCode', exemption.code);
		}
	}
	add(details, 'InvoiceFreeText', texts.specification(doc.specificationId));
	if (!credit) {
		const terms = details.ele('PaymentTermsDetails');
		add(terms, 'PaymentTermsFreeText', texts.paymentTerms(daysBetween(doc.issueDate, doc.dueDate)));
		date(terms, 'InvoiceDueDate', doc.dueDate);
	}

	if (!credit) add(root, 'VirtualBankBarcode', bankBarcode({ iban: seller.iban, reference, cents: doc.totals.grossCents, dueDate: doc.dueDate }));

	doc.lines.forEach((l, i) => {
		const row = root.ele('InvoiceRow');
		const [name] = pieces(l.description, 100, 1);
		add(row, 'ArticleName', name);
		if (name !== l.description.trim()) add(row, 'ArticleDescription', pieces(l.description, 512, 1)[0]);
		add(row, 'InvoicedQuantity', hundredthsToDecimal(sign * l.quantityHundredths, ','), {
			QuantityUnitCode: texts.units[l.unit],
			QuantityUnitCodeUN: UNIT_CODES[l.unit]
		});
		add(row, 'UnitPriceAmount', hundredthsToDecimal(l.unitPriceCents, ','), eur);
		add(row, 'RowPositionIdentifier', String(i + 1));
		add(row, 'RowVatRatePercent', basisPointsToPercent(l.vatRateBp, ','));
		add(row, 'RowVatCode', vatCategory(l.vatRateBp));
		amount(row, 'RowVatExcludedAmount', l.netCents);
	});

	const epi = root.ele('EpiDetails');
	const identification = epi.ele('EpiIdentificationDetails');
	date(identification, 'EpiDate', doc.issueDate);
	identification.ele('EpiReference');
	const parties = epi.ele('EpiPartyDetails');
	add(parties.ele('EpiBfiPartyDetails'), 'EpiBfiIdentifier', seller.bic, { IdentificationSchemeName: 'BIC' });
	const beneficiary = parties.ele('EpiBeneficiaryPartyDetails');
	add(beneficiary, 'EpiNameAddressDetails', pieces(seller.name, 35, 1)[0]);
	add(beneficiary, 'EpiAccountID', normaliseIban(seller.iban), { IdentificationSchemeName: 'IBAN' });
	const instruction = epi.ele('EpiPaymentInstructionDetails');
	add(instruction, 'EpiRemittanceInfoIdentifier', reference, { IdentificationSchemeName: reference.startsWith('RF') ? 'ISO' : 'SPY' });
	amount(instruction, 'EpiInstructedAmount', doc.totals.grossCents);
	add(instruction, 'EpiCharge', 'SLEV', { ChargeOption: 'SLEV' });
	date(instruction, 'EpiDateOptionDate', doc.dueDate);
	add(instruction, 'EpiPaymentMeansCode', '58');

	return root.end({ prettyPrint: true });
}

/** Seller/BuyerPartyDetails: the names, ids and address; Finvoice caps names at 70 and streets at 35 characters. */
function partyDetails(node: XMLBuilder, prefix: 'Seller' | 'Buyer', p: Party) {
	add(node, `${prefix}PartyIdentifier`, normaliseBusinessId(p.businessId));
	for (const name of pieces(p.name, 70)) add(node, `${prefix}OrganisationName`, name);
	add(node, `${prefix}OrganisationTaxCode`, p.vatId?.toUpperCase());
	const address = node.ele(`${prefix}PostalAddressDetails`);
	for (const street of pieces(p.address.street, 35, 3)) add(address, `${prefix}StreetName`, street);
	add(address, `${prefix}TownName`, p.address.city);
	add(address, `${prefix}PostCodeIdentifier`, p.address.postalCode);
	add(address, 'CountryCode', p.address.countryCode);
}

/**
 * Finvoice 3.0 invoice (INV01, UN 380) and credit note (INV02, UN 381), valid against Finvoice3.0.xsd
 * and marked EN16931 (MessageDetails/SpecificationIdentifier).
 *
 * Finvoice conventions followed: amounts with a decimal comma; a credit note's quantities and amounts are
 * negative while unit prices stay positive; the bank barcode only on invoices that can be paid with it. The
 * invoice carries the specification id only (InvoiceFreeText), never a customer.
 *
 * Routing: each party's e-invoice address is written whenever that party has one, whatever the other has: the
 * seller's as SellerOrganisationUnitNumber (and with its operator, when that is a BIC-length id, as
 * SellerInformationDetails/InvoiceRecipientDetails), the buyer's as BuyerOrganisationUnitNumber and
 * InvoiceRecipientOrganisationUnitNumber. The envelope MessageTransmissionDetails (FromIdentifier/
 * FromIntermediator, ToIdentifier/ToIntermediator, SchemeID 0037 as the Finvoice samples write OVT codes) needs
 * both parties' address and operator (the schema requires all four); without them the operator completes it.
 */
import { create } from 'xmlbuilder2';
import { normaliseBusinessId, normaliseIban, normaliseReference } from '$lib/domain/identifiers';
import { bankBarcode } from '$lib/domain/invoicing/barcode';
import { basisPointsToPercent, hundredthsToDecimal } from '$lib/domain/invoicing/money';
import { daysBetween } from '$lib/domain/invoicing/periods';
import { helsinkiStartOfDay, helsinkiTimestamp } from '$lib/domain/clock';
import {
	breakdownExemption,
	EinvoiceRuleError,
	exemptionsOf,
	TEXTS,
	UNIT_CODES,
	vatCategory,
	vatExemptionOf,
	type InvoiceDocument,
	type Party
} from './document';
import { checkDocument } from './rules';
import { add, compactDate, pieces, type XMLBuilder } from './xml';

export interface FinvoiceOptions {
	/**
	 * When the message was made, from the caller's clock: written as Helsinki local time with its offset and
	 * without a fraction of a second (2026-12-03T09:15:02+02:00). Default: the start of the issue date in Helsinki.
	 */
	messageTimestamp?: Date;
}

/** An operator id that fits Finvoice's InvoiceRecipientIntermediatorAddress (8–11 characters, a BIC or similar). */
const BIC_LENGTH = /^[0-9A-Za-z]{8,11}$/;

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

	// The envelope: only with both parties' address and operator (the schema requires all four).
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
		add(message, 'MessageTimeStamp', helsinkiTimestamp(options.messageTimestamp ?? helsinkiStartOfDay(doc.issueDate)));
		add(message, 'SpecificationIdentifier', 'EN16931');
	}

	const sellerDetails = root.ele('SellerPartyDetails');
	partyDetails(sellerDetails, 'Seller', seller);
	// Each party's own routing, whatever the other has.
	add(root, 'SellerOrganisationUnitNumber', seller.einvoiceAddress);
	const sellerInfo = root.ele('SellerInformationDetails');
	const info = sellerInfo.ele('SellerAccountDetails');
	add(info, 'SellerAccountID', normaliseIban(seller.iban), { IdentificationSchemeName: 'IBAN' });
	add(info, 'SellerBic', seller.bic, { IdentificationSchemeName: 'BIC' });
	if (seller.einvoiceAddress?.trim() && BIC_LENGTH.test(seller.einvoiceOperator?.trim() ?? '')) {
		const own = sellerInfo.ele('InvoiceRecipientDetails');
		add(own, 'InvoiceRecipientAddress', seller.einvoiceAddress);
		add(own, 'InvoiceRecipientIntermediatorAddress', seller.einvoiceOperator);
	}
	add(root, 'InvoiceRecipientOrganisationUnitNumber', buyer.einvoiceAddress);
	add(root, 'InvoiceRecipientLanguageCode', doc.language.toUpperCase());
	partyDetails(root.ele('BuyerPartyDetails'), 'Buyer', buyer);
	add(root, 'BuyerOrganisationUnitNumber', buyer.einvoiceAddress);

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
			// One breakdown for category E (EN 16931 BR-E-01): every reason's text (up to three), the code when there is one reason.
			const exemption = breakdownExemption(doc);
			for (const text of exemption.texts.slice(0, 3)) add(vat, 'VatFreeText', pieces(text, 70, 1)[0]);
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

	const mixedExemptions = exemptionsOf(doc).length > 1;
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
		// Which reason exempts this row, when the invoice has exempt rows for more than one.
		if (vatCategory(l.vatRateBp) === 'E' && mixedExemptions) add(row, 'RowFreeText', (l.vatExemption ?? vatExemptionOf(doc)).text);
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

/**
 * Checkers of written e-invoice XML, used by the tests only: the EN 16931 / Peppol BIS 3.0 rules an export of
 * ours can break, read back from the XML (the rules of the document itself are src/lib/server/einvoice/rules.ts,
 * which the generators run). Rule ids are the official ones; Finnish identifier checks start with FI-.
 *
 * - checkUbl: a Peppol BIS 3.0 Invoice or CreditNote as XML (ours or anyone's);
 * - checkFinvoice: a Finvoice 3.0 message as XML.
 * Each returns the violated rule ids, sorted, without repeats; [] when all pass.
 */
import { create } from 'xmlbuilder2';
import {
	isValidBusinessId,
	isValidFinnishOvt,
	isValidFinnishReference,
	isValidIban,
	isValidRfReference,
	isValidScheme0037,
	normaliseIban
} from '../../src/lib/domain/identifiers';
import { bankBarcode } from '../../src/lib/domain/invoicing/barcode';
import { isValidFinnishVatId, isValidPaymentReference, PEPPOL_CUSTOMIZATION_ID, Violations } from '../../src/lib/server/einvoice/rules';

/** Peppol Electronic Address Scheme codes (PEPPOL-EN16931-CL008), as in the 3.0.19 schematron. */
const EAS = new Set(
	(
		'0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0177 0183 0184 0188 0190 0191 0192 0193 0195 0196 ' +
		'0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 0213 0215 0216 0218 0221 0230 0235 9910 9913 9914 9915 9918 ' +
		'9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 ' +
		'9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 0147 0154 0158 0170 0194 0203 0205 0217 0225 0240'
	).split(' ')
);
/** Type codes allowed in billing profile 01 (PEPPOL-EN16931-P0100 / P0101). */
const INVOICE_TYPE_CODES = new Set('71 80 82 84 102 218 219 326 331 380 382 383 384 386 388 393 395 553 575 623 780 817 870 875 876 877'.split(' '));
const CREDIT_NOTE_TYPE_CODES = new Set('381 396 81 83 532'.split(' '));
// ---------------------------------------------------------------- XML helpers

/** Decimal text → exact millionths (BigInt), or null when not a number with at most six decimals. */
function micros(text: string | null | undefined, separator: '.' | ',' = '.'): bigint | null {
	if (text === null || text === undefined) return null;
	const m = new RegExp(`^\\s*(-?)(\\d+)(?:\\${separator}(\\d{1,6}))?\\s*$`).exec(text);
	if (!m) return null;
	const value = BigInt(m[2]) * 1_000_000n + BigInt((m[3] ?? '').padEnd(6, '0'));
	return m[1] ? -value : value;
}

function decimals(text: string | null | undefined, separator = '.'): number {
	const t = (text ?? '').trim();
	const i = t.indexOf(separator);
	return i < 0 ? 0 : t.length - i - 1;
}

/** Millionths rounded half away from zero to hundredths (cents), still in millionths. */
function roundToCents(value: bigint): bigint {
	const unit = 10_000n;
	const abs = value < 0n ? -value : value;
	const rounded = ((abs + unit / 2n) / unit) * unit;
	return value < 0n ? -rounded : rounded;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
const sum = (xs: (bigint | null)[]) => xs.reduce<bigint>((s, x) => s + (x ?? 0n), 0n);

function parseXml(xml: string): Element | null {
	try {
		return create(xml).root().node as unknown as Element;
	} catch {
		return null;
	}
}

/** Child elements, all or those with one local name. */
function children(el: Element | undefined, name?: string): Element[] {
	if (!el) return [];
	return Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (name === undefined || (n as Element).localName === name));
}

/** The elements at a path of local names under `el`. */
function all(el: Element | undefined, ...path: string[]): Element[] {
	let level = el ? [el] : [];
	for (const name of path) level = level.flatMap((e) => children(e, name));
	return level;
}

function one(el: Element | undefined, ...path: string[]): Element | undefined {
	return all(el, ...path)[0];
}

function text(el: Element | undefined, ...path: string[]): string | null {
	const e = one(el, ...path);
	const t = e?.textContent?.trim();
	return t ? t : null;
}

function descendants(el: Element): Element[] {
	return children(el).flatMap((c) => [c, ...descendants(c)]);
}

// ---------------------------------------------------------------- Peppol BIS 3.0 (UBL)

export function checkUbl(xml: string): string[] {
	const v = new Violations();
	const root = parseXml(xml);
	if (!root || (root.localName !== 'Invoice' && root.localName !== 'CreditNote')) return ['XML'];
	const credit = root.localName === 'CreditNote';
	const lineName = credit ? 'CreditNoteLine' : 'InvoiceLine';
	const quantityName = credit ? 'CreditedQuantity' : 'InvoicedQuantity';

	// Document level: ids, profile, mandatory fields.
	const customization = text(root, 'CustomizationID');
	v.need('BR-01', customization !== null);
	v.need('PEPPOL-EN16931-R004', (customization ?? '').startsWith(PEPPOL_CUSTOMIZATION_ID));
	const profile = text(root, 'ProfileID');
	v.need('PEPPOL-EN16931-R001', one(root, 'ProfileID') !== undefined);
	v.need('PEPPOL-EN16931-R007', profile !== null && /urn:fdc:peppol\.eu:2017:poacc:billing:([0-9]{2}):1\.0/.test(profile));
	v.need('BR-02', text(root, 'ID') !== null);
	v.need('BR-03', text(root, 'IssueDate') !== null);
	const typeCode = text(root, credit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode');
	v.need('BR-04', typeCode !== null);
	if (typeCode !== null && profile?.includes(':billing:01:')) {
		v.need(credit ? 'PEPPOL-EN16931-P0101' : 'PEPPOL-EN16931-P0100', (credit ? CREDIT_NOTE_TYPE_CODES : INVOICE_TYPE_CODES).has(typeCode));
	}
	const currency = text(root, 'DocumentCurrencyCode');
	v.need('BR-05', currency !== null);
	v.need('PEPPOL-EN16931-R003', text(root, 'BuyerReference') !== null || text(root, 'OrderReference', 'ID') !== null);
	for (const ref of all(root, 'BillingReference')) v.need('BR-55', text(ref, 'InvoiceDocumentReference', 'ID') !== null);

	// Parties.
	const seller = one(root, 'AccountingSupplierParty', 'Party');
	const buyer = one(root, 'AccountingCustomerParty', 'Party');
	v.need('BR-06', text(seller, 'PartyLegalEntity', 'RegistrationName') !== null);
	v.need('BR-07', text(buyer, 'PartyLegalEntity', 'RegistrationName') !== null);
	v.need('BR-08', one(seller, 'PostalAddress') !== undefined);
	if (one(seller, 'PostalAddress')) v.need('BR-09', text(seller, 'PostalAddress', 'Country', 'IdentificationCode') !== null);
	v.need('BR-10', one(buyer, 'PostalAddress') !== undefined);
	if (one(buyer, 'PostalAddress')) v.need('BR-11', text(buyer, 'PostalAddress', 'Country', 'IdentificationCode') !== null);
	for (const [party, exists, scheme] of [
		[seller, 'PEPPOL-EN16931-R020', 'BR-62'],
		[buyer, 'PEPPOL-EN16931-R010', 'BR-63']
	] as const) {
		const endpoint = one(party, 'EndpointID');
		v.need(exists, endpoint !== undefined);
		if (endpoint) {
			const s = endpoint.getAttribute('schemeID');
			v.need(scheme, !!s);
			if (s) v.need('PEPPOL-EN16931-CL008', EAS.has(s));
		}
	}
	const sellerVat = text(seller, 'PartyTaxScheme', 'CompanyID');

	// Finnish identifiers wherever they appear.
	for (const el of descendants(root)) {
		const s = el.getAttribute('schemeID');
		const value = el.textContent?.trim() ?? '';
		if (['EndpointID', 'ID', 'CompanyID'].includes(el.localName) && s === '0037') v.need('FI-0037', isValidScheme0037(value));
		if (['EndpointID', 'ID', 'CompanyID'].includes(el.localName) && s === '0216') v.need('FI-0216', isValidFinnishOvt(value));
	}
	for (const party of [seller, buyer]) {
		const vat = text(party, 'PartyTaxScheme', 'CompanyID');
		if (vat?.toUpperCase().startsWith('FI')) v.need('FI-VAT-ID', isValidFinnishVatId(vat));
		const legal = text(party, 'PartyLegalEntity', 'CompanyID');
		if (legal && /^\d{7}-\d$/.test(legal)) v.need('FI-BUSINESS-ID', isValidBusinessId(legal));
		if (vat) v.need('BR-CO-09', /^[A-Z]{2}/.test(vat));
	}

	// Payment.
	for (const pm of all(root, 'PaymentMeans')) {
		const code = text(pm, 'PaymentMeansCode');
		v.need('BR-49', code !== null);
		if (code === '30' || code === '58') v.need('BR-61', text(pm, 'PayeeFinancialAccount', 'ID') !== null);
		const account = text(pm, 'PayeeFinancialAccount', 'ID');
		if (account && /^FI\d/i.test(normaliseIban(account))) v.need('FI-IBAN', isValidIban(account));
		const paymentId = text(pm, 'PaymentID');
		if (paymentId && /^(RF\d\d[0-9A-Z ]+|[\d ]+)$/i.test(paymentId)) v.need('FI-PAYMENT-REFERENCE', isValidPaymentReference(paymentId));
	}

	// Lines.
	const lines = all(root, lineName);
	v.need('BR-16', lines.length > 0);
	for (const line of lines) {
		v.need('BR-21', text(line, 'ID') !== null);
		const qty = one(line, quantityName);
		v.need('BR-22', qty !== undefined);
		v.need('BR-23', !!qty?.getAttribute('unitCode'));
		const net = text(line, 'LineExtensionAmount');
		v.need('BR-24', net !== null);
		v.need('BR-DEC-23', decimals(net) <= 2);
		v.need('BR-25', text(line, 'Item', 'Name') !== null);
		const price = micros(text(line, 'Price', 'PriceAmount'));
		v.need('BR-26', price !== null);
		v.need('BR-27', price === null || price >= 0n);
		const categories = all(line, 'Item', 'ClassifiedTaxCategory');
		v.need('UBL-SR-48', categories.length === 1);
		const cat = text(categories[0], 'ID');
		const percent = micros(text(categories[0], 'Percent'));
		if (cat === 'S') v.need('BR-S-05', percent !== null && percent > 0n);
		if (cat === 'E') v.need('BR-E-05', percent === 0n);
		// PEPPOL-EN16931-R120: net = quantity × price / base quantity + charges − allowances, within 0.02.
		const base = micros(text(line, 'Price', 'BaseQuantity'));
		const q = micros(qty?.textContent) ?? 1_000_000n;
		const lineCharges = sum(
			all(line, 'AllowanceCharge')
				.filter((a) => text(a, 'ChargeIndicator') === 'true')
				.map((a) => micros(text(a, 'Amount')))
		);
		const lineAllowances = sum(
			all(line, 'AllowanceCharge')
				.filter((a) => text(a, 'ChargeIndicator') === 'false')
				.map((a) => micros(text(a, 'Amount')))
		);
		const expected = (q * (price ?? 0n)) / (base && base !== 0n ? base : 1_000_000n) + lineCharges - lineAllowances;
		v.need('PEPPOL-EN16931-R120', abs((micros(net) ?? 0n) - expected) <= 20_000n);
	}

	// Totals (BR-CO-10 … 16).
	const lmt = one(root, 'LegalMonetaryTotal');
	const amount = (name: string) => micros(text(lmt, name));
	v.need('BR-12', one(lmt, 'LineExtensionAmount') !== undefined);
	v.need('BR-13', one(lmt, 'TaxExclusiveAmount') !== undefined);
	v.need('BR-14', one(lmt, 'TaxInclusiveAmount') !== undefined);
	v.need('BR-15', one(lmt, 'PayableAmount') !== undefined);
	for (const [name, rule] of [
		['LineExtensionAmount', 'BR-DEC-09'],
		['TaxExclusiveAmount', 'BR-DEC-12'],
		['TaxInclusiveAmount', 'BR-DEC-14'],
		['PayableAmount', 'BR-DEC-18']
	] as const) {
		v.need(rule, decimals(text(lmt, name)) <= 2);
	}
	const lineSum = sum(lines.map((l) => micros(text(l, 'LineExtensionAmount'))));
	v.need('BR-CO-10', amount('LineExtensionAmount') === roundToCents(lineSum));
	const docAc = all(root, 'AllowanceCharge');
	const charges = docAc.filter((a) => text(a, 'ChargeIndicator') === 'true');
	const allowances = docAc.filter((a) => text(a, 'ChargeIndicator') === 'false');
	const chargeTotal = amount('ChargeTotalAmount');
	const allowanceTotal = amount('AllowanceTotalAmount');
	v.need(
		'BR-CO-11',
		allowanceTotal === null ? allowances.length === 0 : allowanceTotal === roundToCents(sum(allowances.map((a) => micros(text(a, 'Amount')))))
	);
	v.need('BR-CO-12', chargeTotal === null ? charges.length === 0 : chargeTotal === roundToCents(sum(charges.map((a) => micros(text(a, 'Amount'))))));
	v.need('BR-CO-13', amount('TaxExclusiveAmount') === (amount('LineExtensionAmount') ?? 0n) + (chargeTotal ?? 0n) - (allowanceTotal ?? 0n));
	v.need(
		'BR-CO-16',
		amount('PayableAmount') === (amount('TaxInclusiveAmount') ?? 0n) - (amount('PrepaidAmount') ?? 0n) + (amount('PayableRoundingAmount') ?? 0n)
	);
	if (!credit) {
		const payable = amount('PayableAmount');
		v.need('BR-CO-25', payable === null || payable <= 0n || text(root, 'DueDate') !== null || text(root, 'PaymentTerms', 'Note') !== null);
	}

	// VAT: one TaxTotal with subtotals, one subtotal per category and rate.
	const taxTotals = all(root, 'TaxTotal').filter((t) => all(t, 'TaxSubtotal').length > 0);
	v.need('PEPPOL-EN16931-R053', taxTotals.length === 1);
	const subtotals = taxTotals.flatMap((t) => all(t, 'TaxSubtotal'));
	v.need('BR-CO-18', subtotals.length > 0);
	const docTax = all(root, 'TaxTotal', 'TaxAmount').find((t) => t.getAttribute('currencyID') === currency);
	v.need('BR-DEC-13', decimals(docTax?.textContent) <= 2);
	for (const t of taxTotals)
		v.need('BR-CO-14', micros(text(t, 'TaxAmount')) === roundToCents(sum(all(t, 'TaxSubtotal').map((s) => micros(text(s, 'TaxAmount'))))));
	v.need('BR-CO-15', amount('TaxInclusiveAmount') === (amount('TaxExclusiveAmount') ?? 0n) + (micros(docTax?.textContent) ?? 0n));

	const lineCategory = (l: Element) => one(l, 'Item', 'ClassifiedTaxCategory');
	const basisOf = (cat: string, rate: bigint | null) => {
		const matches = (c: Element | undefined) => text(c, 'ID') === cat && (cat !== 'S' || micros(text(c, 'Percent')) === rate);
		return (
			sum(lines.filter((l) => matches(lineCategory(l))).map((l) => micros(text(l, 'LineExtensionAmount')))) +
			sum(charges.filter((a) => matches(one(a, 'TaxCategory'))).map((a) => micros(text(a, 'Amount')))) -
			sum(allowances.filter((a) => matches(one(a, 'TaxCategory'))).map((a) => micros(text(a, 'Amount'))))
		);
	};
	for (const st of subtotals) {
		const taxable = micros(text(st, 'TaxableAmount'));
		const tax = micros(text(st, 'TaxAmount'));
		const cat = text(st, 'TaxCategory', 'ID');
		const rate = micros(text(st, 'TaxCategory', 'Percent'));
		v.need('BR-45', taxable !== null);
		v.need('BR-46', tax !== null);
		v.need('BR-47', cat !== null);
		v.need('BR-48', rate !== null || cat === 'O');
		v.need('BR-DEC-19', decimals(text(st, 'TaxableAmount')) <= 2);
		v.need('BR-DEC-20', decimals(text(st, 'TaxAmount')) <= 2);
		const expectedTax = rate === null ? 0n : roundToCents((abs(taxable ?? 0n) * rate) / 100_000_000n);
		v.need('BR-CO-17', tax !== null && abs(tax) === expectedTax);
		const exempt = text(st, 'TaxCategory', 'TaxExemptionReason') !== null || text(st, 'TaxCategory', 'TaxExemptionReasonCode') !== null;
		if (cat === 'S') {
			v.need('BR-S-08', taxable === basisOf('S', rate));
			v.need('BR-S-09', tax !== null && abs(tax) === expectedTax);
			v.need('BR-S-10', !exempt);
		}
		if (cat === 'E') {
			v.need('BR-E-08', taxable === basisOf('E', rate));
			v.need('BR-E-09', tax === 0n);
			v.need('BR-E-10', exempt);
		}
	}
	const subtotalCats = subtotals.map((s) => text(s, 'TaxCategory', 'ID'));
	const lineCats = lines.map((l) => text(lineCategory(l), 'ID'));
	if (lineCats.includes('S')) {
		v.need('BR-S-01', subtotalCats.includes('S'));
		v.need('BR-S-02', sellerVat !== null);
	}
	if (lineCats.includes('E')) {
		v.need('BR-E-01', subtotalCats.filter((c) => c === 'E').length === 1);
		v.need('BR-E-02', sellerVat !== null);
	}

	// Every amount in the document currency (except the VAT total in accounting currency, BT-111, which is
	// the TaxTotal without subtotals); no empty elements.
	const accountingTax = all(root, 'TaxTotal')
		.filter((t) => all(t, 'TaxSubtotal').length === 0)
		.flatMap((t) => all(t, 'TaxAmount'));
	for (const el of descendants(root)) {
		const c = el.getAttribute('currencyID');
		if (c !== null && !accountingTax.includes(el)) v.need('PEPPOL-EN16931-R051', c === currency);
		if (children(el).length === 0) v.need('PEPPOL-EN16931-R008', (el.textContent ?? '').trim() !== '');
	}
	return v.list();
}

// ---------------------------------------------------------------- Finvoice 3.0

export function checkFinvoice(xml: string): string[] {
	const v = new Violations();
	const root = parseXml(xml);
	if (!root || root.localName !== 'Finvoice') return ['XML'];
	const amount = (el: Element | undefined, ...path: string[]) => micros(text(el, ...path), ',');
	const details = one(root, 'InvoiceDetails');
	v.need('BR-02', text(details, 'InvoiceNumber') !== null);
	v.need('BR-03', text(details, 'InvoiceDate') !== null);
	v.need('BR-06', text(root, 'SellerPartyDetails', 'SellerOrganisationName') !== null);
	v.need('BR-07', text(root, 'BuyerPartyDetails', 'BuyerOrganisationName') !== null);

	const rows = all(root, 'InvoiceRow').filter((r) => one(r, 'RowVatExcludedAmount'));
	v.need('BR-16', rows.length > 0);
	for (const r of rows) {
		const qty = micros(text(r, 'InvoicedQuantity'), ',');
		const price = amount(r, 'UnitPriceNetAmount') ?? amount(r, 'UnitPriceAmount');
		v.need('BR-27', price === null || price >= 0n);
		if (qty !== null && price !== null) v.need('FINVOICE-ROW-NET', abs((amount(r, 'RowVatExcludedAmount') ?? 0n) - (qty * price) / 1_000_000n) <= 20_000n);
	}
	const rowSum = sum(rows.map((r) => amount(r, 'RowVatExcludedAmount')));
	const rowsTotal = amount(details, 'RowsTotalVatExcludedAmount');
	v.need('BR-CO-10', rowsTotal === null || rowsTotal === roundToCents(rowSum));
	const excl = amount(details, 'InvoiceTotalVatExcludedAmount');
	const vat = amount(details, 'InvoiceTotalVatAmount');
	const incl = amount(details, 'InvoiceTotalVatIncludedAmount');
	const discounts = amount(details, 'DiscountsTotalVatExcludedAmount') ?? 0n;
	const chargesTotal = amount(details, 'ChargesTotalVatExcludedAmount') ?? 0n;
	v.need('BR-CO-13', excl === (rowsTotal ?? roundToCents(rowSum)) - discounts + chargesTotal);
	const specs = all(details, 'VatSpecificationDetails');
	v.need('BR-CO-18', specs.length > 0);
	v.need('BR-CO-14', vat === roundToCents(sum(specs.map((s) => amount(s, 'VatRateAmount')))));
	v.need('BR-CO-15', incl === (excl ?? 0n) + (vat ?? 0n));
	const instructed = amount(root, 'EpiDetails', 'EpiPaymentInstructionDetails', 'EpiInstructedAmount');
	v.need('BR-CO-16', instructed === (incl ?? 0n) - (amount(details, 'InvoicePaidAmount') ?? 0n) + (amount(details, 'InvoiceTotalRoundoffAmount') ?? 0n));

	for (const s of specs) {
		const code = text(s, 'VatCode');
		const rate = micros(text(s, 'VatRatePercent'), ',');
		const base = amount(s, 'VatBaseAmount');
		const tax = amount(s, 'VatRateAmount');
		const basis = sum(
			rows.filter((r) => text(r, 'RowVatCode') === code && micros(text(r, 'RowVatRatePercent'), ',') === rate).map((r) => amount(r, 'RowVatExcludedAmount'))
		);
		const expectedTax = rate === null ? 0n : roundToCents((abs(base ?? 0n) * rate) / 100_000_000n);
		v.need('BR-CO-17', tax !== null && abs(tax) === expectedTax);
		const exempt = text(s, 'VatFreeText') !== null || text(s, 'VatExemptionReasonCode') !== null;
		if (code === 'S') {
			v.need('BR-S-08', base === basis);
			v.need('BR-S-10', !exempt);
		}
		if (code === 'E') {
			v.need('BR-E-08', base === basis);
			v.need('BR-E-09', tax === 0n);
			v.need('BR-E-10', exempt);
		}
	}
	const specKeys = specs.map((s) => `${text(s, 'VatCode')}|${micros(text(s, 'VatRatePercent'), ',')}`);
	for (const r of rows) {
		const code = text(r, 'RowVatCode');
		if (code === 'S' || code === 'E') v.need(`BR-${code}-01`, specKeys.includes(`${code}|${micros(text(r, 'RowVatRatePercent'), ',')}`));
	}

	// Finnish identifiers (the same checks as ../shared/einvoice/identifiers/check_finvoice_ids.py).
	for (const tag of ['SellerPartyIdentifier', 'BuyerPartyIdentifier']) {
		for (const id of descendants(root).filter((e) => e.localName === tag)) {
			const value = id.textContent?.trim() ?? '';
			if (/^\d{7}-\d$/.test(value)) v.need('FI-BUSINESS-ID', isValidBusinessId(value));
		}
	}
	for (const tag of ['SellerOrganisationTaxCode', 'BuyerOrganisationTaxCode']) {
		for (const id of descendants(root).filter((e) => e.localName === tag)) {
			const value = id.textContent?.trim() ?? '';
			if (value.toUpperCase().startsWith('FI')) v.need('FI-VAT-ID', isValidFinnishVatId(value));
		}
	}
	for (const account of descendants(root).filter((e) => ['SellerAccountID', 'EpiAccountID'].includes(e.localName))) {
		if (account.getAttribute('IdentificationSchemeName') === 'IBAN') v.need('FI-IBAN', isValidIban(account.textContent ?? ''));
	}
	const remittance = one(root, 'EpiDetails', 'EpiPaymentInstructionDetails', 'EpiRemittanceInfoIdentifier');
	const reference = remittance?.textContent?.trim() ?? '';
	if (remittance?.getAttribute('IdentificationSchemeName') === 'SPY') v.need('FI-PAYMENT-REFERENCE', isValidFinnishReference(reference));
	if (remittance?.getAttribute('IdentificationSchemeName') === 'ISO') v.need('FI-PAYMENT-REFERENCE', isValidRfReference(reference));
	const barcode = text(root, 'VirtualBankBarcode');
	if (barcode) {
		const due = text(root, 'EpiDetails', 'EpiPaymentInstructionDetails', 'EpiDateOptionDate');
		const expected = bankBarcode({
			iban: text(root, 'EpiDetails', 'EpiPartyDetails', 'EpiBeneficiaryPartyDetails', 'EpiAccountID') ?? '',
			reference,
			cents: instructed === null ? -1 : Number(instructed / 10_000n),
			dueDate: due ? `${due.slice(0, 4)}-${due.slice(4, 6)}-${due.slice(6, 8)}` : null
		});
		v.need('FI-BARCODE', barcode === expected);
	}
	return v.list();
}

/**
 * The invoice as the e-invoice exports see it: one format-neutral document from which Finvoice 3.0 and
 * Peppol BIS Billing 3.0 are written. It carries only a specification id, never a customer: who was billed
 * for which days stays in the portal behind access control (the customer relationship is confidential).
 */
import type { PriceUnit } from '$lib/domain/contracts';
import { isValidFinnishPeppolId, normaliseBusinessId, parsePeppolId } from '$lib/domain/identifiers';
import { DEFAULT_VAT_EXEMPTION_CODE, isVatExemptionCode, type VatExemptionCode } from '$lib/domain/vat-exemptions';
import type { ComputedLine, Totals, VatRow } from '$lib/domain/invoicing/pricing';
import type { Period } from '$lib/domain/invoicing/periods';

export type Language = 'fi' | 'sv' | 'en';

export interface PostalAddress {
	street: string;
	postalCode: string;
	city: string;
	/** ISO 3166-1 alpha-2, e.g. FI. */
	countryCode: string;
}

export interface Party {
	name: string;
	/** Y-tunnus, NNNNNNN-C. */
	businessId: string;
	/** FI + the business id's eight digits; null when not VAT registered. */
	vatId: string | null;
	address: PostalAddress;
	/** E-invoice address (verkkolaskuosoite), an OVT code: 0037 + the business id's digits + optional suffix. */
	einvoiceAddress: string | null;
	/** The e-invoice operator (välittäjätunnus), e.g. 003721291126 or a bank's BIC. */
	einvoiceOperator: string | null;
	/** Peppol participant id as stored, `scheme:value` (0216:003712345678 or 0037:12345678): the UBL endpoint when set. */
	peppolId?: string | null;
}

export interface Seller extends Party {
	iban: string;
	bic: string;
}

export interface Buyer extends Party {
	/** The area's reference for routing (e.g. a cost centre); Peppol needs it or an order reference. */
	buyerReference: string | null;
	orderReference: string | null;
}

export type LineUnit = PriceUnit | 'manual';

export interface DocumentLine {
	description: string;
	unit: LineUnit;
	/** Hundredths of the unit (a day = 100, 1 h 15 min = 125). */
	quantityHundredths: number;
	unitPriceCents: number;
	vatRateBp: number;
	netCents: number;
	/** 0 % lines: why exempt (resolved from the line's VATEX code); absent → the document's `vatExemption`. */
	vatExemption?: VatExemption | null;
}

export interface VatExemption {
	/** A VATEX code (CEF code list), e.g. VATEX-EU-132-1I. */
	code: string;
	/** The reason in the document's language (at most 70 characters: Finvoice's limit). */
	text: string;
}

export interface InvoiceDocument {
	kind: 'invoice' | 'credit_note';
	number: string;
	issueDate: string;
	dueDate: string;
	currency: 'EUR';
	/** Language of the fixed texts (type, terms, specification note, units). */
	language: Language;
	seller: Seller;
	buyer: Buyer;
	/** Finnish viitenumero or an RF reference. */
	paymentReference: string;
	/** The only link to the per-customer specification, which stays in the portal. */
	specificationId: string;
	contractNumber: string | null;
	period: Period | null;
	/**
	 * Lines, VAT breakdown and totals as computed by the pricing engine. A credit note holds the amounts it
	 * credits, as positive numbers (as UBL CreditNote does); Finvoice writes them negative.
	 */
	lines: DocumentLine[];
	vat: VatRow[];
	totals: Totals;
	/** Why 0 % lines without a reason of their own are VAT exempt (BR-E-10); default: vocational training (VATEX-EU-132-1I). */
	vatExemption?: VatExemption;
	/** Credit notes: the invoice they correct (BR-55). */
	original?: { number: string; issueDate: string } | null;
}

interface FixedTexts {
	invoice: string;
	creditNote: string;
	specification: (id: string) => string;
	paymentTerms: (days: number) => string;
	correction: string;
	/** The VAT exemption reasons (at most 70 characters: Finvoice's VatFreeText). */
	exemptions: Record<VatExemptionCode, string>;
	units: Record<LineUnit, string>;
}

/** Fixed texts of the exports in the buyer's language (bilingual areas choose per invoice). */
export const TEXTS: Record<Language, FixedTexts> = {
	fi: {
		invoice: 'LASKU',
		creditNote: 'HYVITYSLASKU',
		specification: (id) => `Erittely ${id} on palveluntuottajaportaalissa.`,
		paymentTerms: (days) => `${days} päivää netto`,
		correction: 'Oikaisu',
		exemptions: {
			'VATEX-EU-132-1I': 'Arvonlisäveroton koulutuspalvelu (AVL 39 §)',
			'VATEX-EU-132-1C': 'Arvonlisäveroton terveyden- ja sairaanhoitopalvelu (AVL 34 §)',
			'VATEX-EU-132-1G': 'Arvonlisäveroton sosiaalihuoltopalvelu (AVL 37 §)',
			'VATEX-EU-132': 'Arvonlisäveroton palvelu (arvonlisäverodirektiivi 132 art.)'
		},
		units: { participant_start: 'kpl', participant_day: 'pv', hour: 'h', meeting: 'krt', lump_sum: 'erä', outcome_bonus: 'kpl', manual: 'kpl' }
	},
	sv: {
		invoice: 'FAKTURA',
		creditNote: 'KREDITNOTA',
		specification: (id) => `Specifikation ${id} finns i tjänsteproducentportalen.`,
		paymentTerms: (days) => `${days} dagar netto`,
		correction: 'Rättelse',
		exemptions: {
			'VATEX-EU-132-1I': 'Momsfri utbildningstjänst (MomsL 39 §)',
			'VATEX-EU-132-1C': 'Momsfri hälso- och sjukvårdstjänst (MomsL 34 §)',
			'VATEX-EU-132-1G': 'Momsfri socialvårdstjänst (MomsL 37 §)',
			'VATEX-EU-132': 'Momsfri tjänst (mervärdesskattedirektivet art. 132)'
		},
		units: { participant_start: 'st', participant_day: 'dag', hour: 'h', meeting: 'ggr', lump_sum: 'post', outcome_bonus: 'st', manual: 'st' }
	},
	en: {
		invoice: 'INVOICE',
		creditNote: 'CREDIT NOTE',
		specification: (id) => `Specification ${id} is in the service provider portal.`,
		paymentTerms: (days) => `${days} days net`,
		correction: 'Correction',
		exemptions: {
			'VATEX-EU-132-1I': 'VAT-exempt training service (Finnish VAT Act 39 §)',
			'VATEX-EU-132-1C': 'VAT-exempt health care service (Finnish VAT Act 34 §)',
			'VATEX-EU-132-1G': 'VAT-exempt social welfare service (Finnish VAT Act 37 §)',
			'VATEX-EU-132': 'VAT-exempt service (VAT Directive Art. 132)'
		},
		units: { participant_start: 'pcs', participant_day: 'day', hour: 'h', meeting: 'times', lump_sum: 'lot', outcome_bonus: 'pcs', manual: 'pcs' }
	}
};

/** UN/ECE Recommendation 20 unit codes (BR-CL-23): days, hours, and "one" for everything counted. */
export const UNIT_CODES: Record<LineUnit, string> = {
	participant_start: 'C62',
	participant_day: 'DAY',
	hour: 'HUR',
	meeting: 'C62',
	lump_sum: 'C62',
	outcome_bonus: 'C62',
	manual: 'C62'
};

export { DEFAULT_VAT_EXEMPTION_CODE };

/** A VATEX code of the code list with its text in a language; an unknown or missing code gives the default. */
export function vatExemptionText(code: string | null | undefined, language: Language): VatExemption {
	const c = isVatExemptionCode(code) ? code : DEFAULT_VAT_EXEMPTION_CODE;
	return { code: c, text: TEXTS[language].exemptions[c] };
}

/** The document-level reason: what a 0 % line without one of its own is exempt for. */
export function vatExemptionOf(doc: InvoiceDocument): VatExemption {
	return doc.vatExemption ?? vatExemptionText(DEFAULT_VAT_EXEMPTION_CODE, doc.language);
}

/** The reasons of the document's exempt (0 %) lines, distinct, in line order. */
export function exemptionsOf(doc: InvoiceDocument): VatExemption[] {
	const seen = new Map<string, VatExemption>();
	for (const l of doc.lines) {
		if (vatCategory(l.vatRateBp) !== 'E') continue;
		const e = l.vatExemption ?? vatExemptionOf(doc);
		const key = `${e.code}|${e.text}`;
		if (!seen.has(key)) seen.set(key, e);
	}
	return [...seen.values()];
}

/**
 * The exemption of the one VAT breakdown of category E (EN 16931 BR-E-01 allows exactly one per document, and
 * Peppol no reason on a line): with one reason its code and text; with several no single code is true, so the
 * texts of all of them (each names its section of the VAT Act) and no code (BR-E-10 needs a code or a text).
 */
export function breakdownExemption(doc: InvoiceDocument): { code: string | null; texts: string[] } {
	const all = exemptionsOf(doc);
	if (all.length === 0) return { code: vatExemptionOf(doc).code, texts: [vatExemptionOf(doc).text] };
	if (all.length === 1) return { code: all[0].code, texts: [all[0].text] };
	return { code: null, texts: all.map((e) => e.text) };
}

/** EN 16931 VAT category: S (standard rated) for any positive rate, E (exempt, with a reason) for 0 %. */
export function vatCategory(vatRateBp: number): 'S' | 'E' {
	return vatRateBp > 0 ? 'S' : 'E';
}

/**
 * The Peppol endpoint of a party: its stored Peppol participant id when it has a valid one (scheme 0216 or 0037),
 * else its OVT code (scheme 0216), else its business id's digits (scheme 0037).
 */
export function endpointOf(party: Party): { scheme: '0216' | '0037'; id: string } {
	const stored = party.peppolId && isValidFinnishPeppolId(party.peppolId) ? parsePeppolId(party.peppolId) : null;
	if (stored) return stored;
	if (party.einvoiceAddress) return { scheme: '0216', id: party.einvoiceAddress.trim() };
	return { scheme: '0037', id: normaliseBusinessId(party.businessId).replace('-', '') };
}

/**
 * The pricing engine's lines as document lines; corrections say so in the document's language. A 0 % line's
 * reason: its VATEX code with the text `exemptionTexts` gives for it (frozen at submission) or else the code list's
 * text in the language; a line without a code (stored before lines had one) takes the document's reason.
 */
export function documentLines(
	lines: (Pick<ComputedLine, 'kind' | 'description' | 'unit' | 'quantityHundredths' | 'unitPriceCents' | 'vatRateBp' | 'netCents'> & {
		vatExemption?: string | null;
	})[],
	language: Language,
	exemptionTexts: readonly VatExemption[] = []
): DocumentLine[] {
	return lines.map((l) => {
		const line: DocumentLine = {
			description: l.kind === 'correction' ? `${TEXTS[language].correction}: ${l.description}` : l.description,
			unit: l.unit ?? 'manual',
			quantityHundredths: l.quantityHundredths,
			unitPriceCents: l.unitPriceCents,
			vatRateBp: l.vatRateBp,
			netCents: l.netCents
		};
		if (l.vatRateBp === 0 && l.vatExemption)
			line.vatExemption = exemptionTexts.find((e) => e.code === l.vatExemption) ?? vatExemptionText(l.vatExemption, language);
		return line;
	});
}

/** Thrown by the generators when the document breaks a rule an export must keep (see rules.ts). */
export class EinvoiceRuleError extends Error {
	readonly rules: string[];
	constructor(rules: string[]) {
		super(`The invoice breaks e-invoice rules: ${rules.join(', ')}`);
		this.name = 'EinvoiceRuleError';
		this.rules = rules;
	}
}

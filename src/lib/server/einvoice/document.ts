/**
 * The invoice as the e-invoice exports see it: one format-neutral document from which Finvoice 3.0 and
 * Peppol BIS Billing 3.0 are written. It carries only a specification id, never a customer: who was billed
 * for which days stays in the portal behind access control (the customer relationship is confidential).
 */
import type { PriceUnit } from '$lib/domain/contracts';
import { normaliseBusinessId } from '$lib/domain/identifiers';
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
	/** Why 0 % lines are VAT exempt (BR-E-10); default: vocational training (VATEX-EU-132-1I). */
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
	exemption: string;
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
		exemption: 'Arvonlisäveroton koulutuspalvelu (AVL 39 §)',
		units: { participant_start: 'kpl', participant_day: 'pv', hour: 'h', meeting: 'krt', lump_sum: 'erä', outcome_bonus: 'kpl', manual: 'kpl' }
	},
	sv: {
		invoice: 'FAKTURA',
		creditNote: 'KREDITNOTA',
		specification: (id) => `Specifikation ${id} finns i tjänsteproducentportalen.`,
		paymentTerms: (days) => `${days} dagar netto`,
		correction: 'Rättelse',
		exemption: 'Momsfri utbildningstjänst (MomsL 39 §)',
		units: { participant_start: 'st', participant_day: 'dag', hour: 'h', meeting: 'ggr', lump_sum: 'post', outcome_bonus: 'st', manual: 'st' }
	},
	en: {
		invoice: 'INVOICE',
		creditNote: 'CREDIT NOTE',
		specification: (id) => `Specification ${id} is in the service provider portal.`,
		paymentTerms: (days) => `${days} days net`,
		correction: 'Correction',
		exemption: 'VAT-exempt training service (Finnish VAT Act 39 §)',
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

/** Labour-market training bought by an employment area is VAT exempt as vocational training (VAT directive 132(1)(i)). */
export const DEFAULT_VAT_EXEMPTION_CODE = 'VATEX-EU-132-1I';

export function vatExemptionOf(doc: InvoiceDocument): VatExemption {
	return doc.vatExemption ?? { code: DEFAULT_VAT_EXEMPTION_CODE, text: TEXTS[doc.language].exemption };
}

/** EN 16931 VAT category: S (standard rated) for any positive rate, E (exempt, with a reason) for 0 %. */
export function vatCategory(vatRateBp: number): 'S' | 'E' {
	return vatRateBp > 0 ? 'S' : 'E';
}

/** The Peppol endpoint of a party: its OVT code (scheme 0216), or else its business id's digits (scheme 0037). */
export function endpointOf(party: Party): { scheme: '0216' | '0037'; id: string } {
	if (party.einvoiceAddress) return { scheme: '0216', id: party.einvoiceAddress.trim() };
	return { scheme: '0037', id: normaliseBusinessId(party.businessId).replace('-', '') };
}

/** The pricing engine's lines as document lines; corrections say so in the document's language. */
export function documentLines(lines: ComputedLine[], language: Language): DocumentLine[] {
	return lines.map((l) => ({
		description: l.kind === 'correction' ? `${TEXTS[language].correction}: ${l.description}` : l.description,
		unit: l.unit ?? 'manual',
		quantityHundredths: l.quantityHundredths,
		unitPriceCents: l.unitPriceCents,
		vatRateBp: l.vatRateBp,
		netCents: l.netCents
	}));
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

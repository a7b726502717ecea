/**
 * Why a 0 % price line is VAT exempt: the common Finnish cases of employment and rehabilitation services, each
 * with its VATEX code (CEF code list, EN 16931 BT-121; BR-CL-22) and the article of the VAT directive it rests
 * on. The invoice writes the code and a text in the document's language (einvoice/document.ts TEXTS).
 */
export const VAT_EXEMPTIONS = [
	/** Vocational training and retraining (AVL 39 §; directive 132(1)(i)): labour-market training. The default. */
	'VATEX-EU-132-1I',
	/** Health and medical care (AVL 34 §; 132(1)(c)): e.g. health checks, work-ability assessments. */
	'VATEX-EU-132-1C',
	/** Social welfare services (AVL 37 §; 132(1)(g)): e.g. rehabilitative work activity, social rehabilitation. */
	'VATEX-EU-132-1G',
	/** Other activities in the public interest (directive article 132) not covered above. */
	'VATEX-EU-132'
] as const;
export type VatExemptionCode = (typeof VAT_EXEMPTIONS)[number];

/** Labour-market training bought by an employment area is VAT exempt as vocational training (VAT directive 132(1)(i)). */
export const DEFAULT_VAT_EXEMPTION_CODE: VatExemptionCode = 'VATEX-EU-132-1I';

export function isVatExemptionCode(value: unknown): value is VatExemptionCode {
	return typeof value === 'string' && (VAT_EXEMPTIONS as readonly string[]).includes(value);
}

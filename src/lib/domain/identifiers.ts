/**
 * Finnish identifiers: Y-tunnus (business id), VAT number, IBAN and payment references
 * (national viitenumero and ISO 11649 RF). Pure and isomorphic: safe in the browser and on the server.
 * Test vectors: ../shared/einvoice/identifiers/vectors.json (tests/unit/identifiers.test.ts).
 */
import { FinnishBusinessIds } from 'finnish-business-ids';
import { electronicFormatIBAN, friendlyFormatIBAN, isValidIBAN as ibantoolsIsValidIban } from 'ibantools';

// ---------------------------------------------------------------- Y-tunnus and VAT number

/** Dash look-alikes that people paste from documents (hyphen, non-breaking hyphen, en/em dash, minus). */
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2212]/g;

/** Y-tunnus as typed → canonical form: trimmed, any dash look-alike replaced by "-". Does not validate. */
export function normaliseBusinessId(value: string): string {
	return value.trim().replace(DASHES, '-');
}

/**
 * Y-tunnus: seven digits, a dash and the check digit (weights 7, 9, 10, 5, 8, 4, 2; remainder 0 → 0,
 * remainder 1 → no valid id, otherwise 11 − remainder). `finnish-business-ids` implements exactly that.
 */
export function isValidBusinessId(value: string): boolean {
	const v = normaliseBusinessId(value);
	return /^\d{7}-\d$/.test(v) && FinnishBusinessIds.isValidBusinessId(v);
}

/** The Finnish VAT number of a business id: FI + the eight digits (no dash). */
export function vatNumberFromBusinessId(businessId: string): string {
	return `FI${normaliseBusinessId(businessId).replace('-', '')}`;
}

// ---------------------------------------------------------------- IBAN

/** IBAN in electronic format (no spaces, upper case); '' for empty input. Does not validate. */
export function normaliseIban(value: string): string {
	return electronicFormatIBAN(value ?? '') ?? '';
}

/**
 * A valid IBAN (country length and structure, ISO 7064 mod 97-10 check digits), spaces and case ignored.
 * With `country` (e.g. 'FI') the IBAN must also belong to that country.
 */
export function isValidIban(value: string, country?: string): boolean {
	const iban = normaliseIban(value);
	if (country && !iban.startsWith(country.toUpperCase())) return false;
	return ibantoolsIsValidIban(iban);
}

/** Providers are paid to Finnish accounts: an FI IBAN with a valid checksum. */
export function isValidFinnishIban(value: string): boolean {
	return isValidIban(value, 'FI');
}

/** For people: groups of four ("FI21 1234 5600 0007 85"). Invalid input is returned as it was. */
export function formatIban(value: string): string {
	const iban = normaliseIban(value);
	return iban ? (friendlyFormatIBAN(iban) ?? value) : value;
}

// ---------------------------------------------------------------- Payment references

/** A reference as typed → digits/letters only, upper case (spaces removed). Does not validate. */
export function normaliseReference(value: string): string {
	return value.replace(/\s+/g, '').toUpperCase();
}

/** The check digit of a national reference base (weights 7, 3, 1 from the right). */
export function finnishReferenceCheckDigit(base: string): number {
	let sum = 0;
	for (let i = 0; i < base.length; i++) sum += Number(base[base.length - 1 - i]) * [7, 3, 1][i % 3];
	return (10 - (sum % 10)) % 10;
}

/** Finnish national reference (viitenumero, 7-3-1): 4–20 digits (leading zeros ignored), last is the check. */
export function isValidFinnishReference(value: string): boolean {
	const v = normaliseReference(value);
	if (!/^\d{1,20}$/.test(v)) return false;
	const significant = v.replace(/^0+/, '');
	if (significant.length < 4) return false;
	return finnishReferenceCheckDigit(significant.slice(0, -1)) === Number(significant.slice(-1));
}

/** The national reference for a base of 3–19 digits: the base followed by its check digit. */
export function createFinnishReference(base: string): string {
	const b = normaliseReference(base).replace(/^0+/, '');
	if (!/^\d{3,19}$/.test(b)) throw new RangeError('A reference base has 3 to 19 digits');
	return b + finnishReferenceCheckDigit(b);
}

/** ISO 7064 mod 97-10 of an alphanumeric string, letters A = 10 … Z = 35 (no big integers needed). */
function mod97(s: string): number {
	let r = 0;
	for (const c of s) {
		const n = parseInt(c, 36);
		r = n < 10 ? (r * 10 + n) % 97 : (r * 100 + n) % 97;
	}
	return r;
}

/** ISO 11649 creditor reference: RF, two check digits and 1–21 letters or digits; mod 97 of the rotation = 1. */
export function isValidRfReference(value: string): boolean {
	const v = normaliseReference(value);
	if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(v)) return false;
	return mod97(v.slice(4) + v.slice(0, 4)) === 1;
}

/** The RF reference for a base of 1–21 letters or digits (e.g. a national reference). */
export function createRfReference(base: string): string {
	const b = normaliseReference(base);
	if (!/^[0-9A-Z]{1,21}$/.test(b)) throw new RangeError('An RF reference base has 1 to 21 letters or digits');
	return `RF${String(98 - mod97(b + 'RF00')).padStart(2, '0')}${b}`;
}

// ---------------------------------------------------------------- E-invoice addresses (OVT, Peppol participant ids)

/** OVT code (e-invoice address): 0037, a valid Y-tunnus's eight digits (check digit checked), an optional suffix of up to 5 characters. */
export function isValidFinnishOvt(value: string): boolean {
	const v = value.trim();
	return /^0037\d{8}[0-9A-Za-z]{0,5}$/.test(v) && isValidBusinessId(`${v.slice(4, 11)}-${v.slice(11, 12)}`);
}

/** Scheme 0037 (Finnish organisation id): the Y-tunnus's eight digits, or an OVT code as older ids are written. */
export function isValidScheme0037(value: string): boolean {
	const v = value.trim();
	if (/^\d{8}$/.test(v)) return isValidBusinessId(`${v.slice(0, 7)}-${v.slice(7)}`);
	return isValidFinnishOvt(v);
}

/** A Peppol participant id as stored, `scheme:value` (e.g. 0216:003712345678, 0037:12345678) → its parts; null when not that shape. */
export function parsePeppolId(value: string | null | undefined): { scheme: '0216' | '0037'; id: string } | null {
	const m = /^(0037|0216):([0-9A-Za-z]{4,35})$/.exec((value ?? '').trim());
	return m ? { scheme: m[1] as '0216' | '0037', id: m[2] } : null;
}

/** A Finnish Peppol participant id: scheme 0216 with a valid OVT code, or scheme 0037 with a valid Y-tunnus (check digits checked). */
export function isValidFinnishPeppolId(value: string): boolean {
	const p = parsePeppolId(value);
	if (!p) return false;
	return p.scheme === '0216' ? isValidFinnishOvt(p.id) : isValidScheme0037(p.id);
}

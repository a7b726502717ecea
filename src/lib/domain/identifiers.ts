import { FinnishBusinessIds } from 'finnish-business-ids';
import { electronicFormatIBAN, friendlyFormatIBAN, isValidIBAN } from 'ibantools';

/** Y-tunnus: seven digits, a dash and the mod-11 check digit. */
export function normaliseBusinessId(value: string): string {
	return value.trim();
}

export function isValidBusinessId(value: string): boolean {
	const v = normaliseBusinessId(value);
	return /^\d{7}-\d$/.test(v) && FinnishBusinessIds.isValidBusinessId(v);
}

/** The Finnish VAT number of a business id: FI + the eight digits. */
export function vatNumberFromBusinessId(businessId: string): string {
	return `FI${normaliseBusinessId(businessId).replace('-', '')}`;
}

/** IBAN in electronic format (no spaces, upper case). */
export function normaliseIban(value: string): string {
	return electronicFormatIBAN(value) ?? '';
}

/** Providers are paid to Finnish accounts: an FI IBAN with a valid checksum. */
export function isValidFinnishIban(value: string): boolean {
	const iban = normaliseIban(value);
	return iban.startsWith('FI') && isValidIBAN(iban);
}

export function formatIban(value: string): string {
	return friendlyFormatIBAN(normaliseIban(value)) ?? value;
}

/**
 * The Finnish bank barcode (virtuaaliviivakoodi, Finance Finland "Pankkiviivakoodi-opas" v5.3): 54 digits a
 * payer's bank app reads. Version 4 carries a national reference, version 5 an RF reference. Built from
 * integer cents only: a float here once turned 0.29 € into 0.28 € in a well-known package.
 */
import { isValidFinnishIban, isValidFinnishReference, isValidRfReference, normaliseIban, normaliseReference } from '../identifiers';

export interface BarcodeInput {
	iban: string;
	/** Viitenumero or RF reference, spaces allowed. */
	reference: string;
	cents: number;
	/** YYYY-MM-DD, or null for "no due date" (000000). */
	dueDate: string | null;
}

/** The barcode, or null when it cannot carry this payment (not a Finnish IBAN, bad reference, amount out of range). */
export function bankBarcode({ iban, reference, cents, dueDate }: BarcodeInput): string | null {
	if (!isValidFinnishIban(iban)) return null;
	// Six digits of euros: 0 … 999 999,99 €.
	if (!Number.isSafeInteger(cents) || cents < 0 || cents > 99_999_999) return null;
	const account = normaliseIban(iban).slice(2);
	const amount = String(cents).padStart(8, '0');
	const due = dueDate ? dueDate.slice(2, 4) + dueDate.slice(5, 7) + dueDate.slice(8, 10) : '000000';
	const ref = normaliseReference(reference);
	if (isValidRfReference(ref)) {
		const body = ref.slice(4);
		if (!/^\d{1,21}$/.test(body)) return null; // the barcode has digits only
		return `5${account}${amount}${ref.slice(2, 4)}${body.padStart(21, '0')}${due}`;
	}
	if (isValidFinnishReference(ref)) return `4${account}${amount}000${ref.replace(/^0+/, '').padStart(20, '0')}${due}`;
	return null;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_EINVOICE, sharedEinvoice } from '../shared-einvoice';
import { describe, expect, it } from 'vitest';
import {
	createFinnishReference,
	createRfReference,
	formatIban,
	isValidBusinessId,
	isValidFinnishIban,
	isValidFinnishReference,
	isValidIban,
	isValidRfReference,
	normaliseBusinessId,
	normaliseIban,
	vatNumberFromBusinessId
} from '../../src/lib/domain/identifiers';

interface Vectors {
	ytunnus: { valid: string[]; invalid: string[] };
	viite: { valid: string[]; invalid: string[]; compute: [string, string][] };
	rf: { valid: string[]; invalid: string[]; compute: [string, string][] };
	iban: { valid: string[]; invalid: string[] };
}

// The shared vectors live beside the repository (../shared/einvoice/identifiers/vectors.json).
// Missing, the file fails (unless PTP_ALLOW_MISSING_EINVOICE=1, which skips these knowingly).
const vectors: Vectors | null = sharedEinvoice() ? JSON.parse(readFileSync(join(SHARED_EINVOICE, 'identifiers/vectors.json'), 'utf8')) : null;

describe.skipIf(!vectors)('identifier test vectors (../shared/einvoice/identifiers/vectors.json)', () => {
	const v = vectors!;
	it('accepts every valid Y-tunnus and rejects every invalid one', () => {
		for (const id of v.ytunnus.valid) expect(isValidBusinessId(id), id).toBe(true);
		for (const id of v.ytunnus.invalid) expect(isValidBusinessId(id), id).toBe(false);
	});
	it('accepts every valid Finnish IBAN and rejects every invalid one (the German IBAN is not Finnish)', () => {
		for (const iban of v.iban.valid) {
			expect(isValidFinnishIban(iban), iban).toBe(true);
			expect(isValidIban(iban), iban).toBe(true);
		}
		for (const iban of v.iban.invalid) expect(isValidFinnishIban(iban), iban).toBe(false);
	});
	it('accepts every valid national reference and rejects every invalid one', () => {
		for (const ref of v.viite.valid) expect(isValidFinnishReference(ref), ref).toBe(true);
		for (const ref of v.viite.invalid) expect(isValidFinnishReference(ref), ref).toBe(false);
	});
	it('computes national references from their base', () => {
		for (const [base, full] of v.viite.compute) {
			expect(createFinnishReference(base), base).toBe(full);
			expect(isValidFinnishReference(full), full).toBe(true);
		}
	});
	it('accepts every valid RF reference and rejects every invalid one', () => {
		for (const ref of v.rf.valid) expect(isValidRfReference(ref), ref).toBe(true);
		for (const ref of v.rf.invalid) expect(isValidRfReference(ref), ref).toBe(false);
	});
	it('computes RF references from their base', () => {
		for (const [base, full] of v.rf.compute) {
			expect(createRfReference(base), base).toBe(full);
			expect(isValidRfReference(full), full).toBe(true);
		}
	});
});

describe('business ids', () => {
	it('validates the check digit and the format', () => {
		expect(isValidBusinessId('0112038-9')).toBe(true);
		expect(isValidBusinessId(' 0112038-9 ')).toBe(true);
		expect(isValidBusinessId('0112038\u20139')).toBe(true); // en dash pasted from a document
		expect(isValidBusinessId('')).toBe(false);
		expect(isValidBusinessId('FI01120389')).toBe(false);
		expect(isValidBusinessId('0112038-9x')).toBe(false);
		// 1000008: weighted sum 23, remainder 1 → no check digit is valid.
		for (let d = 0; d <= 9; d++) expect(isValidBusinessId(`1000008-${d}`)).toBe(false);
	});
	it('normalises and derives the VAT number', () => {
		expect(normaliseBusinessId(' 0112038\u20129 ')).toBe('0112038-9');
		expect(vatNumberFromBusinessId('0112038-9')).toBe('FI01120389');
		expect(vatNumberFromBusinessId(' 1572860-0')).toBe('FI15728600');
	});
});

describe('IBANs', () => {
	it('normalises, formats and validates', () => {
		expect(normaliseIban(' fi21 1234 5600 0007 85 ')).toBe('FI2112345600000785');
		expect(normaliseIban('')).toBe('');
		expect(formatIban('fi2112345600000785')).toBe('FI21 1234 5600 0007 85');
		expect(isValidIban('fi21 1234 5600 0007 85')).toBe(true);
		expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
		expect(isValidIban('DE89 3704 0044 0532 0130 00', 'FI')).toBe(false);
		expect(isValidFinnishIban('FI21 1234 5600 0007 86')).toBe(false);
		expect(isValidIban('')).toBe(false);
	});
});

describe('payment references', () => {
	it('checks national references (7-3-1)', () => {
		expect(isValidFinnishReference('1232')).toBe(true);
		expect(isValidFinnishReference('12 34561')).toBe(true);
		expect(isValidFinnishReference('1233')).toBe(false);
		expect(isValidFinnishReference('')).toBe(false);
		expect(createFinnishReference('123')).toBe('1232');
		expect(() => createFinnishReference('12')).toThrow(RangeError);
	});
	it('checks RF references (ISO 11649)', () => {
		expect(isValidRfReference('RF18 5390 0754 7034')).toBe(true);
		expect(isValidRfReference('rf18539007547034')).toBe(true);
		expect(isValidRfReference('RF18539007547035')).toBe(false);
		expect(createRfReference('539007547034')).toBe('RF18539007547034');
		// A national reference turned into RF keeps being a valid RF reference.
		expect(isValidRfReference(createRfReference(createFinnishReference('1000014')))).toBe(true);
		expect(() => createRfReference('')).toThrow(RangeError);
	});
});

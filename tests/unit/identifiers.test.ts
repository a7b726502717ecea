import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	formatIban,
	isValidBusinessId,
	isValidFinnishIban,
	vatNumberFromBusinessId
} from '../../src/lib/domain/identifiers';

const vectorsUrl = new URL('../../../shared/einvoice/identifiers/vectors.json', import.meta.url);
const vectors = existsSync(vectorsUrl) ? JSON.parse(readFileSync(vectorsUrl, 'utf8')) : null;
if (!vectors) console.warn(`identifier vectors not found at ${vectorsUrl.pathname}: vector tests skipped`);

describe.skipIf(!vectors)('identifier test vectors (../shared/einvoice/identifiers/vectors.json)', () => {
	it('accepts every valid Y-tunnus and rejects every invalid one', () => {
		for (const v of vectors.ytunnus.valid) expect(isValidBusinessId(v), v).toBe(true);
		for (const v of vectors.ytunnus.invalid) expect(isValidBusinessId(v), v).toBe(false);
	});
	it('accepts every valid Finnish IBAN and rejects every invalid one', () => {
		for (const v of vectors.iban.valid) expect(isValidFinnishIban(v), v).toBe(true);
		for (const v of vectors.iban.invalid) expect(isValidFinnishIban(v), v).toBe(false);
	});
});

describe('identifiers', () => {
	it('derives the VAT number and formats IBANs for people', () => {
		expect(vatNumberFromBusinessId('0112038-9')).toBe('FI01120389');
		expect(formatIban('fi2112345600000785')).toBe('FI21 1234 5600 0007 85');
		expect(isValidBusinessId(' 0112038-9 ')).toBe(true);
		expect(isValidBusinessId('')).toBe(false);
	});
});

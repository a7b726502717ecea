/** E-invoice addresses (OVT, Peppol participant ids) with their Y-tunnus check digit, and CSV cells for spreadsheets. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { isValidFinnishOvt, isValidFinnishPeppolId, parsePeppolId } from '../../src/lib/domain/identifiers';
import { isValidOvt, isValidPeppolId } from '../../src/lib/domain/contracts';
import { csvCell, CsvNumber, csvText } from '../../src/lib/server/csv';

describe('e-invoice addresses', () => {
	it('an OVT code: 0037, a Y-tunnus with a valid check digit, an optional suffix', () => {
		expect(isValidFinnishOvt('003712345671')).toBe(true); // 1234567-1
		expect(isValidFinnishOvt('00371234567100123')).toBe(true);
		expect(isValidFinnishOvt('003712345672')).toBe(false); // wrong check digit
		expect(isValidFinnishOvt('003812345671')).toBe(false);
		// The forms' validators are the same rules.
		expect(isValidOvt('003712345672')).toBe(false);
		expect(isValidOvt('003712345671')).toBe(true);
	});

	it('a Peppol id: scheme 0216 with an OVT code or 0037 with a Y-tunnus, check digits checked', () => {
		expect(isValidFinnishPeppolId('0216:003712345671')).toBe(true);
		expect(isValidFinnishPeppolId('0037:12345671')).toBe(true);
		expect(isValidFinnishPeppolId('0037:12345672')).toBe(false);
		expect(isValidFinnishPeppolId('0216:003712345672')).toBe(false);
		expect(isValidFinnishPeppolId('9999:12345671')).toBe(false);
		expect(isValidFinnishPeppolId('12345671')).toBe(false);
		expect(isValidPeppolId('0037:12345672')).toBe(false);
		expect(parsePeppolId(' 0216:003712345671 ')).toEqual({ scheme: '0216', id: '003712345671' });
		expect(parsePeppolId(null)).toBeNull();
	});
});

describe('CSV cells', () => {
	it('a number is never made into text by the formula guard; text starting with a formula character is', () => {
		expect(csvCell(-12547)).toBe('-12547');
		expect(csvCell(new CsvNumber('-1.00'))).toBe('-1.00');
		expect(csvCell(new CsvNumber('-1,00'), ';')).toBe('-1,00');
		expect(csvCell(new CsvNumber('-1,00'), ',')).toBe('"-1,00"');
		expect(csvCell('-1 päivä')).toBe("'-1 päivä");
		expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
	});

	it('a spreadsheet reading the file gets the numbers back as numbers', () => {
		const text = csvText(
			[
				['kuvaus', 'summa'],
				['Hyvitys; osa 1', new CsvNumber('-12,50')]
			],
			';'
		);
		expect(parse(text, { delimiter: ';' })).toEqual([
			['kuvaus', 'summa'],
			['Hyvitys; osa 1', '-12,50']
		]);
	});
});

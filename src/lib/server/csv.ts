/**
 * CSV for spreadsheets (RFC 4180, comma-separated, UTF-8 with a BOM so that Excel reads ä and ö). A text cell
 * starting with = + - @ is made inert (spreadsheet formula injection); numbers are never touched, so that a
 * negative amount stays a number (`-12.50`, not the text `'-12.50`).
 */

/** A number already written for the reader's locale (`-1234,56` or `-1234.56`): a number cell, not text. */
export class CsvNumber {
	constructor(readonly text: string) {}
}

/** A cell: text is guarded and quoted when needed; numbers (and CsvNumber) are written as they are. */
export function csvCell(value: unknown, separator: ',' | ';' = ','): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number' || typeof value === 'bigint' || value instanceof CsvNumber) {
		const n = value instanceof CsvNumber ? value.text : String(value);
		return n.includes(separator) || /["\r\n]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n;
	}
	let s = String(value);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `;` is what Excel expects where the decimal separator is a comma (as in Finland). */
export function csvText(rows: unknown[][], separator: ',' | ';' = ','): string {
	return rows.map((r) => r.map((c) => csvCell(c, separator)).join(separator)).join('\r\n') + '\r\n';
}

/** A download that no cache keeps (it may hold personal data). */
export function csvResponse(filename: string, rows: unknown[][], separator: ',' | ';' = ','): Response {
	return new Response('\uFEFF' + csvText(rows, separator), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store'
		}
	});
}

/**
 * CSV for spreadsheets (RFC 4180, comma-separated, UTF-8 with a BOM so that Excel reads ä and ö). A cell
 * starting with = + - @ is made inert (spreadsheet formula injection).
 */
function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	let s = String(value);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `;` is what Excel expects where the decimal separator is a comma (as in Finland). */
export function csvText(rows: unknown[][], separator: ',' | ';' = ','): string {
	return rows.map((r) => r.map(csvCell).join(separator)).join('\r\n') + '\r\n';
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

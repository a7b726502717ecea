/** Small helpers shared by the XML writers. */
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

export type { XMLBuilder };

/** Is the character one XML 1.0 can carry? (Not C0 controls other than tab, newline, carriage return; not U+FFFE/U+FFFF.) */
function xmlChar(c: string): boolean {
	const code = c.charCodeAt(0);
	return (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) && code !== 0xfffe && code !== 0xffff;
}

/** A text as XML can carry it: characters XML forbids dropped, ends trimmed. */
export function clean(value: string): string {
	return Array.from(value).filter(xmlChar).join('').trim();
}

/**
 * Adds `<name attrs>value</name>` under `parent`, or nothing when the value is missing or blank: both
 * formats reject empty elements (Peppol PEPPOL-EN16931-R008, Finvoice minimum lengths).
 */
export function add(parent: XMLBuilder, name: string, value: string | null | undefined, attrs?: Record<string, string>): void {
	if (value === null || value === undefined) return;
	const v = clean(value);
	if (v !== '') parent.ele(name, attrs).txt(v);
}

/** Splits a text into pieces of at most `size` characters (at spaces where possible), at most `count` pieces. */
export function pieces(value: string, size: number, count = Infinity): string[] {
	const out: string[] = [];
	let rest = clean(value);
	while (rest !== '' && out.length < count) {
		if (rest.length <= size) {
			out.push(rest);
			break;
		}
		const cut = rest.lastIndexOf(' ', size);
		const at = cut > 0 ? cut : size;
		out.push(rest.slice(0, at).trim());
		rest = rest.slice(at).trim();
	}
	return out;
}

/** YYYY-MM-DD → CCYYMMDD (Finvoice dates). */
export function compactDate(day: string): string {
	return day.replaceAll('-', '');
}

/**
 * A short, non-identifying label for a session's device, made once from the user agent at sign-in:
 * the browser family and the operating system, nothing more (no versions, no device model), stored as
 * `browser|os` and shown as "Chrome on Android" in the person's own language. Either part is '' when
 * the user agent does not say.
 */

const BROWSERS: [RegExp, string][] = [
	// Order matters: Edge, Opera and Samsung Internet also say "Chrome", Chrome also says "Safari".
	[/\bEdg(e|A|iOS)?\//, 'Edge'],
	[/\b(OPR|Opera)\//, 'Opera'],
	[/\bSamsungBrowser\//, 'Samsung Internet'],
	[/\bFirefox\/|\bFxiOS\//, 'Firefox'],
	[/\bCri?OS\//, 'Chrome'],
	[/Chrom(e|ium)\//, 'Chrome'], // HeadlessChrome too
	[/\bVersion\/[\d.]+.*\bSafari\//, 'Safari']
];

const SYSTEMS: [RegExp, string][] = [
	[/\bAndroid\b/, 'Android'],
	[/\b(iPhone|iPod)\b/, 'iOS'],
	[/\biPad\b/, 'iPadOS'],
	[/\bCrOS\b/, 'ChromeOS'],
	[/\bWindows\b/, 'Windows'],
	[/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
	[/\bLinux\b/, 'Linux']
];

function first(ua: string, table: [RegExp, string][]): string {
	return table.find(([re]) => re.test(ua))?.[1] ?? '';
}

/** `browser|os` for the sessions table; null when neither part is known. */
export function deviceLabel(userAgent: string | null | undefined): string | null {
	const ua = (userAgent ?? '').slice(0, 400);
	const browser = first(ua, BROWSERS);
	const os = first(ua, SYSTEMS);
	return browser || os ? `${browser}|${os}` : null;
}

/** The stored label's parts, for the page to phrase. */
export function deviceParts(label: string | null): { browser: string; os: string } | null {
	if (!label) return null;
	const [browser = '', os = ''] = label.split('|');
	return browser || os ? { browser, os } : null;
}

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogues, LOCALES, localeFromAcceptLanguage, translate, type Catalogue, type Locale } from '../../src/lib/i18n';
import { fi } from '../../src/lib/i18n/fi';
import { formatDate } from '../../src/lib/i18n/format';
import { ABSENCE_REASON_KEY } from '../../src/lib/i18n/labels/attendance';
import { CONTRACT_FIELD_KEY } from '../../src/lib/i18n/labels/contracts';

type Key = keyof typeof fi;
const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();
/** The forms of a message: one for a plain message, `one` and `other` for a plural one. */
const forms = (m: Catalogue[Key]) => (typeof m === 'string' ? [m] : [m.one, m.other]);

// Relative to src/: the checkout's own path may contain "i18n" (e.g. a worktree named wt-i18n).
const src = join(process.cwd(), 'src');
function sources(dir = src): { path: string; text: string }[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) return sources(p);
		return /\.(svelte|ts)$/.test(name) ? [{ path: relative(src, p), text: readFileSync(p, 'utf8') }] : [];
	});
}
const isCatalogue = (path: string) => /^lib\/i18n\/(fi|sv|en)\.ts$|^lib\/i18n\/parts\//.test(path);

describe('message catalogues', () => {
	it.each(LOCALES)('%s has exactly the Finnish keys, each non-empty with the same placeholders and plural forms', (locale) => {
		const c = catalogues[locale];
		const source: Catalogue = fi;
		expect(Object.keys(c).sort()).toEqual(Object.keys(fi).sort());
		for (const key of Object.keys(fi) as Key[]) {
			const [m, f] = [c[key], source[key]];
			expect(typeof m, `${locale}:${key}`).toBe(typeof f);
			for (const form of forms(m)) expect(form.trim(), `${locale}:${key}`).not.toBe('');
			const other = typeof m === 'string' ? m : m.other;
			const sourceOther = typeof f === 'string' ? f : f.other;
			expect(placeholders(other), `${locale}:${key}`).toEqual(placeholders(sourceOther));
			if (typeof m !== 'string') {
				// The count is in the "other" form; "one" may spell it out ("kerran", "once") but adds nothing new.
				expect(other, `${locale}:${key}`).toContain('{n}');
				expect(
					placeholders(m.one).filter((p) => !placeholders(other).includes(p)),
					`${locale}:${key}`
				).toEqual([]);
			}
		}
	});

	it('every key written in the source exists in the catalogue (calls, form results and the label maps)', () => {
		const used = new Set<string>();
		for (const { path, text } of sources()) {
			if (isCatalogue(path)) continue;
			for (const m of text.matchAll(/\b(?:(?:t|tr|msg)\(|translate\(\w+,\s*)'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]);
			// The label maps (code → key) are the only place a dynamic key is written; every value is a key.
			if (path.startsWith('lib/i18n/labels/') || path === 'lib/components/invoices/keys.ts')
				for (const m of text.matchAll(/:\s*'([a-zA-Z0-9_.-]+\.[a-zA-Z0-9_.-]+)'/g)) used.add(m[1]);
		}
		expect(used.size).toBeGreaterThan(500);
		expect([...used].filter((k) => !(k in fi))).toEqual([]);
	});

	it('no message key is made up by a cast: dynamic keys come from the typed label maps', () => {
		const casts = sources().flatMap(({ path, text }) => (text.includes('as MessageKey') ? [path] : []));
		expect(casts).toEqual([]);
	});

	it('a label map has a key for every code of its list, in every language', () => {
		for (const locale of LOCALES) {
			expect(translate(locale, ABSENCE_REASON_KEY.sick_child)).not.toMatch(/^absence\.reason\./);
			// A contract's history names the fields that changed: each has a name (billable absences had none).
			expect(translate(locale, CONTRACT_FIELD_KEY.billableAbsences)).not.toMatch(/^contractField\./);
		}
	});

	it('names the portal in Swedish in the Swedish interface, in its mails too', () => {
		expect(translate('sv', 'app.name')).toBe('Tjänsteproducentportalen');
		const svText = Object.values(catalogues.sv).flatMap(forms).join('\n');
		expect(svText).not.toContain(translate('fi', 'app.name'));
	});

	it('fills placeholders and picks the language from Accept-Language', () => {
		expect(translate('sv', 'home.greeting', { name: 'Anna' })).toContain('Anna');
		expect(localeFromAcceptLanguage('sv-FI,sv;q=0.9,en;q=0.8')).toBe('sv');
		expect(localeFromAcceptLanguage('de-DE,en;q=0.5')).toBe('en');
		expect(localeFromAcceptLanguage('de-DE')).toBeUndefined();
	});
});

describe('plural messages (Intl.PluralRules)', () => {
	const counts = [0, 1, 2, 5, 21];
	const expected: Record<Locale, string[]> = {
		fi: ['0 sopimusta', '1 sopimus', '2 sopimusta', '5 sopimusta', '21 sopimusta'],
		sv: ['0 avtal', '1 avtal', '2 avtal', '5 avtal', '21 avtal'],
		en: ['0 contracts', '1 contract', '2 contracts', '5 contracts', '21 contracts']
	};
	it.each(LOCALES)('%s picks the form by the count: 0, 1, 2, 5 and 21', (locale) => {
		expect(counts.map((n) => translate(locale, 'contracts.count', { n }))).toEqual(expected[locale]);
	});

	it('uses the singular only for exactly one, in every language', () => {
		expect(translate('en', 'participations.count', { n: 1 })).toBe('1 participant');
		expect(translate('en', 'participations.count', { n: 21 })).toBe('21 participants');
		expect(translate('fi', 'participations.changed', { n: 1 })).toBe('muutettu kerran');
		expect(translate('fi', 'participations.changed', { n: 3 })).toBe('muutettu 3 kertaa');
		expect(translate('sv', 'participations.changed', { n: 1 })).toBe('ändrad en gång');
		expect(translate('sv', 'contracts.capacityValue', { n: 1 })).toBe('1 plats');
		expect(translate('sv', 'contracts.capacityValue', { n: 12 })).toBe('12 platser');
		expect(translate('fi', 'contracts.workingDays', { n: 1 })).toBe('1 arkipäivä');
		expect(translate('en', 'contracts.calendarDays', { n: 1 })).toBe('1 day');
		expect(translate('en', 'audit.accessCount', { n: 1 })).toBe('1 entry');
		expect(translate('en', 'attendance.signOutPending', { n: 1 })).toContain('1 mark not sent yet');
		expect(translate('fi', 'notices.runDays', { n: 6, from: '1.12.2026', until: '8.12.2026' })).toBe('1.12.2026–8.12.2026, 6 peräkkäistä päivää');
	});

	it('requires the count of a plural message (a type error otherwise) and keeps plain messages as they were', () => {
		// @ts-expect-error a plural message needs its count `n`
		expect(translate('en', 'contracts.count')).toBe('{n} contracts');
		expect(translate('en', 'contracts.count', { n: 3 })).toBe('3 contracts');
		expect(translate('fi', 'participations.minutes', { n: 1 })).toBe('1 min');
	});
});

describe('formatDate', () => {
	it('writes a calendar day as each language reads it, without leading zeros', () => {
		expect(formatDate('2026-01-05', 'fi')).toBe('5.1.2026');
		expect(formatDate('2026-12-31', 'sv')).toBe('31.12.2026');
		expect(formatDate('2026-01-05', 'en')).toBe('5 Jan 2026');
		expect(formatDate('2027-10-09', 'en')).toBe('9 Oct 2027');
	});
});

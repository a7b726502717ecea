import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogues, LOCALES, localeFromAcceptLanguage, translate } from '../../src/lib/i18n';
import { fi } from '../../src/lib/i18n/fi';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('message catalogues', () => {
	it.each(LOCALES)('%s has exactly the Finnish keys, each non-empty with the same placeholders', (locale) => {
		const c = catalogues[locale];
		expect(Object.keys(c).sort()).toEqual(Object.keys(fi).sort());
		for (const key of Object.keys(fi) as (keyof typeof fi)[]) {
			expect(c[key].trim(), `${locale}:${key}`).not.toBe('');
			expect(placeholders(c[key]), `${locale}:${key}`).toEqual(placeholders(fi[key]));
		}
	});

	it('every key used in the source exists in the catalogue', () => {
		const used = new Set<string>();
		// Relative to src/: the checkout's own path may contain "i18n" (e.g. a worktree named wt-i18n).
		const src = join(process.cwd(), 'src');
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const p = join(dir, name);
				if (statSync(p).isDirectory()) walk(p);
				else if (/\.(svelte|ts)$/.test(name) && !relative(src, p).includes('i18n')) {
					for (const m of readFileSync(p, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
				}
			}
		};
		walk(src);
		expect(used.size).toBeGreaterThan(50);
		expect([...used].filter((k) => !(k in fi))).toEqual([]);
	});

	it('names the portal in Swedish in the Swedish interface, in its mails too', () => {
		expect(translate('sv', 'app.name')).toBe('Tjänsteproducentportalen');
		const svText = Object.values(catalogues.sv).join('\n');
		expect(svText).not.toContain(translate('fi', 'app.name'));
	});

	it('fills placeholders and picks the language from Accept-Language', () => {
		expect(translate('sv', 'home.greeting', { name: 'Anna' })).toContain('Anna');
		expect(localeFromAcceptLanguage('sv-FI,sv;q=0.9,en;q=0.8')).toBe('sv');
		expect(localeFromAcceptLanguage('de-DE,en;q=0.5')).toBe('en');
		expect(localeFromAcceptLanguage('de-DE')).toBeUndefined();
	});
});

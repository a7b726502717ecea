import { describe, expect, it } from 'vitest';
import { text } from '@sveltejs/kit';
import { pageLanguage } from '../../src/lib/server/hooks/handle';

/** A rendered page as SvelteKit answers it (text/html, encoded, with its length), app.html's placeholder in front. */
function rendered(body: string, status = 200) {
	return text(`<!doctype html>\n<html lang="%lang%">\n<head><title>Tänään</title></head><body>${body}</body></html>`, {
		status,
		headers: { 'content-type': 'text/html', 'x-sveltekit-page': 'true' }
	});
}

async function answer(response: Response, locale: 'fi' | 'sv' | 'en') {
	return pageLanguage({ event: { locals: { locale } } as never, resolve: async () => response });
}

describe('the page’s language in <html lang>', () => {
	// The busiest coach's Today: over 64 K characters, some beyond Latin-1 (a time range's en dash, a name in Cyrillic).
	const rows = Array.from({ length: 900 }, (_, i) => `<li>Ольга Šimková ${i} · 09:00–15:00 · Läsnä</li>`).join('');

	it('is the reader’s language on a big page, whose every other byte and length stay right', async () => {
		const response = await answer(rendered(rows), 'sv');
		const html = await response.text();
		// The placeholder and its quote become the language, its quote and spaces: the page keeps its length.
		expect(html.startsWith('<!doctype html>\n<html lang="sv"    >\n<head>')).toBe(true);
		expect(html).toBe((await rendered(rows).text()).replace('%lang%"', 'sv"    '));
		expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(html));
		expect(Buffer.byteLength(html)).toBe(Buffer.byteLength(await rendered(rows).text()));
		expect(response.headers.get('x-sveltekit-page')).toBe('true');
	});

	it('keeps the status of an error page and writes each language', async () => {
		for (const locale of ['fi', 'sv', 'en'] as const) {
			const response = await answer(rendered('<h1>Sivua ei löytynyt</h1>', 404), locale);
			expect(response.status).toBe(404);
			expect(await response.text()).toMatch(new RegExp(`<html lang="${locale}" *>`));
		}
	});

	it('leaves what is not a page as it is', async () => {
		const json = new Response('{"name":"%lang%"}', { headers: { 'content-type': 'application/json' } });
		expect(await answer(json, 'sv')).toBe(json);
		const redirect = new Response(null, { status: 303, headers: { location: '/login' } });
		expect(await answer(redirect, 'sv')).toBe(redirect);
		// Only app.html's placeholder at the top of a page: the same text further down is the page's own.
		const later = text(`<!doctype html><html lang="fi"><body>${'x'.repeat(300)} %lang%</body></html>`, { headers: { 'content-type': 'text/html' } });
		expect(await (await answer(later, 'sv')).text()).toContain(' %lang%</body>');
	});
});

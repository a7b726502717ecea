/**
 * The installable app: a manifest with icons, a service worker that controls the page, no installability
 * errors, the offline page for a navigation without a network; and a bookmarked Today page opened first in
 * a fresh profile registers the worker at the root, loads only its own language, and keeps it offline.
 * Service workers need a browser profile of their own (an incognito context is never installable).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LOCALES, translate } from '../../src/lib/i18n';
import { BASE, launchPersistent, serverAndBrowser } from './harness';
import { demoUser, PHONE } from './pages/people';
import { SignInPage } from './pages/sign-in';

const { browser } = serverAndBrowser();

/** Resolves with the scope of the active service worker (waits on navigator.serviceWorker.ready). */
const serviceWorkerReady = `navigator.serviceWorker.ready.then((r) => r.scope)`;

describe('installable PWA', () => {
	it('has a manifest with icons, a service worker that controls the page, and no installability errors', async () => {
		const manifest = await (await fetch(`${BASE}/manifest.webmanifest`)).json();
		assert.equal(manifest.display, 'standalone');
		const sizes = manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}/${i.purpose ?? 'any'}`);
		assert.ok(sizes.includes('192x192/any') && sizes.includes('512x512/any') && sizes.includes('512x512/maskable'));
		for (const icon of manifest.icons) assert.equal((await fetch(`${BASE}${icon.src}`)).headers.get('content-type'), 'image/png');

		const { context, close } = await launchPersistent();
		try {
			const page = await context.newPage();
			await page.goto(`${BASE}/login`);
			await page.evaluate(serviceWorkerReady);
			await page.reload();
			assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the service worker controls the page');
			const cdp = await context.newCDPSession(page);
			const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
			assert.deepEqual(
				installabilityErrors.map((e) => e.errorId),
				[]
			);

			// Offline: a navigation falls back to the offline page instead of the browser's error.
			await context.setOffline(true);
			await page.goto(`${BASE}/account`).catch(() => undefined);
			assert.ok(await page.getByText('Ei verkkoyhteyttä', { exact: false }).first().isVisible());
		} finally {
			await context.setOffline(false);
			await close();
		}
	});
});

describe('service worker from a deep link', () => {
	it('a bookmarked Today page opened first in a fresh profile registers /service-worker.js with scope /, loads only its language, and keeps that language offline', async () => {
		// Signed in elsewhere, so that the fresh profile's first page is the deep link itself.
		const signInContext = await browser().newContext({ locale: 'fi-FI' });
		const provider = await (await new SignInPage(await signInContext.newPage()).signIn(demoUser('coach', 'pohjola'), { axe: false })).workspace('provider');
		const cookies = await signInContext.cookies();
		await signInContext.close();

		const { context, close } = await launchPersistent(PHONE);
		try {
			await context.addCookies(cookies);
			const page = await context.newPage();
			const swResponses: { url: string; status: number }[] = [];
			const scripts: { url: string; body: Promise<string> }[] = [];
			page.on('response', (r) => {
				const url = new URL(r.url());
				if (url.pathname.endsWith('service-worker.js')) swResponses.push({ url: url.pathname, status: r.status() });
				else if (url.pathname.endsWith('.js') && r.status() === 200) scripts.push({ url: r.url(), body: r.text().catch(() => '') });
			});
			const consoleErrors: string[] = [];
			page.on('console', (m) => {
				if (m.type() === 'error') consoleErrors.push(m.text());
			});

			await page.goto(`${BASE}${provider}/today`);
			assert.equal(new URL(page.url()).pathname, `${provider}/today`);
			// The worker is ready when the browser says so (a missing worker fails the test at its timeout).
			const scope = await page.evaluate(serviceWorkerReady);
			assert.equal(scope, `${BASE}/`, `service worker script requests: ${JSON.stringify(swResponses)}`);
			assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration('/'))?.scope), `${BASE}/`);
			assert.deepEqual(
				swResponses.filter((r) => r.status !== 200),
				[],
				'no failed request for the service worker script'
			);
			assert.ok(
				swResponses.every((r) => r.url === '/service-worker.js'),
				`the service worker script is requested at the root: ${JSON.stringify(swResponses)}`
			);
			assert.deepEqual(
				consoleErrors.filter((e) => /404|service.?worker/i.test(e)),
				[]
			);

			// Only the page's own language was downloaded, and it was in place when the page hydrated.
			const lang = (await page.locator('html').getAttribute('lang')) as (typeof LOCALES)[number];
			assert.ok(LOCALES.includes(lang));
			const bodies = await Promise.all(scripts.map(async (s) => ({ url: s.url, body: await s.body })));
			const catalogueOf = (l: (typeof LOCALES)[number]) =>
				bodies.filter((b) => b.body.includes(translate(l, 'nav.skipToContent')) && b.body.includes(translate(l, 'attendance.title')));
			const own = catalogueOf(lang);
			assert.equal(own.length, 1, `one ${lang} catalogue chunk: ${own.map((b) => b.url).join(', ')}`);
			for (const other of LOCALES.filter((l) => l !== lang))
				assert.deepEqual(
					catalogueOf(other).map((b) => b.url),
					[],
					`no ${other} catalogue on a ${lang} page`
				);
			assert.equal(await page.locator('a.skip').innerText(), translate(lang, 'nav.skipToContent'));
			assert.doesNotMatch(await page.locator('body').innerText(), /\b(attendance|nav|pwa|errors)\.[a-zA-Z]+/, 'no untranslated message keys');

			// Under the service worker (reload once online), the page and its language's chunk are kept offline.
			await page.reload();
			assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the service worker controls the deep-linked page');
			assert.ok(await page.evaluate(async (url) => !!(await caches.match(url)), own[0].url), 'the catalogue chunk is precached');
			await context.setOffline(true);
			await page.reload();
			assert.equal(await page.locator('html').getAttribute('lang'), lang);
			await assert.doesNotReject(page.getByText(translate(lang, 'attendance.offline')).waitFor());
			assert.doesNotMatch(await page.locator('body').innerText(), /\b(attendance|nav|pwa|errors)\.[a-zA-Z]+/, 'no untranslated message keys offline');
		} finally {
			await context.setOffline(false);
			await close();
		}
	});
});

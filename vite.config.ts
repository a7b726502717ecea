import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// The offline page is served by a route (/offline), not from static/, so its precache revision is
// the hash of its sources: the template and the catalogues its texts come from.
const offlineRevision = ['src/lib/offline.html', 'src/lib/i18n/fi.ts', 'src/lib/i18n/sv.ts', 'src/lib/i18n/en.ts']
	.reduce((hash, file) => hash.update(readFileSync(file)), createHash('sha256'))
	.digest('hex')
	.slice(0, 16);

const manifest = {
	name: 'Palveluntuottajaportaali',
	short_name: 'PTP',
	description: 'Työllisyyspalveluiden tuottajien ja työllisyysalueiden yhteinen portaali',
	lang: 'fi',
	// A coach lands on Today (also offline: the service worker answers it with the kept Today page).
	start_url: '/start',
	scope: '/',
	display: 'standalone' as const,
	background_color: '#ffffff',
	theme_color: '#0b4f8a',
	icons: [
		{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
		{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	]
};

/**
 * Build-time edits of SvelteKit's server code, each replacing exact pieces of one file's source; the build fails if a
 * piece is gone (after an upgrade: look again, don't just delete the edit). The browser's code is left as it is.
 */
function serverEdit(name: string, file: string, edits: [from: string, to: string][]): Plugin {
	return {
		name: `ptp-${name}`,
		enforce: 'pre',
		transform(code, id, options) {
			if (!options?.ssr || !id.replace(/\\/g, '/').endsWith(file)) return null;
			for (const [from, to] of edits) {
				if (!code.includes(from)) throw new Error(`ptp-${name}: ${file} no longer has ${JSON.stringify(from)}`);
				code = code.replace(from, () => to);
			}
			return { code, map: null };
		}
	};
}

/**
 * SvelteKit hashes every rendered page for an ETag, a JavaScript loop over each character of the whole HTML (15 % of
 * the server's CPU on a 320 KB dashboard; bench/RESULTS.md). Every page of a signed-in person is `private, no-store`
 * (hooks), so no browser ever sends that ETag back: the hash buys nothing. This drops that one line.
 */
export const noPageEtag = serverEdit('no-page-etag', '@sveltejs/kit/src/runtime/server/page/render.js', [
	['headers.set(\'etag\', `"${hash(transformed)}"`);', '/* no ETag: see vite.config.ts */']
]);

/*
 * On Node 20 (V8 11.3) a getter made afresh for an object (`{ get x() {…} }`, `Object.defineProperty(o, 'x', { get })`)
 * keeps what it closes over alive through every young-generation collection until the next full one: the getter's
 * pair is made in the old generation and its pointer to the young getter counts as a root. SvelteKit does this on
 * every page request in two places, and each kept the whole request (its data, the render, the hooks' state): 14 % of
 * everything a page allocated survived two scavenges and was promoted, and the scavenges took 2.5 ms of CPU per page of
 * the area's invoice list, of the 4 ms the app spent on it (bench/RESULTS.md, changes-2026-12-05-afternoon). These two
 * edits keep the behaviour and make no getter per request.
 */

/**
 * The root's render result: `asClassComponent(Root).render(…)` returns `head` and `html` as getters over the render.
 * On the server the same root is rendered with `render` and plain strings returned (the `head`, `html` and `css`
 * SvelteKit reads when `kit.experimental.async` is off, as here).
 */
export const plainRootRender = serverEdit('plain-root-render', '/.svelte-kit/generated/root.js', [
	[
		"import { asClassComponent } from 'svelte/legacy';\nimport Root from './root.svelte';\nexport default asClassComponent(Root);",
		`import { render } from 'svelte/server';
import Root from './root.svelte';
export default {
	render: (props, options) => {
		const result = render(Root, { ...options, props });
		return { head: result.head, html: result.body, css: { code: '', map: null } };
	}
};`
	]
]);

/**
 * Every server `load` gets a URL whose `href`, `pathname`, `search`… getters note that the load read them. The
 * getters are made once per property, on first use, and find the request's callback and URL in a data property of the
 * tracked URL.
 */
export const sharedUrlGetters = serverEdit('shared-url-getters', '@sveltejs/kit/src/utils/url.js', [
	[
		'export function make_trackable(',
		`const TRACKED = Symbol('tracked');
/** @type {Record<string, () => unknown>} No prototype: toString is one of the names. */
const tracked_getters = Object.create(null);
/** Made at module level: a getter made inside make_trackable would keep its first request's context for good. */
function tracked_getter(property) {
	return (tracked_getters[property] ??= function () {
		const { callback, url } = this[TRACKED];
		callback();
		return url[property];
	});
}

export function make_trackable(`
	],
	[
		`	for (const property of tracked_url_properties) {
		Object.defineProperty(tracked, property, {
			get() {
				callback();
				return url[property];
			},
`,
		`	Object.defineProperty(tracked, TRACKED, { value: { callback, url } });
	for (const property of tracked_url_properties) {
		Object.defineProperty(tracked, property, {
			get: tracked_getter(property),
`
	]
]);

export default defineConfig({
	plugins: [
		noPageEtag,
		plainRootRender,
		sharedUrlGetters,
		sveltekit(),
		SvelteKitPWA({
			strategies: 'injectManifest',
			srcDir: 'src',
			// SvelteKit builds src/service-worker.ts; the plugin injects the precache list into it.
			filename: 'service-worker.ts',
			registerType: 'prompt',
			// Register /service-worker.js with scope / from any page. Without these the registration script
			// gets SvelteKit's relative base ('./'), so a deep link first opened (a bookmarked
			// /provider/<id>/today) asked for /provider/<id>/service-worker.js: a 404, and no service worker.
			base: '/',
			scope: '/',
			manifest,
			injectManifest: {
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2}'],
				additionalManifestEntries: [{ url: 'offline', revision: offlineRevision }]
			},
			devOptions: { enabled: false }
		})
	],
	server: { port: 3000 },
	preview: { port: 3000 },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'pglite',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					env: { TEST_DB: 'pglite', LOG_LEVEL: 'error' },
					globalSetup: ['tests/integration/helpers/global-setup.ts'],
					testTimeout: 30000,
					hookTimeout: 60000
				}
			},
			{
				extends: true,
				test: {
					name: 'postgres',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					env: { TEST_DB: 'postgres', LOG_LEVEL: 'error' },
					globalSetup: ['tests/integration/helpers/global-setup.ts'],
					testTimeout: 30000,
					hookTimeout: 60000
				}
			}
		]
	}
});

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
 * SvelteKit hashes every rendered page for an ETag, a JavaScript loop over each character of the whole HTML (15 % of
 * the server's CPU on a 320 KB dashboard; bench/RESULTS.md). Every page of a signed-in person is `private, no-store`
 * (hooks), so no browser ever sends that ETag back: the hash buys nothing. This drops that one line from SvelteKit's
 * renderer at build time, and fails the build if a SvelteKit upgrade changed that line (then look again, don't just delete).
 */
const ETAG_LINE = 'headers.set(\'etag\', `"${hash(transformed)}"`);';
function noPageEtag(): Plugin {
	return {
		name: 'ptp-no-page-etag',
		enforce: 'pre',
		transform(code, id) {
			if (!id.replace(/\\/g, '/').endsWith('@sveltejs/kit/src/runtime/server/page/render.js')) return null;
			if (!code.includes(ETAG_LINE)) throw new Error(`ptp-no-page-etag: SvelteKit's page renderer no longer has ${ETAG_LINE}`);
			return { code: code.replace(ETAG_LINE, '/* no ETag: see vite.config.ts */'), map: null };
		}
	};
}

export default defineConfig({
	plugins: [
		noPageEtag(),
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

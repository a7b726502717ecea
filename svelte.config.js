import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// The PWA plugin registers the service worker (src/service-worker.ts) and prompts for updates.
		serviceWorker: { register: false },
		// The Origin check stays on (SvelteKit's default): no trusted extra origins.
		csrf: { trustedOrigins: [] },
		csp: {
			// A nonce per response: hashing the inline page data (hundreds of kB on a big cohort's Today page)
			// in JavaScript cost about a tenth of the server's time under load (bench/load.ts).
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'connect-src': ['self'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'manifest-src': ['self'],
				'worker-src': ['self']
			}
		}
	}
};

export default config;

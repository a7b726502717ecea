/**
 * Lets a bench run the app's server modules in process: `$app/environment` (SvelteKit's, provided by Vite)
 * resolves to a module that says it is not building. Load it before tsx:
 *
 *   node --import ./bench/lib/app-environment.mjs --import tsx bench/home.ts
 */
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const STUB = 'data:text/javascript,export const building = false, dev = false, browser = false, version = "bench";';

export async function resolve(specifier, context, next) {
	if (specifier === '$app/environment') return { url: STUB, shortCircuit: true };
	return next(specifier, context);
}

// In the main thread: register this module as the resolve hook (hooks then run in their own thread).
if (isMainThread) register(import.meta.url);

import { loadCatalogue } from '$lib/i18n/core';
import type { LayoutLoad } from './$types';

/**
 * The page's language is loaded before anything renders: in the browser before hydration (the first
 * render matches the server's, nothing flashes) and on every navigation that changes the language. The
 * browser downloads only that language's catalogue (a chunk of its own, precached for offline use).
 */
export const load: LayoutLoad = async ({ data }) => {
	await loadCatalogue(data.locale);
	return data;
};

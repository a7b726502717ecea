import { loadCatalogue } from '$lib/i18n/core';
import type { PageLoad } from './$types';

/** The invoice is printed in the buyer's language, whatever the reader's: load that catalogue too. */
export const load: PageLoad = async ({ data }) => {
	await loadCatalogue(data.document.language);
	return data;
};

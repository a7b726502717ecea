import { loadCatalogue } from '$lib/i18n/core';
import type { PageLoad } from './$types';

/** The document is printed in the customer's language of service, whatever the reader's: load it too. */
export const load: PageLoad = async ({ data }) => {
	await loadCatalogue(data.arvi.language);
	return data;
};

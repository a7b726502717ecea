import { loadContractDetail } from '$lib/server/contracts/pages';
import type { PageServerLoad } from './$types';

// The provider reads its contracts; only the area changes them.
export const load: PageServerLoad = (event) => loadContractDetail(event);

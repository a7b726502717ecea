import { loadContractList } from '$lib/server/contracts/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadContractList(event);

import { contractEditActions, loadContractDetail } from '$lib/server/contracts/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadContractDetail(event);
export const actions: Actions = contractEditActions;

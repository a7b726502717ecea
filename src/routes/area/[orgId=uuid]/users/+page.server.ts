import { loadUsers, usersActions } from '$lib/server/users/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadUsers(event);
export const actions: Actions = usersActions;

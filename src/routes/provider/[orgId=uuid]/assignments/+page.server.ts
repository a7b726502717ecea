import { assignmentActions, loadAssignments } from '$lib/server/assignments/pages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadAssignments(event);
export const actions: Actions = assignmentActions;

import { dashboardCsv } from '$lib/server/dashboard/pages';
import type { RequestHandler } from './$types';

/** A dashboard table as CSV (`?table=contracts|providers|months|distributions` and the page's filters). */
export const GET: RequestHandler = (event) => dashboardCsv(event);

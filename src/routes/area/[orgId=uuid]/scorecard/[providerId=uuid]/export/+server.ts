import { scorecardCsv } from '$lib/server/dashboard/pages';
import type { RequestHandler } from './$types';

/** The area's view of a provider's scorecard as CSV. */
export const GET: RequestHandler = (event) => scorecardCsv(event, 'area');

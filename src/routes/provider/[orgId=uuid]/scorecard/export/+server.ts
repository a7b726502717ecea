import { scorecardCsv } from '$lib/server/dashboard/pages';
import type { RequestHandler } from './$types';

/** The provider's own scorecard as CSV. */
export const GET: RequestHandler = (event) => scorecardCsv(event, 'provider');

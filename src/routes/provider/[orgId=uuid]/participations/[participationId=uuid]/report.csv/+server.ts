import { reportCsv } from '$lib/server/participations/pages';
import type { RequestHandler } from './$types';

/** The absence report as CSV for the benefit payer. */
export const GET: RequestHandler = (event) => reportCsv(event);

import { customerReportPdfResponse } from '$lib/server/privacy/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => customerReportPdfResponse(event);

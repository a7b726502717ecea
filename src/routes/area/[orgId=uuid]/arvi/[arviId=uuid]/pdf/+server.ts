import { arviPdfResponse } from '$lib/server/arvi/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => arviPdfResponse(event, 'area');

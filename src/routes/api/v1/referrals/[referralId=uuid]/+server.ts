import { apiGetReferral } from '$lib/server/api/referrals';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => apiGetReferral(event);

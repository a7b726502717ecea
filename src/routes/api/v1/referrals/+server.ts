import { apiCreateReferral } from '$lib/server/api/referrals';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => apiCreateReferral(event);

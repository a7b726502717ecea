import { exportRemarks } from '$lib/server/remarks/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => exportRemarks(event, 'area');

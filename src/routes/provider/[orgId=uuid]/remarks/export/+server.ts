import { exportRemarks } from '$lib/server/remarks/list-pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => exportRemarks(event, 'provider');

import { downloadRemarkAttachment } from '$lib/server/remarks/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => downloadRemarkAttachment(event, 'area');

import { downloadRemarkAttachment } from '$lib/server/remarks/remark-page';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => downloadRemarkAttachment(event, 'provider');

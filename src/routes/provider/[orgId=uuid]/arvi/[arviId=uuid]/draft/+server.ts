import { postArviDraft } from '$lib/server/arvi/pages';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => postArviDraft(event);

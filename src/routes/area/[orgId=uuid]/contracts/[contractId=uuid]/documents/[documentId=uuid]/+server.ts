import { downloadContractDocument } from '$lib/server/contracts/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => downloadContractDocument(event);

import { exportResponse } from '$lib/server/invoices/exports';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => exportResponse(event, 'ubl');

import { syncAttendance } from '$lib/server/attendance/pages';
import type { RequestHandler } from './$types';

/** Batches of marks and meetings from the Today screen and its offline queue (JSON). */
export const POST: RequestHandler = (event) => syncAttendance(event);

import type { Clock } from '$lib/domain/clock';
import { config } from './config';

/**
 * The server's clock. Outside production, FAKE_NOW (an ISO instant) pins it for end-to-end tests
 * and demos; in production it is always the system clock.
 */
export const clock: Clock =
	!config.production && process.env.FAKE_NOW
		? () => new Date(process.env.FAKE_NOW as string)
		: () => new Date();

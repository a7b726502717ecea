import type { Clock } from '$lib/domain/clock';
import { config } from './config';

/**
 * The server's clock. In development/demo mode FAKE_NOW (an ISO instant) pins it for end-to-end tests
 * and demos; anywhere else the server refuses to start with it set (see `decideRuntime`).
 */
const fakeNow = config.runtime.fakeNow;
export const clock: Clock = fakeNow ? () => new Date(fakeNow) : () => new Date();

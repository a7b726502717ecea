import pino from 'pino';
import { config } from './config';

/** JSON lines on stdout; every request line carries its request id (see hooks/request.ts). */
export const logger = pino({ level: config.logLevel, base: undefined });

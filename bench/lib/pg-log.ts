/**
 * The PostgreSQL server log (where auto_explain writes each statement's plan): its size now, and what was
 * written to it after an earlier size, so a bench can read the plans of the one request it just made.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

export function pgLog(path: string) {
	const size = (): number => (existsSync(path) ? statSync(path).size : 0);
	const since = (offset: number): string => {
		const now = size();
		if (now <= offset) return '';
		const fd = openSync(path, 'r');
		const buf = Buffer.alloc(now - offset);
		readSync(fd, buf, 0, buf.length, offset);
		closeSync(fd);
		return buf.toString('utf8');
	};
	return { size, since };
}

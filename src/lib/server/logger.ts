import pino from 'pino';
import { config } from './config';

/** SQLSTATE-like codes: five digits or capitals. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

type DatabaseError = Error & Record<string, unknown>;

/** The database error in an error's cause chain: drizzle wraps the driver's, and both carry the query. */
function databaseErrorOf(err: Error): { wrapper: Error; driver: DatabaseError | null } | null {
	let found: { wrapper: Error; driver: DatabaseError | null } | null = null;
	for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
		const x = e as DatabaseError;
		if ('query' in x || 'params' in x || 'parameters' in x) found ??= { wrapper: err, driver: null };
		if (typeof x.code === 'string' && SQLSTATE.test(x.code) && ('severity' in x || 'routine' in x)) return { wrapper: err, driver: x };
	}
	return found;
}

/** Which statement failed, without its values: its verb and table ("insert customers"). */
function statementOf(err: Error): string | undefined {
	for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
		const query = (e as DatabaseError).query;
		if (typeof query !== 'string') continue;
		const verb = /^\s*(\w+)/.exec(query)?.[1]?.toLowerCase() ?? 'query';
		const table = /\b(?:from|into|update)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(query)?.[1];
		return table ? `${verb} ${table}` : verb;
	}
	return undefined;
}

/** The stack's frames only: its first line repeats the message, which for a failed query lists the values. */
function framesOf(err: Error): string | undefined {
	return err.stack
		?.split('\n')
		.filter((line) => line.trimStart().startsWith('at '))
		.join('\n');
}

/**
 * What of an error goes into a log line (issue 15 §4). A failed query's message, parameters and the
 * database's own message and detail quote the values (customer names, phone numbers, absence reasons), so
 * for those only the SQLSTATE code, the statement, the schema names and the frames are kept.
 */
function safeError(err: unknown): Record<string, unknown> {
	if (!(err instanceof Error)) return { type: typeof err };
	const db = databaseErrorOf(err);
	if (!db) return { type: err.name, message: err.message, stack: err.stack };
	const d: Record<string, unknown> = db.driver ?? {};
	const name = (key: string, alt: string) => (typeof d[key] === 'string' ? d[key] : typeof d[alt] === 'string' ? d[alt] : undefined);
	return {
		type: 'DatabaseError',
		code: d.code,
		statement: statementOf(err),
		table: name('table_name', 'table'),
		column: name('column_name', 'column'),
		constraint: name('constraint_name', 'constraint'),
		stack: framesOf(err)
	};
}

/** A path that carries a live single-use token (a password reset, a feedback link): logged without it. */
const TOKEN_PATH = /^\/(reset-password|f)\/[^/]+/;

/** The request line's path with any token in it masked (the logs never carry tokens). */
export function maskPath(path: string): string {
	return path.replace(TOKEN_PATH, '/$1/…');
}

/** JSON lines on stdout; every request line carries its request id (see hooks/handle.ts). */
export const loggerOptions: pino.LoggerOptions = {
	level: config.logLevel,
	base: undefined,
	serializers: { err: safeError },
	formatters: { log: (o) => (typeof o.path === 'string' ? { ...o, path: maskPath(o.path) } : o) }
};

export const logger = pino(loggerOptions);

/** Domain code never calls `new Date()`: it is handed a clock. */
export type Clock = () => Date;

export const HELSINKI = 'Europe/Helsinki';

// Made once: constructing an Intl.DateTimeFormat costs ~0.3 ms, and every request asks for today.
const HELSINKI_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: HELSINKI, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) in Europe/Helsinki at the given instant. */
export function helsinkiDate(at: Date): string {
	return HELSINKI_DAY.format(at);
}

/** The instant a Helsinki calendar day (YYYY-MM-DD) begins, across DST changes. */
export function helsinkiStartOfDay(day: string): Date {
	const [y, m, d] = day.split('-').map(Number);
	const utcMidnight = Date.UTC(y, m - 1, d);
	// Helsinki is UTC+2 or UTC+3: find the offset in force at that local midnight.
	for (const hours of [2, 3]) {
		const candidate = new Date(utcMidnight - hours * 3_600_000);
		if (helsinkiDate(candidate) === day && helsinkiTime(candidate) === '00:00') return candidate;
	}
	return new Date(utcMidnight - 2 * 3_600_000);
}

const HELSINKI_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: HELSINKI, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function helsinkiTime(at: Date): string {
	return HELSINKI_TIME.format(at);
}

/** A YYYY-MM-DD date `days` calendar days later (or earlier when negative). */
export function addDays(day: string, days: number): string {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function nextDay(day: string): string {
	return addDays(day, 1);
}

export function isIsoDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const [y, m, d] = value.split('-').map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A Helsinki wall-clock time ("2026-11-23T09:30", as a datetime-local input gives it) → the instant.
 * Counts from the day's start, so it is exact except for the hour lost or repeated at a DST change (03–04).
 */
export function helsinkiLocalToInstant(local: string): Date {
	const [day, time] = local.split('T');
	const [h, m] = time.split(':').map(Number);
	return new Date(helsinkiStartOfDay(day).getTime() + (h * 60 + m) * 60_000);
}

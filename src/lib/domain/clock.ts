import { TZDate, TZDateMini } from '@date-fns/tz';

/** Domain code never calls `new Date()`: it is handed a clock. */
export type Clock = () => Date;

export const HELSINKI = 'Europe/Helsinki';

// Made once: constructing an Intl.DateTimeFormat costs ~0.3 ms, and every request asks for today.
const HELSINKI_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: HELSINKI, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) in Europe/Helsinki at the given instant. */
export function helsinkiDate(at: Date): string {
	return HELSINKI_DAY.format(at);
}

/** The instant a Helsinki calendar day (YYYY-MM-DD) begins, across DST changes (midnight always exists here). */
export function helsinkiStartOfDay(day: string): Date {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(new TZDateMini(y, m - 1, d, HELSINKI).getTime());
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

const HELSINKI_WALL = new Intl.DateTimeFormat('sv-SE', {
	timeZone: HELSINKI,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/**
 * A Helsinki wall-clock time ("2026-11-23T09:30", as a datetime-local input gives it) → the instant.
 * At the DST changes we follow RFC 5545 and Temporal's "compatible" rule, so a meeting is never refused:
 * a time in the hour that does not exist (03:30 on the last Sunday of March) moves forward an hour (04:30),
 * and a time in the repeated hour (03:30 on the last Sunday of October) is the earlier, still summer-time one.
 */
export function helsinkiLocalToInstant(local: string): Date {
	const [day, time] = local.split('T');
	const [y, mo, d] = day.split('-').map(Number);
	const [h, mi] = time.split(':').map(Number);
	// TZDate resolves the spring gap forward but takes the later of the repeated autumn hour.
	const at = new TZDateMini(y, mo - 1, d, h, mi, HELSINKI).getTime();
	const hourBefore = new Date(at - 3_600_000);
	return HELSINKI_WALL.format(hourBefore) === HELSINKI_WALL.format(at) ? hourBefore : new Date(at);
}

/**
 * An instant as Helsinki local time with its UTC offset and no fraction of a second, e.g.
 * 2026-12-03T09:15:02+02:00 in winter and 2026-07-03T09:15:02+03:00 in summer (Finvoice MessageTimeStamp).
 */
export function helsinkiTimestamp(at: Date): string {
	return new TZDate(at.getTime(), HELSINKI).toISOString().replace(/\.\d+(?=[+-]\d\d:\d\d$|Z$)/, '');
}

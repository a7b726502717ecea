import Holidays from 'date-holidays';
import { addDays } from './clock';

/**
 * Finnish working days: Monday to Friday, except public holidays and the two eves that are days off in
 * practice (juhannusaatto, jouluaatto). Uudenvuodenaatto is a working day. Days are Helsinki calendar days.
 */
const finland = new Holidays('FI');
const DAYS_OFF_THAT_ARE_NOT_PUBLIC = new Set(['juhannusaatto', 'jouluaatto']);
const cache = new Map<number, Set<string>>();

function holidaysOf(year: number): Set<string> {
	let days = cache.get(year);
	if (!days) {
		days = new Set(
			finland
				.getHolidays(year)
				.filter((h) => h.type === 'public' || DAYS_OFF_THAT_ARE_NOT_PUBLIC.has(h.name.toLowerCase()))
				.map((h) => h.date.slice(0, 10))
		);
		cache.set(year, days);
	}
	return days;
}

const weekdays = new Map<string, number>();

/**
 * ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. Remembered per day (a coach's home asks it some two thousand
 * times, for a few distinct days: working-day deadlines and group schedules); at most 10,000 days are kept.
 */
export function isoWeekday(day: string): number {
	let w = weekdays.get(day);
	if (w === undefined) {
		const [y, m, d] = day.split('-').map(Number);
		w = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
		if (weekdays.size >= 10_000) weekdays.clear();
		weekdays.set(day, w);
	}
	return w;
}

export function isWorkingDay(day: string): boolean {
	return isoWeekday(day) <= 5 && !holidaysOf(Number(day.slice(0, 4))).has(day);
}

/** The day `n` working days after `day` (the start day itself does not count). */
export function addWorkingDays(day: string, n: number): string {
	let current = day;
	let left = n;
	while (left > 0) {
		current = addDays(current, 1);
		if (isWorkingDay(current)) left--;
	}
	return current;
}

/** A deadline from a contract rule: `days` working or calendar days after `day`. */
export function deadlineAfter(day: string, rule: { days: number; count: 'working' | 'calendar' }): string {
	return rule.count === 'working' ? addWorkingDays(day, rule.days) : addDays(day, rule.days);
}

/** Working days from `from` to `to` (`from` itself not counted): how long something has waited. 0 when `to` is not later. */
export function workingDaysBetween(from: string, to: string): number {
	let n = 0;
	for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
	return n;
}

/**
 * The coach's "Today": the cohorts the coach is assigned to that meet on the day, with their participants,
 * the coach's own coaching customers, and the meetings planned for the day, each with the mark in force.
 * One statement of three indexed parts, whatever the size of the country (see bench/ATTENDANCE-EXPLAIN.md).
 * The coach's home asks for today's and the past days' unmarked slots with two statements over all the days,
 * built from the same rules (`dayRules`).
 */
import { and, eq, gte, inArray, isNull, lte, or, sql, type Placeholder, type SQL, type Subquery } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { isScheduledDay, type AbsenceReason, type MarkStatus, type MeetingMode } from '$lib/domain/attendance';
import { recordCustomerList, type AuditContext } from '../audit';
import { jsonValue, preparedOnce, type DbOrTx } from '../db/client';
import { attendance, cohorts, contracts, customers, meetings, participations } from '../db/schema';
import type { Actor } from '../policy';
import { assignedCohortScope, assignmentNamesCohort, participationListScope, participationScopeKind, SCOPE_PLACEHOLDERS, valuesOf } from '../policy/scope';

export interface TodayMark {
	status: MarkStatus;
	reason: AbsenceReason | null;
	reasonText: string | null;
	markedAt: string;
}

/** A row of Today: only what the page shows (the page's data is sent twice, as HTML and as JSON). */
export interface TodayPerson {
	participationId: string;
	customerName: string;
	mark: TodayMark | null;
}

export interface TodayCohort {
	id: string;
	name: string;
	place: string;
	dailyStart: string;
	dailyEnd: string;
	contractNumber: string;
	people: TodayPerson[];
}

export interface TodayMeeting extends TodayPerson {
	meetingId: string;
	clientKey: string;
	startTime: string;
	durationMinutes: number;
	mode: MeetingMode;
}

const dayParam = sql.placeholder('day');
/** The one group Today is asked to show (`?group=`), or null for the coach's own groups. */
const groupParam = sql`${sql.placeholder('group')}::uuid`;
/** The past days' statements: the days as one array parameter, and each of them as a row of `days`. */
const daysParam = sql`${sql.placeholder('days')}::text[]::date[]`;
const eachDay = sql`unnest(${daysParam}) as days(day)`;
const dayOfRow = sql`days.day`;

type MarkingRule = { days: number; count: 'working' | 'calendar' } | null;

/**
 * Of the groups the coach's assignments cover, those Today shows (its own statements, the home's counts and the past
 * days' unmarked slots alike): the coach's own groups, i.e. those with a participant whose named coach they are or
 * that an assignment names (the group or its contract). A coach who is nobody's coach in any group (a provider admin
 * marking, a substitute) has every covered group as their own. A provider-wide assignment makes every group of the
 * provider markable, but a coach's day is their own groups: the others are listed by name on Today, each one tap
 * away (`group`, the one group asked for instead). The query must join `cohorts` and `contracts`.
 */
function shownGroup(group: SQL | null): SQL {
	const own = sql`array(select ${participations.cohortId} from ${participations} where ${participations.coachId} = ${SCOPE_PLACEHOLDERS.userId} and ${participations.cohortId} is not null)`;
	// One of the coach's groups, or true when they have none: `nullif` makes an empty array null, and `= any(null)` is
	// null (the array read once; `= any(own) or cardinality(own) = 0` read it twice).
	const mine = sql`(coalesce(${cohorts.id} = any(nullif(${own}, '{}')), true) or ${assignmentNamesCohort(SCOPE_PLACEHOLDERS)})`;
	return group ? sql`case when ${group} is null then ${mine} else ${cohorts.id} = ${group} end` : mine;
}

/**
 * Who is on the coach's list on `day` (a placeholder, or each day of a range) and what counts as their mark:
 * the one definition Today's statements and the past days' unmarked ones are both built from. `meetingOn` is
 * the test of a meeting's date.
 */
function dayRules(d: DbOrTx, actor: Actor, providerId: string, day: SQL | Placeholder, meetingOn: (column: typeof meetings.day) => SQL) {
	const scope = participationListScope(actor, providerId, SCOPE_PLACEHOLDERS);
	const inService = and(lte(participations.startDate, day), or(isNull(participations.endDate), gte(participations.endDate, day)));

	// Cohorts the coach's assignments valid today cover that run on the day's weekday; holidays are left to
	// isScheduledDay.
	const coveredOn = and(
		assignedCohortScope(actor, providerId, SCOPE_PLACEHOLDERS),
		lte(cohorts.startDate, day),
		gte(cohorts.endDate, day),
		sql`extract(isodow from ${day}::date)::int = any(${cohorts.weekdays})`
	);

	// The day's meetings of the coach's own customers and those the coach planned, each by its index.
	const coachsMeetings = unionAll(
		d
			.select({ id: meetings.id })
			.from(participations)
			.innerJoin(meetings, and(eq(meetings.participationId, participations.id), meetingOn(meetings.day)))
			.where(eq(participations.coachId, SCOPE_PLACEHOLDERS.userId)),
		d
			.select({ id: meetings.id })
			.from(meetings)
			.where(and(eq(meetings.createdBy, SCOPE_PLACEHOLDERS.userId), meetingOn(meetings.day)))
	);

	return {
		scope,
		inService,
		coveredOn,
		/** A meeting of the day as Today lists it (the query joins participations and contracts). */
		meetingListed: and(scope, meetingOn(meetings.day), isNull(meetings.cancelledAt), inArray(meetings.id, coachsMeetings)),
		/** A group person's mark in force that day, by the partial unique indexes (a day's history rows are never read). */
		groupMark: and(eq(attendance.participationId, participations.id), eq(attendance.day, day), sql`${attendance.current}`, isNull(attendance.meetingId)),
		/** A meeting's mark in force. */
		meetingMark: and(eq(attendance.meetingId, meetings.id), sql`${attendance.current}`)
	};
}

/** A part of Today's one statement: its rows (each a JSON `row`) as one JSON array, in the part's order (`sort`). */
const jsonRows = <T>(rows: Subquery & { row: unknown }, sort: SQL) =>
	sql<T[] | string>`(select coalesce(json_agg(${rows.row} order by ${sort}), '[]'::json) from ${rows})`;

/** A mark in force as JSON (its time as `toISOString` writes it), or null. */
const markJson = sql`case when ${attendance.id} is null then null else json_build_object('status', ${attendance.status}, 'reason', ${attendance.reason},
	'reasonText', ${attendance.reasonText}, 'markedAt', to_char(${attendance.markedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) end`;

/**
 * Today's parts with placeholders, built once per database handle and scope shape, as JSON arrays of one
 * statement: `page` reads the cohorts, their people and the day's meetings in one round trip (three statements
 * on three connections cost Node and PostgreSQL a wake-up and a send each, and drizzle mapped every column of
 * every row; bench/RESULTS.md), `counts` the cohorts and meetings for the coach's home. PostgreSQL keeps each
 * one's generic plan per connection (see `loadToday`).
 */
function todayStatements(db: DbOrTx, actor: Actor, providerId: string) {
	const kind = participationScopeKind(actor, providerId);
	return preparedOnce(db, `today:${kind}`, (d) => {
		const { scope, inService, coveredOn, meetingListed, groupMark, meetingMark } = dayRules(d, actor, providerId, dayParam, (column) => eq(column, dayParam));
		const shown = shownGroup(groupParam);
		const coveredIds = d.select({ id: cohorts.id }).from(cohorts).innerJoin(contracts, eq(cohorts.contractId, contracts.id)).where(and(coveredOn, shown));

		// The people of the groups shown, and the coach's own coaching customers (no cohort): one bitmap scan of two
		// indexes (the cohorts as an array, not `id in (union)`, which fetched every person twice: 12–15 % of
		// PostgreSQL's time for the busiest coach).
		const coachsPeople = or(
			sql`${participations.cohortId} = any(array(${coveredIds}))`,
			and(isNull(participations.cohortId), eq(participations.coachId, SCOPE_PLACEHOLDERS.userId), inArray(participations.status, ['starting', 'active']))
		);

		// A person as Today shows them (the query joins contracts and customers), with the mark in force, joined
		// by the partial unique indexes (a day's history rows are never read).
		const person = sql`'participationId', ${participations.id}, 'customerId', ${customers.id}, 'areaId', ${contracts.areaId}, 'customerName', ${customers.name}, 'mark', ${markJson}`;
		const cohortRows = d
			.select({
				row: sql`json_build_object('id', ${cohorts.id}, 'name', ${cohorts.name}, 'place', ${cohorts.place}, 'dailyStart', ${cohorts.dailyStart},
					'dailyEnd', ${cohorts.dailyEnd}, 'startDate', ${cohorts.startDate}, 'endDate', ${cohorts.endDate}, 'weekdays', ${cohorts.weekdays},
					'contractNumber', ${contracts.contractNumber}, 'shown', ${shown})`.as('row'),
				start: sql`${cohorts.dailyStart}`.as('start'),
				name: sql`${cohorts.name}`.as('name')
			})
			.from(cohorts)
			.innerJoin(contracts, eq(cohorts.contractId, contracts.id))
			.where(coveredOn)
			.as('c');
		const peopleRows = d
			.select({ row: sql`json_build_object(${person}, 'cohortId', ${participations.cohortId})`.as('row'), name: sql`${customers.name}`.as('name') })
			.from(participations)
			.innerJoin(contracts, eq(participations.contractId, contracts.id))
			.innerJoin(customers, eq(participations.customerId, customers.id))
			.leftJoin(attendance, groupMark)
			.where(and(scope, inService, coachsPeople))
			.as('p');
		const meetingRows = d
			.select({
				row: sql`json_build_object(${person}, 'meetingId', ${meetings.id}, 'clientKey', ${meetings.clientKey}, 'startTime', ${meetings.startTime},
					'durationMinutes', ${meetings.durationMinutes}, 'mode', ${meetings.mode})`.as('row'),
				start: sql`${meetings.startTime}`.as('start')
			})
			.from(meetings)
			.innerJoin(participations, eq(meetings.participationId, participations.id))
			.innerJoin(contracts, eq(participations.contractId, contracts.id))
			.innerJoin(customers, eq(participations.customerId, customers.id))
			.leftJoin(attendance, meetingMark)
			.where(meetingListed)
			.as('m');
		const parts = {
			cohorts: jsonRows<CohortRow>(cohortRows, sql`${cohortRows.start}, ${cohortRows.name}`),
			meetings: jsonRows<MeetingRow>(meetingRows, sql`${meetingRows.start}`)
		};
		const one = sql`(values (1)) as one(x)`;
		return {
			page: d
				.select({ ...parts, people: jsonRows<GroupPersonRow>(peopleRows, sql`${peopleRows.name}`) })
				.from(one)
				.prepare(`today_page_${kind}`),
			counts: d.select(parts).from(one).prepare(`today_counts_${kind}`)
		};
	});
}

interface PersonRow {
	participationId: string;
	customerId: string;
	areaId: string;
	customerName: string;
	mark: TodayMark | null;
}
interface CohortRow {
	id: string;
	name: string;
	place: string;
	dailyStart: string;
	dailyEnd: string;
	startDate: string;
	endDate: string;
	weekdays: number[];
	contractNumber: string;
	/** One of the groups the page shows with its people (`shownGroup`); the others are listed by name. */
	shown: boolean;
}
/** A cohort's person, or the coach's own coaching customer (no cohort). */
type GroupPersonRow = PersonRow & { cohortId: string | null };
type MeetingRow = PersonRow & Omit<TodayMeeting, keyof TodayPerson>;

/**
 * Today: its statement runs on `reads`, the connections that use each statement's one generic plan
 * (`Database.plannedReads`: planned once per connection, built once per process); the customers shown are
 * audited on `db`.
 */
export async function loadToday(reads: DbOrTx, db: DbOrTx, ctx: AuditContext, actor: Actor, providerId: string, day: string, group: string | null = null) {
	const rows = await todayRows(reads, actor, providerId, day, group);
	await recordCustomerList(db, ctx, 'attendance_day', [...rows.people, ...rows.meetingRows]);
	return todayPage(rows, day);
}

/** Today's rows: the cohorts meeting on the day, their people and the coach's own customers, the day's meetings. */
async function todayRows(db: DbOrTx, actor: Actor, providerId: string, day: string, group: string | null) {
	const [row] = await todayStatements(db, actor, providerId).page.execute({ ...valuesOf(actor, providerId), day, group });
	const groups = jsonValue(row.cohorts).filter((c) => isScheduledDay(c, day));
	const meetingDay = groups.filter((c) => c.shown);
	const meets = new Set(meetingDay.map((c) => c.id));
	const people = jsonValue(row.people);
	return {
		meetingDay,
		otherGroups: groups.filter((c) => !c.shown),
		people: people.filter((p) => p.cohortId === null || meets.has(p.cohortId)),
		meetingRows: jsonValue(row.meetings)
	};
}

function todayPage({ meetingDay, otherGroups, people, meetingRows }: Awaited<ReturnType<typeof todayRows>>, day: string) {
	const person = (p: PersonRow): TodayPerson => ({ participationId: p.participationId, customerName: p.customerName, mark: p.mark });

	return {
		day,
		cohorts: meetingDay.map<TodayCohort>((c) => ({
			id: c.id,
			name: c.name,
			place: c.place,
			dailyStart: c.dailyStart,
			dailyEnd: c.dailyEnd,
			contractNumber: c.contractNumber,
			people: people.filter((p) => p.cohortId === c.id).map(person)
		})),
		meetings: meetingRows.map<TodayMeeting>((m) => ({
			...person(m),
			meetingId: m.meetingId,
			clientKey: m.clientKey,
			startTime: m.startTime,
			durationMinutes: m.durationMinutes,
			mode: m.mode
		})),
		/** The coach's own coaching customers (no cohort), for recording a meeting that was not planned. */
		coaching: people.filter((p) => p.cohortId === null).map(person),
		/** The other groups the coach covers that meet on the day: by name only, each a link to that group. */
		otherGroups: otherGroups.map((c) => ({ id: c.id, name: c.name, place: c.place, dailyStart: c.dailyStart, dailyEnd: c.dailyEnd }))
	};
}

/**
 * How the day looks for the coach's home, and the past days still unmarked: the groups meeting and the meetings
 * planned on `day` (Today's own statements, the same scope), and per day of `[day, ...pastDays]` the slots nobody
 * has marked (`unmarkedOn`, built from the same rules as Today's rows). Counts and ids only, no names leave here.
 */
export async function dayCounts(reads: DbOrTx, actor: Actor, providerId: string, day: string, pastDays: string[]) {
	const values = { ...valuesOf(actor, providerId), day, group: null };
	const [[counts], [today, ...past]] = await Promise.all([
		todayStatements(reads, actor, providerId).counts.execute(values),
		unmarkedOn(reads, actor, providerId, [day, ...pastDays])
	]);
	return {
		groups: jsonValue(counts.cohorts).filter((c) => c.shown && isScheduledDay(c, day)).length,
		meetings: jsonValue(counts.meetings).length,
		unmarked: today.unmarked.length,
		past
	};
}

/**
 * The past days' statements: Today's rows of every given day that nobody has marked (Today's rules, `dayRules`),
 * two statements whatever the number of days, each row with its day and the participation's contract rule for
 * marking late. Built once per database handle and scope shape, like Today's.
 */
function unmarkedStatements(db: DbOrTx, actor: Actor, providerId: string) {
	const kind = participationScopeKind(actor, providerId);
	return preparedOnce(db, `unmarked:${kind}`, (d) => {
		const { scope, inService, coveredOn, meetingListed, groupMark, meetingMark } = dayRules(
			d,
			actor,
			providerId,
			dayOfRow,
			// The range as well as the days: the range is a condition of the (participation, day) index, so only the
			// meetings of the window are read, not every meeting of the coach's people (1.7 → 0.5 ms for the busiest).
			(column) =>
				sql`${column} = any(${daysParam}) and ${column} between (select min(d) from unnest(${daysParam}) d) and (select max(d) from unnest(${daysParam}) d)`
		);
		const rule = sql<MarkingRule>`${contracts.deadlines}->'absenceReport'`;
		// Each day's covered cohorts (a lateral subquery: its own contracts, the cohort's).
		const covered = d
			.select({ id: cohorts.id, startDate: cohorts.startDate, endDate: cohorts.endDate, weekdays: cohorts.weekdays })
			.from(cohorts)
			.innerJoin(contracts, eq(cohorts.contractId, contracts.id))
			.where(and(coveredOn, shownGroup(null)))
			.as('covered');
		return {
			people: d
				.select({
					day: sql<string>`${dayOfRow}::text`,
					participationId: participations.id,
					rule,
					startDate: covered.startDate,
					endDate: covered.endDate,
					weekdays: covered.weekdays
				})
				.from(eachDay)
				.innerJoinLateral(covered, sql`true`)
				.innerJoin(participations, and(eq(participations.cohortId, covered.id), inService))
				.innerJoin(contracts, eq(participations.contractId, contracts.id))
				.leftJoin(attendance, groupMark)
				.where(and(scope, isNull(attendance.id)))
				.prepare(`unmarked_people_${kind}`),
			meetings: d
				.select({ day: meetings.day, participationId: participations.id, rule })
				.from(meetings)
				.innerJoin(participations, eq(meetings.participationId, participations.id))
				.innerJoin(contracts, eq(participations.contractId, contracts.id))
				.leftJoin(attendance, meetingMark)
				.where(and(meetingListed, isNull(attendance.id)))
				.prepare(`unmarked_meetings_${kind}`)
		};
	});
}

/**
 * Past days' slots still without a mark, for the coach's home: per day, the participations of Today's rows for
 * that day (Today's rules and scope, so a count never shows what Today would not) that nobody has marked, a
 * cohort person once and a meeting once each, with the contract's rule for marking late. Two statements for all
 * the days; ids only, no names leave here.
 */
export async function unmarkedOn(reads: DbOrTx, actor: Actor, providerId: string, days: string[]) {
	const statements = unmarkedStatements(reads, actor, providerId);
	const values = { ...valuesOf(actor, providerId), days };
	const [peopleRows, meetingRows] = await Promise.all([statements.people.execute(values), statements.meetings.execute(values)]);
	// A group's holidays as Today has them (isScheduledDay).
	const rows = [...peopleRows.filter((p) => isScheduledDay(p, p.day)), ...meetingRows];
	return days.map((day) => ({
		day,
		unmarked: rows.filter((r) => r.day === day).map((r) => ({ participationId: r.participationId, rule: r.rule ?? undefined }))
	}));
}

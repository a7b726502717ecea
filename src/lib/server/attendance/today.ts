/**
 * The coach's "Today": the cohorts the coach is assigned to that meet on the day, with their participants,
 * the coach's own coaching customers, and the meetings planned for the day, each with the mark in force.
 * Three indexed statements sent at once, whatever the size of the country (see bench/ATTENDANCE-EXPLAIN.md).
 */
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { isScheduledDay, type AbsenceReason, type MarkStatus, type MeetingMode } from '$lib/domain/attendance';
import { recordCustomerList, type AuditContext } from '../audit';
import { preparedOnce, type DbOrTx } from '../db/client';
import { attendance, cohorts, contracts, customers, meetings, participations } from '../db/schema';
import type { Actor } from '../policy';
import { assignedCohortScope, participationListScope, participationScopeKind } from '../policy/scope';

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

/** Placeholders of Today's prepared statements; `loadToday` fills them. */
const scopeValues = { userId: sql.placeholder('userId'), organisationId: sql.placeholder('providerId'), today: sql.placeholder('today') };
const dayParam = sql.placeholder('day');

/**
 * Today's three statements with placeholders, built once per database handle and scope shape; PostgreSQL
 * keeps each one's generic plan per connection (see `loadToday`).
 */
function todayStatements(db: DbOrTx, actor: Actor, providerId: string) {
	const kind = participationScopeKind(actor, providerId);
	return preparedOnce(db, `today:${kind}`, (d) => {
		const scope = participationListScope(actor, providerId, scopeValues);
		const inService = and(lte(participations.startDate, dayParam), or(isNull(participations.endDate), gte(participations.endDate, dayParam)));

		// Cohorts the coach's assignments valid today cover that run on the day's weekday; holidays are left to
		// isScheduledDay below.
		const coveredToday = and(
			assignedCohortScope(actor, providerId, scopeValues),
			lte(cohorts.startDate, dayParam),
			gte(cohorts.endDate, dayParam),
			sql`extract(isodow from ${dayParam}::date)::int = any(${cohorts.weekdays})`
		);
		const coveredIds = d.select({ id: cohorts.id }).from(cohorts).innerJoin(contracts, eq(cohorts.contractId, contracts.id)).where(coveredToday);

		// The people of those cohorts, and the coach's own coaching customers (no cohort), each by its index.
		const coachsPeople = unionAll(
			d.select({ id: participations.id }).from(participations).where(inArray(participations.cohortId, coveredIds)),
			d
				.select({ id: participations.id })
				.from(participations)
				.where(and(isNull(participations.cohortId), eq(participations.coachId, scopeValues.userId), inArray(participations.status, ['starting', 'active'])))
		);

		// The day's meetings of the coach's own customers and those the coach planned, each by its index.
		const coachsMeetings = unionAll(
			d
				.select({ id: meetings.id })
				.from(participations)
				.innerJoin(meetings, and(eq(meetings.participationId, participations.id), eq(meetings.day, dayParam)))
				.where(eq(participations.coachId, scopeValues.userId)),
			d
				.select({ id: meetings.id })
				.from(meetings)
				.where(and(eq(meetings.createdBy, scopeValues.userId), eq(meetings.day, dayParam)))
		);

		// A person as Today shows them (the query joins contracts and customers), with the mark in force, joined
		// by the partial unique indexes (a day's history rows are never read).
		const personColumns = {
			participationId: participations.id,
			customerId: customers.id,
			areaId: contracts.areaId,
			customerName: customers.name,
			mark: { status: attendance.status, reason: attendance.reason, reasonText: attendance.reasonText, markedAt: attendance.markedAt }
		};
		return {
			cohorts: d
				.select({
					id: cohorts.id,
					name: cohorts.name,
					place: cohorts.place,
					dailyStart: cohorts.dailyStart,
					dailyEnd: cohorts.dailyEnd,
					startDate: cohorts.startDate,
					endDate: cohorts.endDate,
					weekdays: cohorts.weekdays,
					contractNumber: contracts.contractNumber
				})
				.from(cohorts)
				.innerJoin(contracts, eq(cohorts.contractId, contracts.id))
				.where(coveredToday)
				.orderBy(asc(cohorts.dailyStart), asc(cohorts.name))
				.prepare(`today_cohorts_${kind}`),
			people: d
				.select({ ...personColumns, cohortId: participations.cohortId })
				.from(participations)
				.innerJoin(contracts, eq(participations.contractId, contracts.id))
				.innerJoin(customers, eq(participations.customerId, customers.id))
				.leftJoin(
					attendance,
					and(eq(attendance.participationId, participations.id), eq(attendance.day, dayParam), sql`${attendance.current}`, isNull(attendance.meetingId))
				)
				.where(and(scope, inService, inArray(participations.id, coachsPeople)))
				.orderBy(asc(customers.name))
				.prepare(`today_people_${kind}`),
			meetings: d
				.select({
					...personColumns,
					meetingId: meetings.id,
					clientKey: meetings.clientKey,
					startTime: meetings.startTime,
					durationMinutes: meetings.durationMinutes,
					mode: meetings.mode
				})
				.from(meetings)
				.innerJoin(participations, eq(meetings.participationId, participations.id))
				.innerJoin(contracts, eq(participations.contractId, contracts.id))
				.innerJoin(customers, eq(participations.customerId, customers.id))
				.leftJoin(attendance, and(eq(attendance.meetingId, meetings.id), sql`${attendance.current}`))
				.where(and(scope, eq(meetings.day, dayParam), isNull(meetings.cancelledAt), inArray(meetings.id, coachsMeetings)))
				.orderBy(asc(meetings.startTime))
				.prepare(`today_meetings_${kind}`)
		};
	});
}

/**
 * Today: its statements run on `reads`, the connections that use each statement's one generic plan
 * (`Database.plannedReads`: planned once per connection, built once per process); the customers shown are
 * audited on `db`.
 */
export async function loadToday(reads: DbOrTx, db: DbOrTx, ctx: AuditContext, actor: Actor, providerId: string, day: string) {
	const rows = await todayRows(reads, actor, providerId, day);
	await recordCustomerList(db, ctx, 'attendance_day', [...rows.people, ...rows.meetingRows]);
	return todayPage(rows, day);
}

/** Today's rows: the cohorts meeting on the day, their people and the coach's own customers, the day's meetings. */
async function todayRows(db: DbOrTx, actor: Actor, providerId: string, day: string) {
	const statements = todayStatements(db, actor, providerId);
	const values = { userId: actor.userId, providerId, today: actor.today, day };
	// Three independent statements, sent at once.
	const [cohortRows, peopleRows, meetingRows] = await Promise.all([
		statements.cohorts.execute(values),
		statements.people.execute(values),
		statements.meetings.execute(values)
	]);
	const meetingDay = cohortRows.filter((c) => isScheduledDay(c, day));
	const meets = new Set(meetingDay.map((c) => c.id));
	return { meetingDay, people: peopleRows.filter((p) => p.cohortId === null || meets.has(p.cohortId)), meetingRows };
}

function todayPage({ meetingDay, people, meetingRows }: Awaited<ReturnType<typeof todayRows>>, day: string) {
	const toMark = (m: (typeof people)[number]['mark']): TodayMark | null =>
		m ? { status: m.status, reason: m.reason, reasonText: m.reasonText, markedAt: m.markedAt.toISOString() } : null;
	const person = (p: (typeof people)[number] | (typeof meetingRows)[number]): TodayPerson => ({
		participationId: p.participationId,
		customerName: p.customerName,
		mark: toMark(p.mark)
	});

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
		coaching: people.filter((p) => p.cohortId === null).map(person)
	};
}

/**
 * How the day looks for the coach's home: the groups meeting and the meetings planned, and how many of their
 * people are still unmarked. Today's own statements (the same scope); counts only, no names leave here.
 */
export async function todayCounts(reads: DbOrTx, actor: Actor, providerId: string, day: string) {
	const { meetingDay, people, meetingRows } = await todayRows(reads, actor, providerId, day);
	return {
		groups: meetingDay.length,
		meetings: meetingRows.length,
		unmarked: people.filter((p) => p.cohortId !== null && !p.mark?.status).length + meetingRows.filter((m) => !m.mark?.status).length
	};
}

/**
 * Past days' slots still without a mark, for the coach's home: per day, the participations of Today's rows for
 * that day (the same statements and scope, so a count never shows what Today would not) that nobody has
 * marked, a cohort person once and a meeting once each. Ids only, no names leave here.
 */
export async function unmarkedOn(reads: DbOrTx, actor: Actor, providerId: string, days: string[]) {
	const perDay = await Promise.all(days.map((day) => todayRows(reads, actor, providerId, day)));
	return perDay.map(({ people, meetingRows }, i) => ({
		day: days[i],
		participationIds: [
			...people.filter((p) => p.cohortId !== null && !p.mark?.status).map((p) => p.participationId),
			...meetingRows.filter((m) => !m.mark?.status).map((m) => m.participationId)
		]
	}));
}

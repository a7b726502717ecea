/**
 * The coach's "Today": the cohorts the coach is assigned to that meet on the day, with their participants,
 * the coach's own coaching customers, and the meetings planned for the day, each with the mark in force.
 * Three indexed queries whatever the size of the country (see bench/ATTENDANCE-EXPLAIN.md).
 */
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { isScheduledDay, type AbsenceReason, type MarkStatus } from '$lib/domain/attendance';
import { recordCustomerList, type AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import { assignments, attendance, cohorts, contracts, customers, meetings, participations } from '../db/schema';
import type { Actor } from '../policy';
import { participationListScope } from '../policy/scope';

export interface TodayMark {
	status: MarkStatus;
	reason: AbsenceReason | null;
	reasonText: string | null;
	markedAt: string;
}

export interface TodayPerson {
	participationId: string;
	customerName: string;
	status: string;
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
	mode: string;
}

export async function loadToday(db: DbOrTx, ctx: AuditContext, actor: Actor, providerId: string, day: string) {
	const scope = participationListScope(actor, providerId);
	const inService = and(lte(participations.startDate, day), or(isNull(participations.endDate), gte(participations.endDate, day)));

	// Cohorts the coach's assignments valid today cover (an assignment without a contract covers all).
	const cohortRows = await db
		.selectDistinct({
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
		.innerJoin(
			assignments,
			and(
				eq(assignments.userId, actor.userId),
				eq(assignments.providerId, contracts.providerId),
				eq(assignments.areaId, contracts.areaId),
				lte(assignments.validFrom, actor.today),
				gte(assignments.validUntil, actor.today),
				or(isNull(assignments.contractId), eq(assignments.contractId, contracts.id)),
				or(isNull(assignments.cohortId), eq(assignments.cohortId, cohorts.id))
			)
		)
		.where(and(eq(contracts.providerId, providerId), lte(cohorts.startDate, day), gte(cohorts.endDate, day)))
		.orderBy(asc(cohorts.dailyStart), asc(cohorts.name));
	const meetingDay = cohortRows.filter((c) => isScheduledDay(c, day));
	const cohortIds = meetingDay.map((c) => c.id);

	const people = await db
		.select({
			participationId: participations.id,
			cohortId: participations.cohortId,
			coachId: participations.coachId,
			status: participations.status,
			customerId: customers.id,
			areaId: contracts.areaId,
			customerName: customers.name
		})
		.from(participations)
		.innerJoin(contracts, eq(participations.contractId, contracts.id))
		.innerJoin(customers, eq(participations.customerId, customers.id))
		.where(
			and(
				scope,
				inService,
				or(
					cohortIds.length ? inArray(participations.cohortId, cohortIds) : sql`false`,
					and(isNull(participations.cohortId), eq(participations.coachId, actor.userId), inArray(participations.status, ['starting', 'active']))
				)
			)
		)
		.orderBy(asc(customers.name));

	const meetingRows = await db
		.select({
			meetingId: meetings.id,
			clientKey: meetings.clientKey,
			participationId: meetings.participationId,
			startTime: meetings.startTime,
			durationMinutes: meetings.durationMinutes,
			mode: meetings.mode,
			status: participations.status,
			customerId: customers.id,
			areaId: contracts.areaId,
			customerName: customers.name
		})
		.from(meetings)
		.innerJoin(participations, eq(meetings.participationId, participations.id))
		.innerJoin(contracts, eq(participations.contractId, contracts.id))
		.innerJoin(customers, eq(participations.customerId, customers.id))
		.where(and(scope, eq(meetings.day, day), isNull(meetings.cancelledAt), or(eq(participations.coachId, actor.userId), eq(meetings.createdBy, actor.userId))))
		.orderBy(asc(meetings.startTime));

	// The marks in force, by the two partial unique indexes (a day's history rows are never read).
	const markColumns = {
		participationId: attendance.participationId,
		meetingId: attendance.meetingId,
		status: attendance.status,
		reason: attendance.reason,
		reasonText: attendance.reasonText,
		markedAt: attendance.markedAt
	};
	const marks = [
		...(people.length
			? await db
					.select(markColumns)
					.from(attendance)
					.where(and(inArray(attendance.participationId, people.map((p) => p.participationId)), eq(attendance.day, day), sql`${attendance.current}`, isNull(attendance.meetingId)))
			: []),
		...(meetingRows.length
			? await db
					.select(markColumns)
					.from(attendance)
					.where(and(inArray(attendance.meetingId, meetingRows.map((m) => m.meetingId)), sql`${attendance.current}`))
			: [])
	];
	const toMark = (m: (typeof marks)[number] | undefined): TodayMark | null =>
		m ? { status: m.status, reason: m.reason, reasonText: m.reasonText, markedAt: m.markedAt.toISOString() } : null;
	const dayMark = new Map(marks.filter((m) => !m.meetingId).map((m) => [m.participationId, m]));
	const meetingMark = new Map(marks.filter((m) => m.meetingId).map((m) => [m.meetingId!, m]));
	const person = (p: { participationId: string; customerName: string; status: string }): TodayPerson => ({
		participationId: p.participationId,
		customerName: p.customerName,
		status: p.status,
		mark: toMark(dayMark.get(p.participationId))
	});

	await recordCustomerList(db, ctx, 'attendance_day', [...people, ...meetingRows]);

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
		meetings: meetingRows.map<TodayMeeting>((m) => ({ ...person(m), meetingId: m.meetingId, clientKey: m.clientKey, startTime: m.startTime, durationMinutes: m.durationMinutes, mode: m.mode, mark: toMark(meetingMark.get(m.meetingId)) })),
		/** The coach's own coaching customers (no cohort), for recording a meeting that was not planned. */
		coaching: people.filter((p) => p.cohortId === null).map(person)
	};
}

export type TodayData = Awaited<ReturnType<typeof loadToday>>;

/**
 * The absence report for the benefit payer (Kela or the unemployment fund): for one customer and period,
 * each day the customer was expected (cohort days, meetings) or marked, with the mark in force, and totals.
 * The provider produces it every two weeks; producing it is audited as a read of the customer.
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { ABSENCE_REASONS, isScheduledDay, type AbsenceReason, type MarkStatus } from '$lib/domain/attendance';
import { addDays } from '$lib/domain/clock';
import { recordAudit, type AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import { attendance, cohorts, contracts, customers, meetings, organisations, participations } from '../db/schema';

/** The longest period one report covers (a quarter). */
export const REPORT_MAX_DAYS = 92;

export interface ReportDay {
	day: string;
	/** Expected by the cohort's schedule, or a meeting that day. */
	expected: boolean;
	meetingTime: string | null;
	status: MarkStatus | null;
	reason: AbsenceReason | null;
	reasonText: string | null;
}

export async function absenceReport(db: DbOrTx, ctx: AuditContext, participationId: string, from: string, until: string) {
	const [head] = await db
		.select({
			customerId: customers.id,
			customerName: customers.name,
			customerNumber: customers.customerNumber,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			areaId: contracts.areaId,
			providerName: organisations.name,
			startDate: participations.startDate,
			endDate: participations.endDate,
			cohort: { startDate: cohorts.startDate, endDate: cohorts.endDate, weekdays: cohorts.weekdays }
		})
		.from(participations)
		.innerJoin(customers, eq(participations.customerId, customers.id))
		.innerJoin(contracts, eq(participations.contractId, contracts.id))
		.innerJoin(organisations, eq(contracts.providerId, organisations.id))
		.leftJoin(cohorts, eq(participations.cohortId, cohorts.id))
		.where(eq(participations.id, participationId));
	if (!head) return undefined;
	const marks = await db
		.select({ day: attendance.day, meetingId: attendance.meetingId, status: attendance.status, reason: attendance.reason, reasonText: attendance.reasonText })
		.from(attendance)
		.where(and(eq(attendance.participationId, participationId), sql`${attendance.current}`, gte(attendance.day, from), lte(attendance.day, until)));
	const meetingRows = await db
		.select({ id: meetings.id, day: meetings.day, startTime: meetings.startTime })
		.from(meetings)
		.where(and(eq(meetings.participationId, participationId), gte(meetings.day, from), lte(meetings.day, until), sql`${meetings.cancelledAt} is null`))
		.orderBy(asc(meetings.day), asc(meetings.startTime));

	const inService = (d: string) => d >= head.startDate && (head.endDate === null || d <= head.endDate);
	const days: ReportDay[] = [];
	for (let d = from; d <= until; d = addDays(d, 1)) {
		const dayMark = marks.find((m) => m.day === d && !m.meetingId);
		const scheduled = !!head.cohort?.startDate && inService(d) && isScheduledDay(head.cohort as { startDate: string; endDate: string; weekdays: number[] }, d);
		if (scheduled || dayMark)
			days.push({
				day: d,
				expected: scheduled,
				meetingTime: null,
				status: dayMark?.status ?? null,
				reason: dayMark?.reason ?? null,
				reasonText: dayMark?.reasonText ?? null
			});
		for (const m of meetingRows.filter((x) => x.day === d)) {
			const mark = marks.find((x) => x.meetingId === m.id);
			days.push({
				day: d,
				expected: true,
				meetingTime: m.startTime,
				status: mark?.status ?? null,
				reason: mark?.reason ?? null,
				reasonText: mark?.reasonText ?? null
			});
		}
	}
	const totals = {
		expected: days.filter((d) => d.expected).length,
		present: days.filter((d) => d.status === 'present').length,
		unmarked: days.filter((d) => d.expected && !d.status).length,
		absent: Object.fromEntries(ABSENCE_REASONS.map((r) => [r, days.filter((d) => d.status === 'absent' && d.reason === r).length])) as Record<
			AbsenceReason,
			number
		>
	};
	await recordAudit(db, ctx, {
		action: 'participation.report',
		areaId: head.areaId,
		targetType: 'participation',
		targetIds: [participationId],
		customerIds: [head.customerId]
	});
	const { cohort: _cohort, ...rest } = head;
	return { ...rest, from, until, days, totals };
}

export type AbsenceReport = NonNullable<Awaited<ReturnType<typeof absenceReport>>>;

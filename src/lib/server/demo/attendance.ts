import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { isScheduledDay } from '$lib/domain/attendance';
import { addDays, helsinkiLocalToInstant, type Clock } from '$lib/domain/clock';
import type { AuditContext } from '../audit';
import { loadActor } from '../auth/actor';
import type { Db } from '../db/client';
import { assignments, cohorts, contracts, customers, memberships, participations, users } from '../db/schema';
import { recordAttendance, type MarkInput } from '../attendance/service';
import { acceptReferral } from '../referrals/answer';
import { createReferral } from '../referrals/create';

const GROUP = [
	{ customerNumber: 'VAA-10301', name: 'Sari Niemi' },
	{ customerNumber: 'VAA-10302', name: 'Ahmed Farah' },
	{ customerNumber: 'VAA-10303', name: 'Tiina Laaksonen' },
	{ customerNumber: 'VAA-10304', name: 'Oskari Rinne' },
	{ customerNumber: 'VAA-10305', name: 'Maria Björklund' },
	// An e-mail address on record: the area can send him his feedback invitation (example.fi: never delivered).
	{ customerNumber: 'VAA-10306', name: 'Mikko Heikkinen', email: 'mikko.heikkinen@example.fi' }
];

/** The colleague's group (no password: nobody signs in as their coach). */
const COLLEAGUE_GROUP = [
	{ customerNumber: 'VAA-10311', name: 'Juha Mäkelä' },
	{ customerNumber: 'VAA-10312', name: 'Leena Östman' }
];

/**
 * The demo coach's group: six customers in the rolling cohort, marks since the start of last month recorded through
 * the attendance service on the days they were made (one sick day; the last two days one customer was
 * absent without a reason, which made notices to the case officer), and a coaching meeting planned for
 * today with the coach's own customer.
 */
export async function seedDemoAttendance(db: Db, clock: Clock, today: string) {
	const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'handlaggare@pohjanmaa.demo.fi'));
	const [coach] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'valmentaja@valmennuspohjola.demo.fi'));
	const [contract] = await db.select().from(contracts).where(eq(contracts.contractNumber, 'POH-2026-041'));
	const [cohort] = await db
		.select()
		.from(cohorts)
		.where(and(eq(cohorts.contractId, contract.id), eq(cohorts.name, 'Työnhakuryhmä Vaasa')));
	const officerCtx: AuditContext = { userId: officer.id, organisationId: contract.areaId, ip: null, userAgent: null, requestId: 'demo-seed', clock };
	const coachCtx = (at: Date): AuditContext => ({
		userId: coach.id,
		organisationId: contract.providerId,
		ip: null,
		userAgent: null,
		requestId: 'demo-seed',
		clock: () => at
	});
	// From the first day of last month (at least three weeks back), so that a whole ended month can be invoiced.
	const firstOfLastMonth = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
	const wanted = firstOfLastMonth < addDays(today, -21) ? firstOfLastMonth : addDays(today, -21);
	const start = wanted < cohort.startDate ? cohort.startDate : wanted;

	/** Referred a week before `from` and accepted by `coachId` to start on `from`: the participations' ids. */
	const intoGroup = async (groupId: string, people: { customerNumber: string; name: string; email?: string }[], from: string, coachId: string) => {
		const ids: string[] = [];
		for (const person of people) {
			const r = await createReferral(db, { ...officerCtx, clock: () => helsinkiLocalToInstant(`${addDays(from, -7)}T10:00`) }, contract.areaId, {
				contractId: contract.id,
				cohortId: groupId,
				phone: null,
				email: null,
				...person,
				language: 'fi',
				personalId: null,
				needs: 'Työnhaun taidot ryhmässä',
				plannedStart: from,
				consentFormVersion: 'SUO-2025-1',
				consentScope: 'Yhteystiedot, läsnäolot ja poissaolot palveluntuottajalle',
				consentGivenOn: addDays(from, -7)
			});
			if (!r.ok) throw new Error(`demo group referral: ${r.error}`);
			const a = await acceptReferral(db, { ...coachCtx(clock()), userId: coachId }, r.referralId, 1, { startDate: from, coachId, firstMeeting: null });
			if (!a.ok) throw new Error(`demo group accept: ${a.error}`);
			const [p] = await db.select({ id: participations.id }).from(participations).where(eq(participations.referralId, r.referralId));
			ids.push(p.id);
		}
		return ids;
	};
	const ids = await intoGroup(cohort.id, GROUP, start, coach.id);

	// Every scheduled day up to today is marked except the latest one (today, or on a weekend the last
	// weekday), which is left for the coach to mark.
	const days: string[] = [];
	for (let d = start; d <= today; d = addDays(d, 1)) if (isScheduledDay(cohort, d)) days.push(d);
	days.pop();
	for (const [n, day] of days.entries()) {
		const at = helsinkiLocalToInstant(`${day}T15:30`);
		const lastTwo = n >= days.length - 2;
		const marks: MarkInput[] = ids.map((participationId, i) => {
			const absent = (i === 5 && lastTwo) || (i === 2 && n === 3);
			return {
				clientKey: randomUUID(),
				participationId,
				day,
				status: absent ? 'absent' : 'present',
				reason: absent ? (i === 5 ? 'unexcused' : 'sick') : null,
				reasonText: null,
				markedAt: at
			};
		});
		await recordAttendance(db, coachCtx(at), await loadActor(db, coach.id, day), { marks });
	}

	// A colleague's group on the same contract, starting today and not marked yet: the demo coach's assignment covers
	// the whole provider, so Today lists it by name among the other groups of the day (issue 22).
	const [colleague] = await db.insert(users).values({ email: 'palosaari.valmentaja@demo.invalid', name: 'Jenni Kallio' }).returning({ id: users.id });
	await db.insert(memberships).values({ userId: colleague.id, organisationId: contract.providerId, role: 'coach' });
	await db.insert(assignments).values({
		userId: colleague.id,
		providerId: contract.providerId,
		areaId: contract.areaId,
		validFrom: addDays(today, -30),
		validUntil: addDays(today, 365)
	});
	const [palosaari] = await db
		.select({ id: cohorts.id })
		.from(cohorts)
		.where(and(eq(cohorts.contractId, contract.id), eq(cohorts.name, 'Työnhakuryhmä Palosaari')));
	await intoGroup(palosaari.id, COLLEAGUE_GROUP, today, colleague.id);

	// Today: a meeting with the coach's own coaching customer (accepted in the referral demo).
	const [own] = await db
		.select({ id: participations.id })
		.from(participations)
		.innerJoin(customers, eq(participations.customerId, customers.id))
		.where(and(eq(participations.coachId, coach.id), eq(customers.customerNumber, 'VAA-10260')));
	if (own) {
		await recordAttendance(db, coachCtx(clock()), await loadActor(db, coach.id, today), {
			marks: [],
			meetings: [{ clientKey: randomUUID(), participationId: own.id, day: today, startTime: '13:00', durationMinutes: 60, mode: 'in_person' }]
		});
	}
}

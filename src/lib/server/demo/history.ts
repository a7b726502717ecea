import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { emptyArvi, END_SITUATIONS } from '$lib/domain/arvi';
import { INTERRUPTION_REASONS } from '$lib/domain/attendance';
import { addDays, helsinkiLocalToInstant } from '$lib/domain/clock';
import { DECLINE_REASONS } from '$lib/domain/referrals';
import type { DbOrTx } from '../db/client';
import { arvis, attendance, consents, contracts, customers, invoices, memberships, notices, participations, referrals, users } from '../db/schema';

/**
 * Several months of history under two Pohjanmaa contracts whose providers have no demo sign-in (the work ability
 * assessment and the vocational training), so that the area's dashboard and the scorecards have trends, budget burn,
 * distributions and figures both above and below the small-cell limit to show, without touching the flows the demo
 * people walk through (Today, the coach's lists, the invoices they open). Rows are inserted as the services would
 * have left them; the numbers come from a fixed sequence, so every seed gives the same history.
 */
const HISTORY = [
	{ contract: 'POH-2026-033', perWeek: 3, weeks: [6, 10], dayCents: 9200, startCents: 24000, coach: 'Kaisa Rantala' },
	{ contract: 'POH-2026-030', perWeek: 2, weeks: [2, 4], dayCents: 0, startCents: 85000, coach: 'Olli Peltonen' }
] as const;

const FIRST = ['Aino', 'Eino', 'Helmi', 'Onni', 'Ella', 'Väinö', 'Linnea', 'Leo', 'Sofia', 'Elias', 'Iida', 'Niilo', 'Emma', 'Oliver', 'Aada', 'Lauri'];
const LAST = ['Korhonen', 'Virtanen', 'Nieminen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen', 'Saarinen', 'Salminen', 'Hakala', 'Lindberg'];

/** A fixed pseudo-random sequence (a linear congruential generator): the same history every time. */
function sequence(seed: number) {
	let s = seed;
	return (n: number) => {
		s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
		return s % n;
	};
}

const isWeekday = (day: string) => {
	const d = new Date(`${day}T12:00:00Z`).getUTCDay();
	return d !== 0 && d !== 6;
};

export async function seedDemoHistory(db: DbOrTx, today: string) {
	const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'paakayttaja@pohjanmaa.demo.fi'));
	const rows = await db
		.select()
		.from(contracts)
		.where(
			inArray(
				contracts.contractNumber,
				HISTORY.map((h) => h.contract)
			)
		);
	const next = sequence(20260101);
	let customerNo = 20000;
	for (const h of HISTORY) {
		const contract = rows.find((c) => c.contractNumber === h.contract);
		if (!contract) continue;
		// The provider's own coach (no password: nobody signs in as them).
		const [coach] = await db
			.insert(users)
			.values({ email: `${h.contract.toLowerCase()}.valmentaja@demo.invalid`, name: h.coach })
			.returning({ id: users.id });
		await db.insert(memberships).values({ userId: coach.id, organisationId: contract.providerId, role: 'coach' });
		const marks: (typeof attendance.$inferInsert)[] = [];
		const batch = {
			customers: [] as (typeof customers.$inferInsert)[],
			consents: [] as (typeof consents.$inferInsert)[],
			referrals: [] as (typeof referrals.$inferInsert)[],
			participations: [] as (typeof participations.$inferInsert)[],
			notices: [] as (typeof notices.$inferInsert)[],
			arvis: [] as (typeof arvis.$inferInsert)[]
		};
		const cents = new Map<string, number>();
		const bill = (day: string, c: number) => cents.set(day.slice(0, 7), (cents.get(day.slice(0, 7)) ?? 0) + c);
		// A referral every working week from the contract's start until a week ago.
		// At most about six months back (a demo started late in the year stays quick to seed).
		const from = addDays(today, -182) > contract.startDate ? addDays(today, -182) : contract.startDate;
		for (let monday = from; addDays(monday, 7) < today; monday = addDays(monday, 7)) {
			if (!isWeekday(monday)) continue;
			for (let k = 0; k < h.perWeek + next(2); k++) {
				customerNo++;
				const referredAt = helsinkiLocalToInstant(`${monday}T09:${String(10 + k).padStart(2, '0')}`);
				const answeredAt = new Date(referredAt.getTime() + (2 + next(70)) * 3_600_000);
				const declined = next(100) < 15;
				const cu = { id: randomUUID() };
				batch.customers.push({
					id: cu.id,
					areaId: contract.areaId,
					customerNumber: `VAA-${customerNo}`,
					name: `${FIRST[next(FIRST.length)]} ${LAST[next(LAST.length)]}`,
					language: next(10) === 0 ? 'sv' : 'fi',
					createdAt: referredAt
				});
				batch.consents.push({
					customerId: cu.id,
					formVersion: 'SUO-2025-1',
					scope: 'Yhteystiedot ja palvelun tiedot',
					givenOn: monday,
					recordedBy: officer.id,
					recordedAt: referredAt
				});
				const r = { id: randomUUID() };
				batch.referrals.push({
					id: r.id,
					customerId: cu.id,
					contractId: contract.id,
					areaId: contract.areaId,
					providerId: contract.providerId,
					officerId: officer.id,
					status: declined ? 'declined' : 'accepted',
					referredAt,
					answerDue: addDays(monday, 3),
					answeredAt,
					answeredBy: coach.id,
					declineReason: declined ? DECLINE_REASONS[next(DECLINE_REASONS.length)] : null
				});
				if (declined) continue;
				const start = addDays(monday, 7);
				const end = addDays(start, 7 * (h.weeks[0] + next(h.weeks[1] - h.weeks[0] + 1)) - 3);
				const ended = end < addDays(today, -1);
				const interrupted = ended && next(100) < 22;
				const last = interrupted ? addDays(start, 7 + next(20)) : end;
				const p = { id: randomUUID() };
				batch.participations.push({
					id: p.id,
					referralId: r.id,
					customerId: cu.id,
					contractId: contract.id,
					coachId: coach.id,
					status: !ended ? 'active' : interrupted ? 'interrupted' : 'completed',
					startDate: start,
					plannedEndDate: end,
					endDate: ended ? last : null,
					endReason: interrupted ? INTERRUPTION_REASONS[next(INTERRUPTION_REASONS.length)] : null,
					createdAt: answeredAt
				});
				bill(start, h.startCents);
				// Training days: present most days, now and then sick or absent without a reason (a notice, decided in a few days).
				if (h.dayCents > 0) {
					for (let d = start; d <= (ended ? last : addDays(today, -1)); d = addDays(d, 1)) {
						if (!isWeekday(d)) continue;
						const roll = next(100);
						const status = roll < 90 ? 'present' : 'absent';
						const reason = status === 'absent' ? (roll < 96 ? 'sick' : 'unexcused') : null;
						const at = helsinkiLocalToInstant(`${d}T15:30`);
						const id = randomUUID();
						marks.push({
							id,
							participationId: p.id,
							contractId: contract.id,
							day: d,
							status,
							reason,
							markedAt: at,
							receivedAt: at,
							markedBy: coach.id,
							clientKey: randomUUID(),
							current: true
						});
						if (status === 'present') bill(d, h.dayCents);
						if (reason === 'unexcused') {
							const decided = addDays(d, 1 + next(6));
							batch.notices.push({
								areaId: contract.areaId,
								providerId: contract.providerId,
								contractId: contract.id,
								participationId: p.id,
								customerId: cu.id,
								officerId: officer.id,
								kind: 'unexcused_absence',
								day: d,
								status: decided < today ? 'decided' : 'open',
								dueOn: addDays(d, 7),
								createdAt: at,
								createdBy: coach.id,
								decidedAt: decided < today ? helsinkiLocalToInstant(`${decided}T11:00`) : null,
								decidedBy: decided < today ? officer.id : null,
								decision: decided < today ? 'customer_contacted' : null
							});
						}
					}
				}
				if (!ended) continue;
				// The ARVI of an ended service: due two weeks after the last day, mostly sent in time, accepted a few days later.
				const dueOn = addDays(last, 14);
				const sentOn = addDays(last, 3 + next(16));
				const sent = sentOn < today;
				const decidedOn = addDays(sentOn, 1 + next(4));
				const accepted = sent && decidedOn < today;
				const outcome = END_SITUATIONS[next(100) < 45 ? 0 : 1 + next(END_SITUATIONS.length - 1)];
				batch.arvis.push({
					participationId: p.id,
					areaId: contract.areaId,
					providerId: contract.providerId,
					contractId: contract.id,
					customerId: cu.id,
					status: accepted ? 'accepted' : sent ? 'submitted' : 'draft',
					language: 'fi',
					dueOn,
					content: emptyArvi(h.coach),
					outcome: accepted ? outcome : null,
					submittedAt: sent ? helsinkiLocalToInstant(`${sentOn}T14:00`) : null,
					decidedAt: accepted ? helsinkiLocalToInstant(`${decidedOn}T10:00`) : null,
					createdAt: helsinkiLocalToInstant(`${last}T16:00`)
				});
			}
		}
		// In the foreign keys' order, a few hundred rows a statement (a seed of 11 months stays quick on PGlite).
		const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / 400) }, (_, i) => list.slice(i * 400, i * 400 + 400));
		for (const c of chunks(batch.customers)) await db.insert(customers).values(c);
		for (const c of chunks(batch.consents)) await db.insert(consents).values(c);
		for (const c of chunks(batch.referrals)) await db.insert(referrals).values(c);
		for (const c of chunks(batch.participations)) await db.insert(participations).values(c);
		for (const c of chunks(marks)) await db.insert(attendance).values(c);
		for (const c of chunks(batch.notices)) await db.insert(notices).values(c);
		for (const c of chunks(batch.arvis)) await db.insert(arvis).values(c);
		// Every ended month invoiced: paid up to the month before last, last month approved (the budget burn).
		const thisMonth = today.slice(0, 7);
		let n = 0;
		for (const [month, gross] of [...cents].sort()) {
			if (month >= thisMonth || gross === 0) continue;
			n++;
			const until = addDays(`${addDays(`${month}-28`, 7).slice(0, 7)}-01`, -1);
			const submitted = helsinkiLocalToInstant(`${addDays(until, 2)}T10:00`);
			const checked = new Date(submitted.getTime() + (1 + next(4)) * 86_400_000);
			const approved = new Date(checked.getTime() + (1 + next(3)) * 86_400_000);
			const paid = addDays(until, 2 + 21);
			const isPaid = paid < today;
			await db.insert(invoices).values({
				contractId: contract.id,
				areaId: contract.areaId,
				providerId: contract.providerId,
				status: isPaid ? 'paid' : 'approved',
				periodFrom: `${month}-01`,
				periodUntil: until,
				number: `H-${h.contract.slice(-3)}-${n}`,
				issueDate: addDays(until, 2),
				dueDate: paid,
				specificationId: `SPEC-${randomUUID()}`,
				netCents: gross,
				grossCents: gross,
				createdAt: submitted,
				createdBy: coach.id,
				submittedAt: submitted,
				submittedBy: coach.id,
				checkedAt: checked,
				approvedAt: approved,
				paidOn: isPaid ? paid : null
			});
		}
	}
}

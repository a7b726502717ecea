import { and, eq } from 'drizzle-orm';
import type { ArviContent } from '$lib/domain/arvi';
import { addDays, helsinkiLocalToInstant, type Clock } from '$lib/domain/clock';
import type { AuditContext } from '../audit';
import { loadActor } from '../auth/actor';
import type { Db } from '../db/client';
import { arvis, cohorts, contracts, participations, users } from '../db/schema';
import { submitArvi } from '../arvi/drafts';
import { changeParticipation } from '../participations/service';
import { acceptReferral } from '../referrals/answer';
import { createReferral } from '../referrals/create';

/**
 * A Swedish-speaking customer of the demo cohort who found work: the participation was interrupted three
 * days ago and the coach has already sent the ARVI, written in Swedish, so the case officer's inbox has
 * one to read (and the printed view shows the language of service).
 */
export async function seedDemoArvi(db: Db, clock: Clock, today: string) {
	const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'handlaggare@pohjanmaa.demo.fi'));
	const [coach] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.email, 'valmentaja@valmennuspohjola.demo.fi'));
	const [contract] = await db.select().from(contracts).where(eq(contracts.contractNumber, 'POH-2026-041'));
	const [cohort] = await db
		.select()
		.from(cohorts)
		.where(and(eq(cohorts.contractId, contract.id), eq(cohorts.name, 'Työnhakuryhmä Vaasa')));
	const start = addDays(today, -24) < cohort.startDate ? cohort.startDate : addDays(today, -24);
	const end = addDays(today, -3);
	const at = (day: string, time = '10:00') => helsinkiLocalToInstant(`${day}T${time}`);
	const ctx = (userId: string, orgId: string, when: Date): AuditContext => ({
		userId,
		organisationId: orgId,
		ip: null,
		userAgent: null,
		requestId: 'demo-seed',
		clock: () => when
	});

	const r = await createReferral(db, ctx(officer.id, contract.areaId, at(addDays(start, -7))), contract.areaId, {
		contractId: contract.id,
		cohortId: cohort.id,
		customerNumber: 'VAA-10307',
		name: 'Lars Westerlund',
		phone: null,
		email: null,
		language: 'sv',
		personalId: null,
		needs: 'Arbetssökande, stöd i att söka arbete på svenska',
		plannedStart: start,
		consentFormVersion: 'SUO-2025-1',
		consentScope: 'Kontaktuppgifter, närvaro och frånvaro till tjänsteproducenten',
		consentGivenOn: addDays(start, -7)
	});
	if (!r.ok) throw new Error(`demo ARVI referral: ${r.error}`);
	const coachCtx = (when: Date) => ctx(coach.id, contract.providerId, when);
	const accepted = await acceptReferral(db, coachCtx(at(addDays(start, -6))), r.referralId, 1, { startDate: start, coachId: coach.id, firstMeeting: null });
	if (!accepted.ok) throw new Error(`demo ARVI accept: ${accepted.error}`);
	const [p] = await db.select({ id: participations.id }).from(participations).where(eq(participations.referralId, r.referralId));
	const actor = await loadActor(db, coach.id, today);
	for (const [version, change] of [
		[1, { kind: 'start', day: start }],
		[2, { kind: 'interrupt', day: end, reason: 'employed', text: 'Fast anställning som lagerarbetare från och med nästa vecka.' }]
	] as const) {
		const done = await changeParticipation(db, coachCtx(at(change.day, '16:00')), actor, p.id, version, change);
		if (!done.ok) throw new Error(`demo ARVI participation: ${done.error}`);
	}
	const content: ArviContent = {
		activities:
			'Gruppträffar i arbetssökande tre dagar i veckan: CV och ansökningsbrev, intervjuträning och genomgång av lediga jobb i Vasaregionen. Två individuella möten.',
		workPeriods: [],
		qualifications: [{ kind: 'card', name: 'Arbetarskyddskort', date: addDays(start, 7) }],
		skills: 'Noggrann och pålitlig, van vid truck och lagerprogram. Talar svenska och finska.',
		suitableWork: 'Lagerarbete, terminalarbete, logistik.',
		readiness: 'ready',
		situation: 'employed',
		situationFrom: addDays(end, 4),
		situationText: 'Fast anställning som lagerarbetare i Vasa.',
		nextSteps: [{ kind: 'job', reason: 'Har fått fast anställning; ingen ny tjänst behövs nu.' }],
		customerView: 'Jag fick hjälp med CV:t och modet att ringa arbetsgivare.',
		reviewedOn: end,
		reviewedHow: 'in_person',
		reviewedBy: coach.name
	};
	const [arvi] = await db.select({ id: arvis.id, version: arvis.version }).from(arvis).where(eq(arvis.participationId, p.id));
	const sent = await submitArvi(db, coachCtx(at(addDays(end, 1), '14:00')), await loadActor(db, coach.id, addDays(end, 1)), arvi.id, arvi.version, content);
	if (!sent.ok) throw new Error(`demo ARVI submit: ${sent.error}`);
}

/**
 * The data the authorization table runs against: an area and a provider with a contract (cohort, document,
 * price lines), customers in every state the routes show (a waiting referral, active participations, one
 * ended with a submitted ARVI, an unexcused-absence notice, an approved invoice), a person in every role
 * on each side, coaches whose assignment has expired or not yet begun, and a second area and provider with
 * data of their own (the "other" side, which must see none of the first one's).
 */
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../../src/lib/server/db/client';
import { contracts, feedbackAnswers, participations, passkeys, sessions } from '../../../src/lib/server/db/schema';
import { loadActor } from '../../../src/lib/server/auth/actor';
import type { Actor } from '../../../src/lib/server/policy';
import type { Role } from '../../../src/lib/domain/roles';
import { uploadDocument } from '../../../src/lib/server/contracts/service';
import { getContractDetail } from '../../../src/lib/server/contracts/read';
import { createReferral } from '../../../src/lib/server/referrals/create';
import { masterValues } from '../../../src/lib/server/providers/pages';
import { changeParticipation } from '../../../src/lib/server/participations/service';
import { submitArvi } from '../../../src/lib/server/arvi/drafts';
import { recordAttendance } from '../../../src/lib/server/attendance/service';
import { approveInvoice } from '../../../src/lib/server/invoices/service';
import { createApiKey } from '../../../src/lib/server/api/keys';
import { notify } from '../../../src/lib/server/notifications/service';
import { fileRemark } from '../../../src/lib/server/remarks/filing';
import { emptyArvi, type ArviContent } from '../../../src/lib/domain/arvi';
import { ctxFor, makeAssignment, makeOrganisation, makeUser, testClock } from '../helpers/fixtures';
import { mark, participationSetting } from '../helpers/participations';
import { checkedOctober, invoiceSetting, TODAY } from '../helpers/invoices';

export { TODAY };

/** Who acts: a role in the own or the other organisation of its side, or a coach whose assignment is not valid today. */
export type ActorName = `${'own' | 'other'}:${Role}` | 'own:coach(expired)' | 'own:coach(future)' | 'anonymous';

export interface Person {
	id: string;
	email: string;
	actor: Actor;
}

export const referralInput = (contractId: string, cohortId: string | null, customerNumber: string) => ({
	contractId,
	cohortId,
	customerNumber,
	name: `Asiakas ${customerNumber}`,
	phone: null,
	email: null,
	language: 'fi' as const,
	personalId: null,
	needs: null,
	plannedStart: null,
	consentFormVersion: 'v1',
	consentScope: 'luovutus',
	consentGivenOn: '2026-11-02'
});

export async function buildWorld(database: Database) {
	const c = testClock();
	const t = await invoiceSetting(database, c);
	const s = t.s;
	const db = database.db;
	const sys = ctxFor(c.clock);

	// The approved October invoice (exports need one); its reviewer and approver are ordinary role holders.
	const invoiceId = await checkedOctober(database, t);
	const approved = await approveInvoice(db, t.approver.ctx, t.approver.actor, invoiceId, 3);
	if (!approved.ok) throw new Error(`approve: ${approved.error}`);

	// The third customer's service ends with a submitted ARVI.
	const [p1, , p3] = s.participationIds;
	const coach = await s.coachActor();
	for (const change of [
		{ kind: 'start', day: '2026-11-02' },
		{ kind: 'complete', day: '2026-11-20' }
	] as const) {
		const [{ version }] = await db.select({ version: participations.version }).from(participations).where(eq(participations.id, p3));
		const r = await changeParticipation(db, s.cctx, coach, p3, version, change);
		if (!r.ok) throw new Error(`${change.kind}: ${r.error}`);
	}
	const arvi = (await db.query.arvis.findFirst({ where: (x, { eq }) => eq(x.participationId, p3) }))!;
	const content: ArviContent = {
		...emptyArvi('Valmentaja'),
		activities: 'Valmennus',
		skills: 'Tiimityö',
		suitableWork: 'Myyjä',
		readiness: 'ready',
		situation: 'employed',
		situationFrom: '2026-11-21',
		nextSteps: [{ kind: 'job', reason: 'Työpaikka' }],
		customerView: 'Hyvä',
		reviewedOn: '2026-11-20',
		reviewedHow: 'phone'
	};
	const sent = await submitArvi(db, s.cctx, coach, arvi.id, arvi.version, content);
	if (!sent.ok) throw new Error(`ARVI: ${sent.error}`);

	// Its end made a feedback invitation; an answer with a free text waits for the area's review.
	const [feedbackAnswer] = await db
		.insert(feedbackAnswers)
		.values({
			areaId: t.areaId,
			providerId: t.providerId,
			contractId: t.contractId,
			cohortId: s.cohortId,
			kind: 'end',
			answeredMonth: '2026-11',
			content: 4,
			coachSupport: 4,
			usefulness: 4,
			recommend: 4,
			freeText: 'Hyvä palvelu.',
			textStatus: 'pending'
		})
		.returning({ id: feedbackAnswers.id });

	// An unexcused absence makes a notice to the case officer.
	const absent = await recordAttendance(db, s.cctx, coach, { marks: [mark(p1, '2026-11-20', 'absent', { reason: 'unexcused' })], meetings: [] });
	if (!absent.marks[0].ok) throw new Error('absence not recorded');
	const notice = (await db.query.notices.findFirst({ where: (x, { eq }) => eq(x.participationId, p1) }))!;

	// A referral waiting for the provider's answer, and a contract document.
	const waiting = await createReferral(db, s.octx, t.areaId, referralInput(t.contractId, s.cohortId, 'AS-WAIT'));
	if (!waiting.ok) throw new Error(waiting.error);
	const [{ version: contractVersion }] = await db.select({ version: contracts.version }).from(contracts).where(eq(contracts.id, t.contractId));
	const doc = await uploadDocument(db, s.octx, t.contractId, contractVersion, { name: 'sopimus.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') });
	if (!doc.ok) throw new Error(doc.error);
	const documentId = (await getContractDetail(db, t.contractId))!.documents[0].id;

	// A quality remark about the first customer's participation (confidential like the customer), with an attachment.
	const remark = await fileRemark(db, s.octx, await s.officerActor(), t.areaId, {
		contractId: t.contractId,
		cohortId: null,
		participationId: p1,
		category: 'customer_treatment',
		description: 'Asiakasta ei tavoitettu sovitusti.',
		observedOn: '2026-11-20',
		responseDays: 10,
		attachment: { name: 'havainto.pdf', content: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') }
	});
	if (!remark.ok) throw new Error(remark.error);
	const remarkRow = (await db.query.remarks.findFirst({ where: (x, { eq }) => eq(x.id, remark.remarkId) }))!;
	const remarkAttachment = (await db.query.remarkAttachments.findFirst({ where: (x, { eq }) => eq(x.remarkId, remark.remarkId) }))!;

	// The other area and provider, with a contract and a customer of their own.
	const o = await participationSetting(database, c.clock, { customers: 1, start: '2026-11-02' });

	const platform = await makeOrganisation(db, 'platform');
	// For the platform admin's rows: an area nobody works in (deactivated and reactivated) and a failed job (retried).
	const spareArea = await makeOrganisation(db, 'area');
	const [failedJob] = rowsOf<{ id: string }>(await db.execute(sql`insert into pgboss.job (name, data, state) values ('mail', '{}', 'failed') returning id`));
	const people = new Map<ActorName, Person>();
	const person = async (name: ActorName, id: string) => {
		const u = (await db.query.users.findFirst({ where: (x, { eq }) => eq(x.id, id) }))!;
		people.set(name, { id, email: u.email, actor: await loadActor(db, id, TODAY) });
	};
	const fresh = async (org: string, role: Role) => (await makeUser(db, { org, roles: [role] })).id;
	await person('own:area_admin', await fresh(t.areaId, 'area_admin'));
	await person('own:case_officer', s.officer.id);
	await person('own:invoice_reviewer', t.reviewer.id);
	await person('own:invoice_approver', t.approver2.id);
	await person('own:auditor', await fresh(t.areaId, 'auditor'));
	await person('own:provider_admin', s.admin.id);
	await person('own:coach', s.coach.id);
	await person('own:finance', t.finance.id);
	await person('own:platform_admin', await fresh(platform.id, 'platform_admin'));
	for (const [name, from, until] of [
		['own:coach(expired)', '2026-01-01', '2026-11-22'],
		['own:coach(future)', '2026-11-24', '2026-12-31']
	] as const) {
		const id = await fresh(t.providerId, 'coach');
		await makeAssignment(db, { userId: id, providerId: t.providerId, areaId: t.areaId, validFrom: from, validUntil: until });
		await person(name, id);
	}
	await person('other:area_admin', await fresh(o.area.id, 'area_admin'));
	await person('other:case_officer', o.officer.id);
	await person('other:invoice_reviewer', await fresh(o.area.id, 'invoice_reviewer'));
	await person('other:invoice_approver', await fresh(o.area.id, 'invoice_approver'));
	await person('other:auditor', await fresh(o.area.id, 'auditor'));
	await person('other:provider_admin', o.admin.id);
	await person('other:coach', o.coach.id);
	await person('other:finance', await fresh(o.providerId, 'finance'));
	await person('other:platform_admin', await fresh(platform.id, 'platform_admin'));

	// People whose roles the admins' actions change or end, so that nobody the table acts as is touched.
	const areaVictim = await fresh(t.areaId, 'case_officer');
	const providerVictim = await fresh(t.providerId, 'coach');
	const endable = await makeAssignment(db, {
		userId: await fresh(t.providerId, 'coach'),
		providerId: t.providerId,
		areaId: t.areaId,
		validFrom: '2026-01-01',
		validUntil: '2026-12-31'
	});

	// A notification for each person, marked with their id: each sees only their own.
	for (const p of people.values()) await notify(db, c.clock, [p.id], 'referral_accepted', `/authz-${p.id}`);

	// The provider's finance person has two passkeys (one may go) and a second session (another device).
	const finance = people.get('own:finance')!.id;
	const [financePasskey] = await db
		.insert(passkeys)
		.values(['a', 'b'].map((k) => ({ userId: finance, credentialId: `authz-${k}-${finance}`, publicKey: 'AA', name: `Avain ${k}`, createdAt: c.clock() })))
		.returning({ id: passkeys.id });
	const now = c.clock();
	const [financeOtherSession] = await db
		.insert(sessions)
		.values({
			id: `other-device-${finance}`,
			userId: finance,
			createdAt: now,
			lastSeenAt: now,
			expiresAt: new Date(now.getTime() + 3_600_000),
			twoFactorVerified: true
		})
		.returning({ publicId: sessions.publicId });

	// API keys: the own area's (both scopes), one that may only write, and the other area's.
	const apiKey = await createApiKey(db, ctxFor(c.clock, null, t.areaId), t.areaId, 'Asiakasjärjestelmä', ['referrals:read', 'referrals:write']);
	const readOnlyKey = await createApiKey(db, ctxFor(c.clock, null, t.areaId), t.areaId, 'Vain luku', ['referrals:read']);
	const writeOnlyKey = await createApiKey(db, ctxFor(c.clock, null, t.areaId), t.areaId, 'Vain kirjoitus', ['referrals:write']);
	await createApiKey(db, ctxFor(c.clock, null, t.areaId), t.areaId, 'Poistettava', ['referrals:read']);
	const otherApiKey = await createApiKey(db, ctxFor(c.clock, null, o.area.id), o.area.id, 'Toinen alue', ['referrals:read', 'referrals:write']);

	return {
		database,
		clock: c.clock,
		sys,
		areaId: t.areaId,
		providerId: t.providerId,
		otherAreaId: o.area.id,
		otherProviderId: o.providerId,
		platformId: platform.id,
		spareAreaId: spareArea.id,
		failedJobId: failedJob.id,
		contractId: t.contractId,
		contractNumber: (await db.query.contracts.findFirst({ where: (x, { eq }) => eq(x.id, t.contractId) }))!.contractNumber,
		cohortId: s.cohortId!,
		otherContractId: o.contractId,
		/** Route parameters by name: every `[name=…]` of a route id is filled from here unless the row says otherwise. */
		params: {
			contractId: t.contractId,
			documentId,
			invoiceId,
			arviId: arvi.id,
			noticeId: notice.id,
			remarkId: remark.remarkId,
			attachmentId: remarkAttachment.id,
			participationId: p1,
			referralId: waiting.referralId,
			providerId: t.providerId,
			customerId: s.customerIds[0],
			token: 'no-such-token'
		} as Record<string, string>,
		/** The quality remark's number (`params.remarkId`), as the CSV exports show it. */
		remarkNumber: remarkRow.number,
		/** An anonymous feedback answer of the area's, its free text waiting for review. */
		feedbackAnswerId: feedbackAnswer.id,
		/** The participation whose service has ended (its ARVI is `params.arviId`). */
		endedParticipationId: p3,
		customerIds: s.customerIds,
		participationIds: s.participationIds,
		apiKey,
		writeOnlyKey,
		readOnlyKey,
		otherApiKey,
		/** The provider's master data form as it stands (saving it changes nothing but passes every check). */
		providerForm: masterValues((await db.query.organisations.findFirst({ where: (x, { eq }) => eq(x.id, t.providerId) }))!),
		areaVictim,
		providerVictim,
		revocableKeyId: (await db.query.apiKeys.findFirst({ where: (x, { eq }) => eq(x.name, 'Poistettava') }))!.id,
		/** One of own:finance's two passkeys, and the public handle of their session on another device. */
		financePasskeyId: financePasskey.id,
		financeOtherSessionId: financeOtherSession.publicId,
		/** An assignment of a coach nobody acts as (the provider admin ends it). */
		endableAssignmentId: endable.id,
		person(name: ActorName): Person | null {
			if (name === 'anonymous') return null;
			const p = people.get(name);
			if (!p) throw new Error(`no person ${name}`);
			return p;
		},
		/** A session row for the signed-in pages that list the person's own sessions. */
		async sessionOf(userId: string) {
			const id = `s-${userId}`;
			const now = c.clock();
			await db
				.insert(sessions)
				.values({ id, userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 3_600_000), twoFactorVerified: true })
				.onConflictDoNothing();
			return (await db.query.sessions.findFirst({ where: (x, { eq }) => eq(x.id, id) }))!;
		}
	};
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

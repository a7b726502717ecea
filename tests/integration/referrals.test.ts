import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { auditLog, consents, customers, participations, referrals } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { addCohort } from '../../src/lib/server/contracts/service';
import { acceptReferral, declineReferral, withdrawReferral } from '../../src/lib/server/referrals/answer';
import { createReferral } from '../../src/lib/server/referrals/create';
import { getReferralWithCustomer, listReferrals, revealPersonalId } from '../../src/lib/server/referrals/read';
import type { ReferralInput } from '../../src/lib/server/referrals/schemas';
import { canSeeReferralCustomer } from '../../src/lib/server/policy';
import { LIST_PAGE_SIZE } from '../../src/lib/paging';
import { createTestDatabase } from './helpers/db';
import { ctxFor, makeAssignment, makeOrganisation, makeUser, testClock } from './helpers/fixtures';
import { providerWithContract } from './helpers/contracts';

let database: Database;
// Friday 18 Dec 2026, 14:00 in Helsinki.
const c = testClock('2026-12-18T12:00:00Z');
const TODAY = '2026-12-18';
let n = 0;

beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

function input(contractId: string, overrides: Partial<ReferralInput> = {}): ReferralInput {
	n++;
	return {
		contractId,
		cohortId: null,
		customerNumber: `AS-${n}`,
		name: `Asiakas ${n}`,
		phone: '+358 40 123 4567',
		email: null,
		language: 'fi',
		personalId: null,
		needs: 'Työnhaun tuki',
		plannedStart: null,
		consentFormVersion: 'SUO-2025-1',
		consentScope: 'Tietojen luovutus palveluntuottajalle',
		consentGivenOn: TODAY,
		...overrides
	};
}

async function setting(contractOverrides = {}) {
	const area = await makeOrganisation(database.db, 'area');
	const officer = await makeUser(database.db, { org: area.id, roles: ['case_officer'] });
	const octx = ctxFor(c.clock, officer.id, area.id);
	const { providerId, contractId } = await providerWithContract(database, octx, area.id, contractOverrides);
	const coach = await makeUser(database.db, { org: providerId, roles: ['coach'] });
	await makeAssignment(database.db, { userId: coach.id, providerId, areaId: area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
	return { area, officer, octx, providerId, contractId, coach, cctx: ctxFor(c.clock, coach.id, providerId) };
}

describe('referrals', () => {
	it('sets the answer deadline in Finnish working days from the Helsinki day, and keeps the consent', async () => {
		const s = await setting();
		const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
		if (!r.ok) throw new Error(r.error);
		const [row] = await database.db.select().from(referrals).where(eq(referrals.id, r.referralId));
		// 5 working days from Fri 18 Dec: 21, 22, 23, (24–27 off), 28, 29.
		expect(row.answerDue).toBe('2026-12-29');
		const [consent] = await database.db.select().from(consents).where(eq(consents.customerId, row.customerId));
		expect(consent).toMatchObject({ formVersion: 'SUO-2025-1', givenOn: TODAY, recordedBy: s.officer.id, revokedOn: null });
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'referral.create'));
		expect(audit.some((a) => a.customerIds.includes(row.customerId))).toBe(true);
	});

	it('asks for the henkilötunnus only where the contract needs it, stores it encrypted and reveals it on an audited request', async () => {
		const s = await setting({ requiresPersonalId: true });
		expect(await createReferral(database.db, s.octx, s.area.id, input(s.contractId))).toEqual({ ok: false, error: 'personalIdRequired' });
		const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId, { personalId: '131052-308T' }));
		if (!r.ok) throw new Error(r.error);
		const [stored] = await database.db
			.select()
			.from(customers)
			.innerJoin(referrals, eq(referrals.customerId, customers.id))
			.where(eq(referrals.id, r.referralId));
		expect(stored.customers.personalIdEncrypted).not.toContain('131052');
		expect(await revealPersonalId(database.db, s.octx, r.referralId)).toBe('131052-308T');
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'customer.reveal_personal_id'));
		expect(audit.some((a) => a.customerIds.includes(stored.customers.id) && a.userId === s.officer.id)).toBe(true);
		// Where the contract does not need it, it is not kept even if typed.
		const t = await setting();
		const r2 = await createReferral(database.db, t.octx, t.area.id, input(t.contractId, { personalId: '131052-308T' }));
		if (!r2.ok) throw new Error(r2.error);
		expect(await revealPersonalId(database.db, t.octx, r2.referralId)).toBeNull();
	});

	it('allows only the transitions from waiting, and of two answers at once exactly one wins', async () => {
		const s = await setting();
		const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
		if (!r.ok) throw new Error(r.error);
		const results = await Promise.all([
			acceptReferral(database.db, s.cctx, r.referralId, 1, { startDate: '2026-12-21', coachId: s.coach.id, firstMeeting: '2026-12-21T09:30' }),
			declineReferral(database.db, s.cctx, r.referralId, 1, { reason: 'no_capacity', text: '' })
		]);
		expect(results.filter((x) => x.ok)).toHaveLength(1);
		expect(results.filter((x) => !x.ok)).toEqual([{ ok: false, error: 'conflict' }]);
		// Nothing moves a referral that has been answered.
		expect(await withdrawReferral(database.db, s.octx, r.referralId, 2, 'muutos')).toEqual({ ok: false, error: 'conflict' });
		const parts = await database.db.select().from(participations).where(eq(participations.referralId, r.referralId));
		expect(parts.length).toBe(results[0].ok ? 1 : 0);
	});

	it('accepting needs a coach whose assignment covers it, a start within the contract, and free capacity', async () => {
		const s = await setting({ capacityTotal: 1, capacityPerCohort: null });
		const stranger = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		const a = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
		const b = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
		if (!a.ok || !b.ok) throw new Error('create failed');
		expect(await acceptReferral(database.db, s.cctx, a.referralId, 1, { startDate: '2026-12-21', coachId: stranger.id, firstMeeting: null })).toEqual({
			ok: false,
			error: 'coachNotAssigned'
		});
		expect(await acceptReferral(database.db, s.cctx, a.referralId, 1, { startDate: '2027-02-01', coachId: s.coach.id, firstMeeting: null })).toEqual({
			ok: false,
			error: 'startOutsideContract'
		});
		expect(await acceptReferral(database.db, s.cctx, a.referralId, 1, { startDate: '2026-12-21', coachId: s.coach.id, firstMeeting: null })).toEqual({
			ok: true
		});
		expect(await acceptReferral(database.db, s.cctx, b.referralId, 1, { startDate: '2026-12-21', coachId: s.coach.id, firstMeeting: null })).toEqual({
			ok: false,
			error: 'noCapacity'
		});
		const [still] = await database.db.select().from(referrals).where(eq(referrals.id, b.referralId));
		expect(still.status).toBe('waiting');
	});

	it('enforces a cohort’s capacity', async () => {
		const s = await setting({ serviceType: 'vocational_training', capacityTotal: null, capacityPerCohort: 1 });
		await addCohort(database.db, s.octx, s.contractId, 1, {
			name: 'R1',
			startDate: '2026-09-01',
			endDate: '2026-12-31',
			weekdays: [1, 2, 3, 4, 5],
			dailyStart: '08:00',
			dailyEnd: '15:00',
			place: 'Vaasa',
			language: 'fi',
			capacity: 1
		});
		const cohortId = (await database.db.query.cohorts.findFirst({ where: (t, { eq: e }) => e(t.contractId, s.contractId) }))!.id;
		const a = await createReferral(database.db, s.octx, s.area.id, input(s.contractId, { cohortId }));
		const b = await createReferral(database.db, s.octx, s.area.id, input(s.contractId, { cohortId }));
		if (!a.ok || !b.ok) throw new Error('create failed');
		expect((await acceptReferral(database.db, s.cctx, a.referralId, 1, { startDate: '2026-12-21', coachId: s.coach.id, firstMeeting: null })).ok).toBe(true);
		expect(await acceptReferral(database.db, s.cctx, b.referralId, 1, { startDate: '2026-12-21', coachId: s.coach.id, firstMeeting: null })).toEqual({
			ok: false,
			error: 'noCapacity'
		});
	});
});

describe('who sees the customer', () => {
	it('the assigned coach sees waiting and accepted referrals; after a decline only a non-personal line remains', async () => {
		const s = await setting();
		const a = await createReferral(database.db, s.octx, s.area.id, input(s.contractId, { name: 'Maija Meikäläinen' }));
		const b = await createReferral(database.db, s.octx, s.area.id, input(s.contractId, { name: 'Matti Virtanen' }));
		if (!a.ok || !b.ok) throw new Error('create failed');
		const coach = await loadActor(database.db, s.coach.id, TODAY);
		let { rows } = await listReferrals(database.db, s.cctx, coach, s.providerId, {});
		expect(rows.map((r) => r.customerName).sort()).toEqual(['Maija Meikäläinen', 'Matti Virtanen']);
		expect(await declineReferral(database.db, s.cctx, b.referralId, 1, { reason: 'not_suitable', text: '' })).toEqual({ ok: true });
		({ rows } = await listReferrals(database.db, s.cctx, coach, s.providerId, {}));
		expect(rows.map((r) => [r.status, r.customerName]).sort()).toEqual([
			['declined', null],
			['waiting', 'Maija Meikäläinen']
		]);
		const scope = { areaId: s.area.id, providerId: s.providerId, contractId: s.contractId, cohortId: null, consentRevoked: false };
		expect(canSeeReferralCustomer(coach, { ...scope, status: 'declined' })).toBe(false);
		// The area still sees both names.
		const officer = await loadActor(database.db, s.officer.id, TODAY);
		expect((await listReferrals(database.db, s.octx, officer, s.area.id, {})).rows.every((r) => r.customerName)).toBe(true);
		// Every list view that showed names is audited with those customers' ids.
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'customer.list'));
		expect(audit.some((x) => x.userId === s.coach.id && x.customerIds.length === 2)).toBe(true);
	});

	it('another provider, another area, and an expired assignment see nothing', async () => {
		const s = await setting();
		const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
		if (!r.ok) throw new Error(r.error);
		const other = await setting();
		const otherCoach = await loadActor(database.db, other.coach.id, TODAY);
		expect((await listReferrals(database.db, other.cctx, otherCoach, s.providerId, {})).rows).toEqual([]);
		const otherOfficer = await loadActor(database.db, other.officer.id, TODAY);
		expect((await listReferrals(database.db, other.octx, otherOfficer, s.area.id, {})).rows).toEqual([]);
		const coachNextYear = await loadActor(database.db, s.coach.id, '2027-01-01');
		expect((await listReferrals(database.db, s.cctx, coachNextYear, s.providerId, {})).rows).toEqual([]);
		const scope = { areaId: s.area.id, providerId: s.providerId, contractId: s.contractId, cohortId: null, status: 'waiting' as const, consentRevoked: false };
		expect(canSeeReferralCustomer(coachNextYear, scope)).toBe(false);
		expect(canSeeReferralCustomer(otherOfficer, scope)).toBe(false);
	});

	it('reading one referral is audited with the customer id', async () => {
		const s = await setting();
		const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
		if (!r.ok) throw new Error(r.error);
		const detail = await getReferralWithCustomer(database.db, s.cctx, r.referralId);
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'customer.read'));
		expect(audit.some((a) => a.userId === s.coach.id && a.customerIds.includes(detail!.customer.id))).toBe(true);
		expect(detail!.customer).not.toHaveProperty('personalIdEncrypted');
	});
});

describe('the area’s referral list', () => {
	it('filters by contract, provider, officer and referral day (Helsinki), overdue first', async () => {
		const s = await setting();
		const other = await makeUser(database.db, { org: s.area.id, roles: ['case_officer'] });
		const a = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
		c.set('2027-01-04T07:00:00Z'); // Monday 4 Jan 2027, 09:00 in Helsinki
		const b = await createReferral(database.db, ctxFor(c.clock, other.id, s.area.id), s.area.id, input(s.contractId));
		c.set('2026-12-18T12:00:00Z');
		if (!a.ok || !b.ok) throw new Error('create failed');
		const officer = await loadActor(database.db, s.officer.id, '2027-01-04');
		const list = (f = {}) => listReferrals(database.db, s.octx, officer, s.area.id, f).then(({ rows }) => rows.map((r) => r.id));
		expect(await list()).toEqual([a.referralId, b.referralId]); // a is overdue on 4 Jan
		expect(await list({ officerId: s.officer.id })).toEqual([a.referralId]);
		expect(await list({ from: '2027-01-01' })).toEqual([b.referralId]);
		expect(await list({ until: '2026-12-31' })).toEqual([a.referralId]);
		expect(await list({ providerId: s.providerId, overdueOnly: true })).toEqual([a.referralId]);
		const { contractId: elsewhere } = await providerWithContract(database, s.octx, s.area.id);
		expect(await list({ contractId: elsewhere })).toEqual([]);
	});
});

describe('the provider’s referral list', () => {
	it('puts the waiting ones first, the oldest deadline (overdue) at the top, and the answered ones below', async () => {
		const s = await setting();
		const made: string[] = [];
		// Referred on three days, so the deadlines differ: 18 Dec → 29 Dec, 21 Dec → 30 Dec, 4 Jan → 12 Jan.
		for (const at of ['2026-12-18T12:00:00Z', '2026-12-21T08:00:00Z', '2027-01-04T08:00:00Z', '2026-12-18T12:30:00Z']) {
			c.set(at);
			const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
			if (!r.ok) throw new Error(r.error);
			made.push(r.referralId);
		}
		c.set('2026-12-18T12:00:00Z');
		const [oldest, middle, newest, answered] = made;
		// The one with the earliest deadline was answered (declined): answered ones go below every waiting one.
		expect(await declineReferral(database.db, s.cctx, answered, 1, { reason: 'no_capacity', text: '' })).toEqual({ ok: true });
		const coach = await loadActor(database.db, s.coach.id, '2026-12-31');
		const { rows } = await listReferrals(database.db, s.cctx, coach, s.providerId, {});
		expect(rows.map((r) => r.id)).toEqual([oldest, middle, newest, answered]);
		expect(rows.map((r) => r.overdue)).toEqual([true, true, false, false]);
	});

	it('shows 50 referrals a page, the next page continues where the first ended, and audits only the names shown', async () => {
		const s = await setting();
		for (let i = 0; i < LIST_PAGE_SIZE + 2; i++) {
			const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId, { name: `Asiakas ${String(i).padStart(2, '0')}` }));
			if (!r.ok) throw new Error(r.error);
		}
		const coach = await loadActor(database.db, s.coach.id, TODAY);
		const first = await listReferrals(database.db, s.cctx, coach, s.providerId, {});
		const second = await listReferrals(database.db, s.cctx, coach, s.providerId, {}, 2);
		expect(first.rows).toHaveLength(LIST_PAGE_SIZE);
		expect(first.paging).toEqual({ page: 1, hasNext: true });
		expect(second.rows).toHaveLength(2);
		expect(second.paging).toEqual({ page: 2, hasNext: false });
		// Together the pages hold every referral once.
		expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(LIST_PAGE_SIZE + 2);
		const views = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'customer.list'), eq(auditLog.userId, s.coach.id)));
		expect(views.map((v) => v.customerIds.length).sort((a, b) => a - b)).toEqual([2, LIST_PAGE_SIZE]);
	});
});

describe('group referral', () => {
	it('refers several customers to one cohort in one go, all or none', async () => {
		const { createGroupReferral } = await import('../../src/lib/server/referrals/create');
		const s = await setting();
		const ok = await createGroupReferral(database.db, s.octx, s.area.id, [input(s.contractId), input(s.contractId), input(s.contractId)]);
		expect(ok.ok && ok.referralIds.length).toBe(3);
		const before = await database.db.select().from(referrals).where(eq(referrals.contractId, s.contractId));
		const bad = await createGroupReferral(database.db, s.octx, s.area.id, [input(s.contractId), input(s.contractId, { cohortId: crypto.randomUUID() })]);
		expect(bad).toEqual({ ok: false, row: 2, error: 'cohortNotFound' });
		expect(await database.db.select().from(referrals).where(eq(referrals.contractId, s.contractId))).toHaveLength(before.length);
	});
});

describe('notifications', () => {
	it('tell the assigned provider staff about a new referral and the officer about the answer, without personal data in mail', async () => {
		const { notifications, emailOutbox, users: usersTable } = await import('../../src/lib/server/db/schema');
		const s = await setting();
		const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId, { name: 'Salainen Asiakas' }));
		if (!r.ok) throw new Error(r.error);
		const coachNotes = await database.db.select().from(notifications).where(eq(notifications.userId, s.coach.id));
		expect(coachNotes.map((x) => [x.kind, x.link])).toEqual([['referral_new', `/provider/${s.providerId}/referrals/${r.referralId}`]]);
		const [coachRow] = await database.db.select().from(usersTable).where(eq(usersTable.id, s.coach.id));
		const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, coachRow.email));
		expect(mails).toHaveLength(1);
		expect(mails[0].body).toContain(`/referrals/${r.referralId}`);
		expect(mails[0].body + mails[0].subject).not.toContain('Salainen');

		expect((await acceptReferral(database.db, s.cctx, r.referralId, 1, { startDate: '2026-12-21', coachId: s.coach.id, firstMeeting: null })).ok).toBe(true);
		const officerNotes = await database.db.select().from(notifications).where(eq(notifications.userId, s.officer.id));
		expect(officerNotes.map((x) => x.kind)).toEqual(['referral_accepted']);
	});

	it('the deadline job reminds the day before and reports an overdue referral once, however often it runs', async () => {
		const { notifications } = await import('../../src/lib/server/db/schema');
		const { runReferralDeadlineJob } = await import('../../src/lib/server/notifications/deadlines');
		const s = await setting();
		const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId)); // due Tue 29 Dec 2026
		if (!r.ok) throw new Error(r.error);
		const clock = testClock('2026-12-28T08:00:00Z').clock; // Mon 28 Dec
		const first = await runReferralDeadlineJob(database.db, clock);
		expect(first.ran).toBe(true);
		expect(first.dueSoon).toBeGreaterThanOrEqual(1);
		const later = testClock('2026-12-30T08:00:00Z').clock;
		const runs = await Promise.all([runReferralDeadlineJob(database.db, later), runReferralDeadlineJob(database.db, later)]);
		expect(runs.reduce((n, x) => n + x.overdue, 0)).toBeGreaterThanOrEqual(1);
		const kinds = async (userId: string) => (await database.db.select().from(notifications).where(eq(notifications.userId, userId))).map((x) => x.kind).sort();
		expect(await kinds(s.coach.id)).toEqual(['referral_due_soon', 'referral_new', 'referral_overdue']);
		expect(await kinds(s.officer.id)).toEqual(['referral_overdue']);
	});
});

describe('consent', () => {
	it('a revocation is recorded with its day and who recorded it, and audited', async () => {
		const { revokeConsent } = await import('../../src/lib/server/referrals/consent');
		const s = await setting();
		const r = await createReferral(database.db, s.octx, s.area.id, input(s.contractId));
		if (!r.ok) throw new Error(r.error);
		expect(await revokeConsent(database.db, s.octx, r.referralId, '2026-12-01', 'Asiakas peruutti')).toEqual({ ok: false, error: 'revokedBeforeGiven' });
		expect(await revokeConsent(database.db, s.octx, r.referralId, '2026-12-20', 'Asiakas peruutti')).toEqual({ ok: true });
		const [row] = await database.db.select().from(referrals).where(eq(referrals.id, r.referralId));
		const [consent] = await database.db.select().from(consents).where(eq(consents.customerId, row.customerId));
		expect(consent).toMatchObject({ revokedOn: '2026-12-20', revokedBy: s.officer.id, formVersion: 'SUO-2025-1', revokeReason: 'Asiakas peruutti' });
		expect(await revokeConsent(database.db, s.octx, r.referralId, '2026-12-21', 'Asiakas peruutti')).toEqual({ ok: false, error: 'notFound' });
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'consent.revoke'));
		expect(audit.some((a) => a.customerIds.includes(row.customerId))).toBe(true);
	});
});

describe('CSV import', () => {
	it('reports every bad row with its number and imports nothing; a clean file imports every row', async () => {
		const { importReferralsCsv } = await import('../../src/lib/server/referrals/import');
		const s = await setting();
		const [contract] = await database.db.query.contracts.findMany({ where: (t, { eq: e }) => e(t.id, s.contractId) });
		const header = 'customerNumber,name,phone,email,language,contractNumber,cohort,needs,plannedStart,consentFormVersion,consentScope,consentGivenOn';
		const good = (nr: string) => `${nr},"Virtanen, Ville",+358401112233,,fi,${contract.contractNumber},,,,v1,luovutus,2026-12-01`;
		const bad = [
			header,
			good('C-1'),
			`C-2,,,,fi,${contract.contractNumber},,,,v1,luovutus,2026-12-01`,
			`C-3,Nimi,,x@,de,NO-SUCH,,,,v1,luovutus,2026-12-01`
		].join('\n');
		const before = (await database.db.select().from(referrals).where(eq(referrals.contractId, s.contractId))).length;
		const report = await importReferralsCsv(database.db, s.octx, s.area.id, bad);
		expect(report).toEqual({
			ok: false,
			problems: [
				{ row: 3, field: 'name', message: 'errors.nameRequired' },
				{ row: 4, field: 'contractNumber', message: 'errors.contractNotActive' }
			]
		});
		expect(await database.db.select().from(referrals).where(eq(referrals.contractId, s.contractId))).toHaveLength(before);
		const semicolons = [
			'customerNumber;name;language;contractNumber;consentFormVersion;consentScope;consentGivenOn',
			`S-1;Anna;sv;${contract.contractNumber};v1;luovutus;2026-12-01`
		].join('\r\n');
		expect(await importReferralsCsv(database.db, s.octx, s.area.id, [header, good('C-4'), good('C-5')].join('\n'))).toEqual({ ok: true, count: 2 });
		expect(await importReferralsCsv(database.db, s.octx, s.area.id, semicolons)).toEqual({ ok: true, count: 1 });
		expect(await importReferralsCsv(database.db, s.octx, s.area.id, 'name\n"unterminated')).toMatchObject({ ok: false });
	});
});

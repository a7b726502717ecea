/**
 * A customer's own report (GDPR art. 15), the correction of contact data (art. 16) and consent revocation,
 * through the pages as a person would use them: what the area gets, what another area gets (nothing), and
 * what the provider sees before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, consents, customers, participations, referrals, users } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { load as customerPage, actions as customerActions } from '../../src/routes/area/[orgId=uuid]/customers/[customerId=uuid]/+page.server';
import { GET as reportJson } from '../../src/routes/area/[orgId=uuid]/customers/[customerId=uuid]/report.json/+server';
import { GET as reportPdf } from '../../src/routes/area/[orgId=uuid]/customers/[customerId=uuid]/report.pdf/+server';
import { actions as areaReferralActions } from '../../src/routes/area/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { load as providerReferralPage } from '../../src/routes/provider/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { load as providerReferralList } from '../../src/routes/provider/[orgId=uuid]/referrals/+page.server';
import { load as providerParticipation } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as areaParticipation } from '../../src/routes/area/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as providerParticipationList } from '../../src/routes/provider/[orgId=uuid]/participations/+page.server';
import { load as providerToday } from '../../src/routes/provider/[orgId=uuid]/today/+page.server';
import type { CustomerReport } from '../../src/lib/server/privacy/report';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeUser, testClock } from './helpers/fixtures';
import { invoiceSetting, openOctober, TODAY } from './helpers/invoices';
import { mark, participationSetting } from './helpers/participations';

let database: Database;
const c = testClock('2026-11-23T08:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

/** Runs a handler the way SvelteKit would and answers what a browser would notice. */
async function run<T>(fn: () => T | Promise<T>): Promise<{ status: number; data: Awaited<T> | undefined }> {
	try {
		const data = await fn();
		const status =
			data && typeof data === 'object' && 'status' in data && typeof (data as { status: unknown }).status === 'number'
				? (data as { status: number }).status
				: 200;
		return { status, data };
	} catch (e) {
		if (e && typeof e === 'object' && 'status' in e) return { status: (e as { status: number }).status, data: undefined };
		throw e;
	}
}

const auditOf = async (action: string, customerId: string) =>
	(
		await database.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, action as never))
	).filter((a) => a.customerIds.includes(customerId));

describe('the customer report (GDPR art. 15)', () => {
	it('holds the customer’s data, referrals, participations, attendance, invoices and who has seen it; produced audited; another area gets 404', async () => {
		const t = await invoiceSetting(database, c);
		const invoiceId = await openOctober(database, t);
		const [customerId] = t.s.customerIds;
		const officer = await t.s.officerActor();
		const params = { orgId: t.areaId, customerId };
		const ev = () => makeEvent({ actor: officer, clock: c.clock, params });

		// The coach opens the customer's page: the report must say so.
		const coach = await t.s.coachActor();
		await providerParticipation(
			makeEvent({ actor: coach, clock: c.clock, params: { orgId: t.providerId, participationId: t.s.participationIds[0] }, url: 'http://localhost/' })
		);
		const [coachRow] = await database.db.select().from(users).where(eq(users.id, coach.userId));

		const res = (await reportJson(ev())) as Response;
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/json');
		const report = (await res.json()) as CustomerReport;
		expect(report.schema).toBe('ptp.customer-report/1');
		const [row] = await database.db.select().from(customers).where(eq(customers.id, customerId));
		expect(report.customer).toMatchObject({ id: customerId, name: row.name, customerNumber: row.customerNumber, language: 'fi', personalIdStored: false });
		expect(report.referrals).toHaveLength(1);
		expect(report.referrals[0]).toMatchObject({ status: 'accepted' });
		expect(report.consents).toHaveLength(1);
		expect(report.participations).toHaveLength(1);
		const p = report.participations[0];
		expect(p.attendance.filter((a) => a.status === 'present').length).toBe(6);
		expect(p.attendance.some((a) => a.status === 'absent' && a.reason === 'sick')).toBe(true);
		expect(p.meetings).toHaveLength(1);
		expect(report.remarks).toEqual([]);
		expect(report.invoices).toHaveLength(1);
		expect(report.invoices[0]).toMatchObject({ status: 'draft', periodFrom: '2026-10-01', periodUntil: '2026-10-31' });
		// Who has seen it: the coach who opened the customer's page.
		expect(report.access.some((a) => a.who === coachRow.name && a.action === 'customer.read')).toBe(true);
		// A customer of the same contract who is not on the invoice.
		const third = (await reportJson(makeEvent({ actor: officer, clock: c.clock, params: { orgId: t.areaId, customerId: t.s.customerIds[2] } }))) as Response;
		expect(((await third.json()) as CustomerReport).invoices).toEqual([]);
		expect(invoiceId).toBeTruthy();

		// Producing it is audited, with the customer.
		expect((await auditOf('customer.report', customerId)).some((a) => a.userId === officer.userId)).toBe(true);

		// The PDF: a PDF, in the customer's language (its title in the document info).
		const pdf = (await reportPdf(ev())) as Response;
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		const bytes = Buffer.from(await pdf.arrayBuffer());
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

		// Another area's case officer and admin: under their own area's URL the customer is not there; under this one they are no member.
		const other = await participationSetting(database, c.clock);
		const otherOfficer = await other.officerActor();
		const otherAdmin = await loadActor(database.db, (await makeUser(database.db, { org: other.area.id, roles: ['area_admin'] })).id, TODAY);
		for (const who of [otherOfficer, otherAdmin]) {
			for (const handler of [reportJson, reportPdf, customerPage] as ((e: never) => unknown)[]) {
				expect(await statusOf(() => handler(makeEvent({ actor: who, clock: c.clock, params: { orgId: other.area.id, customerId } })))).toBe(404);
				expect(await statusOf(() => handler(makeEvent({ actor: who, clock: c.clock, params })))).toBe(403);
			}
		}
		// Auditors and invoice people of the same area: not theirs.
		const auditor = await loadActor(database.db, (await makeUser(database.db, { org: t.areaId, roles: ['auditor'] })).id, TODAY);
		expect(await statusOf(() => reportJson(makeEvent({ actor: auditor, clock: c.clock, params })))).toBe(403);
		expect(await statusOf(() => reportJson(makeEvent({ actor: t.reviewer.actor, clock: c.clock, params })))).toBe(403);
		// A provider's people, at the area's URL: no member.
		const providerAdmin = await t.s.adminActor();
		expect(await statusOf(() => reportJson(makeEvent({ actor: providerAdmin, clock: c.clock, params })))).toBe(403);
	});

	it('prints the PDF in the customer’s language of service', async () => {
		const { customerReportPdf } = await import('../../src/lib/server/privacy/pdf');
		const base: CustomerReport = {
			schema: 'ptp.customer-report/1',
			producedAt: '2026-11-23T08:00:00.000Z',
			area: { id: 'a', name: 'Pohjanmaa' },
			customer: {
				id: 'c',
				customerNumber: 'N1',
				name: 'Åsa Öberg',
				phone: null,
				email: null,
				language: 'sv',
				personalIdStored: false,
				createdAt: '2026-01-01T00:00:00.000Z',
				contactCorrectedAt: null
			},
			consents: [],
			referrals: [],
			participations: [],
			notices: [],
			arvis: [],
			remarks: [],
			invoices: [],
			access: []
		};
		const sv = await customerReportPdf(base);
		const en = await customerReportPdf({ ...base, customer: { ...base.customer, language: 'en' } });
		expect(sv.subarray(0, 5).toString()).toBe('%PDF-');
		// The document's language and title are in its (uncompressed) catalogue and info.
		expect(sv.toString('latin1')).toContain('/Lang (sv)');
		expect(en.toString('latin1')).toContain('/Lang (en)');
	});
});

describe('rectification (GDPR art. 16)', () => {
	it('bad input changes nothing; a correction is audited old → new and the provider sees the current data and when it was corrected', async () => {
		const s = await participationSetting(database, c.clock);
		const [customerId] = s.customerIds;
		const officer = await s.officerActor();
		const params = { orgId: s.area.id, customerId };
		const before = (await database.db.select().from(customers).where(eq(customers.id, customerId)))[0];

		for (const form of [
			{ phone: 'soita minulle', email: '', reason: 'Uusi numero' },
			{ phone: '+358401234567', email: 'ei-osoite', reason: 'x' },
			{ phone: '+358401234567', email: '', reason: '' }
		]) {
			const out = await run(() => customerActions.rectify(makeEvent({ actor: officer, clock: c.clock, params, form })));
			expect(out.status).toBe(400);
			expect(JSON.stringify(out.data)).toContain('errors.');
		}
		expect((await database.db.select().from(customers).where(eq(customers.id, customerId)))[0]).toEqual(before);
		expect(await auditOf('customer.contact_correct', customerId)).toEqual([]);

		const ok = await run(() =>
			customerActions.rectify(
				makeEvent({
					actor: officer,
					clock: c.clock,
					params,
					form: { phone: '+358 40 123 4567', email: 'uusi@example.fi', reason: 'Asiakas ilmoitti uuden numeron' }
				})
			)
		);
		expect(ok.status).toBe(200);
		const [entry] = await auditOf('customer.contact_correct', customerId);
		expect(entry.changes).toEqual({
			phone: { from: null, to: '+358 40 123 4567' },
			email: { from: null, to: 'uusi@example.fi' },
			reason: { from: null, to: 'Asiakas ilmoitti uuden numeron' }
		});
		// The same values again: nothing changed, said so.
		const same = await run(() =>
			customerActions.rectify(
				makeEvent({ actor: officer, clock: c.clock, params, form: { phone: '+358 40 123 4567', email: 'uusi@example.fi', reason: 'Uudestaan' } })
			)
		);
		expect(same.status).toBe(400);
		expect(JSON.stringify(same.data)).toContain('errors.nothingChanged');

		// The provider's referral page: the current number, and the day it was corrected.
		const [r] = await database.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.customerId, customerId));
		const page = (await providerReferralPage(
			makeEvent({ actor: await s.coachActor(), clock: c.clock, params: { orgId: s.providerId, referralId: r.id } })
		)) as Record<string, never>;
		expect(page.customer).toMatchObject({ phone: '+358 40 123 4567', email: 'uusi@example.fi', contactCorrectedOn: TODAY });
		// The area's own page shows the same.
		const area = await customerPage(makeEvent({ actor: officer, clock: c.clock, params }));
		expect((area as { customer: { phone: string } }).customer.phone).toBe('+358 40 123 4567');
	});
});

describe('consent revocation', () => {
	it('needs a reason; once revoked the provider reads nothing of the customer (404s, lists without them), the area keeps its records', async () => {
		c.set('2026-11-23T08:00:00Z');
		const s = await participationSetting(database, c.clock, { customers: 2, cohort: true, start: '2026-11-16' });
		const [pid, otherPid] = s.participationIds;
		const [customerId] = s.customerIds;
		const [p] = await database.db.select().from(participations).where(eq(participations.id, pid));
		const customer = (await database.db.select().from(customers).where(eq(customers.id, customerId)))[0];
		const coach = await s.coachActor();
		const admin = await s.adminActor();
		const officer = await s.officerActor();
		const prov = (actor: typeof coach, extra: Record<string, string> = {}) =>
			makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId, ...extra }, url: 'http://localhost/' });

		// Before: the coach sees the customer everywhere.
		expect(await statusOf(() => providerParticipation(prov(coach, { participationId: pid })))).toBe(200);
		expect(await statusOf(() => providerReferralPage(prov(coach, { referralId: p.referralId })))).toBe(200);
		expect(JSON.stringify(await providerParticipationList(prov(coach)))).toContain(customer.name);

		// A revocation without a reason (or with a bad day) is refused and changes nothing.
		const areaParams = { orgId: s.area.id, referralId: p.referralId };
		for (const form of [
			{ revokedOn: TODAY, reason: '' },
			{ revokedOn: 'eilen', reason: 'Asiakas peruutti' },
			{ revokedOn: '2026-12-31', reason: 'Asiakas peruutti' }
		]) {
			const out = await run(() => areaReferralActions.revokeConsent(makeEvent({ actor: officer, clock: c.clock, params: areaParams, form })));
			expect(out.status).toBe(400);
		}
		expect((await database.db.select().from(consents).where(eq(consents.customerId, customerId)))[0].revokedOn).toBeNull();
		expect(await statusOf(() => providerParticipation(prov(coach, { participationId: pid })))).toBe(200);

		const ok = await run(() =>
			areaReferralActions.revokeConsent(
				makeEvent({ actor: officer, clock: c.clock, params: areaParams, form: { revokedOn: TODAY, reason: 'Asiakas peruutti suostumuksen puhelimessa' } })
			)
		);
		expect(ok.status).toBe(200);
		const [consent] = await database.db.select().from(consents).where(eq(consents.customerId, customerId));
		expect(consent).toMatchObject({ revokedOn: TODAY, revokedBy: officer.userId, revokeReason: 'Asiakas peruutti suostumuksen puhelimessa' });
		expect(await auditOf('consent.revoke', customerId)).toHaveLength(1);

		// At once: the provider's pages answer 404 for this customer and their lists leave them out.
		for (const who of [coach, admin]) {
			expect(await statusOf(() => providerParticipation(prov(who, { participationId: pid })))).toBe(404);
			expect(await statusOf(() => providerReferralPage(prov(who, { referralId: p.referralId })))).toBe(404);
			const lists = JSON.stringify([await providerParticipationList(prov(who)), await providerReferralList(prov(who)), await providerToday(prov(who))]);
			expect(lists).not.toContain(customer.name);
			expect(lists).not.toContain(customer.customerNumber);
			expect(lists).not.toContain(pid);
		}
		// The other customer of the same cohort is untouched.
		expect(await statusOf(() => providerParticipation(prov(coach, { participationId: otherPid })))).toBe(200);
		// A mark for the customer is refused as if they were not there.
		const marks = await recordAttendance(database.db, s.cctx, coach, { marks: [mark(pid, TODAY, 'present')] });
		expect(marks.marks[0]).toMatchObject({ ok: false, error: 'notFound' });
		// The area keeps its records and its view.
		expect(
			await statusOf(() =>
				areaParticipation(makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id, participationId: pid }, url: 'http://localhost/' }))
			)
		).toBe(200);
		expect(
			await database.db
				.select()
				.from(participations)
				.where(and(eq(participations.id, pid)))
		).toHaveLength(1);
	});
});

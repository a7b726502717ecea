/**
 * The browser checks a form with the same `FormSpec` (schema + reading of the fields) as its action, so a person
 * sees the same messages before sending as the server would answer. For every form that checks itself in the
 * browser: the same bad input gives the same field messages from `checkForm` (what the page runs) and from the
 * action, and the action changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { arvis, assignments, contracts, customers, invoices, notices, participations, referrals } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { createReferral } from '../../src/lib/server/referrals/create';
import { approveInvoice, submitInvoice } from '../../src/lib/server/invoices/service';
import { creditPageActions, loadCreditPage } from '../../src/lib/server/invoices/credit-pages';
import { checkForm, FORM, type FormSpec } from '../../src/lib/forms/form';
import { PART_FORMS, contractForm } from '../../src/lib/forms/contracts';
import { acceptForm, declineForm, referralForm, revokeConsentForm, withdrawForm } from '../../src/lib/forms/referrals';
import { rectificationForm } from '../../src/lib/forms/privacy';
import { areaEinvoiceForm, masterDataForm, providerForm, supplierRecordForm } from '../../src/lib/forms/providers';
import { firstAdminForm, inviteForm } from '../../src/lib/forms/users';
import { decideForm } from '../../src/lib/forms/notices';
import { creditForm, manualLineForm, payForm, returnForm } from '../../src/lib/forms/invoices';
import { retentionForm } from '../../src/lib/forms/retention';
import { arviAcceptForm, arviReturnForm } from '../../src/lib/forms/arvi';
import { assignmentForm } from '../../src/lib/forms/assignments';
import { CHANGE_FORMS } from '../../src/lib/forms/participations';
import { groupReferralForm, importForm } from '../../src/lib/forms/referrals';
import { emptyArvi } from '../../src/lib/domain/arvi';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { submitArvi } from '../../src/lib/server/arvi/drafts';
import { actions as areaArvi } from '../../src/routes/area/[orgId=uuid]/arvi/[arviId=uuid]/+page.server';
import { actions as assignmentsPage } from '../../src/routes/provider/[orgId=uuid]/assignments/+page.server';
import { actions as participationPage } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { actions as importPage } from '../../src/routes/area/[orgId=uuid]/referrals/import/+page.server';
import { actions as newContract } from '../../src/routes/area/[orgId=uuid]/contracts/new/+page.server';
import { actions as contractPage } from '../../src/routes/area/[orgId=uuid]/contracts/[contractId=uuid]/+page.server';
import { actions as newReferral } from '../../src/routes/area/[orgId=uuid]/referrals/new/+page.server';
import { actions as groupReferral } from '../../src/routes/area/[orgId=uuid]/referrals/group/+page.server';
import { actions as areaReferral } from '../../src/routes/area/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { actions as providerReferral } from '../../src/routes/provider/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { actions as customerPage } from '../../src/routes/area/[orgId=uuid]/customers/[customerId=uuid]/+page.server';
import { actions as providersPage } from '../../src/routes/area/[orgId=uuid]/providers/+page.server';
import { actions as providerPage } from '../../src/routes/area/[orgId=uuid]/providers/[providerId=uuid]/+page.server';
import { actions as ownOrganisation } from '../../src/routes/provider/[orgId=uuid]/organisation/+page.server';
import { actions as areaOrganisation } from '../../src/routes/area/[orgId=uuid]/organisation/+page.server';
import { actions as areaRetention } from '../../src/routes/area/[orgId=uuid]/retention/+page.server';
import { actions as areaUsers } from '../../src/routes/area/[orgId=uuid]/users/+page.server';
import { actions as areaNotice } from '../../src/routes/area/[orgId=uuid]/notices/[noticeId=uuid]/+page.server';
import { actions as providerInvoice } from '../../src/routes/provider/[orgId=uuid]/invoices/[invoiceId=uuid]/+page.server';
import { actions as areaInvoice } from '../../src/routes/area/[orgId=uuid]/invoices/[invoiceId=uuid]/+page.server';
import type { Actor } from '../../src/lib/server/policy';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { makeUser, testClock } from './helpers/fixtures';
import { checkedOctober, invoiceSetting, linesOf, openOctober, PRICE, TODAY, type InvoiceSetting } from './helpers/invoices';
import { mark } from './helpers/participations';

let database: Database;
const c = testClock(`${TODAY}T08:00:00Z`);
let t: InvoiceSetting;
let areaAdmin: Actor;

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	t = await invoiceSetting(database, c);
	const admin = await makeUser(database.db, { org: t.areaId, roles: ['area_admin'] });
	areaAdmin = await loadActor(database.db, admin.id, TODAY);
}, 120_000);
afterAll(() => database.close());

type Form = Record<string, string | string[] | File>;
type Action = (event: never) => unknown;

function formData(form: Form) {
	const data = new FormData();
	for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) data.append(k, x);
	return data;
}

/** The same bad input through the page's check and through the action: the same field messages, and a refusal. */
async function sameAnswer(spec: FormSpec, action: Action, opts: { actor: Actor; params: Record<string, string>; form: Form }) {
	const browser = checkForm(spec, formData(opts.form));
	expect(browser.ok).toBe(false);
	const errors = browser.ok ? {} : browser.errors;
	expect(Object.keys(errors).length).toBeGreaterThan(0);
	const answer = (await action(makeEvent({ actor: opts.actor, clock: c.clock, params: opts.params, form: opts.form }))) as {
		status: number;
		data: { errors?: Record<string, string>; message?: string };
	};
	// The action's answer as the page gets it: no field message the browser's check would not show.
	expect(answer.status).toBe(400);
	expect(answer.data.errors).toEqual(errors);
	expect(answer.data.message).toBe('errors.checkFields');
	return errors;
}

/** A form the browser lets through: the action takes it too (it answers with a redirect to what it made). */
async function bothAccept(spec: FormSpec, action: Action, opts: { actor: Actor; params: Record<string, string>; form: Form }) {
	expect(checkForm(spec, formData(opts.form)).ok).toBe(true);
	await expect(action(makeEvent({ actor: opts.actor, clock: c.clock, params: opts.params, form: opts.form }))).rejects.toMatchObject({ status: 303 });
}

/** A problem of the whole form ("nothing chosen"): the page's message before sending is the action's message. */
async function sameFormMessage(spec: FormSpec, action: Action, opts: { actor: Actor; params: Record<string, string>; form: Form }) {
	const browser = checkForm(spec, formData(opts.form));
	expect(browser.ok).toBe(false);
	const errors = browser.ok ? {} : browser.errors;
	const answer = (await action(makeEvent({ actor: opts.actor, clock: c.clock, params: opts.params, form: opts.form }))) as {
		status: number;
		data: { errors?: Record<string, string>; message?: string };
	};
	expect(answer.status).toBe(400);
	const { [FORM]: whole, ...fields } = errors;
	expect(answer.data.message).toBe(whole);
	expect(answer.data.errors).toEqual(fields);
	return whole;
}

const contractVersion = async () => String((await database.db.select().from(contracts).where(eq(contracts.id, t.contractId)))[0].version);

const badContract: Form = {
	contractNumber: '',
	diaryNumber: '',
	title: 'x'.repeat(201),
	serviceType: 'juggling',
	kind: 'framework',
	status: 'active',
	startDate: '2026-05-01',
	endDate: '2026-04-31',
	languages: [],
	places: '',
	capacityTotal: '-3',
	capacityPerCohort: '',
	budget: '12 000,005',
	paymentTermDays: '1000',
	referralAnswerDays: '5',
	referralAnswerCount: 'working',
	firstMeetingDays: '10',
	firstMeetingCount: 'working',
	absenceReportDays: '3',
	absenceReportCount: 'working',
	arviDays: '14',
	arviCount: 'calendar',
	invoicingPeriod: 'month',
	unexcusedThreshold: '99'
};

describe('a form checked in the browser answers the same as its action', () => {
	it('contracts: new, edit and every part (price line, cohort, option, contact)', async () => {
		const area = { actor: areaAdmin, params: { orgId: t.areaId } };
		const errors = await sameAnswer(contractForm, newContract.default as Action, { ...area, form: { ...badContract, providerId: t.providerId } });
		expect(errors).toMatchObject({
			contractNumber: 'errors.required',
			title: 'errors.tooLong',
			endDate: 'errors.dateInvalid',
			languages: 'errors.chooseLanguage'
		});
		const page = { actor: areaAdmin, params: { orgId: t.areaId, contractId: t.contractId } };
		const version = await contractVersion();
		await sameAnswer(contractForm, contractPage.update as Action, { ...page, form: { ...badContract, version } });
		await sameAnswer(PART_FORMS.priceLine, contractPage.add_priceLine as Action, {
			...page,
			form: { version, unit: 'outcome_bonus', description: '', unitPrice: 'kymmenen', vatRate: '99', validFrom: '2026-02-30', condition: '' }
		});
		await sameAnswer(PART_FORMS.cohort, contractPage.add_cohort as Action, {
			...page,
			form: {
				version,
				name: '',
				startDate: '2026-05-01',
				endDate: '2026-04-01',
				weekdays: [],
				dailyStart: '10:00',
				dailyEnd: '09:00',
				place: '',
				language: 'de',
				capacity: '0'
			}
		});
		await sameAnswer(PART_FORMS.option, contractPage.add_option as Action, { ...page, form: { version, startDate: '2027-05-01', endDate: '2027-04-01' } });
		await sameAnswer(PART_FORMS.contact, contractPage.add_contact as Action, {
			...page,
			form: { version, side: 'area', name: '', title: '', email: 'ei-osoite', phone: 'soita' }
		});
		expect(await contractVersion()).toBe(version);
	});

	it('referrals: the new referral, accepting, declining, withdrawing and recording a revoked consent', async () => {
		const officer = await t.s.officerActor();
		await sameAnswer(referralForm, newReferral.default as Action, {
			actor: officer,
			params: { orgId: t.areaId },
			form: {
				contractId: 'ei-uuid',
				cohortId: '',
				customerNumber: '',
				name: '',
				phone: 'abc',
				email: 'a@',
				language: 'de',
				personalId: '010203-1234',
				needs: 'x'.repeat(501),
				plannedStart: '2026-02-30',
				consentFormVersion: '',
				consentScope: 'Tietojen luovutus',
				consentGivenOn: '2026-13-01'
			}
		});
		const waiting = await createReferral(database.db, t.s.octx, t.areaId, {
			contractId: t.contractId,
			cohortId: null,
			customerNumber: 'PARITY-1',
			name: 'Odottava Asiakas',
			phone: null,
			email: null,
			language: 'fi',
			personalId: null,
			needs: null,
			plannedStart: null,
			consentFormVersion: 'SUO-2025-1',
			consentScope: 'Tietojen luovutus palveluntuottajalle',
			consentGivenOn: '2026-01-02'
		});
		if (!waiting.ok) throw new Error(waiting.error);
		const onProvider = { actor: await t.s.adminActor(), params: { orgId: t.providerId, referralId: waiting.referralId } };
		await sameAnswer(acceptForm, providerReferral.accept as Action, {
			...onProvider,
			form: { version: '1', startDate: '2026-02-30', coachId: 'joku', firstMeeting: '2026-11-24T25:00' }
		});
		await sameAnswer(declineForm, providerReferral.decline as Action, { ...onProvider, form: { version: '1', reason: 'other', text: '' } });
		await sameAnswer(declineForm, providerReferral.decline as Action, { ...onProvider, form: { version: '1', reason: '', text: 'x'.repeat(501) } });
		const onArea = { actor: officer, params: { orgId: t.areaId, referralId: waiting.referralId } };
		await sameAnswer(withdrawForm, areaReferral.withdraw as Action, { ...onArea, form: { version: '1', reason: '  ' } });
		await sameAnswer(revokeConsentForm, areaReferral.revokeConsent as Action, { ...onArea, form: { revokedOn: '2026-11-31', reason: '' } });
		const [row] = await database.db.select().from(customers).where(eq(customers.customerNumber, 'PARITY-1'));
		expect(row.name).toBe('Odottava Asiakas');
	});

	it('a customer’s contact correction (GDPR art. 16)', async () => {
		await sameAnswer(rectificationForm, customerPage.rectify as Action, {
			actor: await t.s.officerActor(),
			params: { orgId: t.areaId, customerId: t.s.customerIds[0] },
			form: { phone: 'soita minulle', email: 'a@b', reason: '' }
		});
	});

	it('providers: registration, the area’s supplier record, the first admin’s invitation, the provider’s own master data', async () => {
		await sameAnswer(providerForm, providersPage.default as Action, {
			actor: areaAdmin,
			params: { orgId: t.areaId },
			form: { businessId: '1234567-8', name: '', iban: 'FI00 1234', bic: 'XYZ', postalCode: '123', ovt: '0037', peppolId: 'x', contactEmail: 'ei' }
		});
		const onProvider = { actor: areaAdmin, params: { orgId: t.areaId, providerId: t.providerId } };
		await sameAnswer(supplierRecordForm, providerPage.record as Action, {
			...onProvider,
			form: { supplierNumber: 'x'.repeat(51), contactEmail: 'ei-osoite', contactPhone: 'ei numero' }
		});
		await sameAnswer(firstAdminForm, providerPage.inviteAdmin as Action, { ...onProvider, form: { email: 'ei-osoite', name: '', locale: 'de' } });
		await sameAnswer(masterDataForm, ownOrganisation.default as Action, {
			actor: await t.s.adminActor(),
			params: { orgId: t.providerId },
			form: { name: '', vatNumber: 'SE123', iban: 'FI21', bic: '', postalCode: 'abcde', ovt: '', peppolId: '0216:1', einvoiceOperator: '' }
		});
	});

	it('the area’s e-invoice ids and an invitation to the area', async () => {
		await sameAnswer(areaEinvoiceForm, areaOrganisation.default as Action, {
			actor: areaAdmin,
			params: { orgId: t.areaId },
			form: { ovt: '003712345678', peppolId: '0037:kissa', einvoiceOperator: 'x'.repeat(101) }
		});
		await sameAnswer(inviteForm, areaUsers.invite as Action, { actor: areaAdmin, params: { orgId: t.areaId }, form: { email: '', name: '', locale: 'de' } });
	});

	it('the area’s retention rules', async () => {
		await sameAnswer(retentionForm, areaRetention.default as Action, {
			actor: areaAdmin,
			params: { orgId: t.areaId },
			form: { customerMonths: '0', consentMonths: 'kolme', referralTextMonths: '', absenceReasonMonths: '121', arviTextMonths: '2.5', auditMonths: '11' }
		});
	});

	it('a notice’s decision', async () => {
		const pid = t.s.participationIds[2];
		await recordAttendance(database.db, t.s.cctx, await t.s.coachActor(), { marks: [mark(pid, TODAY, 'absent', { reason: 'unexcused' })] });
		const [n] = await database.db
			.select()
			.from(notices)
			.where(and(eq(notices.participationId, pid), eq(notices.kind, 'unexcused_absence')));
		const params = { orgId: t.areaId, noticeId: n.id };
		const officer = await t.s.officerActor();
		await sameAnswer(decideForm, areaNotice.decide as Action, { actor: officer, params, form: { version: String(n.version), decision: 'other', comment: '' } });
		await sameAnswer(decideForm, areaNotice.decide as Action, {
			actor: officer,
			params,
			form: { version: String(n.version), decision: '', comment: 'x'.repeat(1001) }
		});
	});

	it('invoices: a manual line and the reviewer’s return comment', async () => {
		const draft = await openOctober(database, t);
		await sameAnswer(manualLineForm, providerInvoice.addLine as Action, {
			actor: t.finance.actor,
			params: { orgId: t.providerId, invoiceId: draft },
			form: { version: '1', description: '', quantity: '0', unitPrice: '12,345', vatRate: '700', justification: '' }
		});
		const sent = await submitInvoice(database.db, t.finance.ctx, t.finance.actor, draft, 1);
		expect(sent.ok).toBe(true);
		await sameAnswer(returnForm, areaInvoice.return as Action, {
			actor: t.reviewer.actor,
			params: { orgId: t.areaId, invoiceId: draft },
			form: { version: '2', comment: '' }
		});
	});

	it('invoices: the day a payment was received (a real day, not after today)', async () => {
		const [sent] = await database.db.select().from(invoices).where(eq(invoices.contractId, t.contractId));
		const onArea = { actor: t.approver.actor, params: { orgId: t.areaId, invoiceId: sent.id } };
		const errors = await sameAnswer(payForm(TODAY), areaInvoice.pay as Action, { ...onArea, form: { version: String(sent.version), paidOn: '2026-02-30' } });
		expect(errors).toEqual({ paidOn: 'errors.dateInvalid' });
		const later = await sameAnswer(payForm(TODAY), areaInvoice.pay as Action, { ...onArea, form: { version: String(sent.version), paidOn: '2099-01-01' } });
		expect(later).toEqual({ paidOn: 'invoices.error.paidInFuture' });
		const [after] = await database.db.select().from(invoices).where(eq(invoices.id, sent.id));
		expect(after.paidOn).toBeNull();
	});

	it('participations: start, complete, interrupt and an extension request', async () => {
		const pid = t.s.participationIds[1];
		const [p] = await database.db.select().from(participations).where(eq(participations.id, pid));
		const page = { actor: await t.s.coachActor(), params: { orgId: t.providerId, participationId: pid } };
		const version = String(p.version);
		await sameAnswer(CHANGE_FORMS.start, participationPage.start as Action, { ...page, form: { version, day: '2026-11-31' } });
		await sameAnswer(CHANGE_FORMS.complete, participationPage.complete as Action, { ...page, form: { version, day: 'eilen' } });
		const interrupt = await sameAnswer(CHANGE_FORMS.interrupt, participationPage.interrupt as Action, {
			...page,
			form: { version, day: TODAY, reason: 'bored', text: 'x'.repeat(201) }
		});
		expect(interrupt).toEqual({ reason: 'errors.choose', text: 'errors.tooLong' });
		const extension = await sameAnswer(CHANGE_FORMS.requestExtension, participationPage.requestExtension as Action, {
			...page,
			form: { version, until: '2026-13-01', text: '  ' }
		});
		expect(extension).toEqual({ until: 'errors.dateInvalid', text: 'errors.required' });
		const [after] = await database.db.select().from(participations).where(eq(participations.id, pid));
		expect({ status: after.status, version: after.version }).toEqual({ status: p.status, version: p.version });
	});

	it('an ARVI’s review: returning needs a comment, accepting takes an optional one', async () => {
		const pid = t.s.participationIds[3] ?? t.s.participationIds[0];
		const coach = await t.s.coachActor();
		const versionOf = async () => (await database.db.select().from(participations).where(eq(participations.id, pid)))[0].version;
		const [p] = await database.db.select().from(participations).where(eq(participations.id, pid));
		if (p.status === 'starting')
			expect(await changeParticipation(database.db, t.s.cctx, coach, pid, await versionOf(), { kind: 'start', day: '2026-11-02' })).toEqual({ ok: true });
		expect(await changeParticipation(database.db, t.s.cctx, coach, pid, await versionOf(), { kind: 'complete', day: TODAY })).toEqual({ ok: true });
		const [arvi] = await database.db.select().from(arvis).where(eq(arvis.participationId, pid));
		const content = {
			...emptyArvi('Valmentaja Testinen'),
			activities: 'Ryhmävalmennus.',
			skills: 'Asiakaspalvelu',
			suitableWork: 'Myyjä',
			readiness: 'ready' as const,
			situation: 'employed' as const,
			situationFrom: TODAY,
			nextSteps: [{ kind: 'job' as const, reason: 'Aloittaa työt.' }],
			customerView: 'Hyödyllinen.',
			reviewedOn: TODAY,
			reviewedHow: 'in_person' as const
		};
		expect(await submitArvi(database.db, t.s.cctx, coach, arvi.id, arvi.version, content)).toMatchObject({ ok: true });
		const [sent] = await database.db.select().from(arvis).where(eq(arvis.id, arvi.id));
		const review = { actor: await t.s.officerActor(), params: { orgId: t.areaId, arviId: arvi.id } };
		const returned = await sameAnswer(arviReturnForm, areaArvi.return as Action, { ...review, form: { version: String(sent.version), comment: '   ' } });
		expect(returned).toEqual({ comment: 'arvi.error.commentRequired' });
		const accepted = await sameAnswer(arviAcceptForm, areaArvi.accept as Action, {
			...review,
			form: { version: String(sent.version), comment: 'x'.repeat(1001) }
		});
		expect(accepted).toEqual({ comment: 'errors.tooLong' });
		const [after] = await database.db.select().from(arvis).where(eq(arvis.id, arvi.id));
		expect(after.status).toBe('submitted');
	});

	it('assignments: a coach’s new assignment', async () => {
		const admin = await t.s.adminActor();
		const before = await database.db.select().from(assignments).where(eq(assignments.providerId, t.providerId));
		const errors = await sameAnswer(assignmentForm, assignmentsPage.create as Action, {
			actor: admin,
			params: { orgId: t.providerId },
			form: { userId: '', contractId: 'ei-uuid', cohortId: '', validFrom: '2027-01-01', validUntil: '2026-12-01' }
		});
		expect(errors).toEqual({ userId: 'errors.choose', contractId: 'errors.choose', validUntil: 'errors.periodInvalid' });
		expect(await database.db.select().from(assignments).where(eq(assignments.providerId, t.providerId))).toHaveLength(before.length);
	});

	it('a CSV of referrals: a file must be chosen and not be too large', async () => {
		const area = { actor: await t.s.officerActor(), params: { orgId: t.areaId } };
		const none = await sameAnswer(importForm, importPage.default as Action, { ...area, form: { file: new File([], 'tyhja.csv', { type: 'text/csv' }) } });
		expect(none).toEqual({ file: 'errors.fileEmpty' });
		const huge = new File(['x'.repeat(2 * 1024 * 1024 + 1)], 'iso.csv', { type: 'text/csv' });
		expect(await sameAnswer(importForm, importPage.default as Action, { ...area, form: { file: huge } })).toEqual({ file: 'errors.importTooLarge' });
	});

	it('an invoice’s credit: per line what is wrong, nothing chosen; a valid choice is taken; the action decides with the lines as they are then', async () => {
		const u = await invoiceSetting(database, c);
		const id = await checkedOctober(database, u);
		expect(await approveInvoice(database.db, u.approver.ctx, u.approver.actor, id, 3)).toEqual({ ok: true });
		const lines = await linesOf(database, id);
		const days = lines.find((l) => l.unitPriceCents === PRICE.dayFrom16Oct)!;
		const other = lines.find((l) => l.id !== days.id)!;
		const onCredit = { actor: u.finance.actor, params: { orgId: u.providerId, invoiceId: id } };
		// The spec the page builds from the lines it shows.
		const page = await loadCreditPage(makeEvent({ ...onCredit, clock: c.clock }));
		const spec = creditForm(page.lines);
		const days_ = (by: string, value: string) => ({ [`line:${days.id}`]: '1', [`by:${days.id}`]: by, [`value:${days.id}`]: value });
		const errors = await sameAnswer(spec, creditPageActions.default as Action, {
			...onCredit,
			form: { ...days_('quantity', String(days.quantityHundredths / 100 + 1)), [`line:${other.id}`]: '1', [`value:${other.id}`]: 'kolme', reason: '' }
		});
		expect(errors).toEqual({
			[`value:${days.id}`]: 'credit.lineError.overCredit',
			[`value:${other.id}`]: 'credit.lineError.invalid',
			reason: 'credit.reasonRequired'
		});
		expect(
			await sameAnswer(spec, creditPageActions.default as Action, {
				...onCredit,
				form: { ...days_('amount', '-5'), [`line:${other.id}`]: '1', reason: 'Virhe' }
			})
		).toEqual({ [`value:${days.id}`]: 'credit.lineError.invalid', [`value:${other.id}`]: 'credit.lineError.required' });
		expect(await sameFormMessage(spec, creditPageActions.default as Action, { ...onCredit, form: { [`value:${days.id}`]: '1', reason: 'Ei mitään' } })).toBe(
			'invoices.error.nothingToCredit'
		);
		expect(await database.db.select().from(invoices).where(eq(invoices.creditOf, id))).toHaveLength(0);

		await bothAccept(spec, creditPageActions.default as Action, { ...onCredit, form: { ...days_('quantity', '1'), reason: 'Päivä liikaa' } });
		// The page still shows the lines as they were; what it lets through, the action refuses: one day is credited now.
		const all = { ...days_('amount', (days.netCents / 100).toFixed(2).replace('.', ',')), reason: 'Koko rivi' };
		expect(checkForm(spec, formData(all)).ok).toBe(true);
		const refused = (await creditPageActions.default(makeEvent({ ...onCredit, clock: c.clock, form: all }))) as { status: number; data: { errors: unknown } };
		expect(refused).toMatchObject({ status: 400, data: { errors: { [`value:${days.id}`]: 'credit.lineError.overCredit' } } });
		expect(await database.db.select().from(invoices).where(eq(invoices.creditOf, id))).toHaveLength(1);
	});

	it('a group referral: each row’s messages at its own fields, the shared part’s at its; an empty group; a valid one is taken; the action decides the rest', async () => {
		const officer = await t.s.officerActor();
		const area = { actor: officer, params: { orgId: t.areaId } };
		const shared = {
			contractId: t.contractId,
			cohortId: '',
			needs: '',
			plannedStart: '',
			consentFormVersion: 'SUO-2025-1',
			consentScope: 'Tietojen luovutus palveluntuottajalle',
			consentGivenOn: '2026-11-20'
		};
		const row = (i: number, r: Record<string, string>) =>
			Object.fromEntries(Object.entries({ customerNumber: '', name: '', phone: '', email: '', language: 'fi', ...r }).map(([k, x]) => [`${k}:${i}`, x]));
		const count = () => database.db.$count(referrals, eq(referrals.contractId, t.contractId));
		const before = await count();
		const errors = await sameAnswer(groupReferralForm, groupReferral.default as Action, {
			...area,
			form: {
				...shared,
				consentScope: '',
				plannedStart: '2026-02-30',
				...row(0, { customerNumber: 'GROUP-1', name: 'Ryhmä Yksi', email: 'ei-osoite' }),
				...row(1, {}),
				...row(2, { customerNumber: 'GROUP-3', name: '', phone: 'soita' }),
				...row(3, { customerNumber: 'GROUP-1', name: 'Ryhmä Yksi taas', language: 'de' })
			}
		});
		expect(errors).toEqual({
			consentScope: 'errors.consentRequired',
			plannedStart: 'errors.invalidInput',
			'email:0': 'errors.emailInvalid',
			'name:2': 'errors.nameRequired',
			'phone:2': 'errors.phoneInvalid',
			'language:3': 'errors.localeInvalid'
		});
		expect(
			await sameAnswer(groupReferralForm, groupReferral.default as Action, {
				...area,
				form: { ...shared, ...row(0, { customerNumber: 'GROUP-1', name: 'Ryhmä Yksi' }), ...row(1, { customerNumber: 'GROUP-1', name: 'Toinen' }) }
			})
		).toEqual({ 'customerNumber:1': 'errors.duplicateCustomerNumber' });
		expect(
			await sameFormMessage(groupReferralForm, groupReferral.default as Action, { ...area, form: { ...shared, ...row(0, { phone: '040 123 4567' }) } })
		).toBe('errors.groupEmpty');
		// A consent given tomorrow is a real day to the page; the action compares it with its own clock and refuses the group.
		const tomorrow = { ...shared, consentGivenOn: '2026-11-24', ...row(0, { customerNumber: 'GROUP-1', name: 'Ryhmä Yksi' }) };
		expect(checkForm(groupReferralForm, formData(tomorrow)).ok).toBe(true);
		expect(await (groupReferral.default as Action)(makeEvent({ ...area, clock: c.clock, form: tomorrow }) as never)).toMatchObject({
			status: 400,
			data: { message: 'errors.consentInFuture', refusedRow: 0 }
		});
		expect(await count()).toBe(before);
		await bothAccept(groupReferralForm, groupReferral.default as Action, {
			...area,
			form: {
				...shared,
				...row(0, {}),
				...row(1, { customerNumber: 'GROUP-2', name: 'Ryhmä Kaksi' }),
				...row(2, { customerNumber: 'GROUP-3', name: 'Ryhmä Kolme' })
			}
		});
		expect(await count()).toBe(before + 2);
	});
});

/**
 * Quality remarks (reklamaatio): the state machine as both sides go through it, its history, audit rows and
 * notifications; who sees a remark (another provider, a provider user without an assignment covering the customer);
 * bad input; the overdue count and the figures for the dashboards; the CSV export; and a price reduction that
 * becomes a manual line of the contract's next invoice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, invoiceLines, notifications, remarkAttachments, remarkEvents, remarks } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { fileRemark, type FileRemarkInput } from '../../src/lib/server/remarks/filing';
import { listRemarks, overdueRemarkSummary, remarkFigures } from '../../src/lib/server/remarks/service';
import { answerRemark, closeRemark, requestMoreOnRemark, setRemarkReduction } from '../../src/lib/server/remarks/steps';
import { openInvoice, recomputeInvoice, removeManualLine, submitInvoice } from '../../src/lib/server/invoices/service';
import { actions as newActions, load as newLoad } from '../../src/routes/area/[orgId=uuid]/remarks/new/+page.server';
import { actions as areaActions, load as areaRemark } from '../../src/routes/area/[orgId=uuid]/remarks/[remarkId=uuid]/+page.server';
import { load as providerList } from '../../src/routes/provider/[orgId=uuid]/remarks/+page.server';
import { actions as providerActions, load as providerRemark } from '../../src/routes/provider/[orgId=uuid]/remarks/[remarkId=uuid]/+page.server';
import { GET as areaExport } from '../../src/routes/area/[orgId=uuid]/remarks/export/+server';
import { GET as providerAttachment } from '../../src/routes/provider/[orgId=uuid]/remarks/[remarkId=uuid]/attachments/[attachmentId=uuid]/+server';
import { nextStatus } from '../../src/lib/domain/remarks';
import { customerReport } from '../../src/lib/server/privacy/report';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { ctxFor, makeAssignment, makeUser, testClock } from './helpers/fixtures';
import { participationSetting } from './helpers/participations';
import { invoiceSetting, linesOf, OCTOBER } from './helpers/invoices';

let database: Database;
// Monday 23 Nov 2026, 10:00 in Helsinki.
const c = testClock('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());
beforeEach(() => c.set('2026-11-23T08:00:00Z'));

type Setting = Awaited<ReturnType<typeof participationSetting>>;

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

function input(s: Setting, extra: Partial<FileRemarkInput> = {}): FileRemarkInput {
	return {
		contractId: s.contractId,
		cohortId: null,
		participationId: null,
		category: 'staffing',
		description: 'Valmentaja vaihtui kolme kertaa kuukaudessa ilman ilmoitusta.',
		observedOn: '2026-11-20',
		responseDays: 10,
		attachment: null,
		...extra
	};
}

async function file(s: Setting, extra: Partial<FileRemarkInput> = {}) {
	const r = await fileRemark(database.db, s.octx, await s.officerActor(), s.area.id, input(s, extra));
	if (!r.ok) throw new Error(r.error);
	return r.remarkId;
}

const row = async (id: string) => (await database.db.select().from(remarks).where(eq(remarks.id, id)))[0];
const auditOf = async (id: string) =>
	(
		await database.db
			.select({ action: auditLog.action, userId: auditLog.userId, targetIds: auditLog.targetIds })
			.from(auditLog)
			.where(eq(auditLog.targetType, 'remark'))
			.orderBy(auditLog.at, auditLog.id)
	).filter((a) => a.targetIds.includes(id));

const answer = { explanation: 'Sairauslomia.', correctiveAction: 'Varavalmentaja nimetty.', correctiveBy: '2026-12-01', attachment: null };

describe('the state machine', () => {
	it('allows only open → answered → (more requested → answered)* → closed', () => {
		expect(nextStatus('open', 'answer')).toBe('answered');
		expect(nextStatus('answered', 'requestMore')).toBe('more_requested');
		expect(nextStatus('more_requested', 'answer')).toBe('answered');
		expect(nextStatus('answered', 'close')).toBe('closed');
		expect(nextStatus('open', 'close')).toBeNull();
		expect(nextStatus('open', 'requestMore')).toBeNull();
		expect(nextStatus('answered', 'answer')).toBeNull();
		expect(nextStatus('closed', 'answer')).toBeNull();
		expect(nextStatus('closed', 'requestMore')).toBeNull();
	});

	it('goes from filing to closing with every step in the history, the audit log and the other side’s notifications', async () => {
		const s = await participationSetting(database, c.clock);
		const officer = await s.officerActor();
		const admin = await s.adminActor();
		const id = await file(s);
		let r = await row(id);
		// 10 working days from Monday 23 Nov: Mon 7 Dec (6 Dec, Independence Day, is a Sunday).
		expect(r).toMatchObject({ status: 'open', dueOn: '2026-12-07', number: '2026-0001', version: 1, providerId: s.providerId });
		const toAdmin = await database.db
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, s.admin.id), eq(notifications.kind, 'remark_new')));
		expect(toAdmin.map((n) => n.link)).toEqual([`/provider/${s.providerId}/remarks/${id}`]);

		// The area cannot close (or ask for more on) a remark that has not been answered.
		expect(await closeRemark(database.db, s.octx, officer, id, 1, { comment: null })).toEqual({ ok: false, error: 'remarkStepNotAllowed' });
		// A coach (not an admin) cannot answer; the admin answers once, a second answer on the old version is stale.
		expect(await answerRemark(database.db, s.cctx, await s.coachActor(), id, 1, answer)).toEqual({ ok: false, error: 'notFound' });
		expect(await answerRemark(database.db, s.actx, admin, id, 1, answer)).toEqual({ ok: true });
		expect(await answerRemark(database.db, s.actx, admin, id, 1, answer)).toEqual({ ok: false, error: 'remarkConflict' });
		expect(await answerRemark(database.db, s.actx, admin, id, 2, answer)).toEqual({ ok: false, error: 'remarkStepNotAllowed' });
		expect((await row(id)).status).toBe('answered');
		expect(
			await database.db
				.select({ kind: notifications.kind })
				.from(notifications)
				.where(and(eq(notifications.userId, s.officer.id), eq(notifications.kind, 'remark_answered')))
		).toHaveLength(1);

		c.set('2026-11-24T08:00:00Z');
		expect(await requestMoreOnRemark(database.db, s.octx, officer, id, 2, { comment: 'Milloin varavalmentaja aloittaa?', responseDays: 5 })).toEqual({
			ok: true
		});
		r = await row(id);
		expect(r).toMatchObject({ status: 'more_requested', dueOn: '2026-12-01', responseDays: 5 });
		expect(await answerRemark(database.db, s.actx, admin, id, 3, { ...answer, explanation: 'Aloittaa 1.12.' })).toEqual({ ok: true });
		expect(await closeRemark(database.db, s.octx, officer, id, 4, { comment: 'Hyväksytty.' })).toEqual({ ok: true });
		r = await row(id);
		expect(r.status).toBe('closed');
		expect(r.closedAt).not.toBeNull();

		const history = await database.db.select().from(remarkEvents).where(eq(remarkEvents.remarkId, id)).orderBy(remarkEvents.seq);
		expect(history.map((e) => e.kind)).toEqual(['filed', 'answered', 'more_requested', 'answered', 'closed']);
		expect(history[1]).toMatchObject({ text: 'Sairauslomia.', correctiveAction: 'Varavalmentaja nimetty.', correctiveBy: '2026-12-01', by: s.admin.id });
		expect(history[2]).toMatchObject({ text: 'Milloin varavalmentaja aloittaa?', dueOn: '2026-12-01', by: s.officer.id });
		expect((await auditOf(id)).map((a) => a.action)).toEqual(['remark.file', 'remark.answer', 'remark.request_more', 'remark.answer', 'remark.close']);
		const closedNote = await database.db
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, s.admin.id), eq(notifications.kind, 'remark_closed')));
		expect(closedNote).toHaveLength(1);
		c.set('2026-11-23T08:00:00Z');
	});

	it('shows both sides the same history on their pages, and only the right side the right forms', async () => {
		const s = await participationSetting(database, c.clock);
		const id = await file(s);
		const area = (await areaRemark(makeEvent({ actor: await s.officerActor(), clock: c.clock, params: { orgId: s.area.id, remarkId: id } }))) as {
			canHandle: boolean;
			canAnswer: boolean;
			events: { kind: string }[];
		};
		expect(area).toMatchObject({ canHandle: true, canAnswer: false, events: [{ kind: 'filed' }] });
		const provider = (await providerRemark(makeEvent({ actor: await s.adminActor(), clock: c.clock, params: { orgId: s.providerId, remarkId: id } }))) as {
			canHandle: boolean;
			canAnswer: boolean;
		};
		expect(provider).toMatchObject({ canHandle: false, canAnswer: true });
		// The provider answers through its page with an attachment; the area's page then offers to close.
		const ev = makeEvent({
			actor: await s.adminActor(),
			clock: c.clock,
			params: { orgId: s.providerId, remarkId: id },
			form: { explanation: 'Selvitys', correctiveAction: 'Korjaus', correctiveBy: '', version: '1' }
		}) as { request: Request };
		const form = await ev.request.formData();
		form.append('attachment', new File([PDF], 'selvitys.pdf', { type: 'application/pdf' }));
		(ev as { request: Request }).request = new Request(ev.request.url, { method: 'POST', body: form });
		const out = (await providerActions.answer(ev as never)) as { success?: string };
		expect(out.success).toBe('remarks.answered');
		const [att] = await database.db.select().from(remarkAttachments).where(eq(remarkAttachments.remarkId, id));
		expect(att).toMatchObject({ filename: 'selvitys.pdf', mediaType: 'application/pdf' });
		const dl = (await providerAttachment(
			makeEvent({ actor: await s.adminActor(), clock: c.clock, params: { orgId: s.providerId, remarkId: id, attachmentId: att.id } })
		)) as Response;
		expect(dl.headers.get('content-type')).toBe('application/pdf');
		// The area's action on the other side's route is refused: the provider cannot close its own remark.
		const adminActor = await s.adminActor();
		expect(
			await statusOf(() =>
				areaActions.close(makeEvent({ actor: adminActor, clock: c.clock, params: { orgId: s.providerId, remarkId: id }, form: { version: '2' } }))
			)
		).toBeGreaterThanOrEqual(403);
		const closed = (await areaActions.close(
			makeEvent({ actor: await s.officerActor(), clock: c.clock, params: { orgId: s.area.id, remarkId: id }, form: { comment: '', version: '2' } })
		)) as { success?: string };
		expect(closed.success).toBe('remarks.closed');
	});
});

describe('confidentiality', () => {
	it('lets only provider staff whose assignment covers the customer see a remark about a participation', async () => {
		const s = await participationSetting(database, c.clock, { customers: 1, cohort: true });
		const other = await participationSetting(database, c.clock);
		const aboutCustomer = await file(s, { participationId: s.participationIds[0], category: 'customer_treatment' });
		const aboutContract = await file(s);
		const r = await row(aboutCustomer);
		expect(r).toMatchObject({ customerId: s.customerIds[0], cohortId: s.cohortId });

		// A second admin of the same provider, with no assignment: sees the contract's remark, not the customer's.
		const unassigned = await makeUser(database.db, { org: s.providerId, roles: ['provider_admin'] });
		const unassignedActor = await loadActor(database.db, unassigned.id, TODAY);
		const ctx = ctxFor(c.clock, unassigned.id, s.providerId);
		expect((await listRemarks(database.db, ctx, unassignedActor, s.providerId, {})).map((x) => x.id)).toEqual([aboutContract]);
		expect(
			await statusOf(() => providerRemark(makeEvent({ actor: unassignedActor, clock: c.clock, params: { orgId: s.providerId, remarkId: aboutCustomer } })))
		).toBe(404);
		expect(await answerRemark(database.db, ctx, unassignedActor, aboutCustomer, 1, answer)).toEqual({ ok: false, error: 'notFound' });
		// Nor was that admin told about it (only the admin whose assignment covers the customer was).
		const told = await database.db
			.select({ userId: notifications.userId })
			.from(notifications)
			.where(and(eq(notifications.kind, 'remark_new'), eq(notifications.link, `/provider/${s.providerId}/remarks/${aboutCustomer}`)));
		expect(told.map((x) => x.userId)).toEqual([s.admin.id]);

		// Once assigned to the contract, the same person sees both.
		await makeAssignment(database.db, {
			userId: unassigned.id,
			providerId: s.providerId,
			areaId: s.area.id,
			validFrom: '2026-01-01',
			validUntil: '2026-12-31'
		});
		const assignedActor = await loadActor(database.db, unassigned.id, TODAY);
		expect((await listRemarks(database.db, ctx, assignedActor, s.providerId, {})).map((x) => x.id).sort()).toEqual([aboutContract, aboutCustomer].sort());

		// The assigned coach sees both; the other provider and the other area see nothing, even naming this one's ids.
		const coach = await s.coachActor();
		expect((await listRemarks(database.db, s.cctx, coach, s.providerId, {})).length).toBe(2);
		const otherAdmin = await other.adminActor();
		expect(await listRemarks(database.db, other.actx, otherAdmin, s.providerId, {})).toEqual([]);
		expect(
			await statusOf(() => providerRemark(makeEvent({ actor: otherAdmin, clock: c.clock, params: { orgId: other.providerId, remarkId: aboutContract } })))
		).toBe(404);
		const otherOfficer = await other.officerActor();
		expect(await listRemarks(database.db, other.octx, otherOfficer, s.area.id, {})).toEqual([]);
		expect(
			await statusOf(() => areaRemark(makeEvent({ actor: otherOfficer, clock: c.clock, params: { orgId: other.area.id, remarkId: aboutCustomer } })))
		).toBe(404);

		// Reading the customer's remark is audited with the customer; the provider's list is too.
		await providerRemark(makeEvent({ actor: coach, clock: c.clock, params: { orgId: s.providerId, remarkId: aboutCustomer } }));
		const reads = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.userId, s.coach.id), inArray(auditLog.action, ['customer.read', 'customer.list'])));
		expect(reads.filter((a) => a.customerIds.includes(s.customerIds[0])).map((a) => a.action)).toEqual(
			expect.arrayContaining(['customer.read', 'customer.list'])
		);
		// The customer's own report (GDPR art. 15) lists the remark about them, and only that one.
		const report = await customerReport(database.db, s.octx, s.area.id, s.customerIds[0]);
		expect(report!.remarks).toEqual([expect.objectContaining({ number: r.number, category: 'customer_treatment', status: 'open' })]);
	});

	it('refuses a participation of another area and a cohort of another contract', async () => {
		const s = await participationSetting(database, c.clock, { cohort: true });
		const other = await participationSetting(database, c.clock, { cohort: true });
		const officer = await s.officerActor();
		expect(await fileRemark(database.db, s.octx, officer, s.area.id, input(s, { participationId: other.participationIds[0] }))).toEqual({
			ok: false,
			error: 'notFound'
		});
		expect(await fileRemark(database.db, s.octx, officer, s.area.id, input(s, { cohortId: other.cohortId }))).toEqual({
			ok: false,
			error: 'remarkCohortMismatch'
		});
		expect(await fileRemark(database.db, s.octx, officer, s.area.id, input(other))).toEqual({ ok: false, error: 'notFound' });
		expect(await database.db.select().from(remarks).where(eq(remarks.areaId, s.area.id))).toEqual([]);
	});
});

describe('bad input', () => {
	it('answers a clear message and files nothing', async () => {
		const s = await participationSetting(database, c.clock);
		const officer = await s.officerActor();
		const params = { orgId: s.area.id };
		const post = (form: Record<string, string>) => newActions.default(makeEvent({ actor: officer, clock: c.clock, params, form }));
		const good = { contractId: s.contractId, cohortId: '', category: 'schedule', description: 'Myöhässä', observedOn: '2026-11-20', responseDays: '10' };
		const cases: [Record<string, string>, string, string][] = [
			[{ ...good, description: '   ' }, 'description', 'errors.remarkDescriptionRequired'],
			[{ ...good, category: 'nonsense' }, 'category', 'errors.remarkCategoryRequired'],
			[{ ...good, responseDays: '0' }, 'responseDays', 'errors.remarkResponseDaysInvalid'],
			[{ ...good, responseDays: '1e3' }, 'responseDays', 'errors.remarkResponseDaysInvalid'],
			[{ ...good, observedOn: '2026-02-30' }, 'observedOn', 'errors.dateInvalid'],
			[{ ...good, observedOn: '2026-11-24' }, 'observedOn', 'errors.remarkObservedInFuture'],
			[{ ...good, contractId: 'x' }, 'contractId', 'errors.remarkContractRequired']
		];
		for (const [form, fieldName, message] of cases) {
			const out = (await post(form)) as { status: number; data: { errors: Record<string, string> } };
			expect(out.status, fieldName).toBe(400);
			expect(out.data.errors[fieldName]).toBe(message);
		}
		expect(await database.db.select().from(remarks).where(eq(remarks.areaId, s.area.id))).toEqual([]);
		// The good form files and goes to the remark's page.
		expect(await statusOf(() => post(good))).toBe(303);
		expect(await database.db.select().from(remarks).where(eq(remarks.areaId, s.area.id))).toHaveLength(1);
		// The form page offers the area's contract; another area's participation is a 404.
		const page = (await newLoad(makeEvent({ actor: officer, clock: c.clock, params, url: 'http://localhost/x' }))) as { contracts: { id: string }[] };
		expect(page.contracts.map((x) => x.id)).toContain(s.contractId);
		const other = await participationSetting(database, c.clock);
		expect(
			await statusOf(() => newLoad(makeEvent({ actor: officer, clock: c.clock, params, url: `http://localhost/x?participation=${other.participationIds[0]}` })))
		).toBe(404);
	});

	it('refuses an answer without an explanation and a price reduction of nothing', async () => {
		const s = await participationSetting(database, c.clock);
		const id = await file(s);
		const out = (await providerActions.answer(
			makeEvent({
				actor: await s.adminActor(),
				clock: c.clock,
				params: { orgId: s.providerId, remarkId: id },
				form: { explanation: '', correctiveAction: 'x', correctiveBy: 'huomenna', version: '1' }
			})
		)) as { status: number; data: { errors: Record<string, string> } };
		expect(out.status).toBe(400);
		expect(out.data.errors).toMatchObject({ explanation: 'errors.remarkExplanationRequired', correctiveBy: 'errors.dateInvalid' });
		expect((await row(id)).status).toBe('open');
		const reduce = (await areaActions.reduce(
			makeEvent({
				actor: await s.officerActor(),
				clock: c.clock,
				params: { orgId: s.area.id, remarkId: id },
				form: { amount: '0', vatRateBp: '7', reason: '', version: '1' }
			})
		)) as { status: number; data: { errors: Record<string, string> } };
		expect(reduce.status).toBe(400);
		expect(reduce.data.errors).toMatchObject({
			amount: 'errors.remarkAmountInvalid',
			vatRateBp: 'errors.remarkVatInvalid',
			reason: 'errors.remarkReasonRequired'
		});
		// Valid, but the remark is not closed: refused by the state.
		expect(await setRemarkReduction(database.db, s.octx, await s.officerActor(), id, 1, { cents: 100, vatRateBp: 0, reason: 'x' })).toEqual({
			ok: false,
			error: 'remarkStepNotAllowed'
		});
	});
});

describe('counts and figures', () => {
	it('counts overdue answers for each side and sums remarks by category and handling time', async () => {
		const s = await participationSetting(database, c.clock);
		const late = await file(s, { responseDays: 1, category: 'schedule' });
		const answered = await file(s, { category: 'schedule' });
		await file(s, { category: 'premises' });
		const officer = await s.officerActor();
		const admin = await s.adminActor();
		await answerRemark(database.db, s.actx, admin, answered, 1, answer);
		c.set('2026-11-26T08:00:00Z');
		await closeRemark(database.db, s.octx, officer, answered, 2, { comment: null });
		// Thursday: the 1-working-day deadline (Tue 24 Nov) has passed.
		const later = { ...officer, today: '2026-11-26' };
		expect((await overdueRemarkSummary(database.db, later, s.area.id)).count).toBe(1);
		expect((await overdueRemarkSummary(database.db, { ...admin, today: '2026-11-26' }, s.providerId)).count).toBe(1);
		expect((await overdueRemarkSummary(database.db, officer, s.area.id)).count).toBe(0);
		const other = await participationSetting(database, c.clock);
		expect((await overdueRemarkSummary(database.db, { ...(await other.officerActor()), today: '2026-11-26' }, s.area.id)).count).toBe(0);
		const f = await remarkFigures(database.db, later, s.area.id, { providerId: s.providerId });
		expect(f).toMatchObject({ total: 3, awaiting: 2, overdue: 1, closed: 1, avgDaysToAnswer: 0, avgDaysToClose: 3, reductionCents: 0 });
		expect(f.byCategory).toMatchObject({ schedule: 2, premises: 1, staffing: 0 });
		expect((await remarkFigures(database.db, later, s.area.id, { from: '2026-11-24' })).total).toBe(0);
		expect(late).toBeTruthy();
		c.set('2026-11-23T08:00:00Z');
	});

	it('lists with filters and exports the list as CSV', async () => {
		const s = await participationSetting(database, c.clock);
		await file(s, { category: 'invoicing' });
		await file(s, { category: 'premises' });
		const officer = await s.officerActor();
		const list = (await providerList(
			makeEvent({ actor: await s.adminActor(), clock: c.clock, params: { orgId: s.providerId }, url: 'http://localhost/x?category=invoicing' })
		)) as { remarks: { category: string }[] };
		expect(list.remarks.map((r) => r.category)).toEqual(['invoicing']);
		const csv = (await areaExport(
			makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id }, url: 'http://localhost/x?status=open' }) as never
		)) as Response;
		const body = await csv.text();
		expect(csv.headers.get('content-type')).toContain('text/csv');
		expect(body).toContain('Laskutus');
		expect(body).toContain('Toimitilat');
		expect(body.split('\r\n').filter(Boolean)).toHaveLength(3);
	});
});

describe('price reduction (JYSE 2014)', () => {
	it('puts the reduction of a closed remark on the next invoice of the contract, where the provider cannot remove it', async () => {
		const t = await invoiceSetting(database, c);
		const s = t.s;
		const officer = await s.officerActor();
		const id = await file(s, { category: 'service_content' });
		await answerRemark(database.db, s.actx, await s.adminActor(), id, 1, answer);
		await closeRemark(database.db, s.octx, officer, id, 2, { comment: null });
		expect(await setRemarkReduction(database.db, s.octx, officer, id, 3, { cents: 150_00, vatRateBp: 2550, reason: 'Sovittu hyvitys' })).toEqual({ ok: true });
		expect(await setRemarkReduction(database.db, s.octx, officer, id, 4, { cents: 1, vatRateBp: 0, reason: 'Toinen' })).toEqual({
			ok: false,
			error: 'remarkReductionExists'
		});

		const opened = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.contractId, OCTOBER);
		if (!opened.ok) throw new Error(opened.error);
		const reductionLine = async () => (await linesOf(database, opened.invoiceId)).filter((l) => l.remarkId === id);
		const [line] = await reductionLine();
		expect(line).toMatchObject({ kind: 'manual', quantityHundredths: -100, unitPriceCents: 150_00, netCents: -150_00, vatRateBp: 2550 });
		expect(line.description).toContain('2026-0001');
		expect(line.justification).toContain('Sovittu hyvitys');
		expect((await row(id)).reductionInvoiceId).toBe(opened.invoiceId);

		expect(await removeManualLine(database.db, t.finance.ctx, t.finance.actor, opened.invoiceId, 1, line.id)).toMatchObject({ ok: false, error: 'notFound' });
		expect(await recomputeInvoice(database.db, t.finance.ctx, t.finance.actor, opened.invoiceId, 1)).toMatchObject({ ok: true });
		expect(await reductionLine()).toHaveLength(1);
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, opened.invoiceId, 2)).toMatchObject({ ok: true });
		expect(await reductionLine()).toHaveLength(1);
		expect(await database.db.select().from(invoiceLines).where(eq(invoiceLines.remarkId, id))).toHaveLength(1);
		const f = await remarkFigures(database.db, officer, s.area.id);
		expect(f.reductionCents).toBe(150_00);
		expect((await auditOf(id)).map((a) => a.action)).toContain('remark.price_reduction');
	});
});

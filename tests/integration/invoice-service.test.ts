/**
 * The invoice service on its own: corrections of a locked month billed once in the next invoice, the budget
 * commitment, two approvers at once, the payments file, credit notes, exports that validate against the
 * official schemas (when ../shared/einvoice is beside the repository) and carry no customer.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { attendance, contracts, customers, invoiceLines, invoices, organisations, priceLines } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { approveInvoice, contractBudget, createCreditNote, listInvoices, openInvoice, reviewInvoice, setInvoiceLanguage, submitInvoice } from '../../src/lib/server/invoices/service';
import { exportResponse, importPayments } from '../../src/lib/server/invoices/exports';
import { checkFinvoice, checkUbl } from '../helpers/einvoice-rules';
import { isValidFinnishReference } from '../../src/lib/domain/identifiers';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { ctxFor, makeUser, testClock } from './helpers/fixtures';
import { mark, participationSetting } from './helpers/participations';
import { businessId } from './helpers/contracts';
import { cenRules, cenViolations } from './helpers/schematron';

let database: Database;
const c = testClock('2026-10-02T13:00:00Z');
const shared = fileURLToPath(new URL('../../../shared/einvoice/', import.meta.url));
const haveValidators = existsSync(shared);
if (!haveValidators) console.warn(`${shared} not found: the exports are checked by the project's own rules only, not by the official schemas.`);

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

/** A contract with a training cohort, two customers present on 1–2 Oct, a day at 100 € + 25.5 % and a start at 50 € + 0 %. */
async function octoberSetting() {
	c.set('2026-10-02T13:00:00Z');
	const s = await participationSetting(database, c.clock, { customers: 2, cohort: true, start: '2026-10-01' });
	await database.db.insert(priceLines).values([
		{ contractId: s.contractId, unit: 'participant_day', description: 'Opiskelijatyöpäivä', unitPriceCents: 10_000, vatRateBp: 2550, validFrom: '2026-01-01' },
		{ contractId: s.contractId, unit: 'participant_start', description: 'Aloitus', unitPriceCents: 5_000, vatRateBp: 0, validFrom: '2026-01-01' }
	]);
	const marks = s.participationIds.flatMap((p) => [mark(p, '2026-10-01', 'present'), mark(p, '2026-10-02', 'present')]);
	expect((await recordAttendance(database.db, s.cctx, await s.coachActor(), { marks })).marks.every((m) => m.ok)).toBe(true);
	c.set('2026-11-23T08:00:00Z');
	// Parties with what an e-invoice needs (the provider's business id and IBAN come from its registration).
	const [seller] = await database.db.select().from(organisations).where(eq(organisations.id, s.providerId));
	const digits = seller.businessId!.replace('-', '');
	await database.db.update(organisations).set({ vatNumber: `FI${digits}`, bic: 'NDEAFIHH', streetAddress: 'Hovioikeudenpuistikko 5', postalCode: '65100', city: 'Vaasa', ovt: `0037${digits}` }).where(eq(organisations.id, s.providerId));
	const areaId = businessId(3000000 + Math.floor(Math.random() * 900_000));
	await database.db.update(organisations).set({ languages: ['fi', 'sv'], businessId: areaId, vatNumber: `FI${areaId.replace('-', '')}`, streetAddress: 'Kauppapuistikko 11', postalCode: '65100', city: 'Vaasa', ovt: `0037${areaId.replace('-', '')}` }).where(eq(organisations.id, s.area.id));
	const user = async (org: string, roles: Parameters<typeof makeUser>[1]['roles']) => {
		const u = await makeUser(database.db, { org, roles });
		return { actor: await loadActor(database.db, u.id, '2026-11-23'), ctx: ctxFor(c.clock, u.id, org) };
	};
	return { s, finance: await user(s.providerId, ['finance']), reviewer: await user(s.area.id, ['invoice_reviewer']), approver: await user(s.area.id, ['invoice_approver']), approver2: await user(s.area.id, ['invoice_approver']) };
}

type Setting = Awaited<ReturnType<typeof octoberSetting>>;
const OCTOBER = { from: '2026-10-01', until: '2026-10-31' };
const row = async (id: string) => (await database.db.select().from(invoices).where(eq(invoices.id, id)))[0];

/** Opens, submits and checks the invoice of a period; returns its id. */
async function checked(t: Setting, period = OCTOBER) {
	const opened = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.s.contractId, period);
	if (!opened.ok) throw new Error(opened.error);
	expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, opened.invoiceId, 1)).toEqual({ ok: true });
	expect(await reviewInvoice(database.db, t.reviewer.ctx, t.reviewer.actor, opened.invoiceId, 2, { kind: 'check' })).toEqual({ ok: true });
	return opened.invoiceId;
}

describe('invoices from the records', () => {
	it('prices days and starts per rate, numbers the invoice with a valid reference, and refuses a second invoice of the month', async () => {
		const t = await octoberSetting();
		const opened = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.s.contractId, OCTOBER);
		expect(opened.ok).toBe(true);
		const id = (opened as { invoiceId: string }).invoiceId;
		// 4 days × 100 € at 25.5 % and 2 starts × 50 € at 0 %.
		expect(await row(id)).toMatchObject({ netCents: 50_000, vatCents: 10_200, grossCents: 60_200, status: 'draft' });
		expect(await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.s.contractId, OCTOBER)).toMatchObject({ ok: false, error: 'periodTaken' });
		expect(await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.s.contractId, { from: '2026-11-01', until: '2026-11-30' })).toMatchObject({ ok: false, error: 'periodNotEnded' });
		// A bilingual buyer: the draft may be written in Swedish instead, not in a language the area does not use.
		expect(await row(id)).toMatchObject({ language: 'fi' });
		expect(await setInvoiceLanguage(database.db, t.finance.ctx, t.finance.actor, id, 1, 'en')).toMatchObject({ ok: false });
		expect(await setInvoiceLanguage(database.db, t.finance.ctx, t.finance.actor, id, 1, 'sv')).toEqual({ ok: true });
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, id, 2)).toEqual({ ok: true });
		const r = await row(id);
		expect(r).toMatchObject({ language: 'sv', status: 'submitted', issueDate: '2026-11-23', dueDate: '2026-12-14', number: '2026-0001' });
		expect(isValidFinnishReference(r.paymentReference!)).toBe(true);
	});

	it('a mark changed after the month was invoiced is billed once, in the next invoice, at the corrected day price', async () => {
		const t = await octoberSetting();
		const october = await checked(t);
		// November: one more day present; and the provider admin records that one October day was in fact absent.
		c.set('2026-11-02T13:00:00Z');
		const [p1, p2] = t.s.participationIds;
		expect((await recordAttendance(database.db, t.s.cctx, await t.s.coachActor(), { marks: [mark(p1, '2026-11-02', 'present')] })).marks[0].ok).toBe(true);
		c.set('2026-12-01T08:00:00Z');
		const admin = await loadActor(database.db, t.s.admin.id, '2026-12-01');
		const fix = await recordAttendance(database.db, t.s.actx, admin, { marks: [mark(p2, '2026-10-02', 'absent', { reason: 'unexcused' })] });
		expect(fix.marks[0]).toMatchObject({ ok: true });
		// October is locked: the change is a correction row, the invoiced row stays as it was.
		expect((await database.db.select().from(attendance).where(eq(attendance.participationId, p2))).filter((a) => a.correction && a.current)).toHaveLength(1);
		// The October invoice is unchanged.
		expect(await row(october)).toMatchObject({ grossCents: 60_200 });
		const nov = await openInvoice(database.db, t.finance.ctx, await loadActor(database.db, t.finance.actor.userId, '2026-12-01'), t.s.contractId, { from: '2026-11-01', until: '2026-11-30' });
		expect(nov.ok).toBe(true);
		const novId = (nov as { invoiceId: string }).invoiceId;
		const lines = await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, novId));
		expect(lines.map((l) => [l.kind, l.quantityHundredths, l.netCents]).sort()).toEqual([
			['correction', -100, -10_000],
			['recorded', 100, 10_000]
		]);
		expect(await submitInvoice(database.db, t.finance.ctx, await loadActor(database.db, t.finance.actor.userId, '2026-12-01'), novId, 1)).toEqual({ ok: true });
		expect((await database.db.select().from(attendance).where(eq(attendance.participationId, p2))).filter((a) => a.correction && !a.settledAt)).toEqual([]);
		// December has nothing left to correct.
		c.set('2027-01-05T08:00:00Z');
		const dec = await openInvoice(database.db, t.finance.ctx, await loadActor(database.db, t.finance.actor.userId, '2027-01-05'), t.s.contractId, { from: '2026-12-01', until: '2026-12-31' });
		expect(dec.ok).toBe(true);
		expect(await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, (dec as { invoiceId: string }).invoiceId))).toEqual([]);
		c.set('2026-11-23T08:00:00Z');
	});

	it('refuses an invoice over the budget commitment and changes nothing', async () => {
		const t = await octoberSetting();
		await database.db.update(contracts).set({ budgetCents: 60_000 }).where(eq(contracts.id, t.s.contractId));
		const opened = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.s.contractId, OCTOBER);
		const id = (opened as { invoiceId: string }).invoiceId;
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, id, 1)).toEqual({ ok: false, error: 'overBudget' });
		expect(await row(id)).toMatchObject({ status: 'draft', number: null, version: 1 });
		// The area raises the commitment: now it goes.
		await database.db.update(contracts).set({ budgetCents: 100_000 }).where(eq(contracts.id, t.s.contractId));
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, id, 1)).toEqual({ ok: true });
		expect(await contractBudget(database.db, { id: t.s.contractId, budgetCents: 100_000 })).toEqual({ committed: 100_000, invoiced: 60_200, approved: 0, paid: 0, remaining: 39_800 });
	});
});

describe('approval', () => {
	it('of two approvers at the same moment exactly one approves', async () => {
		const t = await octoberSetting();
		const id = await checked(t);
		const results = await Promise.all([approveInvoice(database.db, t.approver.ctx, t.approver.actor, id, 3), approveInvoice(database.db, t.approver2.ctx, t.approver2.actor, id, 3)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({ error: expect.stringMatching(/^(stale|wrongStatus)$/) });
		expect(await row(id)).toMatchObject({ status: 'approved', version: 4 });
	});

	it('people of other organisations get nothing, in the service and in the lists', async () => {
		const t = await octoberSetting();
		const id = await checked(t);
		const other = await octoberSetting();
		expect(await approveInvoice(database.db, other.approver.ctx, other.approver.actor, id, 3)).toEqual({ ok: false, error: 'notFound' });
		expect(await reviewInvoice(database.db, other.reviewer.ctx, other.reviewer.actor, id, 3, { kind: 'check' })).toEqual({ ok: false, error: 'notFound' });
		expect((await listInvoices(database.db, other.finance.actor, other.s.providerId, {})).map((i) => i.id)).not.toContain(id);
		expect(await listInvoices(database.db, await t.s.officerActor(), t.s.area.id, {})).toEqual([]);
		// The area's list by provider.
		expect((await listInvoices(database.db, t.approver.actor, t.s.area.id, { providerId: t.s.providerId })).map((i) => i.id)).toEqual([id]);
		expect(await listInvoices(database.db, t.approver.actor, t.s.area.id, { providerId: other.s.providerId })).toEqual([]);
		const exportAs = (actor: typeof t.finance.actor, orgId: string) => () => exportResponse(makeEvent({ actor, clock: c.clock, params: { orgId, invoiceId: id } }) as never, 'ubl');
		expect(await statusOf(exportAs(other.finance.actor, other.s.providerId))).toBe(404);
		// Not yet approved: nothing to export.
		expect(await statusOf(exportAs(t.finance.actor, t.s.providerId))).toBe(409);
	});
});

describe('exports, payments and credit notes', () => {
	it.skipIf(!haveValidators)('the EN 16931 schematron runner catches a broken document (the official negative example)', () => {
		expect(cenRules()).not.toBeNull();
		const bad = readFileSync(join(shared, 'negative/base-example-wrong-payable.xml'), 'utf8');
		expect(cenViolations(bad).map((v) => v.split(':')[0])).toEqual(['BR-CO-16']);
		expect(cenViolations(readFileSync(join(shared, 'peppol/examples/base-example.xml'), 'utf8'))).toEqual([]);
	});

	it('an approved invoice and its credit note export as valid Finvoice and UBL without any customer; a payments file marks it paid', async () => {
		const t = await octoberSetting();
		const id = await checked(t);
		expect(await approveInvoice(database.db, t.approver.ctx, t.approver.actor, id, 3)).toEqual({ ok: true });
		const names = (await database.db.select({ name: customers.name, number: customers.customerNumber }).from(customers)).flatMap((x) => [x.name, x.number]);
		const dir = mkdtempSync(join(tmpdir(), 'ptp-invoice-'));
		const exported = async (invoiceId: string, format: 'finvoice' | 'ubl' | 'csv') => {
			const res = await exportResponse(makeEvent({ actor: t.approver.actor, clock: c.clock, params: { orgId: t.s.area.id, invoiceId } }) as never, format);
			expect(res.status).toBe(200);
			const text = await res.text();
			for (const n of names) expect(text, `${format} names no customer`).not.toContain(n);
			return text;
		};
		const validate = (xml: string, format: 'finvoice' | 'ubl', name: string) => {
			expect(format === 'finvoice' ? checkFinvoice(xml) : checkUbl(xml)).toEqual([]);
			// The full EN 16931 rule set (CEN's schematron) on the UBL documents.
			if (format === 'ubl') expect(cenViolations(xml), name).toEqual([]);
			if (!haveValidators) return;
			const file = join(dir, `${name}.xml`);
			writeFileSync(file, xml);
			if (format === 'finvoice') execFileSync('xmllint', ['--noout', '--schema', join(shared, 'finvoice/Finvoice3.0.xsd'), file], { stdio: 'pipe' });
			else execFileSync('bash', [join(shared, 'validate-ubl.sh'), file], { stdio: 'pipe' });
		};
		const inv = await row(id);
		validate(await exported(id, 'finvoice'), 'finvoice', 'invoice-finvoice');
		const ubl = await exported(id, 'ubl');
		validate(ubl, 'ubl', 'invoice-ubl');
		expect(ubl).toContain(inv.specificationId);
		expect(ubl).toContain('VATEX-EU-132-1I');
		const csv = await exported(id, 'csv');
		expect(csv.trim().split('\r\n')).toHaveLength(1 + 2 + 2 + 1); // header, two lines, two VAT rates, total

		// The payments file: a wrong amount, an unknown number and the right row.
		const [seller] = await database.db.select().from(organisations).where(eq(organisations.id, t.s.providerId));
		const bid = seller.businessId!;
		const rows = await importPayments(database.db, t.approver.ctx, t.approver.actor, t.s.area.id, `seller;number;paid;cents\n${bid};${inv.number};2026-11-30;1\n${bid};2026-9999;2026-11-30;60200\n${bid};${inv.number};2026-11-30;${inv.grossCents}\n`);
		expect(rows.map((r) => [r.line, r.ok, r.error ?? null])).toEqual([
			[2, false, 'amountMismatch'],
			[3, false, 'notFound'],
			[4, true, null]
		]);
		expect(await row(id)).toMatchObject({ status: 'paid', paidOn: '2026-11-30' });
		expect((await contractBudget(database.db, { id: t.s.contractId, budgetCents: 25_000_000 })).paid).toBe(60_200);

		// A credit note for the whole invoice goes through the same hands and exports too.
		const credit = await createCreditNote(database.db, t.finance.ctx, t.finance.actor, id);
		expect(credit.ok).toBe(true);
		const noteId = (credit as { invoiceId: string }).invoiceId;
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, noteId, 1)).toEqual({ ok: true });
		expect(await reviewInvoice(database.db, t.reviewer.ctx, t.reviewer.actor, noteId, 2, { kind: 'check' })).toEqual({ ok: true });
		expect(await approveInvoice(database.db, t.approver.ctx, t.approver.actor, noteId, 3)).toEqual({ ok: true });
		validate(await exported(noteId, 'finvoice'), 'finvoice', 'credit-finvoice');
		const creditUbl = await exported(noteId, 'ubl');
		validate(creditUbl, 'ubl', 'credit-ubl');
		expect(creditUbl).toContain('<CreditNote');
		expect(creditUbl).toContain(inv.number!);
		expect((await contractBudget(database.db, { id: t.s.contractId, budgetCents: 25_000_000 })).approved).toBe(0);
		// Credited in full, October can be invoiced again (corrected), and only once.
		const again = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.s.contractId, OCTOBER);
		expect(again).toMatchObject({ ok: true });
		expect(await row((again as { invoiceId: string }).invoiceId)).toMatchObject({ grossCents: 60_200 });
		expect(await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.s.contractId, OCTOBER)).toMatchObject({ ok: false });
	});
});

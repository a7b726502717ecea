/**
 * Partial credit notes and negative totals: crediting chosen lines of an approved invoice (whole lines, a part
 * of a line's quantity, an amount), never more than remains across earlier credit notes (also when two credits
 * race), refusals that store nothing, the credit note through the same submission and two-person approval,
 * its e-invoices against the official schemas and EN 16931 rules, and an invoice whose corrections make its
 * total negative issued as a credit note. The clock stands at Monday 23 November 2026.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, invoiceLines, invoices } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { addManualLine, approveInvoice, openInvoice, reviewInvoice, submitInvoice } from '../../src/lib/server/invoices/service';
import { createCreditNote, createPartialCredit, creditOverview } from '../../src/lib/server/invoices/credit';
import { exportResponse, type ExportFormat } from '../../src/lib/server/invoices/exports';
import { openablePeriods } from '../../src/lib/server/invoices/read';
import { checkFinvoice, checkUbl } from '../helpers/einvoice-rules';
import type { Actor } from '../../src/lib/server/policy';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { testClock } from './helpers/fixtures';
import { mark } from './helpers/participations';
import { cenViolations } from './helpers/schematron';
import { SHARED_EINVOICE, sharedEinvoice } from '../shared-einvoice';
import { NOVEMBER, OCTOBER, PRICE, TODAY, invoiceRow, invoiceSetting, linesOf, type InvoiceSetting } from './helpers/invoices';

let database: Database;
const c = testClock(`${TODAY}T08:00:00Z`);
// Missing, the file fails (unless PTP_ALLOW_MISSING_EINVOICE=1, which skips the schema checks knowingly).
const shared = SHARED_EINVOICE;
const haveValidators = sharedEinvoice();
const tempDirs: string[] = [];

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(async () => {
	for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
	await database.close();
});

const REASON = 'Kaksi päivää kirjattiin virheellisesti läsnäoloksi.';

/** October with meetings and one manual line: five lines, approved by a second person. */
async function approvedOctober() {
	c.set(`${TODAY}T08:00:00Z`);
	const t = await invoiceSetting(database, c, { meetingPrice: true });
	const opened = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.contractId, OCTOBER);
	if (!opened.ok) throw new Error(opened.error);
	const id = opened.invoiceId;
	const added = await addManualLine(database.db, t.finance.ctx, t.finance.actor, id, 1, {
		description: 'Materiaalit',
		quantityHundredths: 300,
		unitPriceCents: 1_250,
		vatRateBp: 2550,
		justification: 'Sovittu erikseen.'
	});
	expect(added).toEqual({ ok: true });
	await passThrough(t, id, 2);
	return { t, id, lines: await linesOf(database, id) };
}

/** Submitted by finance, checked by the reviewer, approved by an approver: from `version` to approved. */
async function passThrough(t: InvoiceSetting, id: string, version: number) {
	expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, id, version)).toEqual({ ok: true });
	expect(await reviewInvoice(database.db, t.reviewer.ctx, t.reviewer.actor, id, version + 1, { kind: 'check' })).toEqual({ ok: true });
	expect(await approveInvoice(database.db, t.approver.ctx, t.approver.actor, id, version + 2)).toEqual({ ok: true });
}

const credit = (t: InvoiceSetting, id: string, requests: Parameters<typeof createPartialCredit>[4], reason = REASON) =>
	createPartialCredit(database.db, t.finance.ctx, t.finance.actor, id, requests, reason);
const noteId = (r: Awaited<ReturnType<typeof createPartialCredit>>) => {
	if (!r.ok) throw new Error(`credit refused: ${r.error}`);
	return r.invoiceId;
};
const notesOf = (id: string) => database.db.select().from(invoices).where(eq(invoices.creditOf, id));
const lineCount = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(invoiceLines))[0].n;
const byUnit = (lines: Awaited<ReturnType<typeof linesOf>>, unit: string | null, price?: number) =>
	lines.find((l) => l.unit === unit && (price === undefined || l.unitPriceCents === price))!;

describe('partial credit', () => {
	it('credits 2 of 5 lines in full: the credit note holds just those, linked to them, with the reason; the invoice shows what is credited and what remains', async () => {
		const { t, id, lines } = await approvedOctober();
		expect(lines).toHaveLength(5);
		const days = byUnit(lines, 'participant_day', PRICE.dayUntil15Oct);
		const manual = byUnit(lines, null);
		const r = await credit(t, id, [
			{ lineId: days.id, quantityHundredths: days.quantityHundredths },
			{ lineId: manual.id, quantityHundredths: manual.quantityHundredths }
		]);
		const note = await invoiceRow(database, noteId(r));
		expect(note).toMatchObject({ kind: 'credit_note', creditOf: id, status: 'draft' });
		const noteLines = await linesOf(database, note.id);
		expect(noteLines.map((l) => [l.creditedLineId, l.quantityHundredths, l.unitPriceCents, l.netCents])).toEqual([
			[days.id, 500, PRICE.dayUntil15Oct, 43_675],
			[manual.id, 300, 1_250, 3_750]
		]);
		// VAT once per rate on the credited nets: 25.5 % of 474.25 € = 120.93 €.
		expect(note).toMatchObject({ netCents: 47_425, vatCents: 12_093, grossCents: 59_518 });
		const overview = await creditOverview(database.db, await invoiceRow(database, id));
		expect(overview.creditedCents).toBe(47_425);
		expect(overview.lines.map((l) => [l.id, l.creditedCents, l.remainingCents, l.creditable])).toEqual(
			lines.map((l) => (l.id === days.id || l.id === manual.id ? [l.id, l.netCents, 0, false] : [l.id, 0, l.netCents, true]))
		);
		// The reason is on both documents' events and the credit is audited.
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'invoice.credited'), sql`${id} = any(${auditLog.targetIds})`));
		expect(audit).toHaveLength(1);
		// The whole-invoice credit is no longer offered once something is credited.
		expect(await createCreditNote(database.db, t.finance.ctx, t.finance.actor, id)).toEqual({ ok: false, error: 'openInvoiceExists' });
	});

	it('credits part of a line by quantity, and a second credit is limited by what the first left; over-crediting is refused with nothing stored', async () => {
		const { t, id, lines } = await approvedOctober();
		const days = byUnit(lines, 'participant_day', PRICE.dayUntil15Oct); // 5 days × 87.35 € = 436.75 €
		const first = await invoiceRow(database, noteId(await credit(t, id, [{ lineId: days.id, quantityHundredths: 200 }])));
		expect(await linesOf(database, first.id)).toMatchObject([
			{ creditedLineId: days.id, quantityHundredths: 200, unitPriceCents: PRICE.dayUntil15Oct, netCents: 17_470, details: [] }
		]);

		// 4 more days would be 349.40 € with 262.05 € left: refused, and nothing is stored.
		const before = { notes: (await notesOf(id)).length, lines: await lineCount() };
		expect(await credit(t, id, [{ lineId: days.id, quantityHundredths: 400 }])).toEqual({ ok: false, error: 'overCredit', lines: { [days.id]: 'overCredit' } });
		// So is a quantity beyond the line's own, and an amount a cent over what remains.
		expect(await credit(t, id, [{ lineId: days.id, quantityHundredths: 600 }])).toMatchObject({ ok: false, error: 'overCredit' });
		expect(await credit(t, id, [{ lineId: days.id, amountCents: 26_206 }])).toMatchObject({ ok: false, error: 'overCredit' });
		expect({ notes: (await notesOf(id)).length, lines: await lineCount() }).toEqual(before);

		// Exactly what remains, as an amount: one unit at that price.
		const second = await invoiceRow(database, noteId(await credit(t, id, [{ lineId: days.id, amountCents: 26_205 }])));
		expect(await linesOf(database, second.id)).toMatchObject([
			{ creditedLineId: days.id, unit: null, quantityHundredths: 100, unitPriceCents: 26_205, netCents: 26_205 }
		]);
		expect(second.specificationId).not.toBe(first.specificationId);
		// Nothing of the line is left.
		expect(await credit(t, id, [{ lineId: days.id, amountCents: 1 }])).toEqual({ ok: false, error: 'overCredit', lines: { [days.id]: 'notCreditable' } });
		expect(await credit(t, id, [])).toEqual({ ok: false, error: 'nothingToCredit', lines: {} });
	});

	it('two credits of the same remainder at once: one is made, the other refused (the invoice row lock)', async () => {
		const { t, id, lines } = await approvedOctober();
		const days = byUnit(lines, 'participant_day', PRICE.dayFrom16Oct); // 3 days
		const results = await Promise.all([
			credit(t, id, [{ lineId: days.id, quantityHundredths: 200 }]),
			credit(t, id, [{ lineId: days.id, quantityHundredths: 200 }])
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'overCredit', lines: { [days.id]: 'overCredit' } }]);
		expect(await notesOf(id)).toHaveLength(1);
	});

	it('refuses a draft, a stranger and a line of another invoice', async () => {
		c.set(`${TODAY}T08:00:00Z`);
		const t = await invoiceSetting(database, c);
		const opened = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.contractId, OCTOBER);
		if (!opened.ok) throw new Error(opened.error);
		const [line] = await linesOf(database, opened.invoiceId);
		expect(await credit(t, opened.invoiceId, [{ lineId: line.id, quantityHundredths: 100 }])).toEqual({ ok: false, error: 'wrongStatus' });
		const { t: other, id } = await approvedOctober();
		expect(await createPartialCredit(database.db, t.finance.ctx, t.finance.actor, id, [{ lineId: line.id, quantityHundredths: 100 }], REASON)).toEqual({
			ok: false,
			error: 'notFound'
		});
		expect(await credit(other, id, [{ lineId: line.id, quantityHundredths: 100 }])).toEqual({
			ok: false,
			error: 'overCredit',
			lines: { [line.id]: 'notCreditable' }
		});
	});

	it('the partial credit note goes through submission and two-person approval, and its Finvoice and UBL pass the official schemas and rules', async () => {
		const { t, id, lines } = await approvedOctober();
		const original = await invoiceRow(database, id);
		const days = byUnit(lines, 'participant_day', PRICE.dayFrom16Oct);
		const start = byUnit(lines, 'participant_start');
		const nid = noteId(
			await credit(t, id, [
				{ lineId: days.id, quantityHundredths: 150 },
				{ lineId: start.id, amountCents: 5_000 }
			])
		);
		// The same hands: the approver who checked cannot approve.
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, nid, 1)).toEqual({ ok: true });
		expect(await reviewInvoice(database.db, t.approver.ctx, t.approver.actor, nid, 2, { kind: 'check' })).toMatchObject({ ok: false });
		expect(await reviewInvoice(database.db, t.reviewer.ctx, t.reviewer.actor, nid, 2, { kind: 'check' })).toEqual({ ok: true });
		expect(await approveInvoice(database.db, t.approver2.ctx, t.approver2.actor, nid, 3)).toEqual({ ok: true });
		// 1.5 days × 91.30 € = 136.95 € (+ 25.5 % = 34.92 €) and a start's 50.00 € at 0 %.
		expect(await invoiceRow(database, nid)).toMatchObject({ status: 'approved', netCents: 18_695, vatCents: 3_492, grossCents: 22_187 });
		// An approved partial credit does not free the period.
		const openable = await openablePeriods(database.db, t.providerId, TODAY);
		expect(openable.find((o) => o.contractId === t.contractId)?.periods.some((p) => p.from === OCTOBER.from)).toBe(false);

		const ubl = await exported(t.approver.actor, t.areaId, nid, 'ubl');
		expect(ubl).toContain('<CreditNote');
		expect(ubl).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
		expect(ubl).toContain(`<cbc:ID>${original.number}</cbc:ID>`);
		expect(ubl).toContain('<cbc:CreditedQuantity unitCode="DAY">1.50</cbc:CreditedQuantity>');
		expect(ubl).toContain('<cbc:PayableAmount currencyID="EUR">221.87</cbc:PayableAmount>');
		expect(ubl).not.toContain('<cbc:DueDate>');
		validate(ubl, 'ubl', 'partial-credit-ubl');
		const finvoice = await exported(t.approver.actor, t.areaId, nid, 'finvoice');
		expect(finvoice).toContain('<InvoiceTypeCode>INV02</InvoiceTypeCode>');
		expect(finvoice).toContain(`<OriginalInvoiceNumber>${original.number}</OriginalInvoiceNumber>`);
		expect(finvoice).toContain('-221,87');
		validate(finvoice, 'finvoice', 'partial-credit-finvoice');
	});
});

describe('a negative total', () => {
	it('an invoice whose corrections outweigh the period is issued as a credit note of the previous invoice: positive amounts, no due date, valid e-invoices', async () => {
		c.set(`${TODAY}T08:00:00Z`);
		const t = await invoiceSetting(database, c);
		const opened = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.contractId, OCTOBER);
		if (!opened.ok) throw new Error(opened.error);
		await passThrough(t, opened.invoiceId, 1);
		const october = await invoiceRow(database, opened.invoiceId);
		// In December the provider's admin records that two invoiced October days were unexcused absences.
		c.set('2026-12-01T08:00:00Z');
		const [p1] = t.s.participationIds;
		const admin = await loadActor(database.db, t.s.admin.id, '2026-12-01');
		const fix = await recordAttendance(database.db, t.s.actx, admin, {
			marks: [mark(p1, '2026-10-01', 'absent', { reason: 'unexcused' }), mark(p1, '2026-10-02', 'absent', { reason: 'unexcused' })]
		});
		expect(fix.marks.every((m) => m.ok)).toBe(true);
		const finance = { ...t.finance, actor: await loadActor(database.db, t.finance.id, '2026-12-01') };
		const nov = await openInvoice(database.db, finance.ctx, finance.actor, t.contractId, NOVEMBER);
		if (!nov.ok) throw new Error(nov.error);
		// Two days at 87.35 € taken back: −174.70 € − 44.55 € VAT.
		expect(nov.grossCents).toBe(-21_925);
		await passThrough({ ...t, finance }, nov.invoiceId, 1);
		const negative = await invoiceRow(database, nov.invoiceId);
		expect(negative).toMatchObject({ kind: 'invoice', grossCents: -21_925, status: 'approved' });

		const ubl = await exported(t.approver.actor, t.areaId, negative.id, 'ubl');
		expect(ubl).toContain('<CreditNote');
		expect(ubl).not.toContain('<Invoice ');
		expect(ubl).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
		expect(ubl).toContain(`<cbc:ID>${october.number}</cbc:ID>`);
		expect(ubl).toContain('<cbc:PayableAmount currencyID="EUR">219.25</cbc:PayableAmount>');
		expect(ubl).toContain('<cbc:CreditedQuantity unitCode="DAY">2.00</cbc:CreditedQuantity>');
		expect(ubl).not.toContain('<cbc:DueDate>');
		expect(ubl).not.toMatch(/currencyID="EUR">-/);
		validate(ubl, 'ubl', 'negative-ubl');
		const finvoice = await exported(t.approver.actor, t.areaId, negative.id, 'finvoice');
		expect(finvoice).toContain('<InvoiceTypeCode>INV02</InvoiceTypeCode>');
		expect(finvoice).toContain(`<OriginalInvoiceNumber>${october.number}</OriginalInvoiceNumber>`);
		expect(finvoice).not.toContain('<InvoiceDueDate');
		expect(finvoice).not.toContain('VirtualBankBarcode');
		validate(finvoice, 'finvoice', 'negative-finvoice');
	});
});

const exportAs = (actor: Actor, orgId: string, invoiceId: string, format: ExportFormat) =>
	exportResponse(makeEvent({ actor, clock: c.clock, params: { orgId, invoiceId } }), format);

async function exported(actor: Actor, orgId: string, invoiceId: string, format: ExportFormat) {
	const res = await exportAs(actor, orgId, invoiceId, format);
	expect(res.status).toBe(200);
	return res.text();
}

function validate(xml: string, format: 'finvoice' | 'ubl', name: string) {
	expect(format === 'finvoice' ? checkFinvoice(xml) : checkUbl(xml), `${name}: business rules`).toEqual([]);
	if (!haveValidators) {
		console.warn(`${name}: schema validation skipped (PTP_ALLOW_MISSING_EINVOICE=1)`);
		return;
	}
	if (format === 'ubl') expect(cenViolations(xml), `${name}: EN 16931 schematron`).toEqual([]);
	const dir = mkdtempSync(join(tmpdir(), 'ptp-credit-'));
	tempDirs.push(dir);
	const file = join(dir, `${name}.xml`);
	writeFileSync(file, xml);
	const run = () =>
		format === 'finvoice'
			? execFileSync('xmllint', ['--noout', '--schema', join(shared, 'finvoice/Finvoice3.0.xsd'), file], { stdio: 'pipe' })
			: execFileSync('bash', [join(shared, 'validate-ubl.sh'), file], { stdio: 'pipe' });
	expect(run, `${name}: schema`).not.toThrow();
}

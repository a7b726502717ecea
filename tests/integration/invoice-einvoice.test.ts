/**
 * What the area's finance and its e-invoice circulation get from an approved invoice: the finance CSV read
 * as a spreadsheet reads it, the contract's own buyer and order references, a price line's VAT exemption
 * reason, the area's stored Peppol id, all frozen at submission.
 */
import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, contracts, organisations, priceLines } from '../../src/lib/server/db/schema';
import { areaOrganisationActions } from '../../src/lib/server/areas/organisation';
import { businessId } from './helpers/contracts';
import { addPriceLine } from '../../src/lib/server/contracts/service';
import { contractEditActions } from '../../src/lib/server/contracts/pages';
import { contractToFormValues } from '../../src/lib/domain/contracts';
import { approveInvoice, createCreditNote, reviewInvoice, submitInvoice } from '../../src/lib/server/invoices/service';
import { exportResponse, type ExportFormat } from '../../src/lib/server/invoices/exports';
import { checkFinvoice, checkUbl } from '../helpers/einvoice-rules';
import type { Locale } from '../../src/lib/i18n/core';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { testClock } from './helpers/fixtures';
import { cenViolations } from './helpers/schematron';
import { OCTOBER_TOTALS, PRICE, TODAY, checkedOctober, invoiceRow, invoiceSetting, type InvoiceSetting } from './helpers/invoices';

let database: Database;
const c = testClock(`${TODAY}T08:00:00Z`);

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

async function exported(t: InvoiceSetting, invoiceId: string, format: ExportFormat, locale: Locale = 'fi') {
	const event: { locals: { locale: Locale } } = makeEvent({ actor: t.approver.actor, clock: c.clock, params: { orgId: t.areaId, invoiceId } });
	event.locals.locale = locale;
	const res = await exportResponse(event as never, format);
	expect(res.status).toBe(200);
	// As a file on disk: with the byte-order mark that tells Excel the file is UTF-8.
	return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
}

async function approvedOctober(t: InvoiceSetting) {
	const id = await checkedOctober(database, t);
	expect(await approveInvoice(database.db, t.approver.ctx, t.approver.actor, id, 3)).toEqual({ ok: true });
	return id;
}

/** The CSV as a spreadsheet in that locale reads it: cells split at its separator, numbers with its decimal mark. */
function spreadsheet(text: string, locale: Locale) {
	expect(text.startsWith('\uFEFF')).toBe(true);
	const separator = locale === 'en' ? ',' : ';';
	const [header, ...rows] = parse(text.slice(1), { delimiter: separator, relax_column_count: false }) as string[][];
	const number = (cell: string) => {
		const normal = locale === 'en' ? cell : cell.replace(',', '.');
		// What a spreadsheet takes as a number: digits with the locale's decimal mark, an optional minus; nothing else.
		expect(cell, `"${cell}" is a number in ${locale}`).toMatch(locale === 'en' ? /^-?\d+(\.\d+)?$/ : /^-?\d+(,\d+)?$/);
		return Math.round(Number(normal) * 100);
	};
	const col = (name: string) => {
		const i = header.indexOf(name);
		expect(i, name).toBeGreaterThanOrEqual(0);
		return i;
	};
	const of = (kind: string) => rows.filter((r) => r[col('row')] === kind);
	return { header, rows, number, col, of };
}

describe('the finance CSV', () => {
	it('reads in a Finnish spreadsheet: `;`, decimal comma, amounts as numbers, VAT columns, the total under its headers', async () => {
		const t = await invoiceSetting(database, c);
		const id = await approvedOctober(t);
		const s = spreadsheet(await exported(t, id, 'csv', 'fi'), 'fi');
		const lines = s.of('line');
		expect(lines).toHaveLength(3);
		expect(lines.map((r) => s.number(r[s.col('net_amount')]))).toEqual([10_000, 43_675, 27_390]);
		expect(lines.map((r) => r[s.col('unit_price')])).toEqual(['50,00', '87,35', '91,30']);
		expect(lines.map((r) => r[s.col('vat_rate_percent')])).toEqual(['0', '25,5', '25,5']);
		const vat = s.of('vat');
		expect(
			vat.map((r) => [r[s.col('vat_rate_percent')], s.number(r[s.col('net_amount')]), s.number(r[s.col('vat_amount')]), s.number(r[s.col('gross_amount')])])
		).toEqual([
			['25,5', 71_065, 18_122, 89_187],
			['0', 10_000, 0, 10_000]
		]);
		const [total] = s.of('total');
		expect(s.number(total[s.col('net_amount')])).toBe(OCTOBER_TOTALS.netCents);
		expect(s.number(total[s.col('vat_amount')])).toBe(OCTOBER_TOTALS.vatCents);
		expect(s.number(total[s.col('gross_amount')])).toBe(OCTOBER_TOTALS.grossCents);
		expect(total[s.col('description')]).toBe('');
		// Every row has exactly the header's cells, and the sums agree.
		expect(s.rows.every((r) => r.length === s.header.length)).toBe(true);
		expect(lines.reduce((sum, r) => sum + s.number(r[s.col('net_amount')]), 0)).toBe(OCTOBER_TOTALS.netCents);
		expect(vat.reduce((sum, r) => sum + s.number(r[s.col('vat_amount')]), 0)).toBe(OCTOBER_TOTALS.vatCents);
	});

	it('reads in an English spreadsheet (`,` and a decimal point); a credit note’s amounts are negative numbers, never text', async () => {
		const t = await invoiceSetting(database, c);
		const id = await approvedOctober(t);
		const en = spreadsheet(await exported(t, id, 'csv', 'en'), 'en');
		expect(en.of('line').map((r) => r[en.col('unit_price')])).toEqual(['50.00', '87.35', '91.30']);
		expect(en.number(en.of('total')[0][en.col('gross_amount')])).toBe(OCTOBER_TOTALS.grossCents);

		const credit = await createCreditNote(database.db, t.finance.ctx, t.finance.actor, id);
		const noteId = (credit as { invoiceId: string }).invoiceId;
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, noteId, 1)).toEqual({ ok: true });
		expect(await reviewInvoice(database.db, t.reviewer.ctx, t.reviewer.actor, noteId, 2, { kind: 'check' })).toEqual({ ok: true });
		expect(await approveInvoice(database.db, t.approver.ctx, t.approver.actor, noteId, 3)).toEqual({ ok: true });
		const text = await exported(t, noteId, 'csv', 'fi');
		expect(text).not.toMatch(/'-\d/); // the formula guard never turns a number into text
		const s = spreadsheet(text, 'fi');
		const lines = s.of('line');
		expect(lines.map((r) => s.number(r[s.col('quantity')]))).toEqual([-200, -500, -300]);
		expect(lines.map((r) => s.number(r[s.col('unit_price')]))).toEqual([PRICE.start, PRICE.dayUntil15Oct, PRICE.dayFrom16Oct]);
		expect(lines.map((r) => s.number(r[s.col('net_amount')]))).toEqual([-10_000, -43_675, -27_390]);
		const [total] = s.of('total');
		expect([total[s.col('net_amount')], total[s.col('vat_amount')], total[s.col('gross_amount')]].map(s.number)).toEqual([
			-OCTOBER_TOTALS.netCents,
			-OCTOBER_TOTALS.vatCents,
			-OCTOBER_TOTALS.grossCents
		]);
	});
});

describe('what the buyer’s circulation routes by', () => {
	it('the contract’s own buyer and order reference, a price line’s exemption reason and the area’s Peppol id, frozen at submission', async () => {
		const t = await invoiceSetting(database, c);
		const [area] = await database.db.select().from(organisations).where(eq(organisations.id, t.areaId));
		const digits = area.businessId!.replace('-', '');
		await database.db
			.update(organisations)
			.set({ peppolId: `0037:${digits}` })
			.where(eq(organisations.id, t.areaId));
		await database.db.update(contracts).set({ buyerReference: 'KP-4410 Työllisyys', orderReference: 'PO-2026-77' }).where(eq(contracts.id, t.contractId));
		await database.db
			.update(priceLines)
			.set({ vatExemption: 'VATEX-EU-132-1G' })
			.where(and(eq(priceLines.contractId, t.contractId), eq(priceLines.unit, 'participant_start')));
		const id = await approvedOctober(t);

		const read = async () => ({ finvoice: await exported(t, id, 'finvoice'), ubl: await exported(t, id, 'ubl'), csv: await exported(t, id, 'csv') });
		const before = await read();
		expect(checkFinvoice(before.finvoice)).toEqual([]);
		expect(checkUbl(before.ubl)).toEqual([]);
		expect(cenViolations(before.ubl)).toEqual([]);
		expect(before.finvoice).toContain('<OrderIdentifier>PO-2026-77</OrderIdentifier>');
		expect(before.finvoice).toContain('<BuyerReferenceIdentifier>KP-4410 Työllisyys</BuyerReferenceIdentifier>');
		expect(before.finvoice).toMatch(
			/<VatFreeText>Arvonlisäveroton sosiaalihuoltopalvelu \(AVL 37 §\)<\/VatFreeText>\s*<VatExemptionReasonCode>VATEX-EU-132-1G</
		);
		expect(before.ubl).toContain('<cbc:BuyerReference>KP-4410 Työllisyys</cbc:BuyerReference>');
		expect(before.ubl).toMatch(/<cac:OrderReference>\s*<cbc:ID>PO-2026-77<\/cbc:ID>/);
		expect(before.ubl).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-132-1G</cbc:TaxExemptionReasonCode>');
		expect(before.ubl).toContain(`<cbc:EndpointID schemeID="0037">${digits}</cbc:EndpointID>`);
		expect(before.ubl).not.toContain('VATEX-EU-132-1I');

		// Later changes of the registers reach no invoice already sent.
		await database.db.update(organisations).set({ peppolId: null }).where(eq(organisations.id, t.areaId));
		await database.db.update(contracts).set({ buyerReference: null, orderReference: null }).where(eq(contracts.id, t.contractId));
		await database.db.update(priceLines).set({ vatExemption: 'VATEX-EU-132-1C' }).where(eq(priceLines.contractId, t.contractId));
		expect(await read()).toEqual(before);
		expect((await invoiceRow(database, id)).parties?.buyer.buyerReference).toBe('KP-4410 Työllisyys');
	});

	it('the area admin sets them on the contract form (too long refused, empty = none) and picks a price line’s reason', async () => {
		const t = await invoiceSetting(database, c);
		const admin = await t.person(t.areaId, ['area_admin']);
		const current = async () => (await database.db.select().from(contracts).where(eq(contracts.id, t.contractId)))[0];
		const post = async (action: 'update' | 'add_priceLine', form: Record<string, string | string[]>) =>
			(contractEditActions as Record<string, (e: unknown) => Promise<unknown>>)[action](
				makeEvent({ actor: admin.actor, clock: c.clock, params: { orgId: t.areaId, contractId: t.contractId }, form })
			);
		const form = async (extra: Record<string, string>) => {
			const k = await current();
			return { ...contractToFormValues(k), version: String(k.version), ...extra };
		};
		expect(await post('update', await form({ buyerReference: 'x'.repeat(71), orderReference: '' }))).toMatchObject({
			status: 400,
			data: { errors: { buyerReference: 'errors.tooLong' } }
		});
		expect(await post('update', await form({ buyerReference: ' KP-1200 ', orderReference: 'PO-9' }))).toEqual({ success: 'contracts.saved' });
		expect(await current()).toMatchObject({ buyerReference: 'KP-1200', orderReference: 'PO-9' });
		expect(contractToFormValues(await current())).toMatchObject({ buyerReference: 'KP-1200', orderReference: 'PO-9' });
		expect(await post('update', await form({ buyerReference: '', orderReference: '' }))).toEqual({ success: 'contracts.saved' });
		expect(await current()).toMatchObject({ buyerReference: null, orderReference: null });

		const line = { unit: 'lump_sum', description: 'Kuntoutusjakso', unitPrice: '100,00', vatRate: '0', validFrom: '2026-10-01', condition: '' };
		expect(await post('add_priceLine', { ...line, version: String((await current()).version), vatExemption: 'VATEX-EU-999' })).toMatchObject({
			status: 400,
			data: { errors: { vatExemption: 'errors.choose' } }
		});
		expect(await post('add_priceLine', { ...line, version: String((await current()).version), vatExemption: 'VATEX-EU-132-1G' })).toEqual({
			success: 'contracts.saved'
		});
		const [added] = await database.db
			.select()
			.from(priceLines)
			.where(and(eq(priceLines.contractId, t.contractId), eq(priceLines.unit, 'lump_sum')));
		expect(added.vatExemption).toBe('VATEX-EU-132-1G');
	});

	it('without references of its own the buyer reference is the contract number, and there is no order reference', async () => {
		const t = await invoiceSetting(database, c);
		const id = await approvedOctober(t);
		const [contract] = await database.db.select().from(contracts).where(eq(contracts.id, t.contractId));
		const ubl = await exported(t, id, 'ubl');
		expect(ubl).toContain(`<cbc:BuyerReference>${contract.contractNumber}</cbc:BuyerReference>`);
		expect(ubl).not.toContain('OrderReference');
		expect(ubl).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-132-1I</cbc:TaxExemptionReasonCode>');
	});

	it('a price line keeps the reason chosen for it when it is 0 %, and none otherwise', async () => {
		const t = await invoiceSetting(database, c);
		const [{ version }] = await database.db.select({ version: contracts.version }).from(contracts).where(eq(contracts.id, t.contractId));
		const base = { description: 'Lisä', unitPrice: 1_000, validFrom: '2026-10-01', condition: null };
		expect(
			await addPriceLine(database.db, t.s.octx, t.contractId, version, { ...base, unit: 'lump_sum', vatRate: 0, vatExemption: 'VATEX-EU-132-1C' })
		).toEqual({ ok: true });
		expect(
			await addPriceLine(database.db, t.s.octx, t.contractId, version + 1, { ...base, unit: 'hour', vatRate: 2550, vatExemption: 'VATEX-EU-132-1C' })
		).toEqual({ ok: true });
		const rows = await database.db
			.select({ unit: priceLines.unit, vatExemption: priceLines.vatExemption })
			.from(priceLines)
			.where(eq(priceLines.contractId, t.contractId));
		expect(rows.find((r) => r.unit === 'lump_sum')?.vatExemption).toBe('VATEX-EU-132-1C');
		expect(rows.find((r) => r.unit === 'hour')?.vatExemption).toBeNull();
		expect(rows.find((r) => r.unit === 'participant_start')?.vatExemption).toBe('VATEX-EU-132-1I');
	});
});

describe('the area keeps its own e-invoice ids', () => {
	it('the area admin saves them, validated (check digits, Peppol form), audited old → new; the next invoice is addressed to them', async () => {
		const t = await invoiceSetting(database, c);
		const admin = await t.person(t.areaId, ['area_admin']);
		const [before] = await database.db.select().from(organisations).where(eq(organisations.id, t.areaId));
		const digits = before.businessId!.replace('-', '');
		const wrongCheck = `${digits.slice(0, 7)}${(Number(digits[7]) + 1) % 10}`;
		const save = (form: Record<string, string>) =>
			areaOrganisationActions.default(makeEvent({ actor: admin.actor, clock: c.clock, params: { orgId: t.areaId }, form }));

		const refused = (await save({ ovt: `0037${wrongCheck}`, peppolId: `0216:0037${wrongCheck}`, einvoiceOperator: 'NDEAFIHH' })) as unknown as {
			status: number;
			data: { errors: Record<string, string> };
		};
		expect(refused.status).toBe(400);
		expect(refused.data.errors).toEqual({ ovt: 'errors.ovtInvalid', peppolId: 'errors.peppolInvalid' });
		expect((await save({ ovt: '', peppolId: `9999:${digits}`, einvoiceOperator: '' })) as unknown).toMatchObject({
			status: 400,
			data: { errors: { peppolId: 'errors.peppolInvalid' } }
		});
		const [unchanged] = await database.db.select().from(organisations).where(eq(organisations.id, t.areaId));
		expect([unchanged.ovt, unchanged.peppolId, unchanged.einvoiceOperator]).toEqual([before.ovt, before.peppolId, before.einvoiceOperator]);

		const other = businessId(6_100_000 + Math.floor(Math.random() * 800_000)).replace('-', '');
		expect(await save({ ovt: `0037${digits}001`, peppolId: `0037:${other}`, einvoiceOperator: 'OKOYFIHH' })).toEqual({ success: 'areaOrganisation.saved' });
		const [after] = await database.db.select().from(organisations).where(eq(organisations.id, t.areaId));
		expect([after.ovt, after.peppolId, after.einvoiceOperator]).toEqual([`0037${digits}001`, `0037:${other}`, 'OKOYFIHH']);
		const audits = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'area.einvoice_update'), eq(auditLog.areaId, t.areaId)));
		expect(audits).toHaveLength(1);
		expect(audits[0].userId).toBe(admin.id);
		expect(audits[0].changes).toEqual({
			ovt: { from: before.ovt, to: `0037${digits}001` },
			peppolId: { from: null, to: `0037:${other}` },
			einvoiceOperator: { from: before.einvoiceOperator, to: 'OKOYFIHH' }
		});

		const id = await approvedOctober(t);
		const ubl = await exported(t, id, 'ubl');
		expect(checkUbl(ubl)).toEqual([]);
		const buyer = ubl.slice(ubl.indexOf('<cac:AccountingCustomerParty>'));
		expect(buyer).toMatch(new RegExp(`^<cac:AccountingCustomerParty>\\s*<cac:Party>\\s*<cbc:EndpointID schemeID="0037">${other}</cbc:EndpointID>`));
		const finvoice = await exported(t, id, 'finvoice');
		expect(finvoice).toContain(`<ToIdentifier SchemeID="0037">0037${digits}001</ToIdentifier>`);
		expect(finvoice).toContain('<ToIntermediator>OKOYFIHH</ToIntermediator>');
	});
});

/**
 * Approved invoices (and credit notes) out of the portal: Finvoice 3.0 and Peppol BIS Billing 3.0 XML for the
 * area's e-invoice channel, and a CSV for its finance system. The documents carry the specification id and
 * nothing about customers. Every download is audited. Payments come back in as a CSV (`importPayments`).
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { parse } from 'csv-parse/sync';
import { and, asc, eq } from 'drizzle-orm';
import { isIsoDate } from '$lib/domain/clock';
import { documentKind, issuedNegated, negateAmounts } from '$lib/domain/invoicing/credit';
import { isStorableText } from '$lib/domain/limits';
import { auditContext, recordAudit, type AuditContext } from '../audit';
import { csvResponse } from '../csv';
import type { Db, DbOrTx } from '../db/client';
import { invoiceLines, invoices, organisations, type Invoice } from '../db/schema';
import { documentLines, EinvoiceRuleError, type InvoiceDocument } from '../einvoice/document';
import { toFinvoice } from '../einvoice/finvoice';
import { toUbl } from '../einvoice/ubl';
import { authorizeInOrg, authorizeInvoice, type Actor } from '../policy';
import { resolveInWorkspace } from '../workspace';
import { creditedInvoiceOf } from './credit';
import { financeCsvRows } from './finance-csv';
import { partiesOf } from './parties';
import { markInvoicePaid } from './service';

const EXPORTABLE: readonly Invoice['status'][] = ['approved', 'paid'];

/**
 * The format-neutral e-invoice document of an invoice or credit note: its parties, contract number and
 * exemption text from the copy frozen at submission (a draft's from the registers as they are now).
 */
export async function invoiceDocument(db: DbOrTx, invoice: Invoice): Promise<InvoiceDocument> {
	const { seller, buyer, contractNumber, vatExemption, vatExemptions } = await partiesOf(db, invoice);
	const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position));
	// The one rule (domain/invoicing/credit.ts): a negative total is issued as a credit note, with its amounts
	// stated as a credit note's and the contract's previous invoice as the one it corrects.
	const negated = issuedNegated(invoice);
	const original = negated
		? await creditedInvoiceOf(db, invoice)
		: invoice.creditOf
			? (await db.select({ number: invoices.number, issueDate: invoices.issueDate }).from(invoices).where(eq(invoices.id, invoice.creditOf)))[0]
			: null;
	const stated = {
		lines: documentLines(
			lines.map((l) => ({ ...l, key: l.id, unit: l.unit as never })),
			invoice.language,
			vatExemptions
		),
		vat: invoice.vat,
		totals: { netCents: invoice.netCents, vatCents: invoice.vatCents, grossCents: invoice.grossCents }
	};
	const amounts = negated ? negateAmounts(stated.lines, stated.vat, stated.totals) : stated;
	return {
		kind: documentKind(invoice),
		number: invoice.number ?? '',
		issueDate: invoice.issueDate ?? '',
		dueDate: invoice.dueDate ?? '',
		currency: 'EUR',
		language: invoice.language,
		seller,
		buyer,
		paymentReference: invoice.paymentReference ?? '',
		specificationId: invoice.specificationId,
		contractNumber,
		period: { from: invoice.periodFrom, until: invoice.periodUntil },
		lines: amounts.lines,
		vat: amounts.vat,
		totals: amounts.totals,
		original: original?.number && original.issueDate ? { number: original.number, issueDate: original.issueDate } : null,
		vatExemption
	};
}

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; invoiceId?: string } };

/** The invoice as seen from this workspace (404 unless readable here), approved or paid. */
async function exportable(event: Ev) {
	const { db, scope: inv } = await resolveInWorkspace(event, event.params.invoiceId, {
		load: async (db, id) => (await db.select().from(invoices).where(eq(invoices.id, id)))[0],
		authorize: (a, row) => authorizeInvoice(a, 'invoice.read', row)
	});
	if (!EXPORTABLE.includes(inv.status)) error(409, 'invoiceNotApproved');
	return { db, inv };
}

export type ExportFormat = 'finvoice' | 'ubl' | 'csv';

/** One export download: Finvoice or UBL XML, or the finance system's CSV (finance-csv.ts) in the reader's locale. */
export async function exportResponse(event: Ev, format: ExportFormat): Promise<Response> {
	const { db, inv } = await exportable(event);
	const doc = await invoiceDocument(db, inv);
	await recordAudit(db, auditContext(event, event.params.orgId), {
		action: `invoice.export_${format}`,
		areaId: inv.areaId,
		targetType: 'invoice',
		targetIds: [inv.id]
	});
	const name = `${doc.kind === 'credit_note' ? 'hyvityslasku' : 'lasku'}-${inv.number}`;
	if (format === 'csv') {
		const { rows, separator } = financeCsvRows(doc, event.locals.locale);
		return csvResponse(`${name}.csv`, rows, separator);
	}
	let xml: string;
	try {
		xml = format === 'finvoice' ? toFinvoice(doc, { messageTimestamp: inv.approvedAt ?? inv.submittedAt ?? inv.createdAt }) : toUbl(doc);
	} catch (e) {
		// A party's details the export needs are missing (address, IBAN, e-invoice address): say which rules.
		if (e instanceof EinvoiceRuleError) error(409, `invoiceExportRules:${e.rules.join(',')}`);
		throw e;
	}
	return new Response(xml, {
		headers: {
			'content-type': 'application/xml; charset=utf-8',
			'content-disposition': `attachment; filename="${name}-${format}.xml"`,
			'cache-control': 'private, no-store'
		}
	});
}

export interface PaymentRow {
	line: number;
	number: string;
	ok: boolean;
	/** Message code (`invoices.payment.<code>`) when the row was not applied. */
	error?: 'notFound' | 'wrongStatus' | 'amountMismatch' | 'invalid';
}

/**
 * The area's payments file (CSV with `seller_business_id;invoice_number;paid_on;amount_cents`, an optional
 * header row, `;` or `,`): invoice numbers are the providers' own, so the seller's business id picks the
 * invoice. Each row marks one approved invoice of this area paid when its amount matches to the cent. Rows are
 * applied each on its own; the answer says what happened to every row. All in one transaction.
 */
export async function importPayments(db: Db, ctx: AuditContext, actor: Actor, areaId: string, text: string): Promise<PaymentRow[]> {
	authorizeInOrg(actor, 'invoice.list', areaId);
	let records: string[][];
	try {
		// Uploaded files pass the input hook unread: a NUL (which no column can hold) makes the file unreadable.
		if (!isStorableText(text)) throw new Error('not storable');
		records = parse(text.replace(/^\uFEFF/, ''), { delimiter: [';', ','], relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
	} catch {
		return [{ line: 1, number: '', ok: false, error: 'invalid' }];
	}
	const body = records.length && !/^\d{7}-\d$/.test(records[0][0] ?? '') ? records.slice(1) : records;
	const offset = records.length - body.length + 1;
	return db.transaction(async (tx) => {
		const out: PaymentRow[] = [];
		for (const [i, r] of body.entries()) {
			const [businessId = '', number = '', paidOn = '', amount = ''] = r;
			if (!businessId || !number || !isIsoDate(paidOn) || !/^\d{1,15}$/.test(amount)) {
				out.push({ line: i + offset, number, ok: false, error: 'invalid' });
				continue;
			}
			const [found] = await tx
				.select({ inv: invoices })
				.from(invoices)
				.innerJoin(organisations, eq(invoices.providerId, organisations.id))
				.where(and(eq(invoices.areaId, areaId), eq(invoices.number, number), eq(organisations.businessId, businessId)))
				.for('update', { of: invoices });
			const inv = found?.inv;
			if (!inv) out.push({ line: i + offset, number, ok: false, error: 'notFound' });
			else if (inv.grossCents !== Number(amount)) out.push({ line: i + offset, number, ok: false, error: 'amountMismatch' });
			else {
				const r2 = await markInvoicePaid(tx, ctx, actor, inv.id, paidOn);
				out.push(
					r2.ok
						? { line: i + offset, number, ok: true }
						: { line: i + offset, number, ok: false, error: r2.error === 'wrongStatus' ? 'wrongStatus' : 'notFound' }
				);
			}
		}
		return out;
	});
}

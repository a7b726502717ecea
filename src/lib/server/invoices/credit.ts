/**
 * Credit notes of an approved (or paid) invoice: the whole invoice at once, or chosen lines by quantity or
 * amount with a reason, never more of a line than earlier credit notes left (src/lib/domain/invoicing/credit.ts
 * decides; here under the credited invoice's row lock, so two credits at once cannot both take the same
 * remainder). A credit note is a draft for the provider to submit; it then goes through the same check and
 * approval as an invoice. Every credit is audited in its own transaction.
 */
import { and, asc, desc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import { creditState, partialCreditLines, type CreditLineError, type CreditRequest, type InvoicedLine } from '$lib/domain/invoicing/credit';
import type { ComputedLine } from '$lib/domain/invoicing/pricing';
import type { AuditContext } from '../audit';
import type { Db, DbOrTx, Tx } from '../db/client';
import { invoiceLines, invoices, type Invoice, type InvoiceLine } from '../db/schema';
import type { Actor } from '../policy';
import { invoiceEvent, storeLines, transitionInvoice, type Result } from './store';

const CREDITABLE_STATUSES: readonly Invoice['status'][] = ['approved', 'paid'];

/** Can this invoice be credited at all: an approved or paid invoice (not a credit note) with a positive total. */
export function isCreditable(inv: Pick<Invoice, 'kind' | 'status' | 'grossCents'>): boolean {
	return inv.kind === 'invoice' && CREDITABLE_STATUSES.includes(inv.status) && inv.grossCents > 0;
}

const asInvoiced = (l: InvoiceLine): InvoicedLine => ({ ...l, unit: l.unit as ComputedLine['unit'] });

/** The lines of every credit note of the invoice (drafts too: a draft reserves what it credits). */
async function creditingLines(tx: DbOrTx, invoiceId: string) {
	return tx
		.select({ creditedLineId: invoiceLines.creditedLineId, netCents: invoiceLines.netCents })
		.from(invoiceLines)
		.innerJoin(invoices, eq(invoiceLines.invoiceId, invoices.id))
		.where(and(eq(invoices.creditOf, invoiceId), isNotNull(invoiceLines.creditedLineId)))
		.then((rows) => rows.map((r) => ({ creditedLineId: r.creditedLineId!, netCents: r.netCents })));
}

/** A specification id not taken by another credit note of the invoice: SP-…-H, SP-…-H2, SP-…-H3… */
async function nextSpecificationId(tx: Tx, inv: Invoice) {
	const taken = new Set((await tx.select({ s: invoices.specificationId }).from(invoices).where(eq(invoices.creditOf, inv.id))).map((r) => r.s));
	for (let n = 1; ; n++) {
		const id = `${inv.specificationId}-H${n === 1 ? '' : n}`;
		if (!taken.has(id)) return id;
	}
}

async function insertNote(tx: Tx, ctx: AuditContext, actor: Actor, inv: Invoice, lines: (ComputedLine & { creditedLineId: string })[], reason: string | null) {
	const [note] = await tx
		.insert(invoices)
		.values({
			contractId: inv.contractId,
			areaId: inv.areaId,
			providerId: inv.providerId,
			kind: 'credit_note',
			creditOf: inv.id,
			periodFrom: inv.periodFrom,
			periodUntil: inv.periodUntil,
			language: inv.language,
			specificationId: await nextSpecificationId(tx, inv),
			createdAt: ctx.clock(),
			createdBy: actor.userId
		})
		.returning();
	await storeLines(tx, note.id, lines);
	await invoiceEvent(tx, ctx, note, 'created', reason);
	return note.id;
}

/**
 * Crediting an invoice, under its row lock (a second credit of it waits there and then sees this one's lines):
 * an approved or paid invoice, not a credit note (else wrongStatus), with a positive total (else
 * notCreditable). The credited invoice gets a `credited` event; its own row (and version) stays as it is.
 */
const CREDIT = { action: 'invoice.edit', from: CREDITABLE_STATUSES, kind: 'invoice', expectedVersion: null } as const;

const credited = (noteId: string, reason: string | null) =>
	({ ok: true, keepVersion: true, event: { kind: 'credited', comment: reason }, value: { invoiceId: noteId } }) as const;

/**
 * A credit note for an approved (or paid) invoice: all of its lines, credited in full. Only while nothing of
 * the invoice is credited yet (after a partial credit, the rest is credited line by line).
 */
export async function createCreditNote(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string): Promise<Result<{ invoiceId: string }>> {
	return transitionInvoice(db, ctx, actor, invoiceId, CREDIT, async (tx, inv) => {
		if (!isCreditable(inv)) return { ok: false, error: 'notCreditable' } as const;
		const [already] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.creditOf, inv.id)).limit(1);
		if (already) return { ok: false, error: 'openInvoiceExists' } as const;
		const lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, inv.id)).orderBy(asc(invoiceLines.position));
		const noteId = await insertNote(
			tx,
			ctx,
			actor,
			inv,
			lines.map((l) => ({ ...asInvoiced(l), key: l.id, creditedLineId: l.id })),
			null
		);
		return credited(noteId, null);
	});
}

type PartialCreditRefusal = { ok: false; error: 'overCredit' | 'nothingToCredit'; lines: Record<string, CreditLineError> };
export type PartialCreditResult = Result<{ invoiceId: string }> | PartialCreditRefusal;

/**
 * A credit note for chosen lines of an approved (or paid) invoice, each by a quantity or an amount, with a
 * reason. Refused, with nothing stored, when a line would be credited beyond what remains of it.
 */
export async function createPartialCredit(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	invoiceId: string,
	requests: CreditRequest[],
	reason: string
): Promise<PartialCreditResult> {
	return transitionInvoice(db, ctx, actor, invoiceId, CREDIT, async (tx, inv) => {
		if (!isCreditable(inv)) return { ok: false, error: 'notCreditable' } as const;
		const lines = (await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, inv.id)).orderBy(asc(invoiceLines.position))).map(asInvoiced);
		const r = partialCreditLines(lines, await creditingLines(tx, inv.id), requests);
		if (!r.ok)
			return r.nothing ? ({ ok: false, error: 'nothingToCredit', lines: {} } as const) : ({ ok: false, error: 'overCredit', lines: r.errors } as const);
		const noteId = await insertNote(tx, ctx, actor, inv, r.lines, reason);
		return credited(noteId, reason);
	});
}

/** What has been credited of an invoice and what remains, per line, and its credit notes. */
export async function creditOverview(db: DbOrTx, inv: Invoice) {
	const [lines, credits, notes] = await Promise.all([
		db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, inv.id)).orderBy(asc(invoiceLines.position)),
		creditingLines(db, inv.id),
		db
			.select({ id: invoices.id, number: invoices.number, status: invoices.status, grossCents: invoices.grossCents, createdAt: invoices.createdAt })
			.from(invoices)
			.where(eq(invoices.creditOf, inv.id))
			.orderBy(asc(invoices.createdAt))
	]);
	const state = creditState(lines.map(asInvoiced), credits);
	return {
		lines: lines.map((l, i) => ({
			id: l.id,
			description: l.description,
			unit: l.unit,
			quantityHundredths: l.quantityHundredths,
			unitPriceCents: l.unitPriceCents,
			vatRateBp: l.vatRateBp,
			netCents: l.netCents,
			creditedCents: state[i].creditedCents,
			remainingCents: state[i].remainingCents,
			creditable: isCreditable(inv) && state[i].creditable
		})),
		notes: notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
		creditedCents: state.reduce((s, x) => s + x.creditedCents, 0)
	};
}

/**
 * The invoice a negative invoice (issued as a credit note) corrects: the contract's latest earlier invoice
 * that was sent. Its corrections settle records of periods earlier invoices billed.
 */
export async function creditedInvoiceOf(db: DbOrTx, inv: Pick<Invoice, 'id' | 'contractId' | 'periodFrom'>) {
	const [row] = await db
		.select({ id: invoices.id, number: invoices.number, issueDate: invoices.issueDate })
		.from(invoices)
		.where(
			and(
				eq(invoices.contractId, inv.contractId),
				eq(invoices.kind, 'invoice'),
				lt(invoices.periodFrom, inv.periodFrom),
				isNotNull(invoices.number),
				inArray(invoices.status, ['submitted', 'checked', 'approved', 'paid'])
			)
		)
		.orderBy(desc(invoices.periodFrom))
		.limit(1);
	return row ?? null;
}

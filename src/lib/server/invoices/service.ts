/**
 * Invoices: opened by the provider's finance for a period of a contract, computed from the records by the
 * pricing engine (src/lib/domain/invoicing/pricing.ts), submitted (which locks the period's attendance),
 * checked or returned by the area's reviewer, approved by a different person, marked paid; credit notes
 * correct approved ones. Every transition locks the invoice row and checks the version the person saw, so
 * of two people acting at once exactly one succeeds. Every change is audited in its own transaction.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { helsinkiDate } from '$lib/domain/clock';
import { createFinnishReference } from '$lib/domain/identifiers';
import { dueDate, type Period } from '$lib/domain/invoicing/periods';
import type { ManualLineInput } from '$lib/domain/invoicing/pricing';
import type { AuditContext } from '../audit';
import { lockPeriod } from '../attendance/service';
import type { Db, DbOrTx, Tx } from '../db/client';
import { approvalLimits, attendance, contracts, invoiceLines, invoices, memberships, organisations, periodLocks, type Invoice } from '../db/schema';
import { markObjectHandled, notify } from '../notifications/service';
import { liveParties } from './parties';
import { canOnInvoice, type Actor } from '../policy';
import { computeLines, endedPeriods, holdsPeriod } from './facts';
import { contractBudget } from './read';
import { invoiceEvent, storeLines, storeTotals, transitionIn, transitionInvoice, type Done, type Result } from './store';

export type { InvoiceError } from './store';

/**
 * Opens the invoice of one ended, not yet invoiced period of a contract (one open invoice per contract at a
 * time) and computes its lines.
 */
export async function openInvoice(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	contractId: string,
	period: Period
): Promise<Result<{ invoiceId: string; grossCents: number }>> {
	return db.transaction(async (tx) => {
		const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
		if (!contract || !canOnInvoice(actor, 'invoice.edit', contract)) return { ok: false, error: 'notFound' } as const;
		const today = helsinkiDate(ctx.clock());
		if (!endedPeriods(contract, today).some((p) => p.from === period.from && p.until === period.until))
			return { ok: false, error: period.until >= today ? 'periodNotEnded' : 'periodOutside' } as const;
		const existing = await tx
			.select({ status: invoices.status, periodFrom: invoices.periodFrom })
			.from(invoices)
			.where(and(eq(invoices.contractId, contractId), eq(invoices.kind, 'invoice'), holdsPeriod));
		if (existing.some((i) => i.periodFrom === period.from)) return { ok: false, error: 'periodTaken' } as const;
		if (existing.some((i) => i.status === 'draft' || i.status === 'returned')) return { ok: false, error: 'openInvoiceExists' } as const;
		const { priced } = await computeLines(tx, { id: '00000000-0000-0000-0000-000000000000', periodFrom: period.from, periodUntil: period.until }, contract);
		if (!priced.ok) return { ok: false, error: 'pricing', pricing: priced.errors } as const;
		// The buyer's language: the area's first (a bilingual area may have the draft switched to its other).
		const [buyer] = await tx.select({ languages: organisations.languages }).from(organisations).where(eq(organisations.id, contract.areaId));
		const [row] = await tx
			.insert(invoices)
			.values({
				contractId,
				areaId: contract.areaId,
				providerId: contract.providerId,
				periodFrom: period.from,
				periodUntil: period.until,
				specificationId: `SP-${randomBytes(6).toString('hex').toUpperCase()}`,
				language: buyerLanguages(buyer?.languages)[0],
				createdAt: ctx.clock(),
				createdBy: actor.userId
			})
			.returning();
		const totals = await storeLines(tx, row.id, priced.lines);
		await invoiceEvent(tx, ctx, row, 'created');
		return { ok: true, invoiceId: row.id, grossCents: totals.grossCents } as const;
	});
}

/** A draft or a returned invoice: what finance still edits and submits. */
const OPEN: readonly Invoice['status'][] = ['draft', 'returned'];
/** Editing the lines: an open invoice, never a credit note (its lines are what it credits). */
const EDIT = { action: 'invoice.edit', from: OPEN, kind: 'invoice' } as const;

async function contractOf(tx: DbOrTx, invoice: Invoice) {
	const [c] = await tx.select().from(contracts).where(eq(contracts.id, invoice.contractId));
	return c;
}

/** Recomputes a draft (or returned) invoice from the records, keeping its manual lines. */
export async function recomputeInvoice(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { ...EDIT, expectedVersion: version }, async (tx, inv) => {
		const { priced } = await computeLines(tx, inv, await contractOf(tx, inv));
		if (!priced.ok) return { ok: false, error: 'pricing', pricing: priced.errors } as const;
		await storeLines(tx, inv.id, priced.lines);
		return { ok: true, event: { kind: 'recomputed' } } as const;
	});
}

/** A line typed by finance, with its written justification (the reviewer sees it highlighted). */
export async function addManualLine(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number, line: ManualLineInput): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { ...EDIT, expectedVersion: version }, async (tx, inv) => {
		const { priced } = await computeLines(tx, inv, await contractOf(tx, inv), [line]);
		if (!priced.ok) return { ok: false, error: 'pricing', pricing: priced.errors } as const;
		await storeLines(tx, inv.id, priced.lines);
		return { ok: true, event: { kind: 'manual_line', comment: line.justification } } as const;
	});
}

/** Removes a manual line from a draft or returned invoice. */
export async function removeManualLine(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number, lineId: string): Promise<Result> {
	// A credit note's lines are what it credits: none of them is removed (EDIT takes invoices only).
	return transitionInvoice(db, ctx, actor, invoiceId, { ...EDIT, expectedVersion: version }, async (tx, inv) => {
		const removed = await tx
			.delete(invoiceLines)
			// A remark's price reduction is the area's: the provider cannot remove it.
			.where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, inv.id), eq(invoiceLines.kind, 'manual'), isNull(invoiceLines.remarkId)))
			.returning({ id: invoiceLines.id });
		if (removed.length === 0) return { ok: false, error: 'notFound' } as const;
		// The other lines keep their ids (a page showing them stays valid); only their positions close up.
		const lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, inv.id)).orderBy(asc(invoiceLines.position));
		for (const [position, l] of lines.entries()) if (l.position !== position) await tx.update(invoiceLines).set({ position }).where(eq(invoiceLines.id, l.id));
		await storeTotals(tx, inv.id, lines);
		return { ok: true, event: { kind: 'manual_line' } } as const;
	});
}

/**
 * Discards a draft (an invoice or a credit note that was never submitted): it has no number, left no trace
 * in the records (the period is locked only at submission) and was never seen by the area, so it is deleted
 * with its lines and events and its period can be opened again. The discard itself stays in the audit log.
 */
export async function discardInvoice(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number): Promise<Result> {
	// A returned invoice has a number and was seen by the area: it is corrected and resubmitted, never discarded.
	return transitionInvoice(db, ctx, actor, invoiceId, { action: 'invoice.discard', from: ['draft'], expectedVersion: version }, async (tx, inv) => {
		await tx.delete(invoices).where(eq(invoices.id, inv.id));
		return { ok: true, audit: 'invoice.discarded', keepVersion: true } as const;
	});
}

/** The next invoice number of a provider: year and a running number ("2026-0007"). */
async function nextNumber(tx: Tx, providerId: string, today: string): Promise<string> {
	// Two submissions of one provider at the same moment take turns here, so no number is given twice.
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${providerId}))`);
	const year = today.slice(0, 4);
	const [{ n }] = await tx
		.select({ n: sql<number>`count(*)::int` })
		.from(invoices)
		.where(and(eq(invoices.providerId, providerId), sql`${invoices.number} like ${year + '-%'}`));
	return `${year}-${String(n + 1).padStart(4, '0')}`;
}

/**
 * Submits a draft or returned invoice: computed once more from the records, refused when empty or when it
 * would take the contract over its budget commitment (the area raises the commitment on the contract),
 * numbered with a reference and due date, and the period's attendance locked. The corrections it bills are
 * settled. The seller's and buyer's details are frozen into it. The reviewers of the area are told.
 */
export async function submitInvoice(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { action: 'invoice.edit', from: OPEN, expectedVersion: version }, async (tx, inv) => {
		const contract = await contractOf(tx, inv);
		let lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, inv.id)).orderBy(asc(invoiceLines.position));
		let correctionIds: string[] = [];
		// Computed again and checked before anything is stored: a refused submission leaves the draft as it was.
		if (inv.kind === 'invoice') {
			const computed = await computeLines(tx, inv, contract);
			if (!computed.priced.ok) return { ok: false, error: 'pricing', pricing: computed.priced.errors } as const;
			// Lines that cancel out (a correction as large as the month's work) still settle the correction: only
			// an invoice with no lines at all is refused.
			if (computed.priced.lines.length === 0) return { ok: false, error: 'empty' } as const;
			const budget = await contractBudget(tx, contract, inv.id);
			if (budget.invoiced + computed.priced.totals.grossCents > contract.budgetCents) return { ok: false, error: 'overBudget' } as const;
			await storeLines(tx, inv.id, computed.priced.lines);
			correctionIds = computed.correctionIds;
			lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, inv.id)).orderBy(asc(invoiceLines.position));
		} else if (lines.length === 0) return { ok: false, error: 'empty' } as const;
		const [fresh] = await tx.select().from(invoices).where(eq(invoices.id, inv.id));
		const now = ctx.clock();
		const today = helsinkiDate(now);
		const number = inv.number ?? (await nextNumber(tx, inv.providerId, today));
		const set = {
			status: 'submitted',
			number,
			issueDate: today,
			dueDate: dueDate(today, contract.paymentTermDays),
			paymentReference: inv.paymentReference ?? createFinnishReference(number.replace(/\D/g, '')),
			// What is sent is frozen: no later change of a register reaches this invoice (invoices/parties.ts).
			parties: await liveParties(tx, inv),
			submittedAt: now,
			submittedBy: actor.userId,
			checkedAt: null,
			checkedBy: null
		} as const;
		if (inv.kind === 'invoice') {
			const [lockedAlready] = await tx.select({ id: periodLocks.id }).from(periodLocks).where(eq(periodLocks.invoiceId, inv.id));
			if (!lockedAlready) await lockPeriod(tx, ctx, inv.contractId, inv.periodFrom, inv.periodUntil, inv.id);
			// Billed corrections of earlier periods, and corrections of this period made while it was returned
			// (already in its own lines), are settled by this invoice.
			await tx
				.update(attendance)
				.set({ settledAt: now })
				.where(
					and(
						eq(attendance.contractId, inv.contractId),
						sql`${attendance.correction}`,
						isNull(attendance.settledAt),
						sql`(${correctionIds.length ? inArray(attendance.id, correctionIds) : sql`false`} or (${attendance.day} between ${inv.periodFrom} and ${inv.periodUntil}))`
					)
				);
		}
		const reviewers = await tx
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(and(eq(memberships.organisationId, inv.areaId), eq(memberships.role, 'invoice_reviewer')));
		await markObjectHandled(tx, ctx.clock, inv.id, ['invoice_returned']);
		await notify(
			tx,
			ctx.clock,
			reviewers.map((r) => r.userId),
			'invoice_submitted',
			`/area/${inv.areaId}/invoices/${inv.id}`
		);
		const snapshot = { lines: lines.map(({ details: _d, ...l }) => l), totals: { net: fresh.netCents, vat: fresh.vatCents, gross: fresh.grossCents } };
		return { ok: true, set, event: { kind: 'submitted', snapshot } } as const;
	});
}

/** The reviewer (asiatarkastaja): returns a submitted invoice with a comment, or marks it checked. */
export async function reviewInvoice(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	invoiceId: string,
	version: number,
	d: { kind: 'return'; comment: string } | { kind: 'check' }
): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { action: 'invoice.review', from: ['submitted'], expectedVersion: version }, async (tx, inv) => {
		await markObjectHandled(tx, ctx.clock, inv.id, ['invoice_submitted']);
		if (d.kind === 'return') {
			await notify(tx, ctx.clock, [inv.submittedBy ?? inv.createdBy], 'invoice_returned', `/provider/${inv.providerId}/invoices/${inv.id}`);
			return { ok: true, set: { status: 'returned' }, event: { kind: 'returned', comment: d.comment } } as const;
		}
		const approvers = await tx
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(and(eq(memberships.organisationId, inv.areaId), eq(memberships.role, 'invoice_approver')));
		await notify(
			tx,
			ctx.clock,
			approvers.map((r) => r.userId).filter((id) => id !== actor.userId),
			'invoice_checked',
			`/area/${inv.areaId}/invoices/${inv.id}`
		);
		return { ok: true, set: { status: 'checked', checkedAt: ctx.clock(), checkedBy: actor.userId }, event: { kind: 'checked' } } as const;
	});
}

/**
 * The approver (hyväksyjä) approves a checked invoice. Separation of duties, on the server: not the person
 * who checked it, nobody who belongs to the provider, and within the approver's own limit when one is set.
 */
export async function approveInvoice(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { action: 'invoice.approve', from: ['checked'], expectedVersion: version }, async (tx, inv) => {
		if (inv.checkedBy === actor.userId) return { ok: false, error: 'sameReviewer' } as const;
		const [providerMember] = await tx
			.select({ userId: memberships.userId })
			.from(memberships)
			.where(and(eq(memberships.organisationId, inv.providerId), eq(memberships.userId, actor.userId)))
			.limit(1);
		if (providerMember || inv.submittedBy === actor.userId || inv.createdBy === actor.userId) return { ok: false, error: 'providerPerson' } as const;
		const [limit] = await tx
			.select({ maxCents: approvalLimits.maxCents })
			.from(approvalLimits)
			.where(and(eq(approvalLimits.areaId, inv.areaId), eq(approvalLimits.userId, actor.userId)));
		if (limit && inv.grossCents > limit.maxCents) return { ok: false, error: 'overLimit' } as const;
		await markObjectHandled(tx, ctx.clock, inv.id, ['invoice_checked']);
		await notify(tx, ctx.clock, [inv.submittedBy ?? inv.createdBy], 'invoice_approved', `/provider/${inv.providerId}/invoices/${inv.id}`);
		return { ok: true, set: { status: 'approved', approvedAt: ctx.clock(), approvedBy: actor.userId }, event: { kind: 'approved' } } as const;
	});
}

/** Marking an approved invoice paid on a day: by hand (with the version seen), or from a payments file (without). */
const paid = (actor: Actor, paidOn: string) => async (): Promise<Done> => ({
	ok: true,
	set: { status: 'paid', paidOn, paidRecordedBy: actor.userId },
	event: { kind: 'paid', comment: paidOn }
});

/** A row of an imported payments file marks its invoice paid, inside the import's transaction. */
export async function markInvoicePaid(tx: Tx, ctx: AuditContext, actor: Actor, invoiceId: string, paidOn: string): Promise<Result> {
	return transitionIn(tx, ctx, actor, invoiceId, { action: 'invoice.markPaid', from: ['approved'], expectedVersion: null }, paid(actor, paidOn));
}

/** The area records by hand that an approved invoice was paid on a day. */
export async function payInvoice(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number, paidOn: string): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { action: 'invoice.markPaid', from: ['approved'], expectedVersion: version }, paid(actor, paidOn));
}

export { createCreditNote } from './credit';
// Moved out of this file (read.ts, approvers.ts); still importable from here.
export { contractBudget, invoicedSpan, listInvoices, type InvoiceFilters } from './read';
export { approverLimits, setApprovalLimit } from './approvers';

/** The languages an invoice to this buyer may be written in: the area's own (Finnish when it names none). */
export function buyerLanguages(languages: string[] | undefined | null): ('fi' | 'sv' | 'en')[] {
	const own = (languages ?? []).filter((l): l is 'fi' | 'sv' | 'en' => l === 'fi' || l === 'sv' || l === 'en');
	return own.length ? own : ['fi'];
}

/** A draft's (or returned invoice's) document language, one of the buyer's. */
export async function setInvoiceLanguage(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number, language: string): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { action: 'invoice.edit', from: OPEN, expectedVersion: version }, async (tx, inv) => {
		const [buyer] = await tx.select({ languages: organisations.languages }).from(organisations).where(eq(organisations.id, inv.areaId));
		const allowed = buyerLanguages(buyer?.languages);
		if (!(allowed as string[]).includes(language)) return { ok: false, error: 'wrongStatus' } as const;
		return { ok: true, set: { language: language as 'fi' | 'sv' | 'en' }, audit: 'invoice.language' } as const;
	});
}

/**
 * Invoices: opened by the provider's finance for a period of a contract, computed from the records by the
 * pricing engine (src/lib/domain/invoicing/pricing.ts), submitted (which locks the period's attendance),
 * checked or returned by the area's reviewer, approved by a different person, marked paid; credit notes
 * correct approved ones. Every transition locks the invoice row and checks the version the person saw, so
 * of two people acting at once exactly one succeeds. Every change is audited in its own transaction.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import { ABSENCE_REASONS, type AbsenceReason } from '$lib/domain/attendance';
import { addDays, helsinkiDate } from '$lib/domain/clock';
import { budgetOf, type Budget } from '$lib/domain/contracts';
import { createFinnishReference } from '$lib/domain/identifiers';
import { dueDate, periodContaining, type Period } from '$lib/domain/invoicing/periods';
import { priceInvoice, type CorrectionFact, type ManualLineInput, type OutcomeCondition } from '$lib/domain/invoicing/pricing';
import { recordAudit, type AuditContext } from '../audit';
import { lockPeriod } from '../attendance/service';
import { rowsOf, type Db, type DbOrTx, type Tx } from '../db/client';
import { approvalLimits, arvis, attendance, contracts, invoiceLines, invoices, meetings, memberships, organisations, participations, periodLocks, priceLines, users, type Contract, type Invoice } from '../db/schema';
import { notify } from '../notifications/service';
import { liveParties } from './parties';
import { canOnInvoice, type Actor } from '../policy';
import { invoiceListScope } from '../policy/scope';
import { invoiceEvent, storeLines, storeTotals, transitionIn, transitionInvoice, type Done, type Result } from './store';

export type { InvoiceError } from './store';

/**
 * The invoices that hold their period: every invoice of the contract except one whose every line approved
 * (or paid) credit notes have credited in full (one whole credit, or partial ones that add up), after which
 * the period can be invoiced again. A partly credited invoice keeps its period.
 */
export const holdsPeriod = sql`(not exists (select 1 from ${invoices} cn where cn.credit_of = ${invoices.id} and cn.status in ('approved', 'paid'))
	or exists (select 1 from ${invoiceLines} l where l.invoice_id = ${invoices.id} and l.net_cents <> coalesce((
		select sum(cl.net_cents) from ${invoiceLines} cl join ${invoices} cn on cn.id = cl.invoice_id
		where cl.credited_line_id = l.id and cn.status in ('approved', 'paid')), 0)))`;

/** Periods of a contract (month or quarter, clipped to its dates) that have ended by `today`. */
export function endedPeriods(c: Pick<Contract, 'startDate' | 'endDate' | 'invoicingPeriod'>, today: string): Period[] {
	const out: Period[] = [];
	for (let from = c.startDate; from <= c.endDate; ) {
		const cal = periodContaining(from, c.invoicingPeriod);
		const until = cal.until < c.endDate ? cal.until : c.endDate;
		if (until >= today) break;
		out.push({ from, until });
		from = addDays(until, 1);
	}
	return out;
}

/**
 * What the records say about a contract's period, in the pricing engine's terms: current day marks, held
 * and missed meetings, starts, outcomes of ARVIs accepted in the period, and the corrections of earlier
 * locked periods not yet settled (with what the earlier invoice counted).
 */
export async function invoiceFacts(tx: DbOrTx, contract: Contract, period: Period) {
	const marks = await tx
		.select({ participationId: attendance.participationId, day: attendance.day, status: attendance.status, reason: attendance.reason })
		.from(attendance)
		.where(and(eq(attendance.contractId, contract.id), sql`${attendance.current}`, isNull(attendance.meetingId), gte(attendance.day, period.from), lte(attendance.day, period.until)));
	const meetingRows = await tx
		.select({
			meetingId: meetings.id,
			participationId: meetings.participationId,
			day: meetings.day,
			minutes: meetings.durationMinutes,
			// Named in full: in a one-table select drizzle would write a bare "id", which the subquery reads as a.id.
			held: sql<boolean>`exists (select 1 from ${attendance} a where a.meeting_id = "meetings"."id" and a.current and a.status = 'present')`
		})
		.from(meetings)
		.where(and(eq(meetings.contractId, contract.id), isNull(meetings.cancelledAt), gte(meetings.day, period.from), lte(meetings.day, period.until)));
	const starts = await tx
		.select({ participationId: participations.id, day: participations.startDate })
		.from(participations)
		.where(and(eq(participations.contractId, contract.id), ne(participations.status, 'starting'), gte(participations.startDate, period.from), lte(participations.startDate, period.until)));
	const outcomeRows = await tx
		.select({ participationId: arvis.participationId, outcome: arvis.outcome, decidedAt: arvis.decidedAt })
		.from(arvis)
		.where(and(eq(arvis.contractId, contract.id), eq(arvis.status, 'accepted')));
	const outcomes = outcomeRows
		.filter((o) => o.outcome && o.decidedAt)
		.map((o) => ({ participationId: o.participationId, day: helsinkiDate(o.decidedAt!), outcome: o.outcome as OutcomeCondition }))
		.filter((o) => o.day >= period.from && o.day <= period.until);
	// Corrections: the current row of a locked day made after the lock, and what the invoice counted then
	// (the newest row of that day that was settled or was not a correction).
	type CorrectionRow = { id: string; participation_id: string; day: string; status: string; reason: string | null; before_status: string | null; before_reason: string | null };
	const correctionRows = await tx.execute<CorrectionRow>(sql`
		select a.id, a.participation_id, a.day::text as day, a.status, a.reason, b.status as before_status, b.reason as before_reason
		from ${attendance} a
		left join lateral (
			select h.status, h.reason from ${attendance} h
			where h.participation_id = a.participation_id and h.day = a.day and h.meeting_id is null and h.id <> a.id
				and (not h.correction or h.settled_at is not null)
			order by h.received_at desc limit 1
		) b on true
		where a.contract_id = ${contract.id} and a.current and a.correction and a.settled_at is null and a.meeting_id is null and a.day < ${period.from}::date`);
	const corrections: CorrectionFact[] = rowsOf<CorrectionRow>(correctionRows).map((r) => ({
		participationId: r.participation_id,
		day: r.day,
		before: r.before_status ? { status: r.before_status as 'present' | 'absent', reason: r.before_reason as AbsenceReason | null } : null,
		after: { status: r.status as 'present' | 'absent', reason: r.reason as AbsenceReason | null },
		originalPeriod: r.day.slice(0, 7)
	}));
	const lines = await tx.select().from(priceLines).where(eq(priceLines.contractId, contract.id));
	const lumpSum = lines.some((l) => l.unit === 'lump_sum');
	return {
		priceLines: lines,
		billableAbsences: contract.billableAbsences.filter((r): r is AbsenceReason => (ABSENCE_REASONS as readonly string[]).includes(r)),
		marks: marks.map((m) => ({ ...m, reason: m.reason as AbsenceReason | null })),
		meetings: meetingRows.map((m) => ({ meetingId: m.meetingId, participationId: m.participationId, day: m.day, minutes: m.minutes, status: m.held ? ('held' as const) : ('not_held' as const) })),
		starts,
		outcomes,
		lumpSums: lumpSum ? [{ day: period.from }] : [],
		corrections,
		correctionIds: rowsOf<CorrectionRow>(correctionRows).map((r) => r.id)
	};
}

/**
 * The invoice's lines computed again from the records, with its manual lines (and `extra`, one being
 * added). Nothing is stored here: the caller stores the lines only when the pricing engine accepts them.
 */
async function compute(tx: Tx, invoice: Pick<Invoice, 'id' | 'periodFrom' | 'periodUntil'>, contract: Contract, extra: ManualLineInput[] = []) {
	const period = { from: invoice.periodFrom, until: invoice.periodUntil };
	const manual = await tx.select().from(invoiceLines).where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.kind, 'manual'))).orderBy(asc(invoiceLines.position));
	const f = await invoiceFacts(tx, contract, period);
	const manualLines: ManualLineInput[] = [
		...manual.map((m) => ({ description: m.description, quantityHundredths: m.quantityHundredths, unitPriceCents: m.unitPriceCents, vatRateBp: m.vatRateBp, justification: m.justification ?? '', vatExemption: m.vatExemption })),
		...extra
	];
	const priced = priceInvoice({ period, ...f, manualLines });
	return { priced, correctionIds: f.correctionIds };
}

/**
 * Opens the invoice of one ended, not yet invoiced period of a contract (one open invoice per contract at a
 * time) and computes its lines.
 */
export async function openInvoice(db: Db, ctx: AuditContext, actor: Actor, contractId: string, period: Period): Promise<Result<{ invoiceId: string; grossCents: number }>> {
	return db.transaction(async (tx) => {
		const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId)).for('update');
		if (!contract || !canOnInvoice(actor, 'invoice.edit', contract)) return { ok: false, error: 'notFound' } as const;
		const today = helsinkiDate(ctx.clock());
		if (!endedPeriods(contract, today).some((p) => p.from === period.from && p.until === period.until)) return { ok: false, error: period.until >= today ? 'periodNotEnded' : 'periodOutside' } as const;
		const existing = await tx.select({ status: invoices.status, periodFrom: invoices.periodFrom }).from(invoices).where(and(eq(invoices.contractId, contractId), eq(invoices.kind, 'invoice'), holdsPeriod));
		if (existing.some((i) => i.periodFrom === period.from)) return { ok: false, error: 'periodTaken' } as const;
		if (existing.some((i) => i.status === 'draft' || i.status === 'returned')) return { ok: false, error: 'openInvoiceExists' } as const;
		const { priced } = await compute(tx, { id: '00000000-0000-0000-0000-000000000000', periodFrom: period.from, periodUntil: period.until }, contract);
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
		const { priced } = await compute(tx, inv, await contractOf(tx, inv));
		if (!priced.ok) return { ok: false, error: 'pricing', pricing: priced.errors } as const;
		await storeLines(tx, inv.id, priced.lines);
		return { ok: true, event: { kind: 'recomputed' } } as const;
	});
}

/** A line typed by finance, with its written justification (the reviewer sees it highlighted). */
export async function addManualLine(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number, line: ManualLineInput): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { ...EDIT, expectedVersion: version }, async (tx, inv) => {
		const { priced } = await compute(tx, inv, await contractOf(tx, inv), [line]);
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
			.where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, inv.id), eq(invoiceLines.kind, 'manual')))
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

/** Sums of a contract's invoices in integer cents: submitted (and later), approved (and paid), paid; credit notes subtract. */
export async function contractBudget(db: DbOrTx, contract: Pick<Contract, 'id' | 'budgetCents'>, exceptInvoiceId?: string): Promise<Budget> {
	const signed = sql`case when ${invoices.kind} = 'credit_note' then -${invoices.grossCents} else ${invoices.grossCents} end`;
	const [row] = await db
		.select({
			invoiced: sql<number>`coalesce(sum(${signed}) filter (where ${invoices.status} in ('submitted', 'checked', 'approved', 'paid')), 0)::bigint`,
			approved: sql<number>`coalesce(sum(${signed}) filter (where ${invoices.status} in ('approved', 'paid')), 0)::bigint`,
			paid: sql<number>`coalesce(sum(${signed}) filter (where ${invoices.status} = 'paid'), 0)::bigint`
		})
		.from(invoices)
		.where(and(eq(invoices.contractId, contract.id), exceptInvoiceId ? ne(invoices.id, exceptInvoiceId) : undefined));
	return budgetOf(contract.budgetCents, Number(row.invoiced), Number(row.approved), Number(row.paid));
}

/** The next invoice number of a provider: year and a running number ("2026-0007"). */
async function nextNumber(tx: Tx, providerId: string, today: string): Promise<string> {
	// Two submissions of one provider at the same moment take turns here, so no number is given twice.
	await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${providerId}))`);
	const year = today.slice(0, 4);
	const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(invoices).where(and(eq(invoices.providerId, providerId), sql`${invoices.number} like ${year + '-%'}`));
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
			const computed = await compute(tx, inv, contract);
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
		const reviewers = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.organisationId, inv.areaId), eq(memberships.role, 'invoice_reviewer')));
		await notify(tx, ctx.clock, reviewers.map((r) => r.userId), 'invoice_submitted', `/area/${inv.areaId}/invoices/${inv.id}`);
		const snapshot = { lines: lines.map(({ details: _d, ...l }) => l), totals: { net: fresh.netCents, vat: fresh.vatCents, gross: fresh.grossCents } };
		return { ok: true, set, event: { kind: 'submitted', snapshot } } as const;
	});
}

/** The reviewer (asiatarkastaja): returns a submitted invoice with a comment, or marks it checked. */
export async function reviewInvoice(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number, d: { kind: 'return'; comment: string } | { kind: 'check' }): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { action: 'invoice.review', from: ['submitted'], expectedVersion: version }, async (tx, inv) => {
		if (d.kind === 'return') {
			await notify(tx, ctx.clock, [inv.submittedBy ?? inv.createdBy], 'invoice_returned', `/provider/${inv.providerId}/invoices/${inv.id}`);
			return { ok: true, set: { status: 'returned' }, event: { kind: 'returned', comment: d.comment } } as const;
		}
		const approvers = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.organisationId, inv.areaId), eq(memberships.role, 'invoice_approver')));
		await notify(tx, ctx.clock, approvers.map((r) => r.userId).filter((id) => id !== actor.userId), 'invoice_checked', `/area/${inv.areaId}/invoices/${inv.id}`);
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
		const [providerMember] = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.organisationId, inv.providerId), eq(memberships.userId, actor.userId))).limit(1);
		if (providerMember || inv.submittedBy === actor.userId || inv.createdBy === actor.userId) return { ok: false, error: 'providerPerson' } as const;
		const [limit] = await tx.select({ maxCents: approvalLimits.maxCents }).from(approvalLimits).where(and(eq(approvalLimits.areaId, inv.areaId), eq(approvalLimits.userId, actor.userId)));
		if (limit && inv.grossCents > limit.maxCents) return { ok: false, error: 'overLimit' } as const;
		await notify(tx, ctx.clock, [inv.submittedBy ?? inv.createdBy], 'invoice_approved', `/provider/${inv.providerId}/invoices/${inv.id}`);
		return { ok: true, set: { status: 'approved', approvedAt: ctx.clock(), approvedBy: actor.userId }, event: { kind: 'approved' } } as const;
	});
}

/** Marking an approved invoice paid on a day: by hand (with the version seen), or from a payments file (without). */
const paid = (actor: Actor, paidOn: string) => async (): Promise<Done> => ({ ok: true, set: { status: 'paid', paidOn, paidRecordedBy: actor.userId }, event: { kind: 'paid', comment: paidOn } });

/** A row of an imported payments file marks its invoice paid, inside the import's transaction. */
export async function markInvoicePaid(tx: Tx, ctx: AuditContext, actor: Actor, invoiceId: string, paidOn: string): Promise<Result> {
	return transitionIn(tx, ctx, actor, invoiceId, { action: 'invoice.markPaid', from: ['approved'], expectedVersion: null }, paid(actor, paidOn));
}

/** The area records by hand that an approved invoice was paid on a day. */
export async function payInvoice(db: Db, ctx: AuditContext, actor: Actor, invoiceId: string, version: number, paidOn: string): Promise<Result> {
	return transitionInvoice(db, ctx, actor, invoiceId, { action: 'invoice.markPaid', from: ['approved'], expectedVersion: version }, paid(actor, paidOn));
}

export { createCreditNote } from './credit';

export interface InvoiceFilters {
	status?: (typeof invoices.$inferSelect)['status'];
	contractId?: string;
	/** The area's list: one provider's invoices. */
	providerId?: string;
	period?: string;
}

/** Invoices of an organisation, scoped in SQL, with their cycle times (submitted → checked → approved). */
export async function listInvoices(db: DbOrTx, actor: Actor, organisationId: string, f: InvoiceFilters) {
	const hours = (a: unknown, b: unknown) => sql<number | null>`round(extract(epoch from (${b} - ${a})) / 3600)::int`;
	return db
		.select({
			id: invoices.id,
			kind: invoices.kind,
			status: invoices.status,
			number: invoices.number,
			periodFrom: invoices.periodFrom,
			periodUntil: invoices.periodUntil,
			grossCents: invoices.grossCents,
			dueDate: invoices.dueDate,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			providerName: sql<string>`(select name from organisations o where o.id = ${invoices.providerId})`,
			submittedAt: invoices.submittedAt,
			hoursToCheck: hours(invoices.submittedAt, invoices.checkedAt),
			hoursToApprove: hours(invoices.checkedAt, invoices.approvedAt)
		})
		.from(invoices)
		.innerJoin(contracts, eq(invoices.contractId, contracts.id))
		.where(
			and(
				invoiceListScope(actor, organisationId),
				f.status ? eq(invoices.status, f.status) : undefined,
				f.contractId ? eq(invoices.contractId, f.contractId) : undefined,
				f.providerId ? eq(invoices.providerId, f.providerId) : undefined,
				f.period ? and(lte(invoices.periodFrom, periodContaining(`${f.period}-01`, 'month').until), gte(invoices.periodUntil, `${f.period}-01`)) : undefined
			)
		)
		.orderBy(desc(invoices.periodFrom), desc(invoices.createdAt))
		.limit(300);
}


/** The area's invoice approvers and their own limits (null = no limit). */
export async function approverLimits(db: DbOrTx, areaId: string) {
	return db
		.select({ userId: memberships.userId, name: users.name, maxCents: approvalLimits.maxCents })
		.from(memberships)
		.innerJoin(users, eq(memberships.userId, users.id))
		.leftJoin(approvalLimits, and(eq(approvalLimits.areaId, memberships.organisationId), eq(approvalLimits.userId, memberships.userId)))
		.where(and(eq(memberships.organisationId, areaId), eq(memberships.role, 'invoice_approver'), eq(users.active, true)))
		.orderBy(asc(users.name));
}

/** Sets (or, with null, removes) an approver's limit in the area; only for the area's own approvers. */
export async function setApprovalLimit(db: Db, ctx: AuditContext, areaId: string, userId: string, maxCents: number | null): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [approver] = await tx.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.organisationId, areaId), eq(memberships.userId, userId), eq(memberships.role, 'invoice_approver')));
		if (!approver) return false;
		if (maxCents === null) await tx.delete(approvalLimits).where(and(eq(approvalLimits.areaId, areaId), eq(approvalLimits.userId, userId)));
		else await tx.insert(approvalLimits).values({ areaId, userId, maxCents }).onConflictDoUpdate({ target: [approvalLimits.areaId, approvalLimits.userId], set: { maxCents } });
		await recordAudit(tx, ctx, { action: 'invoice.approval_limit', areaId, targetType: 'user', targetIds: [userId] });
		return true;
	});
}

/** The first and last invoiced day of a contract (submitted and later invoices), for the run-rate projection. */
export async function invoicedSpan(db: DbOrTx, contractId: string): Promise<{ from: string; lastUntil: string } | null> {
	const [r] = await db
		.select({ from: sql<string | null>`min(${invoices.periodFrom})::text`, lastUntil: sql<string | null>`max(${invoices.periodUntil})::text` })
		.from(invoices)
		.where(and(eq(invoices.contractId, contractId), eq(invoices.kind, 'invoice'), inArray(invoices.status, ['submitted', 'checked', 'approved', 'paid'])));
	return r?.from && r.lastUntil ? { from: r.from, lastUntil: r.lastUntil } : null;
}

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

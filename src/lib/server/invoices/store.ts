/**
 * What the invoice transitions share: the refusals they answer with, the one transition helper (row lock,
 * policy, version, source status, change, version bump, event and audit in one transaction), storing
 * computed lines with their VAT breakdown and totals, and the invoice event that is audited in the same
 * transaction.
 */
import { eq } from 'drizzle-orm';
import { totalsOf, vatBreakdown, type ComputedLine, type PricingError } from '$lib/domain/invoicing/pricing';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx, Tx } from '../db/client';
import { invoiceEvents, invoiceLines, invoices, type Invoice } from '../db/schema';
import { canOnInvoice, type Actor, type InvoiceAction } from '../policy';
import { bindReductions } from '../remarks/reductions';

export type InvoiceError =
	| 'notFound'
	| 'stale'
	| 'wrongStatus'
	| 'periodTaken'
	| 'periodNotEnded'
	| 'periodOutside'
	| 'openInvoiceExists'
	| 'empty'
	| 'overBudget'
	| 'sameReviewer'
	| 'providerPerson'
	| 'overLimit'
	| 'pricing'
	| 'notCreditable'
	| 'nothingToCredit'
	| 'overCredit';

export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: InvoiceError; pricing?: PricingError[] };

export type Refusal = Extract<Result, { ok: false }>;

export type InvoiceEventKind = (typeof invoiceEvents.$inferInsert)['kind'];

/** Locks the invoice row; with it, the version and status checks of every transition. */
export async function lockInvoice(tx: Tx, invoiceId: string) {
	const [row] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).for('update');
	return row;
}

/** Who may take a transition, from where. */
export interface TransitionRule {
	/** Through the policy module: an actor who may not read the invoice, or may not do this, is answered notFound. */
	action: InvoiceAction;
	/** The statuses it starts from (else wrongStatus). */
	from: readonly Invoice['status'][];
	/** Only this kind takes it (else wrongStatus): a credit note is never recomputed, edited or credited. */
	kind?: Invoice['kind'];
	/** The version the person saw (else stale); null where no page version is involved (payments import, crediting). */
	expectedVersion: number | null;
}

/** What a change did: the columns it sets (with the version bump) and what is recorded of it. */
export interface Done<T extends object = object> {
	ok: true;
	set?: Partial<typeof invoices.$inferInsert>;
	/** The invoice event (audited as `invoice.<kind>`). */
	event?: { kind: InvoiceEventKind; comment?: string | null; snapshot?: unknown };
	/** An audit entry without an invoice event (a discarded draft has no events left; the language is no event). */
	audit?: 'invoice.discarded' | 'invoice.language';
	/** The invoice row is not changed (it was credited, or deleted): no version bump. */
	keepVersion?: boolean;
	value?: T;
}

type ValueOf<R> = R extends { ok: true; value?: infer T } ? T : never;
/** A transition's answer: the shared refusals, the change's own, or success with the change's value. */
export type Outcome<R> = Refusal | Exclude<R, { ok: true }> | ({ ok: true } & ValueOf<R>);

/**
 * The one invoice transition: locks the row (of two people acting at once exactly one succeeds), authorises
 * through the policy module, checks the version the person saw and the source status, runs the change, bumps
 * the version and records the invoice event and audit, all in one transaction. A refusal changes nothing.
 */
export async function transitionInvoice<R extends Done<object> | { ok: false }>(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	invoiceId: string,
	rule: TransitionRule,
	change: (tx: Tx, inv: Invoice) => Promise<R>
): Promise<Outcome<R>> {
	return db.transaction((tx) => transitionIn(tx, ctx, actor, invoiceId, rule, change));
}

/** `transitionInvoice` inside a transaction the caller holds (the payments import: one transaction for the file). */
export async function transitionIn<R extends Done<object> | { ok: false }>(
	tx: Tx,
	ctx: AuditContext,
	actor: Actor,
	invoiceId: string,
	rule: TransitionRule,
	change: (tx: Tx, inv: Invoice) => Promise<R>
): Promise<Outcome<R>> {
	const inv = await lockInvoice(tx, invoiceId);
	if (!inv || !canOnInvoice(actor, 'invoice.read', inv) || !canOnInvoice(actor, rule.action, inv)) return { ok: false, error: 'notFound' };
	if (rule.expectedVersion !== null && inv.version !== rule.expectedVersion) return { ok: false, error: 'stale' };
	if (!rule.from.includes(inv.status) || (rule.kind && inv.kind !== rule.kind)) return { ok: false, error: 'wrongStatus' };
	const done = await change(tx, inv);
	if (!done.ok) return done as Exclude<R, { ok: true }>;
	if (!done.keepVersion)
		await tx
			.update(invoices)
			.set({ ...done.set, version: inv.version + 1 })
			.where(eq(invoices.id, inv.id));
	if (done.event) await invoiceEvent(tx, ctx, inv, done.event.kind, done.event.comment ?? null, done.event.snapshot ?? null);
	if (done.audit) await recordAudit(tx, ctx, { action: done.audit, areaId: inv.areaId, targetType: 'invoice', targetIds: [inv.id] });
	return { ok: true, ...(done as Done<ValueOf<R>>).value } as Outcome<R>;
}

/** Replaces the invoice's lines (a credit note's name the line each credits) and stores its totals. */
export async function storeLines(tx: Tx, invoiceId: string, lines: (ComputedLine & { creditedLineId?: string | null })[]) {
	await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
	if (lines.length)
		await tx.insert(invoiceLines).values(
			lines.map((l, position) => ({
				invoiceId,
				position,
				kind: l.kind,
				unit: l.unit,
				priceLineId: l.priceLineId,
				description: l.description,
				quantityHundredths: l.quantityHundredths,
				unitPriceCents: l.unitPriceCents,
				vatRateBp: l.vatRateBp,
				netCents: l.netCents,
				vatExemption: l.vatExemption ?? null,
				justification: l.justification,
				details: l.details,
				creditedLineId: l.creditedLineId ?? null,
				remarkId: l.remarkId ?? null
			}))
		);
	await bindReductions(tx, invoiceId, lines);
	return storeTotals(tx, invoiceId, lines);
}

/** The invoice's VAT breakdown and totals from its lines. */
export async function storeTotals(tx: Tx, invoiceId: string, lines: { vatRateBp: number; netCents: number }[]) {
	const vat = vatBreakdown(lines);
	const totals = totalsOf(lines, vat);
	await tx.update(invoices).set({ vat, netCents: totals.netCents, vatCents: totals.vatCents, grossCents: totals.grossCents }).where(eq(invoices.id, invoiceId));
	return totals;
}

export async function invoiceEvent(
	tx: DbOrTx,
	ctx: AuditContext,
	invoice: Pick<Invoice, 'id' | 'areaId'>,
	kind: InvoiceEventKind,
	comment: string | null = null,
	snapshot: unknown = null
) {
	await tx.insert(invoiceEvents).values({ invoiceId: invoice.id, kind, at: ctx.clock(), by: ctx.userId!, comment, snapshot });
	await recordAudit(tx, ctx, { action: `invoice.${kind}`, areaId: invoice.areaId, targetType: 'invoice', targetIds: [invoice.id] });
}

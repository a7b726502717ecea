/**
 * The invoice pages of both workspaces: the provider's list (where the next period is opened) and invoice
 * (recompute, manual lines, submit, credit note), the area's list and invoice (return, check, approve,
 * paid), and for both the per-customer specification (audited) and the printable document (no customers).
 * Every load and action authorizes through the policy module; an invoice under another organisation's URL
 * is 404. Refusals come back as message codes; a refusal is never a server error.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { helsinkiDate, isIsoDate } from '$lib/domain/clock';
import { parseEuros, VAT_RATES_BP } from '$lib/domain/contracts';
import { bankBarcode } from '$lib/domain/invoicing/barcode';
import { documentKind } from '$lib/domain/invoicing/credit';
import type { PricingError } from '$lib/domain/invoicing/pricing';
import type { MessageKey } from '$lib/i18n';
import { auditContext, recordAudit } from '../audit';
import { getDb } from '../db';
import { INVOICE_STATUSES } from '../db/schema';
import { breakdownExemption, TEXTS } from '../einvoice/document';
import { field } from '../forms';
import { isPlausibleDay, versionOf } from '../forms/schemas';
import { authorizeInOrg, authorizeInvoice, canInOrg, canOnInvoice, membershipIn, type Actor, type InvoiceAction } from '../policy';
import { creditOverview, isCreditable } from './credit';
import { importPayments, invoiceDocument } from './exports';
import { bankAccountWarning, partiesOf } from './parties';
import { contractsForFilter, getInvoiceDetail, getSpecification, invoiceScopeOf, isRemovableLine, openablePeriods } from './read';
import {
	addManualLine,
	approveInvoice,
	approverLimits,
	contractBudget,
	createCreditNote,
	discardInvoice,
	listInvoices,
	openInvoice,
	payInvoice,
	recomputeInvoice,
	removeManualLine,
	reviewInvoice,
	setApprovalLimit,
	setInvoiceLanguage,
	buyerLanguages,
	submitInvoice,
	type InvoiceError
} from './service';

export type Side = 'area' | 'provider';
export type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; invoiceId?: string } };

export const COMMENT_MAX = 1000;
export const DESCRIPTION_MAX = 200;
export const JUSTIFICATION_MAX = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A member allowed to list invoices, in a workspace of the right kind (the URL's /area or /provider). */
export function inWorkspace(event: Ev, side: Side) {
	const orgId = event.params.orgId;
	const actor = authorizeInOrg(event.locals.actor, 'invoice.list', orgId);
	if (membershipIn(actor, orgId)?.kind !== side) error(404, 'notFound');
	return actor;
}

/**
 * The invoice as seen from this workspace: 404 unless it belongs to the organisation in the URL (as buyer
 * on /area, as seller on /provider) and the actor may read it; 403 when they may read but not do `action`.
 */
export async function invoiceIn(event: Ev, side: Side, action: InvoiceAction = 'invoice.read') {
	const { orgId, invoiceId } = event.params;
	if (!event.locals.actor) error(401, 'unauthenticated');
	const db = await getDb();
	const scope = invoiceId && UUID.test(invoiceId) ? await invoiceScopeOf(db, invoiceId) : undefined;
	const m = membershipIn(event.locals.actor, orgId);
	const here = scope && m?.kind === side && (side === 'area' ? scope.areaId : scope.providerId) === orgId ? scope : undefined;
	const actor = authorizeInvoice(event.locals.actor, action, here);
	return { actor, db, scope: here!, ctx: auditContext(event, orgId) };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
	value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/** Lists with filters from the query string (unknown values are ignored); the provider's also offers the periods it may open. */
export async function loadInvoiceList(event: Ev, side: Side) {
	const orgId = event.params.orgId;
	const actor = inWorkspace(event, side);
	const db = await getDb();
	const q = event.url.searchParams;
	const contractId = q.get('contract') ?? '';
	const providerId = q.get('provider') ?? '';
	const period = q.get('period') ?? '';
	const filters = {
		status: pick(INVOICE_STATUSES, q.get('status')),
		contractId: UUID.test(contractId) ? contractId : undefined,
		providerId: side === 'area' && UUID.test(providerId) ? providerId : undefined,
		period: MONTH.test(period) ? period : undefined
	};
	const canOpen = side === 'provider' && canOnInvoice(actor, 'invoice.edit', { areaId: '', providerId: orgId });
	// Independent statements, sent at once.
	const [shown, contracts, openable, approvers] = await Promise.all([
		listInvoices(db, actor, orgId, filters),
		contractsForFilter(db, orgId, side),
		canOpen ? openablePeriods(db, orgId, helsinkiDate(event.locals.clock())) : [],
		/** The area admin sets each approver's own limit (invoices above it need another approver). */
		side === 'area' && canInOrg(actor, 'invoice.setLimits', orgId) ? approverLimits(db, orgId) : null
	]);
	return {
		side,
		filters: { status: filters.status ?? null, contractId: filters.contractId ?? null, providerId: filters.providerId ?? null, period: filters.period ?? null },
		contracts,
		invoices: shown.map((r) => ({ ...r, submittedAt: iso(r.submittedAt) })),
		openable,
		canImportPayments: side === 'area' && canOnInvoice(actor, 'invoice.markPaid', { areaId: orgId, providerId: '' }),
		approvers
	};
}

/** Largest payments file taken (a month of a big area's payments is a few hundred rows). */
export const PAYMENTS_FILE_MAX = 1_000_000;

/** Area: a payments file from the finance system marks approved invoices paid, row by row. */
async function importPaymentsAction(event: Ev) {
	const orgId = event.params.orgId;
	const actor = inWorkspace(event, 'area');
	if (!canOnInvoice(actor, 'invoice.markPaid', { areaId: orgId, providerId: '' })) error(403, 'forbidden');
	const file = (await event.request.formData()).get('file');
	if (!(file instanceof File) || file.size === 0) return fail(400, { form: 'payments', message: 'invoices.payments.noFile' as MessageKey });
	if (file.size > PAYMENTS_FILE_MAX) return fail(400, { form: 'payments', message: 'invoices.payments.tooLarge' as MessageKey });
	const rows = await importPayments(await getDb(), auditContext(event, orgId), actor, orgId, await file.text());
	return { form: 'payments', payments: rows, success: 'invoices.payments.done' as MessageKey };
}

/** Area admin: an approver's limit in euros, or empty for none. */
async function setLimitAction(event: Ev) {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'invoice.setLimits', orgId);
	const data = await event.request.formData();
	const userId = field(data, 'userId');
	const raw = field(data, 'limit').trim();
	const cents = raw === '' ? null : parseEuros(raw);
	if (!UUID.test(userId)) return fail(400, { form: 'limit', message: 'errors.invalidInput' as MessageKey });
	if (raw !== '' && cents === null) return fail(400, { form: 'limit', userId, errors: { limit: 'errors.moneyInvalid' as MessageKey }, values: { limit: raw } });
	const ok = await setApprovalLimit(await getDb(), auditContext(event, orgId), orgId, userId, cents);
	return ok ? { form: 'limit', userId, success: 'invoices.limits.saved' as MessageKey } : fail(404, { form: 'limit', message: 'errors.notFound' as MessageKey });
}

export const invoiceListAreaActions = { importPayments: importPaymentsAction, setLimit: setLimitAction };

/** The service's refusals: the message shown, and the HTTP status (409 for someone else's change, never 500). */
const ERROR_KEY: Record<InvoiceError, MessageKey> = {
	notFound: 'errors.notFound',
	stale: 'invoices.error.stale',
	wrongStatus: 'invoices.error.wrongStatus',
	periodTaken: 'invoices.error.periodTaken',
	periodNotEnded: 'invoices.error.periodNotEnded',
	periodOutside: 'invoices.error.periodOutside',
	openInvoiceExists: 'invoices.error.openInvoiceExists',
	empty: 'invoices.error.empty',
	overBudget: 'invoices.error.overBudget',
	sameReviewer: 'invoices.error.sameReviewer',
	providerPerson: 'invoices.error.providerPerson',
	overLimit: 'invoices.error.overLimit',
	pricing: 'invoices.error.pricing',
	notCreditable: 'invoices.error.notCreditable',
	nothingToCredit: 'invoices.error.nothingToCredit',
	overCredit: 'invoices.error.overCredit'
};
const ERROR_STATUS: Partial<Record<InvoiceError, number>> = {
	notFound: 404,
	stale: 409,
	wrongStatus: 409,
	periodTaken: 409,
	openInvoiceExists: 409,
	sameReviewer: 403,
	providerPerson: 403,
	overLimit: 403
};

export function refused(form: string, e: InvoiceError, extra: Record<string, unknown> = {}) {
	const key = form === 'credit' && e === 'openInvoiceExists' ? 'invoices.error.creditExists' : ERROR_KEY[e];
	return fail(ERROR_STATUS[e] ?? 400, { form, message: key as MessageKey, ...extra });
}

const badVersion = (form: string) => fail(400, { form, message: 'errors.invalidInput' as MessageKey });

/** The provider opens an ended, not yet invoiced period of one of its contracts: to the new invoice. */
async function openAction(event: Ev) {
	const orgId = event.params.orgId;
	const actor = inWorkspace(event, 'provider');
	const db = await getDb();
	const data = await event.request.formData();
	const contractId = field(data, 'contractId');
	const m = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/.exec(field(data, 'period'));
	const values = { contractId, period: field(data, 'period') };
	const mine = UUID.test(contractId) ? (await openablePeriods(db, orgId, helsinkiDate(event.locals.clock()))).find((c) => c.contractId === contractId) : undefined;
	if (!mine) return fail(400, { form: 'open', values, errors: { period: 'errors.contractNotFound' as MessageKey }, message: 'errors.checkFields' as MessageKey });
	if (!m || !isIsoDate(m[1]) || !isIsoDate(m[2])) return fail(400, { form: 'open', values, errors: { period: 'errors.choose' as MessageKey }, message: 'errors.checkFields' as MessageKey });
	// Only periods with billable records are offered: an empty one would make a 0 € draft that cannot be sent.
	if (!mine.periods.some((p) => p.from === m[1] && p.until === m[2])) return fail(400, { form: 'open', values, errors: { period: 'invoices.open.nothingRecorded' as MessageKey }, message: 'errors.checkFields' as MessageKey });
	const r = await openInvoice(db, auditContext(event, orgId), actor, contractId, { from: m[1], until: m[2] });
	if (!r.ok) return refused('open', r.error, { values });
	redirect(303, `/provider/${orgId}/invoices/${r.invoiceId}`);
}

export const invoiceListProviderActions = { open: openAction };

type SentLine = { description: string; quantityHundredths: number; unitPriceCents: number; vatRateBp: number; netCents: number };

/** A submission's snapshot (see submitInvoice) as the page shows it; null for other events. */
function sentVersion(snapshot: unknown): { grossCents: number; lines: SentLine[] } | null {
	const s = snapshot as { lines?: SentLine[]; totals?: { gross?: number } } | null;
	if (!s?.lines || typeof s.totals?.gross !== 'number') return null;
	return { grossCents: s.totals.gross, lines: s.lines.map(({ description, quantityHundredths, unitPriceCents, vatRateBp, netCents }) => ({ description, quantityHundredths, unitPriceCents, vatRateBp, netCents })) };
}

/** The invoice page: header, lines, VAT, events, budget, and what this person may do with it now. */
export async function loadInvoicePage(event: Ev, side: Side) {
	const { actor, db, scope } = await invoiceIn(event, side);
	const d = await getInvoiceDetail(db, scope.id);
	if (!d) error(404, 'notFound');
	const inv = d.invoice;
	const budget = await contractBudget(db, d.contract);
	const open = inv.status === 'draft' || inv.status === 'returned';
	// A draft does not count as invoiced yet: show what would remain once it is submitted.
	const afterThis = open && inv.kind === 'invoice' ? budget.remaining - inv.grossCents : null;
	const lastReturn = [...d.events].reverse().find((e) => e.kind === 'returned') ?? null;
	const parties = await partiesOf(db, inv);
	const bankChanged = inv.kind === 'invoice' ? await bankAccountWarning(db, inv, parties) : null;
	const provider = side === 'provider' && canOnInvoice(actor, 'invoice.edit', scope);
	const area = (a: InvoiceAction) => side === 'area' && canOnInvoice(actor, a, scope);
	// What has been credited of an approved invoice and what remains (shown to both sides).
	const credit = inv.kind === 'invoice' && (inv.status === 'approved' || inv.status === 'paid') ? await creditOverview(db, inv) : null;
	const creditable = provider && isCreditable(inv);
	return {
		side,
		today: helsinkiDate(event.locals.clock()),
		invoice: {
			id: inv.id,
			kind: inv.kind,
			/** How it is issued: a negative total is a credit note (domain/invoicing/credit.ts). */
			issuedAs: documentKind(inv),
			status: inv.status,
			number: inv.number,
			periodFrom: inv.periodFrom,
			periodUntil: inv.periodUntil,
			issueDate: inv.issueDate,
			dueDate: inv.dueDate,
			paymentReference: inv.paymentReference,
			specificationId: inv.specificationId,
			language: inv.language,
			netCents: inv.netCents,
			vatCents: inv.vatCents,
			grossCents: inv.grossCents,
			vat: inv.vat,
			version: inv.version,
			createdAt: inv.createdAt.toISOString(),
			submittedAt: iso(inv.submittedAt),
			checkedAt: iso(inv.checkedAt),
			approvedAt: iso(inv.approvedAt),
			paidOn: inv.paidOn,
			checkedByYou: inv.checkedBy === actor.userId
		},
		lines: d.lines.map((l) => ({
			id: l.id,
			kind: l.kind,
			unit: l.unit,
			description: l.description,
			quantityHundredths: l.quantityHundredths,
			unitPriceCents: l.unitPriceCents,
			vatRateBp: l.vatRateBp,
			netCents: l.netCents,
			justification: l.justification,
			records: l.details.length
		})),
		// Each submission as it was sent (the provider may correct and resubmit; earlier versions stay readable).
		events: d.events.map((e) => ({ id: e.id, kind: e.kind, at: e.at.toISOString(), byName: e.byName, comment: e.comment, sent: sentVersion(e.snapshot) })),
		returnComment: inv.status === 'returned' && lastReturn ? { comment: lastReturn.comment, at: lastReturn.at.toISOString(), byName: lastReturn.byName } : null,
		contract: { id: d.contract.id, number: parties.contractNumber, title: d.contract.title },
		providerName: parties.seller.name,
		areaName: parties.buyer.name,
		/** "The bank account changed since the last approved invoice" (old and new IBAN), or null. */
		bankChanged,
		/** The document languages the draft may be switched to (a bilingual area's two). */
		languages: provider && open ? buyerLanguages(d.buyer.languages) : [],
		budget: { ...budget, afterThis },
		original: d.original ? { id: d.original.id, number: d.original.number } : null,
		creditNote: d.creditNote,
		credit,
		can: {
			edit: provider && open && inv.kind === 'invoice',
			submit: provider && open,
			discard: side === 'provider' && canOnInvoice(actor, 'invoice.discard', scope) && inv.status === 'draft',
			credit: creditable && !d.creditNote,
			partialCredit: creditable && !!credit?.lines.some((x) => x.creditable),
			review: area('invoice.review') && inv.status === 'submitted',
			approve: area('invoice.approve') && inv.status === 'checked',
			pay: area('invoice.markPaid') && inv.status === 'approved',
			export: inv.status === 'approved' || inv.status === 'paid'
		},
		vatRates: [...VAT_RATES_BP]
	};
}

/** Field names of the manual-line form, by the pricing engine's error codes. */
const PRICING_FIELD: Partial<Record<PricingError['code'], [string, MessageKey]>> = {
	justification_required: ['justification', 'invoices.error.justificationRequired'],
	description_required: ['description', 'errors.required'],
	invalid_quantity: ['quantity', 'invoices.error.quantityInvalid'],
	invalid_price: ['unitPrice', 'errors.moneyInvalid'],
	amount_too_large: ['quantity', 'invoices.error.amountTooLarge'],
	invalid_vat_rate: ['vatRate', 'errors.choose']
};

/** "2", "-1", "2,5", "0.25" → hundredths of a unit; null when not a non-zero number with at most two decimals. */
export function parseQuantity(input: string): number | null {
	const m = /^(-?)(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(input.replace(/[\s\u00a0]/g, '').replace('\u2212', '-'));
	if (!m) return null;
	const n = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
	return n === 0 ? null : m[1] ? -n : n;
}

async function addLine(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'provider', 'invoice.edit');
	const data = await event.request.formData();
	const values = {
		description: field(data, 'description').slice(0, DESCRIPTION_MAX * 2),
		quantity: field(data, 'quantity').slice(0, 40),
		unitPrice: field(data, 'unitPrice').slice(0, 40),
		vatRate: field(data, 'vatRate').slice(0, 10),
		justification: field(data, 'justification').slice(0, JUSTIFICATION_MAX * 2)
	};
	const errors: Record<string, MessageKey> = {};
	if (!values.description) errors.description = 'errors.required';
	else if (values.description.length > DESCRIPTION_MAX) errors.description = 'errors.tooLong';
	const quantity = parseQuantity(values.quantity);
	if (quantity === null) errors.quantity = values.quantity ? 'invoices.error.quantityInvalid' : 'errors.required';
	const price = parseEuros(values.unitPrice);
	if (price === null) errors.unitPrice = values.unitPrice ? 'errors.moneyInvalid' : 'errors.required';
	const vatRate = /^\d{1,5}$/.test(values.vatRate) ? Number(values.vatRate) : NaN;
	if (!(VAT_RATES_BP as readonly number[]).includes(vatRate)) errors.vatRate = 'errors.choose';
	// A typed line must say why: the reviewer reads the justification next to it.
	if (!values.justification) errors.justification = 'invoices.error.justificationRequired';
	else if (values.justification.length > JUSTIFICATION_MAX) errors.justification = 'errors.tooLong';
	const version = versionOf(data);
	if (Object.keys(errors).length) return fail(400, { form: 'addLine', values, errors, message: 'errors.checkFields' as MessageKey });
	if (version === null) return badVersion('addLine');
	const r = await addManualLine(db, ctx, actor, scope.id, version, {
		description: values.description,
		quantityHundredths: quantity!,
		unitPriceCents: price!,
		vatRateBp: vatRate,
		justification: values.justification
	});
	if (!r.ok) {
		const fieldErrors: Record<string, MessageKey> = {};
		for (const p of r.pricing ?? []) {
			const f = PRICING_FIELD[p.code];
			if (f) fieldErrors[f[0]] ??= f[1];
		}
		if (Object.keys(fieldErrors).length) return fail(400, { form: 'addLine', values, errors: fieldErrors, message: 'errors.checkFields' as MessageKey });
		return refused('addLine', r.error, { values });
	}
	return { form: 'addLine', success: 'invoices.done.lineAdded' as MessageKey };
}

/** A transition that needs only the version the person saw. */
function simple(form: string, side: Side, action: InvoiceAction, run: (a: { actor: Actor; db: Awaited<ReturnType<typeof getDb>>; ctx: ReturnType<typeof auditContext>; id: string; version: number; data: FormData }) => Promise<{ ok: true } | { ok: false; error: InvoiceError }>, done: MessageKey) {
	return async (event: Ev) => {
		const { actor, db, scope, ctx } = await invoiceIn(event, side, action);
		const data = await event.request.formData();
		const version = versionOf(data);
		if (version === null) return badVersion(form);
		const r = await run({ actor, db, ctx, id: scope.id, version, data });
		if (!r.ok) return refused(form, r.error);
		return { form, success: done };
	};
}

/** Provider: a draft that should not be sent (an empty month, a wrong period) is discarded; back to the list. */
async function discardAction(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'provider', 'invoice.discard');
	const version = versionOf(await event.request.formData());
	if (version === null) return badVersion('discard');
	const r = await discardInvoice(db, ctx, actor, scope.id, version);
	if (!r.ok) return refused('discard', r.error);
	redirect(303, `/provider/${event.params.orgId}/invoices?discarded=1`);
}

async function creditAction(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'provider', 'invoice.edit');
	const r = await createCreditNote(db, ctx, actor, scope.id);
	if (!r.ok) return refused('credit', r.error);
	redirect(303, `/provider/${event.params.orgId}/invoices/${r.invoiceId}`);
}

/** Provider: recompute from the records, add or remove a manual line, submit or discard a draft; a credit note for an approved invoice. */
export const invoiceProviderActions = {
	language: simple('language', 'provider', 'invoice.edit', (a) => setInvoiceLanguage(a.db, a.ctx, a.actor, a.id, a.version, field(a.data, 'language')), 'invoices.done.language'),
	recompute: simple('recompute', 'provider', 'invoice.edit', (a) => recomputeInvoice(a.db, a.ctx, a.actor, a.id, a.version), 'invoices.done.recomputed'),
	addLine,
	removeLine: simple(
		'removeLine',
		'provider',
		'invoice.edit',
		async (a) => {
			const lineId = field(a.data, 'lineId');
			// The service would take an unknown line (counting it as a change) or a credit note's line: ask first.
			if (!UUID.test(lineId) || !(await isRemovableLine(a.db, a.id, lineId))) return { ok: false, error: 'notFound' };
			return removeManualLine(a.db, a.ctx, a.actor, a.id, a.version, lineId);
		},
		'invoices.done.lineRemoved'
	),
	submit: simple('submit', 'provider', 'invoice.edit', (a) => submitInvoice(a.db, a.ctx, a.actor, a.id, a.version), 'invoices.done.submitted'),
	discard: discardAction,
	credit: creditAction
};

async function returnAction(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'area', 'invoice.review');
	const data = await event.request.formData();
	const values = { comment: field(data, 'comment').slice(0, COMMENT_MAX * 2) };
	// A returned invoice must say what to fix: the provider has nothing else to go on.
	if (!values.comment) return fail(400, { form: 'return', values, errors: { comment: 'invoices.error.commentRequired' as MessageKey }, message: 'errors.checkFields' as MessageKey });
	if (values.comment.length > COMMENT_MAX) return fail(400, { form: 'return', values, errors: { comment: 'errors.tooLong' as MessageKey }, message: 'errors.checkFields' as MessageKey });
	const version = versionOf(data);
	if (version === null) return badVersion('return');
	const r = await reviewInvoice(db, ctx, actor, scope.id, version, { kind: 'return', comment: values.comment });
	if (!r.ok) return refused('return', r.error, { values });
	return { form: 'return', success: 'invoices.done.returned' as MessageKey };
}

async function payAction(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'area', 'invoice.markPaid');
	const data = await event.request.formData();
	const values = { paidOn: field(data, 'paidOn') };
	const today = helsinkiDate(event.locals.clock());
	const problem: MessageKey | null = !isPlausibleDay(values.paidOn) ? 'errors.dateInvalid' : values.paidOn > today ? 'invoices.error.paidInFuture' : null;
	if (problem) return fail(400, { form: 'pay', values, errors: { paidOn: problem }, message: 'errors.checkFields' as MessageKey });
	const version = versionOf(data);
	if (version === null) return badVersion('pay');
	const r = await payInvoice(db, ctx, actor, scope.id, version, values.paidOn);
	if (!r.ok) return refused('pay', r.error, { values });
	return { form: 'pay', success: 'invoices.done.paid' as MessageKey };
}

/** Area: the reviewer returns (with a comment) or checks; a different approver approves; payment recorded. */
export const invoiceAreaActions = {
	return: returnAction,
	check: simple('check', 'area', 'invoice.review', (a) => reviewInvoice(a.db, a.ctx, a.actor, a.id, a.version, { kind: 'check' }), 'invoices.done.checked'),
	approve: simple('approve', 'area', 'invoice.approve', (a) => approveInvoice(a.db, a.ctx, a.actor, a.id, a.version), 'invoices.done.approved'),
	pay: payAction
};

/**
 * The per-customer specification: which customers, days, meetings and outcomes each line counts. Reading it
 * reads customers' personal data, so the customers shown are written to the audit log in the same request.
 */
export async function loadSpecification(event: Ev, side: Side) {
	const { db, scope, ctx } = await invoiceIn(event, side);
	const d = await getInvoiceDetail(db, scope.id);
	if (!d) error(404, 'notFound');
	const spec = await getSpecification(db, scope.id);
	await recordAudit(db, ctx, { action: 'customer.read', areaId: scope.areaId, targetType: 'invoice_specification', targetIds: [scope.id], customerIds: spec.customerIds });
	const inv = d.invoice;
	const parties = await partiesOf(db, inv);
	return {
		side,
		invoice: { id: inv.id, kind: inv.kind, status: inv.status, number: inv.number, periodFrom: inv.periodFrom, periodUntil: inv.periodUntil, specificationId: inv.specificationId },
		contract: { number: parties.contractNumber, title: d.contract.title },
		providerName: parties.seller.name,
		lines: spec.lines,
		customerCount: spec.customerIds.length
	};
}

/**
 * The invoice as a document, in the buyer's language (the invoice's `language`): the same parties, lines and
 * totals as the e-invoice exports, the specification id, and no customer.
 */
export async function loadPrint(event: Ev, side: Side) {
	const { db, scope } = await invoiceIn(event, side);
	const d = await getInvoiceDetail(db, scope.id);
	if (!d) error(404, 'notFound');
	const inv = d.invoice;
	const parties = await partiesOf(db, inv);
	const doc = await invoiceDocument(db, inv);
	const texts = TEXTS[doc.language];
	const party = (p: typeof doc.seller | typeof doc.buyer, peppolId: string | null) => ({
		name: p.name,
		businessId: p.businessId,
		vatId: p.vatId,
		street: p.address.street,
		postalCode: p.address.postalCode,
		city: p.address.city,
		einvoiceAddress: p.einvoiceAddress,
		einvoiceOperator: p.einvoiceOperator,
		peppolId
	});
	const submitted = inv.status !== 'draft';
	return {
		side,
		invoiceId: inv.id,
		status: inv.status,
		document: {
			kind: doc.kind,
			language: doc.language,
			number: inv.number,
			issueDate: inv.issueDate,
			dueDate: inv.dueDate,
			paymentReference: inv.paymentReference,
			specificationId: doc.specificationId,
			contractNumber: doc.contractNumber,
			buyerReference: doc.buyer.buyerReference,
			orderReference: doc.buyer.orderReference,
			period: { from: inv.periodFrom, until: inv.periodUntil },
			paymentTermDays: parties.paymentTermDays,
			seller: { ...party(doc.seller, parties.seller.peppolId), iban: doc.seller.iban, bic: doc.seller.bic },
			buyer: party(doc.buyer, parties.buyer.peppolId),
			lines: doc.lines.map((l) => ({ ...l, unitLabel: texts.units[l.unit] })),
			vat: doc.vat,
			totals: doc.totals,
			exemption: doc.vat.some((r) => r.vatRateBp === 0) ? breakdownExemption(doc).texts.join('; ') : null,
			original: doc.original ?? null
		},
		barcode:
			submitted && doc.kind === 'invoice' && inv.paymentReference && doc.seller.iban
				? bankBarcode({ iban: doc.seller.iban, reference: inv.paymentReference, cents: inv.grossCents, dueDate: inv.dueDate })
				: null
	};
}

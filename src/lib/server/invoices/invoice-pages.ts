/**
 * One invoice's page in both workspaces: the provider's (recompute, manual lines, language, submit, discard,
 * credit note) and the area's (return, check, approve, paid). Every load and action authorizes through the
 * policy module (invoiceIn); refusals come back as message codes, never as server errors.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { helsinkiDate } from '$lib/domain/clock';
import { VAT_RATES_BP } from '$lib/domain/contracts';
import { documentKind } from '$lib/domain/invoicing/credit';
import type { PricingError } from '$lib/domain/invoicing/pricing';
import type { MessageKey } from '$lib/i18n';
import type { auditContext } from '../audit';
import type { getDb } from '../db';
import { field } from '../forms';
import { checkForm } from '$lib/forms/form';
import { manualLineForm, payForm, returnForm } from '$lib/forms/invoices';
import { versionOf } from '../forms/schemas';
import { canOnInvoice, type Actor, type InvoiceAction } from '../policy';
import { creditOverview, isCreditable } from './credit';
import { badVersion, invoiceIn, refused, UUID, type Ev, type Side } from './pages';
import { bankAccountWarning, partiesOf } from './parties';
import { getInvoiceDetail, isRemovableLine } from './read';
import {
	addManualLine,
	approveInvoice,
	buyerLanguages,
	contractBudget,
	createCreditNote,
	discardInvoice,
	payInvoice,
	recomputeInvoice,
	removeManualLine,
	reviewInvoice,
	setInvoiceLanguage,
	submitInvoice,
	type InvoiceError
} from './service';

const iso = (d: Date | null) => d?.toISOString() ?? null;

type SentLine = { description: string; quantityHundredths: number; unitPriceCents: number; vatRateBp: number; netCents: number };

/** A submission's snapshot (see submitInvoice) as the page shows it; null for other events. */
function sentVersion(snapshot: unknown): { grossCents: number; lines: SentLine[] } | null {
	const s = snapshot as { lines?: SentLine[]; totals?: { gross?: number } } | null;
	if (!s?.lines || typeof s.totals?.gross !== 'number') return null;
	return {
		grossCents: s.totals.gross,
		lines: s.lines.map(({ description, quantityHundredths, unitPriceCents, vatRateBp, netCents }) => ({
			description,
			quantityHundredths,
			unitPriceCents,
			vatRateBp,
			netCents
		}))
	};
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
			records: l.details.length,
			fromRemark: !!l.remarkId
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

async function addLine(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'provider', 'invoice.edit');
	const data = await event.request.formData();
	const checked = checkForm(manualLineForm, data);
	const values = checked.values;
	const version = versionOf(data);
	if (!checked.ok) return fail(400, { form: 'addLine', values, errors: checked.errors, message: 'errors.checkFields' as const satisfies MessageKey });
	if (version === null) return badVersion('addLine');
	const line = checked.value;
	const r = await addManualLine(db, ctx, actor, scope.id, version, {
		description: line.description,
		quantityHundredths: line.quantity,
		unitPriceCents: line.unitPrice,
		vatRateBp: line.vatRate,
		justification: line.justification
	});
	if (!r.ok) {
		const fieldErrors: Record<string, MessageKey> = {};
		for (const p of r.pricing ?? []) {
			const f = PRICING_FIELD[p.code];
			if (f) fieldErrors[f[0]] ??= f[1];
		}
		if (Object.keys(fieldErrors).length)
			return fail(400, { form: 'addLine', values, errors: fieldErrors, message: 'errors.checkFields' as const satisfies MessageKey });
		return refused('addLine', r.error, { values });
	}
	return { form: 'addLine', success: 'invoices.done.lineAdded' as const satisfies MessageKey };
}

/** A transition that needs only the version the person saw. */
function simple(
	form: string,
	side: Side,
	action: InvoiceAction,
	run: (a: {
		actor: Actor;
		db: Awaited<ReturnType<typeof getDb>>;
		ctx: ReturnType<typeof auditContext>;
		id: string;
		version: number;
		data: FormData;
	}) => Promise<{ ok: true } | { ok: false; error: InvoiceError }>,
	done: MessageKey
) {
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
	language: simple(
		'language',
		'provider',
		'invoice.edit',
		(a) => setInvoiceLanguage(a.db, a.ctx, a.actor, a.id, a.version, field(a.data, 'language')),
		'invoices.done.language'
	),
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
	const checked = checkForm(returnForm, data);
	const values = checked.values;
	if (!checked.ok) return fail(400, { form: 'return', values, errors: checked.errors, message: 'errors.checkFields' as const satisfies MessageKey });
	const version = versionOf(data);
	if (version === null) return badVersion('return');
	const r = await reviewInvoice(db, ctx, actor, scope.id, version, { kind: 'return', comment: values.comment });
	if (!r.ok) return refused('return', r.error, { values });
	return { form: 'return', success: 'invoices.done.returned' as const satisfies MessageKey };
}

async function payAction(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'area', 'invoice.markPaid');
	const data = await event.request.formData();
	const checked = checkForm(payForm(helsinkiDate(event.locals.clock())), data);
	const values = checked.values;
	if (!checked.ok) return fail(400, { form: 'pay', values, errors: checked.errors, message: 'errors.checkFields' as const satisfies MessageKey });
	const version = versionOf(data);
	if (version === null) return badVersion('pay');
	const r = await payInvoice(db, ctx, actor, scope.id, version, values.paidOn);
	if (!r.ok) return refused('pay', r.error, { values });
	return { form: 'pay', success: 'invoices.done.paid' as const satisfies MessageKey };
}

/** Area: the reviewer returns (with a comment) or checks; a different approver approves; payment recorded. */
export const invoiceAreaActions = {
	return: returnAction,
	check: simple('check', 'area', 'invoice.review', (a) => reviewInvoice(a.db, a.ctx, a.actor, a.id, a.version, { kind: 'check' }), 'invoices.done.checked'),
	approve: simple('approve', 'area', 'invoice.approve', (a) => approveInvoice(a.db, a.ctx, a.actor, a.id, a.version), 'invoices.done.approved'),
	pay: payAction
};

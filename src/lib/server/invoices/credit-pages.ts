/**
 * The provider's pages for partial credit (…/invoices/:id/credit: choose lines, per line a quantity or an
 * amount, and a reason) and the invoice list's "open the next period of every contract" action. Both authorize
 * through the policy module like the other invoice pages (invoiceIn / inWorkspace); refusals are messages,
 * never server errors, and a refused credit stores nothing.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { helsinkiDate } from '$lib/domain/clock';
import { parseEuros } from '$lib/domain/contracts';
import type { CreditRequest } from '$lib/domain/invoicing/credit';
import { CREDIT_LINE_ERROR_KEY, INVOICE_ERROR_KEY } from '$lib/components/invoices/keys';
import type { MessageKey } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { field } from '../forms';
import { canOnInvoice } from '../policy';
import { openNextPeriods } from './bulk';
import { createPartialCredit, creditOverview, isCreditable } from './credit';
import { COMMENT_MAX, inWorkspace, invoiceIn, parseQuantity, refused, type Ev } from './pages';
import { getInvoiceDetail } from './read';

/** The credit page: the invoice's lines with what is credited and what remains; 409 when it cannot be credited. */
export async function loadCreditPage(event: Ev) {
	const { db, scope } = await invoiceIn(event, 'provider', 'invoice.edit');
	const d = await getInvoiceDetail(db, scope.id);
	if (!d) error(404, 'notFound');
	const inv = d.invoice;
	const overview = await creditOverview(db, inv);
	return {
		invoice: {
			id: inv.id,
			number: inv.number,
			status: inv.status,
			periodFrom: inv.periodFrom,
			periodUntil: inv.periodUntil,
			netCents: inv.netCents,
			grossCents: inv.grossCents
		},
		creditable: isCreditable(inv),
		contract: { number: d.contract.contractNumber, title: d.contract.title },
		lines: overview.lines,
		notes: overview.notes,
		reasonMax: COMMENT_MAX
	};
}

type LineValues = Record<string, { chosen: boolean; by: string; value: string }>;

/** The provider's finance credits chosen lines of an approved invoice: to the new credit note (a draft). */
async function creditAction(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'provider', 'invoice.edit');
	const data = await event.request.formData();
	const d = await getInvoiceDetail(db, scope.id);
	if (!d) error(404, 'notFound');
	const reason = field(data, 'reason').slice(0, COMMENT_MAX * 2);
	// Only this invoice's own lines are read from the form; anything else in it is ignored.
	const lines: LineValues = {};
	const lineErrors: Record<string, MessageKey> = {};
	const requests: CreditRequest[] = [];
	for (const l of d.lines) {
		const v = {
			chosen: field(data, `line:${l.id}`) !== '',
			by: field(data, `by:${l.id}`) === 'amount' ? 'amount' : 'quantity',
			value: field(data, `value:${l.id}`).slice(0, 40)
		};
		lines[l.id] = v;
		if (!v.chosen) continue;
		if (!v.value) {
			lineErrors[l.id] = CREDIT_LINE_ERROR_KEY.required;
			continue;
		}
		const n = v.by === 'amount' ? parseEuros(v.value) : parseQuantity(v.value);
		if (n === null || n <= 0) lineErrors[l.id] = CREDIT_LINE_ERROR_KEY.invalid;
		else requests.push(v.by === 'amount' ? { lineId: l.id, amountCents: n } : { lineId: l.id, quantityHundredths: n });
	}
	const errors: Record<string, MessageKey> = {};
	if (!reason) errors.reason = 'credit.reasonRequired';
	else if (reason.length > COMMENT_MAX) errors.reason = 'errors.tooLong';
	const values = { reason, lines };
	if (Object.keys(lineErrors).length || Object.keys(errors).length)
		return fail(400, { form: 'credit', values, errors, lineErrors, message: 'errors.checkFields' as const satisfies MessageKey });
	if (requests.length === 0)
		return fail(400, { form: 'credit', values, errors, lineErrors, message: 'invoices.error.nothingToCredit' as const satisfies MessageKey });
	const r = await createPartialCredit(db, ctx, actor, scope.id, requests, reason);
	if (!r.ok) {
		if ('lines' in r) {
			const keyed: Record<string, MessageKey> = {};
			for (const [id, e] of Object.entries(r.lines)) keyed[id] = CREDIT_LINE_ERROR_KEY[e];
			return fail(r.error === 'overCredit' ? 409 : 400, { form: 'credit', values, errors, lineErrors: keyed, message: INVOICE_ERROR_KEY[r.error] });
		}
		return refused('credit', r.error, { values, errors, lineErrors });
	}
	redirect(303, `/provider/${event.params.orgId}/invoices/${r.invoiceId}`);
}

export const creditPageActions = { default: creditAction };

/** Provider: open the next period of every contract with billable records; the result per contract. */
async function openAllAction(event: Ev) {
	const orgId = event.params.orgId;
	const actor = inWorkspace(event, 'provider');
	if (!canOnInvoice(actor, 'invoice.edit', { areaId: '', providerId: orgId })) error(403, 'forbidden');
	const results = await openNextPeriods(await getDb(), auditContext(event, orgId), actor, orgId, helsinkiDate(event.locals.clock()));
	return { form: 'openAll', bulk: results };
}

export const bulkActions = { openAll: openAllAction };

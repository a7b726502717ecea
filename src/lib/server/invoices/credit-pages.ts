/**
 * The provider's page for partial credit (…/invoices/:id/credit: choose lines, per line a quantity or an
 * amount, and a reason). It authorizes through the policy module like the other invoice pages (invoiceIn);
 * refusals are messages, never server errors, and a refused credit stores nothing.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { INVOICE_ERROR_KEY } from '$lib/components/invoices/keys';
import { checkForm, FORM, rowField } from '$lib/forms/form';
import { CREDIT_LINE_ERROR_KEY, creditForm } from '$lib/forms/invoices';
import type { MessageKey } from '$lib/i18n';
import { createPartialCredit, creditOverview, isCreditable } from './credit';
import { COMMENT_MAX, invoiceIn, refused, type Ev } from './pages';
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

/**
 * The provider's finance credits chosen lines of an approved invoice: to the new credit note (a draft). The form is
 * checked with the same spec as the page checks it in the browser (`creditForm`, from the lines as they are now); the
 * credit note checks again under the invoice's lock, and its refusal of a line is shown at that line too.
 */
async function creditAction(event: Ev) {
	const { actor, db, scope, ctx } = await invoiceIn(event, 'provider', 'invoice.edit');
	const data = await event.request.formData();
	const d = await getInvoiceDetail(db, scope.id);
	if (!d) error(404, 'notFound');
	// Only this invoice's own lines are read from the form; anything else in it is ignored.
	const checked = checkForm(creditForm((await creditOverview(db, d.invoice)).lines), data);
	const values = checked.values;
	if (!isCreditable(d.invoice)) return refused('credit', 'notCreditable', { values });
	if (!checked.ok) {
		const { [FORM]: whole, ...errors } = checked.errors;
		return fail(400, { form: 'credit', values, errors, message: whole ?? ('errors.checkFields' as const satisfies MessageKey) });
	}
	const r = await createPartialCredit(db, ctx, actor, scope.id, checked.value.lines, checked.value.reason);
	if (!r.ok) {
		if ('lines' in r) {
			const errors: Record<string, MessageKey> = {};
			for (const [id, e] of Object.entries(r.lines)) errors[rowField('value', id)] = CREDIT_LINE_ERROR_KEY[e];
			return fail(r.error === 'overCredit' ? 409 : 400, { form: 'credit', values, errors, message: INVOICE_ERROR_KEY[r.error] });
		}
		return refused('credit', r.error, { values });
	}
	redirect(303, `/provider/${event.params.orgId}/invoices/${r.invoiceId}`);
}

export const creditPageActions = { default: creditAction };

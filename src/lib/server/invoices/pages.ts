/**
 * What the invoice pages share (list-pages.ts, invoice-pages.ts, document-pages.ts, credit-pages.ts): the
 * workspace side and the event they take, the form limits, the one way an invoice under a URL is found and
 * authorised (the workspace resolver, src/lib/server/workspace.ts, through the policy module: an invoice under
 * another organisation's URL is 404), and the service's refusals as messages (a refusal is never a server error).
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { INVOICE_ERROR_KEY } from '$lib/components/invoices/keys';
import type { MessageKey } from '$lib/i18n';
import { auditContext } from '../audit';
import { authorizeInvoice, membershipIn, type InvoiceAction } from '../policy';
import { authorizeInWorkspace, resolveInWorkspace } from '../workspace';
import { invoiceScopeOf } from './read';
import type { InvoiceError } from './store';

export type Side = 'area' | 'provider';
export type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; invoiceId?: string } };

export { COMMENT_MAX, DESCRIPTION_MAX, JUSTIFICATION_MAX } from '$lib/forms/invoices';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A member allowed to list invoices, in a workspace of the right kind (the URL's /area or /provider). */
export function inWorkspace(event: Ev, side: Side) {
	return authorizeInWorkspace(event.locals.actor, 'invoice.list', event.params.orgId, side);
}

/**
 * The invoice as seen from this workspace: 404 unless it belongs to the organisation in the URL (as buyer
 * on /area, as seller on /provider) and the actor may read it; 403 when they may read but not do `action`.
 */
export async function invoiceIn(event: Ev, side: Side, action: InvoiceAction = 'invoice.read') {
	const orgId = event.params.orgId;
	const { actor, db, scope } = await resolveInWorkspace(event, event.params.invoiceId, {
		load: async (db, id) => (UUID.test(id) ? invoiceScopeOf(db, id) : undefined),
		// Only in a workspace of the URL's kind: a provider's invoice under /area/<the provider> is not there.
		authorize: (a, s) => authorizeInvoice(a, action, a && membershipIn(a, orgId)?.kind === side ? s : undefined)
	});
	return { actor, db, scope, ctx: auditContext(event, orgId) };
}

/** The service's refusals: the message shown (INVOICE_ERROR_KEY), and the HTTP status (409 for someone else's change, never 500). */
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
	const key: MessageKey = form === 'credit' && e === 'openInvoiceExists' ? 'invoices.error.creditExists' : INVOICE_ERROR_KEY[e];
	return fail(ERROR_STATUS[e] ?? 400, { form, message: key, ...extra });
}

export const badVersion = (form: string) => fail(400, { form, message: 'errors.invalidInput' as const satisfies MessageKey });

export { parseQuantity } from '$lib/forms/invoices';

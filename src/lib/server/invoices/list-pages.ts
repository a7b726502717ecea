/**
 * The invoice lists of both workspaces: the provider's (with a link to opening the next periods, `open-pages.ts`)
 * and the area's (payments import, approvers' limits). Every load and action authorizes through the policy module.
 */
import { error, fail } from '@sveltejs/kit';
import { parseEuros } from '$lib/domain/contracts';
import type { MessageKey } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { INVOICE_STATUSES } from '../db/schema';
import { field } from '../forms';
import { contractChoices, pageFrom, providerChoices } from '$lib/paging';
import { authorizeInOrg, canInOrg, canOnInvoice } from '../policy';
import { importPayments } from './exports';
import { inWorkspace, UUID, type Ev, type Side } from './pages';
import { contractsForFilter } from './read';
import { approverLimits, listInvoices, setApprovalLimit } from './service';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
	value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/**
 * Lists with filters from the query string (unknown values are ignored). Which periods the provider may open is
 * computed on its own page only: it reads every contract's records of every ended period, and made the provider's
 * list three times as costly as the list itself (bench/RESULTS.md, load).
 */
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
	const page = pageFrom(q);
	const [shown, contracts, approvers] = await Promise.all([
		listInvoices(db, actor, orgId, filters, page),
		contractsForFilter(db, orgId, side),
		/** The area admin sets each approver's own limit (invoices above it need another approver). */
		side === 'area' && canInOrg(actor, 'invoice.setLimits', orgId) ? approverLimits(db, orgId) : null
	]);
	return {
		side,
		filters: { status: filters.status ?? null, contractId: filters.contractId ?? null, providerId: filters.providerId ?? null, period: filters.period ?? null },
		contracts: contractChoices(contracts),
		providers: side === 'area' ? providerChoices(contracts) : [],
		invoices: shown.rows,
		paging: shown.paging,
		canOpen,
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
	if (!(file instanceof File) || file.size === 0) return fail(400, { form: 'payments', message: 'invoices.payments.noFile' as const satisfies MessageKey });
	if (file.size > PAYMENTS_FILE_MAX) return fail(400, { form: 'payments', message: 'invoices.payments.tooLarge' as const satisfies MessageKey });
	const rows = await importPayments(await getDb(), auditContext(event, orgId), actor, orgId, await file.text());
	return { form: 'payments', payments: rows, success: 'invoices.payments.done' as const satisfies MessageKey };
}

/** Area admin: an approver's limit in euros, or empty for none. */
async function setLimitAction(event: Ev) {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'invoice.setLimits', orgId);
	const data = await event.request.formData();
	const userId = field(data, 'userId');
	const raw = field(data, 'limit').trim();
	const cents = raw === '' ? null : parseEuros(raw);
	if (!UUID.test(userId)) return fail(400, { form: 'limit', message: 'errors.invalidInput' as const satisfies MessageKey });
	if (raw !== '' && cents === null)
		return fail(400, { form: 'limit', userId, errors: { limit: 'errors.moneyInvalid' as const satisfies MessageKey }, values: { limit: raw } });
	const ok = await setApprovalLimit(await getDb(), auditContext(event, orgId), orgId, userId, cents);
	return ok
		? { form: 'limit', userId, success: 'invoices.limits.saved' as const satisfies MessageKey }
		: fail(404, { form: 'limit', message: 'errors.notFound' as const satisfies MessageKey });
}

export const invoiceListAreaActions = { importPayments: importPaymentsAction, setLimit: setLimitAction };

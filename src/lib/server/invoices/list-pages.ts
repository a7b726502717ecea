/**
 * The invoice lists of both workspaces: the provider's (where the next period is opened) and the area's
 * (payments import, approvers' limits). Every load and action authorizes through the policy module.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { helsinkiDate, isIsoDate } from '$lib/domain/clock';
import { parseEuros } from '$lib/domain/contracts';
import type { MessageKey } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { INVOICE_STATUSES } from '../db/schema';
import { field } from '../forms';
import { pageFrom } from '$lib/paging';
import { authorizeInOrg, canInOrg, canOnInvoice } from '../policy';
import { importPayments } from './exports';
import { inWorkspace, refused, UUID, type Ev, type Side } from './pages';
import { contractsForFilter, openablePeriods } from './read';
import { approverLimits, listInvoices, openInvoice, setApprovalLimit } from './service';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

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
	const page = pageFrom(q);
	const [shown, contracts, openable, approvers] = await Promise.all([
		listInvoices(db, actor, orgId, filters, page),
		contractsForFilter(db, orgId, side),
		canOpen ? openablePeriods(db, orgId, helsinkiDate(event.locals.clock())) : [],
		/** The area admin sets each approver's own limit (invoices above it need another approver). */
		side === 'area' && canInOrg(actor, 'invoice.setLimits', orgId) ? approverLimits(db, orgId) : null
	]);
	return {
		side,
		filters: { status: filters.status ?? null, contractId: filters.contractId ?? null, providerId: filters.providerId ?? null, period: filters.period ?? null },
		contracts,
		invoices: shown.rows.map((r) => ({ ...r, submittedAt: iso(r.submittedAt) })),
		paging: shown.paging,
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

/** The provider opens an ended, not yet invoiced period of one of its contracts: to the new invoice. */
async function openAction(event: Ev) {
	const orgId = event.params.orgId;
	const actor = inWorkspace(event, 'provider');
	const db = await getDb();
	const data = await event.request.formData();
	const contractId = field(data, 'contractId');
	const m = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/.exec(field(data, 'period'));
	const values = { contractId, period: field(data, 'period') };
	const mine = UUID.test(contractId)
		? (await openablePeriods(db, orgId, helsinkiDate(event.locals.clock()))).find((c) => c.contractId === contractId)
		: undefined;
	if (!mine)
		return fail(400, {
			form: 'open',
			values,
			errors: { period: 'errors.contractNotFound' as const satisfies MessageKey },
			message: 'errors.checkFields' as const satisfies MessageKey
		});
	if (!m || !isIsoDate(m[1]) || !isIsoDate(m[2]))
		return fail(400, {
			form: 'open',
			values,
			errors: { period: 'errors.choose' as const satisfies MessageKey },
			message: 'errors.checkFields' as const satisfies MessageKey
		});
	// Only periods with billable records are offered: an empty one would make a 0 € draft that cannot be sent.
	if (!mine.periods.some((p) => p.from === m[1] && p.until === m[2]))
		return fail(400, {
			form: 'open',
			values,
			errors: { period: 'invoices.open.nothingRecorded' as const satisfies MessageKey },
			message: 'errors.checkFields' as const satisfies MessageKey
		});
	const r = await openInvoice(db, auditContext(event, orgId), actor, contractId, { from: m[1], until: m[2] });
	if (!r.ok) return refused('open', r.error, { values });
	redirect(303, `/provider/${orgId}/invoices/${r.invoiceId}`);
}

export const invoiceListProviderActions = { open: openAction };

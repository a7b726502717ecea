/**
 * The provider's page for opening invoices (finance): each contract's ended periods with billable records and no
 * invoice yet, one period at a time or the next period of every contract at once. Its own page because finding
 * those periods reads every contract's records of every ended period: the invoice list no longer pays for it on
 * every view. Every load and action authorizes through the policy module.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { helsinkiDate, isIsoDate } from '$lib/domain/clock';
import type { MessageKey } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { field } from '../forms';
import { canOnInvoice, type Actor } from '../policy';
import { openNextPeriods } from './bulk';
import { inWorkspace, refused, UUID, type Ev } from './pages';
import { openablePeriods } from './read';
import { openInvoice } from './service';

/** The provider's finance people (those who may edit its invoices); 403 for anyone else. */
function mayOpen(event: Ev): Actor {
	const actor = inWorkspace(event, 'provider');
	if (!canOnInvoice(actor, 'invoice.edit', { areaId: '', providerId: event.params.orgId })) error(403, 'forbidden');
	return actor;
}

export async function loadOpenInvoices(event: Ev) {
	mayOpen(event);
	return { openable: await openablePeriods(await getDb(), event.params.orgId, helsinkiDate(event.locals.clock())) };
}

/** The provider opens an ended, not yet invoiced period of one of its contracts: to the new invoice. */
async function openAction(event: Ev) {
	const orgId = event.params.orgId;
	const actor = mayOpen(event);
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

/** Provider: open the next period of every contract with billable records; the result per contract. */
async function openAllAction(event: Ev) {
	const orgId = event.params.orgId;
	const actor = mayOpen(event);
	const results = await openNextPeriods(await getDb(), auditContext(event, orgId), actor, orgId, helsinkiDate(event.locals.clock()));
	return { form: 'openAll', bulk: results };
}

export const openInvoiceActions = { open: openAction, openAll: openAllAction };

/**
 * Finance with many contracts: one action opens the next period of every contract of the provider that has
 * billable records. The proposal is the list's own (`openablePeriods`: the earliest ended, not yet invoiced
 * period with billable records, scoped in SQL to the provider's contracts); each contract is opened in its own
 * transaction by `openInvoice` (which authorizes and audits each draft), so one refusal or failure stops
 * nothing else. Running it again opens nothing new: a contract with an open draft is reported as such.
 */
import type { Period } from '$lib/domain/invoicing/periods';
import type { AuditContext } from '../audit';
import type { Db } from '../db/client';
import { logger } from '../logger';
import type { Actor } from '../policy';
import { openablePeriods } from './read';
import { openInvoice } from './service';
import type { InvoiceError } from './store';

interface ContractRef {
	contractId: string;
	contractNumber: string;
	title: string;
	areaName: string;
}

export type BulkOutcome = ContractRef &
	(
		| { result: 'opened'; invoiceId: string; period: Period; grossCents: number }
		| { result: 'alreadyOpen'; invoiceId: string }
		| { result: 'nothing' }
		| { result: 'refused'; reason: InvoiceError | 'failed' }
	);

/**
 * Opens the proposed period of every contract of `providerId`, one transaction per contract, in contract
 * number order. `onEach` hears each outcome as it is known (the caller may stream progress).
 */
export async function openNextPeriods(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	providerId: string,
	today: string,
	onEach?: (o: BulkOutcome) => void
): Promise<BulkOutcome[]> {
	const candidates = await openablePeriods(db, providerId, today);
	const out: BulkOutcome[] = [];
	for (const c of candidates) {
		const ref: ContractRef = { contractId: c.contractId, contractNumber: c.contractNumber, title: c.title, areaName: c.areaName };
		let outcome: BulkOutcome;
		if (c.openInvoiceId) outcome = { ...ref, result: 'alreadyOpen', invoiceId: c.openInvoiceId };
		else if (c.periods.length === 0) outcome = { ...ref, result: 'nothing' };
		else {
			const period = c.periods[0];
			try {
				const r = await openInvoice(db, ctx, actor, c.contractId, period);
				outcome = r.ok
					? { ...ref, result: 'opened', invoiceId: r.invoiceId, period, grossCents: r.grossCents }
					: { ...ref, result: 'refused', reason: r.error };
			} catch (err) {
				// One contract's failure is reported on its row; the others are still opened.
				logger.error({ err, contractId: c.contractId }, 'bulk invoice opening failed for a contract');
				outcome = { ...ref, result: 'refused', reason: 'failed' };
			}
		}
		out.push(outcome);
		onEach?.(outcome);
	}
	return out;
}

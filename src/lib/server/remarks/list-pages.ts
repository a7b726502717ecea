/**
 * The remark lists of both workspaces (/area/…/remarks, /provider/…/remarks) and their CSV export.
 */
import { REMARK_CATEGORIES, REMARK_STATUSES } from '$lib/domain/remarks';
import { translate } from '$lib/i18n';
import { REMARK_CATEGORY_KEY, REMARK_STATUS_KEY } from '$lib/i18n/labels/remarks';
import { auditContext, recordAudit } from '../audit';
import { providerChoices } from '$lib/paging';
import { csvResponse } from '../csv';
import { getDb } from '../db';
import { authorizeInWorkspace } from '../workspace';
import { isUuid, visibleContracts, type Ev, type Side } from './pages';
import { listRemarks, type RemarkFilters } from './service';

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
	value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

function filtersFrom(q: URLSearchParams, side: Side): RemarkFilters {
	const providerId = q.get('provider');
	const contractId = q.get('contract');
	return {
		status: pick(REMARK_STATUSES, q.get('status')),
		category: pick(REMARK_CATEGORIES, q.get('category')),
		providerId: side === 'area' && isUuid(providerId) ? providerId : undefined,
		contractId: isUuid(contractId) ? contractId : undefined,
		overdueOnly: q.get('overdue') === '1'
	};
}

export async function loadRemarkList(event: Ev, side: Side) {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'remark.list', orgId, side);
	const filters = filtersFrom(event.url.searchParams, side);
	const db = await getDb();
	const rows = await listRemarks(db, auditContext(event, orgId), actor, orgId, filters);
	const contractOptions = await visibleContracts(actor, orgId);
	return {
		side,
		filters,
		query: event.url.searchParams.toString(),
		contracts: contractOptions.map((c) => ({ id: c.id, number: c.number })),
		providers: side === 'area' ? providerChoices(contractOptions) : [],
		remarks: rows.map((r) => ({ ...r, filedAt: r.filedAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null }))
	};
}

/** The list as CSV in the reader's language: the export is audited like the list (it names the customers shown). */
export async function exportRemarks(event: Ev, side: Side): Promise<Response> {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'remark.list', orgId, side);
	const db = await getDb();
	const ctx = auditContext(event, orgId);
	const rows = await listRemarks(db, ctx, actor, orgId, filtersFrom(event.url.searchParams, side), 10_000);
	await recordAudit(db, ctx, { action: 'remark.export', areaId: side === 'area' ? orgId : null, targetType: 'remark', targetIds: rows.map((r) => r.id) });
	const locale = event.locals.locale ?? 'fi';
	const header = (
		[
			'remarks.number',
			'remarks.filterStatus',
			'remarks.category',
			'remarks.provider',
			'remarks.contract',
			'remarks.customer',
			'remarks.observedOn',
			'remarks.csv.filed',
			'remarks.dueOn',
			'remarks.csv.closed',
			'remarks.overdue',
			'remarks.csv.reduction'
		] as const
	).map((k) => translate(locale, k));
	const body = rows.map((r) => [
		r.number,
		translate(locale, REMARK_STATUS_KEY[r.status]),
		translate(locale, REMARK_CATEGORY_KEY[r.category]),
		r.providerName,
		r.contractNumber,
		r.customerName ?? '',
		r.observedOn,
		r.filedAt.toISOString(),
		r.dueOn,
		r.closedAt?.toISOString() ?? '',
		r.overdue ? 'x' : '',
		r.reductionCents ?? ''
	]);
	return csvResponse('laatupoikkeamat.csv', [header, ...body], locale === 'en' ? ',' : ';');
}

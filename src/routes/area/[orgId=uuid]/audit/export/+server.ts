import { error } from '@sveltejs/kit';
import { AUDIT_EXPORT_MAX, auditContext, auditCsvRows, recordAudit, searchAudit } from '$lib/server/audit';
import { csvResponse } from '$lib/server/csv';
import { parseAuditSearch } from '$lib/server/audit/search-params';
import { getDb } from '$lib/server/db';
import { authorizeInOrg } from '$lib/server/policy';
import type { RequestHandler } from './$types';

/** CSV of the filtered audit log (the same filters as the search page). */
export const GET: RequestHandler = async (event) => {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'audit.export', orgId);
	const { search } = parseAuditSearch(event.url.searchParams, orgId);
	if (!search) error(400, 'invalidInput');
	const db = await getDb();
	const rows = await searchAudit(db, { ...search, limit: AUDIT_EXPORT_MAX });
	await recordAudit(db, auditContext(event, orgId), {
		action: 'audit.export',
		areaId: orgId,
		customerIds: search.customerId ? [search.customerId] : []
	});
	return csvResponse('audit-log.csv', auditCsvRows(rows));
};

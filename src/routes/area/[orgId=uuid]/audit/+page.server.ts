import { AUDIT_ACTIONS, auditContext, AUDIT_PAGE_SIZE, recordAudit, searchAudit } from '$lib/server/audit';
import { parseAuditSearch } from '$lib/server/audit/search-params';
import { getDb } from '$lib/server/db';
import { authorizeInOrg } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'audit.search', orgId);
	const { filters, search, error } = parseAuditSearch(event.url.searchParams, orgId);
	if (!search) return { filters, error, actions: AUDIT_ACTIONS, entries: [], nextBefore: null };
	const db = await getDb();
	const rows = await searchAudit(db, search);
	// Reading the log is itself logged: who looked at whose traces.
	await recordAudit(db, auditContext(event, orgId), {
		action: 'audit.search',
		areaId: orgId,
		customerIds: search.customerId ? [search.customerId] : []
	});
	return {
		filters,
		error,
		actions: AUDIT_ACTIONS,
		entries: rows.map((r) => ({
			id: r.id,
			at: r.at.toISOString(),
			user: r.userName ? `${r.userName} <${r.userEmail}>` : null,
			action: r.action,
			targetType: r.targetType,
			targetIds: r.targetIds,
			customerIds: r.customerIds,
			changes: r.changes,
			ip: r.ip,
			requestId: r.requestId
		})),
		nextBefore: rows.length === AUDIT_PAGE_SIZE ? rows[rows.length - 1].id : null
	};
};

import { AUDIT_EXPORT_MAX, auditContext, recordAudit, searchAudit } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { authorizeInOrg } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

/** "Who has seen this person's data": every access to one customer, grouped by person. */
export const load: PageServerLoad = async (event) => {
	const { orgId, customerId } = event.params;
	authorizeInOrg(event.locals.actor, 'audit.customerReport', orgId);
	const db = await getDb();
	const rows = await searchAudit(db, { areaId: orgId, customerId, limit: AUDIT_EXPORT_MAX });
	await recordAudit(db, auditContext(event, orgId), {
		action: 'audit.customer_report',
		areaId: orgId,
		customerIds: [customerId]
	});
	const people = new Map<string, { who: string; count: number; first: string; last: string; actions: Set<string> }>();
	for (const r of rows) {
		if (r.action.startsWith('audit.')) continue;
		const who = r.userName ? `${r.userName} <${r.userEmail}>` : '–';
		const at = r.at.toISOString();
		const p = people.get(who) ?? { who, count: 0, first: at, last: at, actions: new Set<string>() };
		p.count++;
		if (at < p.first) p.first = at;
		if (at > p.last) p.last = at;
		p.actions.add(r.action);
		people.set(who, p);
	}
	return {
		customerId,
		people: [...people.values()].map((p) => ({ ...p, actions: [...p.actions] })),
		entries: rows.map((r) => ({
			id: r.id,
			at: r.at.toISOString(),
			user: r.userName ? `${r.userName} <${r.userEmail}>` : null,
			action: r.action,
			targetType: r.targetType,
			targetIds: r.targetIds,
			customerIds: r.customerIds,
			ip: r.ip
		}))
	};
};

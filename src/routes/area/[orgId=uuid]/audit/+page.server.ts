import { fail, redirect } from '@sveltejs/kit';
import { AUDIT_ACTIONS, auditContext, AUDIT_PAGE_SIZE, recordAudit, searchAudit } from '$lib/server/audit';
import { followAuditSearch, followOf, followSearch, followsWithNew, markFollowSeen, unfollowAudit } from '$lib/server/audit/follows';
import { parseAuditSearch } from '$lib/server/audit/search-params';
import { getDb } from '$lib/server/db';
import { field } from '$lib/server/forms';
import { authorizeInOrg } from '$lib/server/policy';
import { errorKey } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const orgId = event.params.orgId;
	const actor = authorizeInOrg(event.locals.actor, 'audit.search', orgId);
	const db = await getDb();
	const parsed = parseAuditSearch(event.url.searchParams, orgId);
	const { filters, error } = parsed;
	let search = parsed.search;
	// Through a follow (the home's link): its own search, from the newest entry already seen on.
	const followId = event.url.searchParams.get('follow');
	const follow = followId && /^[0-9a-f-]{36}$/i.test(followId) ? await followOf(db, actor.userId, orgId, followId) : undefined;
	if (follow && search) search = { ...followSearch(follow), beforeId: search.beforeId };
	const follows = await followsWithNew(db, actor.userId, orgId);
	if (!search) return { filters, error, actions: AUDIT_ACTIONS, entries: [], nextBefore: null, follows, following: null };
	const rows = await searchAudit(db, search);
	// Reading the log is itself logged: who looked at whose traces.
	await recordAudit(db, auditContext(event, orgId), {
		action: 'audit.search',
		areaId: orgId,
		customerIds: search.customerId ? [search.customerId] : []
	});
	// The newest of the follow's new entries are now seen: the home counts from there on.
	if (follow && rows.length && !search.beforeId) await markFollowSeen(db, follow.id, rows[0].id);
	return {
		filters,
		error,
		actions: AUDIT_ACTIONS,
		follows,
		following: follow ? (follows.find((f) => f.id === follow.id)?.label ?? null) : null,
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

export const actions: Actions = {
	/** Follows the search shown (an object, an action, a staff member; never a customer): its new entries show on the home. */
	follow: async (event) => {
		const orgId = event.params.orgId;
		const actor = authorizeInOrg(event.locals.actor, 'audit.search', orgId);
		const data = await event.request.formData();
		const input = { user: field(data, 'user'), action: field(data, 'action'), target: field(data, 'target'), customer: field(data, 'customer') };
		const out = await followAuditSearch(await getDb(), auditContext(event, orgId), event.locals.clock, actor.userId, orgId, input);
		if (!out.ok) return fail(400, { message: errorKey(out.error) });
		return { followed: true };
	},
	unfollow: async (event) => {
		const orgId = event.params.orgId;
		const actor = authorizeInOrg(event.locals.actor, 'audit.search', orgId);
		const data = await event.request.formData();
		const id = field(data, 'followId');
		if (!/^[0-9a-f-]{36}$/i.test(id)) return fail(400, { message: errorKey('invalidInput') });
		// Idempotent: a follow already gone (a double tap) is simply not followed any more.
		await unfollowAudit(await getDb(), auditContext(event, orgId), actor.userId, orgId, id);
		redirect(303, `/area/${orgId}/audit`);
	}
};

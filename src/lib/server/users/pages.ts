import { fail } from '@sveltejs/kit';
import type { Actions, RequestEvent } from '@sveltejs/kit';

import { auditContext } from '../audit';
import { getDb } from '../db';
import { field, refuse } from '../forms';
import { checkForm } from '$lib/forms/form';
import { inviteForm } from '$lib/forms/users';
import { authorizeInOrg, grantableRoles } from '../policy';
import { deactivateMember, inviteUser, listOrganisationUsers, updateUserRoles } from './service';

/**
 * The users page of a workspace (/area/:id/users and /provider/:id/users share it): admins see and
 * manage the members of their own organisation only.
 */
export async function loadUsers({ locals, params }: { locals: App.Locals; params: { orgId: string } }) {
	const orgId = params.orgId;
	const actor = authorizeInOrg(locals.actor, 'user.list', orgId);
	const db = await getDb();
	return {
		users: await listOrganisationUsers(db, orgId),
		grantable: grantableRoles(actor, orgId),
		me: actor.userId
	};
}

async function target(event: RequestEvent) {
	const data = await event.request.formData();
	const userId = field(data, 'userId');
	return { data, userId: /^[0-9a-f-]{36}$/i.test(userId) ? userId : null };
}

export const usersActions: Actions = {
	invite: async (event) => {
		const orgId = event.params.orgId as string;
		const actor = authorizeInOrg(event.locals.actor, 'user.invite', orgId);
		const checked = checkForm(inviteForm, await event.request.formData());
		const input = checked.values;
		const echo = { email: input.email.slice(0, 254), name: input.name.slice(0, 200) };
		if (!checked.ok) return fail(400, { invite: echo, errors: checked.errors, message: 'errors.checkFields' as const });
		const result = await inviteUser(await getDb(), auditContext(event, orgId), actor, orgId, checked.value);
		if (!result.ok) return refuse(result.error, { invite: echo });
		return { success: result.pending ? ('users.invitationPending' as const) : ('users.invited' as const) };
	},
	roles: async (event) => {
		const orgId = event.params.orgId as string;
		const actor = authorizeInOrg(event.locals.actor, 'user.updateRoles', orgId);
		const { data, userId } = await target(event);
		if (!userId) return refuse('notMember');
		const roles = data.getAll('roles').filter((r): r is string => typeof r === 'string');
		if (roles.length === 0) return refuse('rolesRequired');
		const result = await updateUserRoles(await getDb(), auditContext(event, orgId), actor, orgId, userId, roles);
		if (!result.ok) return refuse(result.error);
		return { success: 'users.rolesSaved' as const };
	},
	deactivate: async (event) => {
		const orgId = event.params.orgId as string;
		const actor = authorizeInOrg(event.locals.actor, 'user.deactivate', orgId);
		const { userId } = await target(event);
		if (!userId) return refuse('notMember');
		const result = await deactivateMember(await getDb(), auditContext(event, orgId), actor, orgId, userId);
		if (!result.ok) return refuse(result.error);
		return { success: 'users.deactivated' as const };
	}
};

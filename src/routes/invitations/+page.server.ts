import { redirect, type RequestEvent } from '@sveltejs/kit';
import { auditContext } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { field, refuse } from '$lib/server/forms';
import { listOwnInvitations, respondToInvitation } from '$lib/server/users/invitations';
import type { Actions, PageServerLoad } from './$types';

/** The signed-in person's pending invitations to other organisations. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor) redirect(303, '/login');
	const rows = await listOwnInvitations(await getDb(), locals.actor.userId);
	return {
		invitations: rows.map((r) => ({
			id: r.id,
			organisation: locals.locale === 'sv' && r.nameSv ? r.nameSv : r.name,
			roles: r.roles,
			createdAt: r.createdAt.toISOString()
		}))
	};
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function answer(event: RequestEvent, answer: 'accept' | 'decline') {
	const actor = event.locals.actor;
	if (!actor) redirect(303, '/login');
	const invitationId = field(await event.request.formData(), 'invitationId');
	if (!UUID.test(invitationId)) return refuse('notFound');
	const result = await respondToInvitation(await getDb(), auditContext(event), actor, {
		invitationId,
		answer,
		currentSessionId: event.locals.session?.id ?? null
	});
	if (!result.ok) return refuse(result.error);
	return { success: answer === 'accept' ? ('invitations.accepted' as const) : ('invitations.declined' as const) };
}

export const actions: Actions = {
	accept: (event) => answer(event, 'accept'),
	decline: (event) => answer(event, 'decline')
};

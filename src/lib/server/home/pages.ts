import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { OrganisationKind } from '$lib/domain/roles';
import { getDb } from '../db';
import { authorizeInWorkspace } from '../workspace';
import { homeOf, homesOf } from './service';

/** A workspace's home (/area/:id, /provider/:id): what needs the member there now, a section per role. */
export async function loadWorkspaceHome(event: Pick<RequestEvent, 'locals'> & { params: { orgId: string } }, kind: OrganisationKind) {
	const actor = authorizeInWorkspace(event.locals.actor, 'org.view', event.params.orgId, kind);
	return { home: await homeOf(await getDb(), actor, event.params.orgId) };
}

/** The start page: every organisation's home, one after another (a person in several sees each one's). */
export async function loadStartHome(event: Pick<RequestEvent, 'locals'>) {
	if (!event.locals.actor) redirect(303, '/login');
	return { homes: await homesOf(await getDb(), event.locals.actor) };
}

import { error } from '@sveltejs/kit';
import type { OrganisationKind } from '$lib/domain/roles';
import { getDb } from './db';
import type { Db } from './db/client';
import { authorizeInOrg, membershipIn, permittedOrgActions, type Actor, type OrgAction } from './policy';

/**
 * An organisation's workspace (/area/:id, /provider/:id): only its members get in, and the URL's kind
 * must match the organisation's. Returns what the UI may offer there.
 */
export function loadWorkspace(actor: Actor | null, organisationId: string, kind: OrganisationKind, locale: string) {
	const a = authorizeInWorkspace(actor, 'org.view', organisationId, kind);
	const m = membershipIn(a, organisationId)!;
	return {
		organisation: { id: m.organisationId, kind: m.kind, name: locale === 'sv' && m.nameSv ? m.nameSv : m.name, roles: m.roles },
		permitted: permittedOrgActions(a, organisationId)
	};
}

/**
 * A member allowed to do `action` in the organisation (else 401/403), in a workspace of the URL's kind:
 * /area/:id for an area, /provider/:id for a provider (else 404).
 */
export function authorizeInWorkspace(actor: Actor | null, action: OrgAction, organisationId: string, kind: OrganisationKind): Actor {
	const a = authorizeInOrg(actor, action, organisationId);
	if (membershipIn(a, organisationId)?.kind !== kind) error(404, 'notFound');
	return a;
}

/** Whose a row is: the area that buys and the provider that serves. */
export interface OrgSides {
	areaId: string;
	providerId: string | null;
}

/** How one kind of row opened by its id in a workspace is found and authorised. */
export interface RowResolver<S extends OrgSides> {
	/** Checked first, before anything is loaded: may the actor be in this part of the workspace at all? */
	gate?: () => Actor;
	/** The row's scope by its id (what the policy decides on), or undefined. */
	load: (db: Db, id: string) => Promise<S | undefined>;
	/** The policy's verdict (throws 401/404/403); given undefined for a missing row or another organisation's. */
	authorize: (actor: Actor | null, row: S | undefined) => Actor;
}

/**
 * "Load the row, check it belongs to the URL's organisation, authorise": the one resolver of every page,
 * action and endpoint of a workspace that opens one thing by its id. The row belongs here when the URL's
 * organisation is its side of the member's kind (an area's row under /area/:id, a provider's under
 * /provider/:id); a row of another organisation is passed on as missing, so the same id under another
 * organisation's URL shows nothing (404, never 403).
 */
export async function resolveInWorkspace<S extends OrgSides>(
	event: { locals: Pick<App.Locals, 'actor'>; params: { orgId: string } },
	id: string | undefined,
	r: RowResolver<S>
): Promise<{ actor: Actor; db: Db; scope: S }> {
	const orgId = event.params.orgId;
	const gated = r.gate ? r.gate() : event.locals.actor;
	const db = await getDb();
	const row = id ? await r.load(db, id) : undefined;
	const member = gated ? membershipIn(gated, orgId) : undefined;
	const here = row && member && (member.kind === 'area' ? row.areaId : row.providerId) === orgId ? row : undefined;
	const actor = r.authorize(gated, here);
	return { actor, db, scope: here! };
}

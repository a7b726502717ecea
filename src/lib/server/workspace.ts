import { error } from '@sveltejs/kit';
import type { OrganisationKind } from '$lib/domain/roles';
import { authorizeInOrg, membershipIn, permittedOrgActions, type Actor, type OrgAction } from './policy';

/**
 * An organisation's workspace (/area/:id, /provider/:id): only its members get in, and the URL's kind
 * must match the organisation's. Returns what the UI may offer there.
 */
export function loadWorkspace(actor: Actor | null, organisationId: string, kind: OrganisationKind, locale: string) {
	const a = authorizeInOrg(actor, 'org.view', organisationId);
	const m = membershipIn(a, organisationId);
	if (!m || m.kind !== kind) error(404, 'notFound');
	return {
		organisation: { id: m.organisationId, kind: m.kind, name: locale === 'sv' && m.nameSv ? m.nameSv : m.name, roles: m.roles },
		permitted: permittedOrgActions(a, organisationId)
	};
}

/** For a page inside a workspace: the actor if allowed, else 403. */
export function requireInOrg(actor: Actor | null, action: OrgAction, organisationId: string): Actor {
	return authorizeInOrg(actor, action, organisationId);
}

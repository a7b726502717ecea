/** Organisation kinds and the roles a membership can carry (DESIGN.md, Roles). */
export const ORGANISATION_KINDS = ['area', 'provider', 'platform'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const AREA_ROLES = ['area_admin', 'case_officer', 'invoice_reviewer', 'invoice_approver', 'auditor'] as const;
export const PROVIDER_ROLES = ['provider_admin', 'coach', 'finance'] as const;
export const PLATFORM_ROLES = ['platform_admin'] as const;
export const ROLES = [...AREA_ROLES, ...PROVIDER_ROLES, ...PLATFORM_ROLES] as const;

export type Role = (typeof ROLES)[number];

export const ROLES_BY_KIND: Record<OrganisationKind, readonly Role[]> = {
	area: AREA_ROLES,
	provider: PROVIDER_ROLES,
	platform: PLATFORM_ROLES
};

export function isRole(value: string): value is Role {
	return (ROLES as readonly string[]).includes(value);
}

import { describe, expect, it } from 'vitest';
import {
	canInOrg,
	canOnInvoice,
	canOnParticipation,
	canSeeReferralCustomer,
	type CustomerScope,
	grantableRoles,
	requiresMfa,
	type Actor,
	type OrgAction
} from '../../src/lib/server/policy';
import type { Role } from '../../src/lib/domain/roles';

const AREA = 'a0000000-0000-4000-8000-000000000001';
const OTHER_AREA = 'a0000000-0000-4000-8000-000000000002';
const PROVIDER = 'b0000000-0000-4000-8000-000000000001';
const OTHER_PROVIDER = 'b0000000-0000-4000-8000-000000000002';

function actor(kind: 'area' | 'provider', orgId: string, roles: Role[], extra: Partial<Actor> = {}): Actor {
	return {
		userId: 'u',
		memberships: [{ organisationId: orgId, kind, name: 'x', nameSv: null, roles }],
		assignments: [],
		today: '2026-11-23',
		...extra
	};
}

// role × action × own/foreign organisation → allowed?
const TABLE: [Role, 'area' | 'provider', OrgAction, boolean][] = [
	['area_admin', 'area', 'user.list', true],
	['area_admin', 'area', 'user.invite', true],
	['area_admin', 'area', 'audit.search', true],
	['auditor', 'area', 'audit.search', true],
	['auditor', 'area', 'audit.export', true],
	['auditor', 'area', 'audit.customerReport', true],
	['auditor', 'area', 'user.list', false],
	['case_officer', 'area', 'audit.search', false],
	['case_officer', 'area', 'user.invite', false],
	['invoice_approver', 'area', 'user.updateRoles', false],
	['invoice_reviewer', 'area', 'org.view', true],
	['provider_admin', 'provider', 'user.list', true],
	['provider_admin', 'provider', 'user.deactivate', true],
	['provider_admin', 'provider', 'audit.search', false],
	['coach', 'provider', 'user.list', false],
	['coach', 'provider', 'org.view', true],
	['finance', 'provider', 'user.invite', false]
];

describe('policy: role × action × own/foreign organisation', () => {
	it.each(TABLE)('%s (%s) %s in own organisation → %s', (role, kind, action, expected) => {
		const own = kind === 'area' ? AREA : PROVIDER;
		expect(canInOrg(actor(kind, own, [role]), action, own)).toBe(expected);
	});

	it.each(TABLE)('%s (%s) %s in a foreign organisation → never', (role, kind, action) => {
		const own = kind === 'area' ? AREA : PROVIDER;
		const foreign = kind === 'area' ? OTHER_AREA : OTHER_PROVIDER;
		expect(canInOrg(actor(kind, own, [role]), action, foreign)).toBe(false);
	});
});

// role × invoice action → allowed on the organisation's own invoice (never on another provider's or area's).
const INVOICE_TABLE: [Role, 'area' | 'provider', 'invoice.discard' | 'invoice.edit', boolean][] = [
	['finance', 'provider', 'invoice.discard', true],
	['provider_admin', 'provider', 'invoice.discard', true],
	['coach', 'provider', 'invoice.discard', false],
	['invoice_reviewer', 'area', 'invoice.discard', false],
	['invoice_approver', 'area', 'invoice.discard', false],
	['area_admin', 'area', 'invoice.discard', false],
	['finance', 'provider', 'invoice.edit', true],
	['coach', 'provider', 'invoice.edit', false]
];

describe('policy: invoice actions', () => {
	it.each(INVOICE_TABLE)('%s (%s) %s on its own invoice → %s', (role, kind, action, expected) => {
		expect(canOnInvoice(actor(kind, kind === 'area' ? AREA : PROVIDER, [role]), action, { areaId: AREA, providerId: PROVIDER })).toBe(expected);
	});

	it.each(INVOICE_TABLE)('%s (%s) %s on another organisation’s invoice → never', (role, kind, action) => {
		expect(canOnInvoice(actor(kind, kind === 'area' ? AREA : PROVIDER, [role]), action, { areaId: OTHER_AREA, providerId: OTHER_PROVIDER })).toBe(false);
	});
});

describe('granting roles', () => {
	it('an area admin grants area roles only, a provider admin provider roles only, others nothing', () => {
		expect(grantableRoles(actor('area', AREA, ['area_admin']), AREA)).toEqual([
			'area_admin',
			'case_officer',
			'invoice_reviewer',
			'invoice_approver',
			'auditor'
		]);
		expect(grantableRoles(actor('provider', PROVIDER, ['provider_admin']), PROVIDER)).toEqual(['provider_admin', 'coach', 'finance']);
		expect(grantableRoles(actor('area', AREA, ['case_officer']), AREA)).toEqual([]);
		expect(grantableRoles(actor('area', AREA, ['area_admin']), OTHER_AREA)).toEqual([]);
	});
});

describe('customer data through assignments', () => {
	// A customer's data is read through their participation: the rule the pages use.
	const readsCustomer = (a: Actor, c: CustomerScope) => canOnParticipation(a, 'participation.read', c);
	const customer = { areaId: AREA, providerId: PROVIDER, contractId: null, cohortId: null, consentRevoked: false };
	const assignment = { providerId: PROVIDER, areaId: AREA, contractId: null, cohortId: null, validFrom: '2026-11-01', validUntil: '2026-11-30' };

	it('a coach sees the customer only while the assignment is valid', () => {
		const coach = (today: string) => actor('provider', PROVIDER, ['coach'], { assignments: [assignment], today });
		expect(readsCustomer(coach('2026-11-23'), customer)).toBe(true);
		expect(readsCustomer(coach('2026-11-30'), customer)).toBe(true);
		expect(readsCustomer(coach('2026-12-01'), customer)).toBe(false);
		expect(readsCustomer(coach('2026-10-31'), customer)).toBe(false);
	});

	it('a coach of another provider, or for another area, sees nothing', () => {
		const other = actor('provider', OTHER_PROVIDER, ['coach'], { assignments: [{ ...assignment, providerId: OTHER_PROVIDER }] });
		expect(readsCustomer(other, customer)).toBe(false);
		const otherArea = actor('provider', PROVIDER, ['coach'], { assignments: [{ ...assignment, areaId: OTHER_AREA }] });
		expect(readsCustomer(otherArea, customer)).toBe(false);
	});

	it('area staff see their own area’s customers, not another area’s; auditors read logs, not files', () => {
		expect(readsCustomer(actor('area', AREA, ['case_officer']), customer)).toBe(true);
		expect(readsCustomer(actor('area', OTHER_AREA, ['case_officer']), customer)).toBe(false);
		expect(readsCustomer(actor('area', AREA, ['auditor']), customer)).toBe(false);
	});

	it('an assignment narrowed to one contract does not open another contract’s customers', () => {
		const narrow = actor('provider', PROVIDER, ['coach'], { assignments: [{ ...assignment, contractId: 'c1' }] });
		expect(readsCustomer(narrow, { ...customer, contractId: 'c1' })).toBe(true);
		expect(readsCustomer(narrow, { ...customer, contractId: 'c2' })).toBe(false);
	});

	it('a revoked consent ends the provider’s access at once; the area keeps its own', () => {
		const coach = actor('provider', PROVIDER, ['coach'], { assignments: [assignment], today: '2026-11-23' });
		const admin = actor('provider', PROVIDER, ['provider_admin'], { assignments: [assignment], today: '2026-11-23' });
		const revoked = { ...customer, consentRevoked: true };
		expect(readsCustomer(coach, revoked)).toBe(false);
		expect(readsCustomer(admin, revoked)).toBe(false);
		expect(canSeeReferralCustomer(coach, { ...revoked, status: 'accepted' })).toBe(false);
		expect(readsCustomer(actor('area', AREA, ['case_officer']), revoked)).toBe(true);
	});

	it('the customer report and contact corrections are the area’s admins’ and case officers’, nobody else’s', () => {
		for (const action of ['customer.report', 'customer.rectify'] as const) {
			expect(canInOrg(actor('area', AREA, ['area_admin']), action, AREA)).toBe(true);
			expect(canInOrg(actor('area', AREA, ['case_officer']), action, AREA)).toBe(true);
			expect(canInOrg(actor('area', AREA, ['auditor']), action, AREA)).toBe(false);
			expect(canInOrg(actor('area', AREA, ['invoice_approver']), action, AREA)).toBe(false);
			expect(canInOrg(actor('area', OTHER_AREA, ['area_admin']), action, AREA)).toBe(false);
			expect(canInOrg(actor('provider', PROVIDER, ['provider_admin']), action, PROVIDER)).toBe(false);
		}
	});
});

describe('second factor', () => {
	it('is required for every role that can see customer data', () => {
		expect(requiresMfa(['coach'])).toBe(true);
		expect(requiresMfa(['case_officer'])).toBe(true);
		expect(requiresMfa([])).toBe(false);
	});
});

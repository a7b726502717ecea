/**
 * Everything outside the two workspaces: the platform admin's pages, each signed-in person's own things,
 * the JSON API (an area's system with a key) and the public pages of the sign-in flow.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { reaches, shows, type Check, type Row } from './table';
import { referralInput } from './world';

const ok: Check = (out) => expect(out.status).toBe(200);

/** The person's own notification is there and nobody else's (each has one marked `/authz-<their id>`). */
const ownNotificationsOnly = shows((d, _w, me) => {
	const marked = (d.notifications as { link: string }[]).filter((n) => n.link.startsWith('/authz-'));
	return marked.length === 1 && marked[0].link === `/authz-${me!.id}`;
});

export const OTHER_ROWS: Row[] = [
	// The platform's operators: never customer data.
	{ key: '/admin/outbox load', side: 'platform', allow: ['platform_admin'], allowed: shows((d) => Array.isArray(d.mails)) },
	{ key: '/admin load', side: 'platform', allow: ['platform_admin'], allowed: ok },
	{
		key: '/admin/organisations load',
		side: 'platform',
		allow: ['platform_admin'],
		allowed: shows((d, w) => (d.organisations as { id: string }[]).some((o) => o.id === w.areaId))
	},
	// Deactivating and reactivating an area nobody works in (the denied cases run first and change nothing).
	{
		key: '/admin/organisations action deactivate',
		side: 'platform',
		allow: ['platform_admin'],
		form: (w) => ({ organisationId: w.spareAreaId }),
		allowed: reaches(async (_o, w) => (await w.database.db.query.organisations.findFirst({ where: (x, { eq }) => eq(x.id, w.spareAreaId) }))?.deactivatedAt)
	},
	{
		key: '/admin/organisations action reactivate',
		side: 'platform',
		allow: ['platform_admin'],
		form: (w) => ({ organisationId: w.spareAreaId }),
		allowed: reaches(
			async (_o, w) => (await w.database.db.query.organisations.findFirst({ where: (x, { eq }) => eq(x.id, w.spareAreaId) }))?.deactivatedAt === null
		)
	},
	{ key: '/admin/organisations/new load', side: 'platform', allow: ['platform_admin'], allowed: ok },
	{
		key: '/admin/organisations/new action default',
		side: 'platform',
		allow: ['platform_admin'],
		form: () => ({
			name: 'Authz-alue',
			nameSv: '',
			businessId: '2980005-2',
			municipalities: 'Kunta',
			languages: 'fi',
			ovt: '',
			peppolId: '',
			einvoiceOperator: '',
			adminEmail: 'authz-area-admin@test.fi',
			adminName: 'Authz Admin',
			adminLocale: 'fi'
		}),
		allowed: async (out, w) => {
			expect(out.status).toBe(303);
			expect(await w.database.db.query.organisations.findFirst({ where: (x, { eq }) => eq(x.businessId, '2980005-2') })).toBeTruthy();
		}
	},
	{
		key: '/admin/jobs load',
		side: 'platform',
		allow: ['platform_admin'],
		allowed: shows((d, w) => (d.failed as { id: string }[]).some((j) => j.id === w.failedJobId))
	},
	{
		key: '/admin/jobs action retry',
		side: 'platform',
		allow: ['platform_admin'],
		form: (w) => ({ queue: 'mail', jobId: w.failedJobId }),
		allowed: reaches((o) => o.data.success === 'platform.jobs.retried')
	},

	// Each signed-in person's own things.
	{ key: '/ layout load', side: 'signedIn', allowed: shows((d, _w, me) => d.user?.id === me!.id && d.organisations.length > 0) },
	// Each of the person's own organisations' homes, and no other.
	{ key: '/ load', side: 'signedIn', allowed: shows((d) => Array.isArray(d.homes)) },
	{ key: '/account load', side: 'signedIn', allowed: shows((d, _w, me) => d.account.email === me!.email && d.sessions.length === 1) },
	// Nobody here has a second factor enrolled in the test data: the action answers so, after the sign-in check.
	{ key: '/account action recoveryCodes', side: 'signedIn', allowed: reaches() },
	// Passkeys and sessions are the person's own: another person's id is "not found" (404) and changes nothing,
	// which the allowed case then proves by removing or ending that very thing.
	{
		key: '/account action removePasskey',
		side: 'signedIn',
		as: ['own:finance'],
		alsoDenied: ['own:coach', 'other:finance'],
		form: (w) => ({ passkeyId: w.financePasskeyId }),
		allowed: async (out, w) => {
			expect(out.status).toBe(200);
			expect(await w.database.db.query.passkeys.findFirst({ where: (x, { eq }) => eq(x.id, w.financePasskeyId) })).toBeUndefined();
		}
	},
	{
		key: '/account action endSession',
		side: 'signedIn',
		as: ['own:finance'],
		alsoDenied: ['own:coach', 'other:finance'],
		form: (w) => ({ sessionId: w.financeOtherSessionId }),
		allowed: async (out, w) => {
			expect(out.status).toBe(200);
			expect(await w.database.db.query.sessions.findFirst({ where: (x, { eq }) => eq(x.publicId, w.financeOtherSessionId) })).toBeUndefined();
		}
	},
	{ key: '/account action endOtherSessions', side: 'signedIn', allowed: reaches((o) => o.data.done) },
	{ key: '/account action reauth', side: 'signedIn', allowed: (out) => expect(out.location).toBe('/login?next=%2Faccount%23passkeys') },
	// A challenge for adding a passkey (the table's sessions are fresh sign-ins); the new credential's answer
	// here is no credential, refused as such after the sign-in check.
	{
		key: '/account/passkeys/options POST',
		side: 'signedIn',
		json: () => ({}),
		allowed: async (out) => expect((await (out.data as Response).clone().json()).challenge).toBeTruthy()
	},
	{ key: '/account/passkeys POST', side: 'signedIn', json: () => ({ name: 'Avain', response: {} }), allowed: reaches((o) => o.status === 400) },
	{ key: '/invitations load', side: 'signedIn', allowed: shows((d) => Array.isArray(d.invitations)) },
	// Only the invited person may answer an invitation (invitations.test.ts accepts and declines real ones); an
	// unknown one is "not found" to everyone signed in, and nobody else gets past sign-in.
	{ key: '/invitations action accept', side: 'signedIn', form: () => ({ invitationId: randomUUID() }), allowed: (out) => expect(out.status).toBe(404) },
	{ key: '/invitations action decline', side: 'signedIn', form: () => ({ invitationId: randomUUID() }), allowed: (out) => expect(out.status).toBe(404) },
	// The installed app's start URL: a coach lands on their Today.
	{ key: '/start GET', side: 'signedIn', as: ['own:coach'], allowed: (out, w) => expect(out.location).toBe(`/provider/${w.providerId}/today`) },
	{ key: '/notifications load', side: 'signedIn', allowed: ownNotificationsOnly },
	{ key: '/notifications action readAll', side: 'signedIn', allowed: reaches((o) => o.data.done) },
	// Opening a line leads to the person's own notification's object (marked with their id), never another's.
	{
		key: '/notifications/open GET',
		side: 'signedIn',
		query: 'kind=referral_accepted',
		allowed: (out, _w, me) => {
			expect(out.status).toBe(303);
			expect(out.location).toBe(`/authz-${me!.id}`);
		}
	},
	// Web Push is not configured in the tests: a signed-in person is told it is off (404), nobody else gets past sign-in.
	{
		key: '/push/subscription POST',
		side: 'signedIn',
		json: () => ({ endpoint: 'https://push.example/x', keys: { p256dh: 'x', auth: 'y' } }),
		allowed: (out) => expect(out.status).toBe(404)
	},
	{ key: '/push/subscription DELETE', side: 'signedIn', json: () => ({ endpoint: 'https://push.example/x' }), allowed: (out) => expect(out.status).toBe(200) },

	// The JSON API: the area's own key with the scope, for the area's own referrals only.
	{
		key: '/api/v1/referrals POST',
		side: 'apiKey',
		scope: 'referrals:write',
		json: (w) => ({
			...referralInput(w.contractId, w.cohortId, `API-${Math.random().toString(36).slice(2, 8)}`),
			officerEmail: w.person('own:case_officer')!.email
		}),
		allowed: (out) => expect(out.status).toBe(201)
	},
	{
		key: '/api/v1/referrals/[referralId=uuid] GET',
		side: 'apiKey',
		scope: 'referrals:read',
		allowed: async (out, w) => {
			expect(out.status).toBe(200);
			expect((await (out.data as Response).clone().json()).id).toBe(w.params.referralId);
		}
	},

	// Public: no sign-in needed (health, the offline page, the API's description, the sign-in flow itself).
	{ key: '/healthz GET', side: 'public', allowed: ok },
	// A scraper's bearer token (METRICS_TOKEN), not a person: off here (no token configured); metrics.test.ts checks the token.
	{ key: '/metrics GET', side: 'public' },
	{ key: '/readyz GET', side: 'public', allowed: ok },
	{ key: '/offline GET', side: 'public', allowed: ok },
	{ key: '/api/v1/openapi.json GET', side: 'public', allowed: ok },
	{ key: '/login load', side: 'public', allowed: ok },
	{ key: '/login action default', side: 'public' },
	{ key: '/login/oidc GET', side: 'public' },
	// Signing in with a passkey, no e-mail: anyone may ask for a challenge and answer it.
	{ key: '/login/passkey/options POST', side: 'public' },
	{ key: '/login/passkey POST', side: 'public' },
	{ key: '/login/oidc/callback GET', side: 'public' },
	// The second-factor steps act on the session's own user, before the second factor is done.
	{ key: '/login/2fa load', side: 'public' },
	{ key: '/login/2fa action totp', side: 'public' },
	{ key: '/login/2fa action recovery', side: 'public' },
	{ key: '/setup-2fa load', side: 'public' },
	{ key: '/setup-2fa action default', side: 'public' },
	{ key: '/forgot-password action default', side: 'public' },
	{ key: '/reset-password/[token] load', side: 'public' },
	{ key: '/reset-password/[token] action default', side: 'public' },
	{ key: '/language POST', side: 'public' },
	// A participant's anonymous feedback: the link's token is the only key (an unknown one gets "cannot be used").
	{ key: '/f/[token] load', side: 'public', allowed: shows((d) => d.state === 'unavailable') },
	{ key: '/f/[token] action default', side: 'public' },
	{ key: '/logout POST', side: 'public' }
];

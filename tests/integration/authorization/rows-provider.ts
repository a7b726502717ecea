/**
 * The provider's workspace (/provider/:orgId/…): one row per load, action and endpoint. Customer data is
 * reached only through an assignment valid today that covers it (`assigned`).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Role } from '../../../src/lib/domain/roles';
import { downloads, reaches, shows, type Check, type Row } from './table';
import { TODAY } from './world';

const EVERYONE: Role[] = ['provider_admin', 'coach', 'finance'];
const STAFF: Role[] = ['provider_admin', 'coach'];
const MONEY: Role[] = ['provider_admin', 'finance'];
const ADMIN: Role[] = ['provider_admin'];

const P = '/provider/[orgId=uuid]';
const has = (list: { id: string }[] | undefined, id: string) => !!list?.some((x) => x.id === id);

/** A text download whose body mentions the target. */
const text =
	(what: (body: string, w: Parameters<Check>[1]) => boolean): Check =>
	async (out, w) => {
		expect(out.status).toBe(200);
		expect(what(await (out.data as Response).clone().text(), w)).toBe(true);
	};

/** A mark the coach taps today for the first customer (a fresh idempotency key each time). */
// A "present" button of Today's shared form: the slot names the person, the page's form key makes the mark's key.
const markForm = (w: Parameters<Check>[1]) => ({ slot: `d:${w.params.participationId}`, formKey: randomUUID(), day: TODAY, status: 'present' });
const meetingForm = (w: Parameters<Check>[1]) => ({
	clientKey: randomUUID(),
	participationId: w.params.participationId,
	day: TODAY,
	startTime: '10:00',
	durationMinutes: '30',
	mode: 'in_person'
});

export const PROVIDER_ROWS: Row[] = [
	{ key: `${P} layout load`, side: 'provider', allow: EVERYONE, allowed: shows((d, w) => d.organisation.id === w.providerId) },
	// The home: a section for the person's role here, its counts scoped like the lists (home.test.ts).
	{
		key: `${P} load`,
		side: 'provider',
		allow: EVERYONE,
		allowed: shows(
			(d, w) =>
				d.home.length === 1 &&
				d.home[0].items.length > 0 &&
				d.home[0].items.every((i: { href: string }) => i.href.includes(w.providerId) || i.href === '/notifications')
		)
	},

	// Users and assignments
	{ key: `${P}/users load`, side: 'provider', allow: ADMIN, allowed: shows((d, w) => d.users.some((u: { id: string }) => u.id === w.person('own:coach')!.id)) },
	{
		key: `${P}/users action invite`,
		side: 'provider',
		allow: ADMIN,
		orgLevel: true,
		form: () => ({ email: `uusi-${randomUUID().slice(0, 8)}@tuottaja.fi`, name: 'Uusi Valmentaja', locale: 'fi', roles: 'coach' }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},
	{
		key: `${P}/users action roles`,
		side: 'provider',
		allow: ADMIN,
		form: (w) => ({ userId: w.providerVictim, roles: 'finance' }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},
	{
		key: `${P}/users action deactivate`,
		side: 'provider',
		allow: ADMIN,
		form: (w) => ({ userId: w.providerVictim }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},
	// The provider's own master data (name, address, bank account, e-invoice address): its admin only.
	{
		key: `${P}/organisation load`,
		side: 'provider',
		allow: ADMIN,
		allowed: shows((d, w) => d.master.name === w.providerForm.name && d.master.iban === w.providerForm.iban)
	},
	{ key: `${P}/organisation action default`, side: 'provider', allow: ADMIN, orgLevel: true, form: () => ({ name: '' }), allowed: reaches() },
	{
		key: `${P}/assignments load`,
		side: 'provider',
		allow: ADMIN,
		allowed: shows((d, w) => has(d.people, w.person('own:coach')!.id) && d.assignments.length > 0)
	},
	{ key: `${P}/assignments action create`, side: 'provider', allow: ADMIN, orgLevel: true, allowed: reaches() },
	{
		key: `${P}/assignments action end`,
		side: 'provider',
		allow: ADMIN,
		form: (w) => ({ assignmentId: w.endableAssignmentId }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},

	// Contracts: admins and finance see all of their organisation's, other staff those their assignments cover
	{ key: `${P}/contracts load`, side: 'provider', allow: EVERYONE, assigned: true, allowed: shows((d, w) => has(d.contracts, w.contractId)) },
	{ key: `${P}/contracts/export GET`, side: 'provider', allow: EVERYONE, assigned: true, allowed: text((body, w) => body.includes(w.contractNumber)) },
	{
		key: `${P}/contracts/[contractId=uuid] load`,
		side: 'provider',
		allow: EVERYONE,
		assigned: true,
		allowed: shows((d, w) => d.detail.contract.id === w.contractId)
	},
	{
		key: `${P}/contracts/[contractId=uuid]/documents/[documentId=uuid] GET`,
		side: 'provider',
		allow: EVERYONE,
		assigned: true,
		allowed: downloads('application/pdf')
	},

	// Referrals: answered by assigned coaches and admins
	{ key: `${P}/referrals load`, side: 'provider', allow: STAFF, assigned: true, allowed: shows((d, w) => has(d.referrals, w.params.referralId)) },
	{
		key: `${P}/referrals/[referralId=uuid] load`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: shows((d, w) => d.referral.id === w.params.referralId && d.customer.name)
	},
	{ key: `${P}/referrals/[referralId=uuid] action accept`, side: 'provider', allow: STAFF, assigned: true, allowed: reaches() },
	{ key: `${P}/referrals/[referralId=uuid] action decline`, side: 'provider', allow: STAFF, assigned: true, allowed: reaches() },
	{
		key: `${P}/referrals/[referralId=uuid] action reveal`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: reaches((o) => o.status === 200 && 'personalId' in o.data)
	},
	// Withdrawing and consent are the area's: provider staff are refused even on a referral they see.
	{ key: `${P}/referrals/[referralId=uuid] action withdraw`, side: 'provider', allow: [], allowed: reaches() },
	{ key: `${P}/referrals/[referralId=uuid] action revokeConsent`, side: 'provider', allow: [], allowed: reaches() },

	// Attendance (Today and the device queue's endpoint)
	{
		key: `${P}/today load`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: shows((d, w) =>
			d.cohorts.some((c: { people: { participationId: string }[] }) => c.people.some((p) => p.participationId === w.params.participationId))
		)
	},
	{
		key: `${P}/today action mark`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		form: markForm,
		allowed: reaches((o) => o.status === 200 && o.data.saved === 1)
	},
	{
		key: `${P}/today action allPresent`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		form: (w) => ({ day: TODAY, formKey: randomUUID(), p: w.params.participationId }),
		allowed: reaches((o) => o.status === 200 && o.data.saved === 1)
	},
	{
		key: `${P}/today action meeting`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		form: meetingForm,
		allowed: reaches((o) => o.status === 200 && o.data.saved === 1)
	},
	{
		key: `${P}/attendance POST`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		json: (w) => ({
			marks: [
				{ clientKey: randomUUID(), participationId: w.params.participationId, day: TODAY, status: 'present', reason: null, reasonText: null, markedAt: null }
			],
			meetings: []
		}),
		allowed: reaches(async (o) => o.status === 200 && (await (o.data as Response).clone().json()).marks[0].ok === true)
	},

	// Participations and notices
	{
		key: `${P}/participations load`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		query: 'mine=0',
		allowed: shows((d, w) => has(d.participations, w.params.participationId))
	},
	{
		key: `${P}/participations/[participationId=uuid] load`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: shows((d, w) => d.participation.id === w.params.participationId && d.customer.name)
	},
	...['start', 'interrupt', 'complete', 'requestExtension', 'meeting'].map((action): Row => ({
		key: `${P}/participations/[participationId=uuid] action ${action}`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: reaches()
	})),
	// The coach shows the participant's feedback invitation (a QR code and a short link) of an ended participation.
	{
		key: `${P}/participations/[participationId=uuid] action feedbackShow`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		params: (w) => ({ participationId: w.endedParticipationId }),
		allowed: reaches((o) => o.status === 200 && o.data.feedback?.link)
	},
	// The provider's own feedback figures: its admins.
	{
		key: `${P}/feedback load`,
		side: 'provider',
		allow: ADMIN,
		allowed: shows((d, w) => d.rows.some((r: { contractId: string }) => r.contractId === w.contractId))
	},
	{
		key: `${P}/participations/[participationId=uuid]/report load`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: shows((d) => d.report?.customerName)
	},
	{ key: `${P}/participations/[participationId=uuid]/report.csv GET`, side: 'provider', allow: STAFF, assigned: true, allowed: downloads('text/csv') },
	{ key: `${P}/notices load`, side: 'provider', allow: STAFF, assigned: true, allowed: shows((d, w) => has(d.notices, w.params.noticeId)) },
	{
		key: `${P}/notices/[noticeId=uuid] load`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: shows((d, w) => d.notice.id === w.params.noticeId && d.customer.name)
	},

	// Quality remarks: the world's remark is about a customer, so only staff whose assignment covers them see it; admins answer
	{ key: `${P}/remarks load`, side: 'provider', allow: STAFF, assigned: true, allowed: shows((d, w) => has(d.remarks, w.params.remarkId)) },
	{ key: `${P}/remarks/export GET`, side: 'provider', allow: STAFF, assigned: true, allowed: text((body, w) => body.includes(w.remarkNumber)) },
	{
		key: `${P}/remarks/[remarkId=uuid] load`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: shows((d, w) => d.remark.id === w.params.remarkId && d.customer?.name)
	},
	{ key: `${P}/remarks/[remarkId=uuid] action answer`, side: 'provider', allow: ['provider_admin'], assigned: true, allowed: reaches() },
	{
		key: `${P}/remarks/[remarkId=uuid]/attachments/[attachmentId=uuid] GET`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: downloads('application/pdf')
	},

	// ARVI: written by assigned coaches and admins
	{ key: `${P}/arvi load`, side: 'provider', allow: STAFF, assigned: true, query: 'mine=0', allowed: shows((d, w) => has(d.arvis, w.params.arviId)) },
	{
		key: `${P}/arvi/[arviId=uuid] load`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		allowed: shows((d, w) => d.arvi.id === w.params.arviId && d.customer.name)
	},
	{ key: `${P}/arvi/[arviId=uuid]/pdf GET`, side: 'provider', allow: STAFF, assigned: true, allowed: downloads('application/pdf') },
	{ key: `${P}/arvi/[arviId=uuid] action save`, side: 'provider', allow: STAFF, assigned: true, form: () => ({ revision: '0' }), allowed: reaches() },
	{ key: `${P}/arvi/[arviId=uuid] action submit`, side: 'provider', allow: STAFF, assigned: true, form: () => ({ version: '0' }), allowed: reaches() },
	{
		key: `${P}/arvi/[arviId=uuid]/draft POST`,
		side: 'provider',
		allow: STAFF,
		assigned: true,
		json: () => ({ content: null, baseRevision: 0, device: 'device-01', key: 'key-00001' }),
		allowed: reaches()
	},

	// Invoices: the provider's money people
	{ key: `${P}/invoices load`, side: 'provider', allow: MONEY, allowed: shows((d, w) => has(d.invoices, w.params.invoiceId)) },
	// Opening invoices has its own page: the periods it offers are those of the world's contract.
	{
		key: `${P}/invoices/open load`,
		side: 'provider',
		allow: MONEY,
		orgLevel: true,
		allowed: shows((d, w) => d.openable.some((c: { contractId: string }) => c.contractId === w.contractId))
	},
	{ key: `${P}/invoices/open action open`, side: 'provider', allow: MONEY, orgLevel: true, allowed: reaches() },
	// Opening the next period of every contract answers the result per contract (the world's contract has an approved October).
	{
		key: `${P}/invoices/open action openAll`,
		side: 'provider',
		allow: MONEY,
		orgLevel: true,
		allowed: reaches((o, w) => o.status === 200 && o.data.bulk.some((r: { contractId: string }) => r.contractId === w.contractId))
	},
	{ key: `${P}/invoices/[invoiceId=uuid] load`, side: 'provider', allow: MONEY, allowed: shows((d, w) => d.invoice.id === w.params.invoiceId) },
	...['language', 'recompute', 'addLine', 'removeLine', 'submit', 'discard'].map((action): Row => ({
		key: `${P}/invoices/[invoiceId=uuid] action ${action}`,
		side: 'provider',
		allow: MONEY,
		allowed: reaches()
	})),
	// The approved invoice is credited by the first allowed person; the next one is told a credit note exists.
	{ key: `${P}/invoices/[invoiceId=uuid] action credit`, side: 'provider', allow: MONEY, allowed: reaches() },
	// Partial credit: the page shows the approved invoice's lines; the form (empty here) is refused for its input only.
	{
		key: `${P}/invoices/[invoiceId=uuid]/credit load`,
		side: 'provider',
		allow: MONEY,
		allowed: shows((d, w) => d.invoice.id === w.params.invoiceId && d.lines.length > 0)
	},
	{
		key: `${P}/invoices/[invoiceId=uuid]/credit action default`,
		side: 'provider',
		allow: MONEY,
		allowed: reaches((o) => o.status === 400 && o.data.errors.reason === 'credit.reasonRequired')
	},
	{ key: `${P}/invoices/[invoiceId=uuid]/print load`, side: 'provider', allow: MONEY, allowed: shows((d, w) => d.invoiceId === w.params.invoiceId) },
	{
		key: `${P}/invoices/[invoiceId=uuid]/specification load`,
		side: 'provider',
		allow: MONEY,
		allowed: shows((d, w) => d.invoice.id === w.params.invoiceId && d.customerCount > 0)
	},
	{ key: `${P}/invoices/[invoiceId=uuid]/finvoice.xml GET`, side: 'provider', allow: MONEY, allowed: downloads('application/xml') },
	{ key: `${P}/invoices/[invoiceId=uuid]/ubl.xml GET`, side: 'provider', allow: MONEY, allowed: downloads('application/xml') },
	{ key: `${P}/invoices/[invoiceId=uuid]/invoice.csv GET`, side: 'provider', allow: MONEY, allowed: text((body, w) => body.includes(w.contractNumber)) },

	// The provider's own scorecard (issue 18): its admins only; another provider's admin gets nothing of it.
	{
		key: `${P}/scorecard load`,
		side: 'provider',
		allow: ADMIN,
		allowed: shows((d, w) => d.sections.some((s: { contracts: { contract: { id: string } }[] }) => s.contracts.some((c) => c.contract.id === w.contractId)))
	},
	{ key: `${P}/scorecard/export GET`, side: 'provider', allow: ADMIN, allowed: text((body, w) => body.includes(w.contractNumber)) }
];

/** The employment area's workspace (/area/:orgId/…): one row per load, action and endpoint. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Role } from '../../../src/lib/domain/roles';
import { downloads, reaches, shows, type Check, type Row } from './table';

const STAFF: Role[] = ['area_admin', 'case_officer', 'invoice_reviewer', 'invoice_approver'];
const EVERYONE: Role[] = [...STAFF, 'auditor'];
const CASEWORK: Role[] = ['area_admin', 'case_officer'];
const MONEY: Role[] = ['area_admin', 'invoice_reviewer', 'invoice_approver'];
const ADMIN: Role[] = ['area_admin'];

/** A CSV or text download whose body mentions the target. */
const text =
	(what: (body: string, w: Parameters<Check>[1]) => boolean): Check =>
	async (out, w) => {
		expect(out.status).toBe(200);
		expect(what(await (out.data as Response).clone().text(), w)).toBe(true);
	};

const A = '/area/[orgId=uuid]';
const has = (list: { id: string }[] | undefined, id: string) => !!list?.some((x) => x.id === id);

export const AREA_ROWS: Row[] = [
	{ key: `${A} layout load`, side: 'area', allow: EVERYONE, allowed: shows((d, w) => d.organisation.id === w.areaId) },
	// The home: a section for the person's role here, its counts scoped like the lists (home.test.ts).
	{
		key: `${A} load`,
		side: 'area',
		allow: EVERYONE,
		allowed: shows(
			(d, w) =>
				d.home.length === 1 &&
				d.home[0].items.length > 0 &&
				d.home[0].items.every((i: { href: string }) => i.href.includes(w.areaId) || i.href === '/notifications')
		)
	},

	// Users and access
	{
		key: `${A}/users load`,
		side: 'area',
		allow: ADMIN,
		allowed: shows((d, w) => d.users.some((u: { id: string }) => u.id === w.person('own:case_officer')!.id))
	},
	{
		key: `${A}/users action invite`,
		side: 'area',
		allow: ADMIN,
		orgLevel: true,
		form: () => ({ email: `uusi-${randomUUID().slice(0, 8)}@alue.fi`, name: 'Uusi Käsittelijä', locale: 'fi', roles: 'case_officer' }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},
	{
		key: `${A}/users action roles`,
		side: 'area',
		allow: ADMIN,
		form: (w) => ({ userId: w.areaVictim, roles: 'auditor' }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},
	// The first admin removes the person; the next is told they are no longer a member (404): the table runs the denied people first.
	{
		key: `${A}/users action deactivate`,
		side: 'area',
		allow: ADMIN,
		form: (w) => ({ userId: w.areaVictim }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},
	{ key: `${A}/api-keys load`, side: 'area', allow: ADMIN, allowed: shows((d) => d.keys.some((k: { name: string }) => k.name === 'Asiakasjärjestelmä')) },
	{
		key: `${A}/api-keys action create`,
		side: 'area',
		allow: ADMIN,
		orgLevel: true,
		form: () => ({ name: 'Uusi avain', scopes: 'referrals:read' }),
		allowed: reaches((o) => String(o.data.key).startsWith('ptp_'))
	},
	{
		key: `${A}/api-keys action revoke`,
		side: 'area',
		allow: ADMIN,
		form: (w) => ({ keyId: w.revocableKeyId }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},

	// The area's own e-invoice ids (a refused form reaches the action and changes nothing)
	{ key: `${A}/organisation load`, side: 'area', allow: ADMIN, allowed: shows((d, w) => d.area.id === w.areaId) },
	{
		key: `${A}/organisation action default`,
		side: 'area',
		allow: ADMIN,
		orgLevel: true,
		form: () => ({ ovt: '123', peppolId: '', einvoiceOperator: '' }),
		allowed: reaches((o) => o.status === 400 && o.data.errors.ovt === 'errors.ovtInvalid')
	},

	// Retention: the rules, the dry run (counts, no names) and the runs (a refused form reaches the action and saves nothing)
	{
		key: `${A}/retention load`,
		side: 'area',
		allow: ADMIN,
		allowed: shows((d, w) => d.area.id === w.areaId && typeof d.next.customers === 'number')
	},
	{
		key: `${A}/retention action default`,
		side: 'area',
		allow: ADMIN,
		orgLevel: true,
		form: () => ({ customerMonths: '0' }),
		allowed: reaches((o) => o.status === 400 && o.data.errors.customerMonths === 'errors.monthsInvalid')
	},

	// Audit log
	{
		key: `${A}/audit load`,
		side: 'area',
		allow: ['area_admin', 'auditor'],
		allowed: shows((d, w) => d.entries.some((e: { customerIds: string[] | null }) => e.customerIds?.includes(w.params.customerId)))
	},
	// Following a search of the log (an object, never a customer): the person's own, in their own area.
	{
		key: `${A}/audit action follow`,
		side: 'area',
		allow: ['area_admin', 'auditor'],
		orgLevel: true,
		form: (w) => ({ target: `contract:${w.params.contractId}` }),
		allowed: reaches((o) => o.data.followed)
	},
	{
		key: `${A}/audit action unfollow`,
		side: 'area',
		allow: ['area_admin', 'auditor'],
		orgLevel: true,
		form: () => ({ followId: randomUUID() }),
		allowed: (out, w) => {
			expect(out.status).toBe(303);
			expect(out.location).toBe(`/area/${w.areaId}/audit`);
		}
	},
	{ key: `${A}/audit/export GET`, side: 'area', allow: ['area_admin', 'auditor'], allowed: text((body, w) => body.includes(w.params.customerId)) },
	{
		key: `${A}/audit/customers/[customerId=uuid] load`,
		side: 'area',
		allow: ['area_admin', 'auditor'],
		allowed: shows((d) => d.entries.some((e: { action: string }) => !e.action.startsWith('audit.')))
	},

	// A customer's own report (GDPR art. 15) and the correction of contact data (art. 16)
	{
		key: `${A}/customers/[customerId=uuid] load`,
		side: 'area',
		allow: CASEWORK,
		allowed: shows((d, w) => d.customer.id === w.params.customerId && d.customer.name)
	},
	{
		key: `${A}/customers/[customerId=uuid] action rectify`,
		side: 'area',
		allow: CASEWORK,
		form: () => ({ phone: 'not a phone', reason: '' }),
		allowed: reaches()
	},
	{
		key: `${A}/customers/[customerId=uuid]/report.json GET`,
		side: 'area',
		allow: CASEWORK,
		allowed: text((body, w) => JSON.parse(body).customer.id === w.params.customerId)
	},
	{ key: `${A}/customers/[customerId=uuid]/report.pdf GET`, side: 'area', allow: CASEWORK, allowed: downloads('application/pdf') },

	// Providers
	{ key: `${A}/providers load`, side: 'area', allow: STAFF, allowed: shows((d, w) => has(d.providers, w.providerId)) },
	{ key: `${A}/providers action default`, side: 'area', allow: ADMIN, orgLevel: true, allowed: reaches() },
	{ key: `${A}/providers/[providerId=uuid] load`, side: 'area', allow: STAFF, allowed: shows((d, w) => d.provider.id === w.providerId) },
	// The area's own supplier record for the provider (the shared master data is the provider's: no area action edits it).
	{
		key: `${A}/providers/[providerId=uuid] action record`,
		side: 'area',
		allow: ADMIN,
		form: () => ({ supplierNumber: 'TOIM-1', contactName: '', contactEmail: '', contactPhone: '', notes: '' }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},
	{
		key: `${A}/providers/[providerId=uuid] action inviteAdmin`,
		side: 'area',
		allow: ADMIN,
		form: () => ({ email: `paakayttaja-${randomUUID().slice(0, 8)}@tuottaja.fi`, name: 'Pää Käyttäjä', locale: 'fi' }),
		allowed: reaches()
	},

	// Contracts (auditors read logs, not contracts)
	{ key: `${A}/contracts load`, side: 'area', allow: STAFF, allowed: shows((d, w) => has(d.contracts, w.contractId)) },
	{ key: `${A}/contracts/export GET`, side: 'area', allow: STAFF, allowed: text((body, w) => body.includes(w.contractNumber)) },
	{ key: `${A}/contracts/new load`, side: 'area', allow: ADMIN, allowed: shows((d, w) => has(d.providers, w.providerId)) },
	{ key: `${A}/contracts/new action default`, side: 'area', allow: ADMIN, orgLevel: true, allowed: reaches() },
	{ key: `${A}/contracts/[contractId=uuid] load`, side: 'area', allow: STAFF, allowed: shows((d, w) => d.detail.contract.id === w.contractId) },
	...['update', 'add_priceLine', 'add_cohort', 'add_option', 'add_contact', 'upload'].map((action): Row => ({
		key: `${A}/contracts/[contractId=uuid] action ${action}`,
		side: 'area',
		allow: ADMIN,
		allowed: reaches()
	})),
	// A part that does not exist, under a version that is not the contract's: refused as stale, after the access check.
	{
		key: `${A}/contracts/[contractId=uuid] action remove`,
		side: 'area',
		allow: ADMIN,
		form: () => ({ part: 'option', partId: randomUUID(), version: '1' }),
		allowed: reaches()
	},
	{
		key: `${A}/contracts/[contractId=uuid] action useOption`,
		side: 'area',
		allow: ADMIN,
		form: () => ({ optionId: randomUUID(), used: '1', version: '1' }),
		allowed: reaches()
	},
	{ key: `${A}/contracts/[contractId=uuid]/documents/[documentId=uuid] GET`, side: 'area', allow: STAFF, allowed: downloads('application/pdf') },

	// Referrals: the area's case officers and admins
	{ key: `${A}/referrals load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => has(d.referrals, w.params.referralId)) },
	{ key: `${A}/referrals/new load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => has(d.contracts, w.contractId)) },
	{ key: `${A}/referrals/new action default`, side: 'area', allow: CASEWORK, orgLevel: true, allowed: reaches() },
	{ key: `${A}/referrals/group load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => has(d.contracts, w.contractId)) },
	{ key: `${A}/referrals/group action default`, side: 'area', allow: CASEWORK, orgLevel: true, allowed: reaches() },
	{ key: `${A}/referrals/import load`, side: 'area', allow: CASEWORK, orgLevel: true, allowed: shows((d) => d.columns.length > 0) },
	{ key: `${A}/referrals/import action default`, side: 'area', allow: CASEWORK, orgLevel: true, allowed: reaches() },
	{
		key: `${A}/referrals/[referralId=uuid] load`,
		side: 'area',
		allow: CASEWORK,
		allowed: shows((d, w) => d.referral.id === w.params.referralId && d.customer.name)
	},
	{ key: `${A}/referrals/[referralId=uuid] action withdraw`, side: 'area', allow: CASEWORK, allowed: reaches() },
	{ key: `${A}/referrals/[referralId=uuid] action revokeConsent`, side: 'area', allow: CASEWORK, form: () => ({ revokedOn: 'not a day' }), allowed: reaches() },
	{ key: `${A}/referrals/[referralId=uuid] action reveal`, side: 'area', allow: CASEWORK, allowed: reaches((o) => o.status === 200 && 'personalId' in o.data) },
	// Answering is the provider's: the area's people are refused even on their own referral.
	{ key: `${A}/referrals/[referralId=uuid] action accept`, side: 'area', allow: [], allowed: reaches() },
	{ key: `${A}/referrals/[referralId=uuid] action decline`, side: 'area', allow: [], allowed: reaches() },

	// Participations and notices
	{ key: `${A}/participations load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => has(d.participations, w.params.participationId)) },
	{
		key: `${A}/participations/[participationId=uuid] load`,
		side: 'area',
		allow: CASEWORK,
		allowed: shows((d, w) => d.participation.id === w.params.participationId && d.customer.name)
	},
	// The participant's feedback invitation, sent to the customer by the area by the channel it chooses (the test
	// customer has no e-mail: the refusal says so, after authorization).
	{
		key: `${A}/participations/[participationId=uuid] action feedbackSend`,
		side: 'area',
		allow: CASEWORK,
		params: (w) => ({ participationId: w.endedParticipationId }),
		form: () => ({ channel: 'email' }),
		allowed: reaches((o) => o.data.message === 'errors.feedbackNoEmail')
	},
	{ key: `${A}/notices load`, side: 'area', allow: CASEWORK, query: 'mine=0', allowed: shows((d, w) => has(d.notices, w.params.noticeId)) },
	{ key: `${A}/notices/[noticeId=uuid] load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => d.notice.id === w.params.noticeId && d.customer.name) },
	{ key: `${A}/notices/[noticeId=uuid] action acknowledge`, side: 'area', allow: CASEWORK, allowed: reaches() },
	{ key: `${A}/notices/[noticeId=uuid] action decide`, side: 'area', allow: CASEWORK, allowed: reaches() },

	// ARVI: submitted ones, read and decided by case officers and admins
	{ key: `${A}/arvi load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => has(d.arvis, w.params.arviId)) },
	{ key: `${A}/arvi/[arviId=uuid] load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => d.arvi.id === w.params.arviId && d.customer.name) },
	{ key: `${A}/arvi/[arviId=uuid]/pdf GET`, side: 'area', allow: CASEWORK, allowed: downloads('application/pdf') },
	{ key: `${A}/arvi/[arviId=uuid] action accept`, side: 'area', allow: CASEWORK, form: () => ({ version: '0' }), allowed: reaches() },
	{ key: `${A}/arvi/[arviId=uuid] action return`, side: 'area', allow: CASEWORK, form: () => ({ version: '0', comment: '' }), allowed: reaches() },

	// Quality remarks: filed and handled by the area's admins and case officers (the world's remark is about a customer)
	{ key: `${A}/remarks load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => has(d.remarks, w.params.remarkId)) },
	{ key: `${A}/remarks/export GET`, side: 'area', allow: CASEWORK, allowed: text((body, w) => body.includes(w.remarkNumber)) },
	{ key: `${A}/remarks/new load`, side: 'area', allow: CASEWORK, allowed: shows((d, w) => d.contracts.some((c: { id: string }) => c.id === w.contractId)) },
	{ key: `${A}/remarks/new action default`, side: 'area', allow: CASEWORK, orgLevel: true, allowed: reaches() },
	{
		key: `${A}/remarks/[remarkId=uuid] load`,
		side: 'area',
		allow: CASEWORK,
		allowed: shows((d, w) => d.remark.id === w.params.remarkId && d.customer?.name)
	},
	...['requestMore', 'close', 'reduce'].map((action): Row => ({
		key: `${A}/remarks/[remarkId=uuid] action ${action}`,
		side: 'area',
		allow: CASEWORK,
		allowed: reaches()
	})),
	{ key: `${A}/remarks/[remarkId=uuid]/attachments/[attachmentId=uuid] GET`, side: 'area', allow: CASEWORK, allowed: downloads('application/pdf') },

	// Participant feedback: figures for the area's case officers and admins; free texts reviewed by its admins
	{
		key: `${A}/feedback load`,
		side: 'area',
		allow: CASEWORK,
		allowed: shows((d, w) => d.rows.some((r: { contractId: string }) => r.contractId === w.contractId))
	},
	{
		key: `${A}/feedback action review`,
		side: 'area',
		allow: ADMIN,
		form: (w) => ({ answerId: w.feedbackAnswerId, decision: 'release', text: 'Hyvä palvelu.' }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},

	// Invoices: the area's money people
	{ key: `${A}/invoices load`, side: 'area', allow: MONEY, allowed: shows((d, w) => has(d.invoices, w.params.invoiceId)) },
	{ key: `${A}/invoices action importPayments`, side: 'area', allow: ['area_admin', 'invoice_approver'], orgLevel: true, allowed: reaches() },
	{
		key: `${A}/invoices action setLimit`,
		side: 'area',
		allow: ADMIN,
		form: (w) => ({ userId: w.person('own:invoice_approver')!.id, limit: '5000' }),
		allowed: reaches((o) => o.status === 200 && o.data.success)
	},
	{ key: `${A}/invoices/[invoiceId=uuid] load`, side: 'area', allow: MONEY, allowed: shows((d, w) => d.invoice.id === w.params.invoiceId) },
	{ key: `${A}/invoices/[invoiceId=uuid] action check`, side: 'area', allow: ['invoice_reviewer'], allowed: reaches() },
	{ key: `${A}/invoices/[invoiceId=uuid] action return`, side: 'area', allow: ['invoice_reviewer'], allowed: reaches() },
	{ key: `${A}/invoices/[invoiceId=uuid] action approve`, side: 'area', allow: ['invoice_approver'], allowed: reaches() },
	{ key: `${A}/invoices/[invoiceId=uuid] action pay`, side: 'area', allow: ['area_admin', 'invoice_approver'], allowed: reaches() },
	{ key: `${A}/invoices/[invoiceId=uuid]/print load`, side: 'area', allow: MONEY, allowed: shows((d, w) => d.invoiceId === w.params.invoiceId) },
	{
		key: `${A}/invoices/[invoiceId=uuid]/specification load`,
		side: 'area',
		allow: MONEY,
		allowed: shows((d, w) => d.invoice.id === w.params.invoiceId && d.customerCount > 0)
	},
	{ key: `${A}/invoices/[invoiceId=uuid]/finvoice.xml GET`, side: 'area', allow: MONEY, allowed: downloads('application/xml') },
	{ key: `${A}/invoices/[invoiceId=uuid]/ubl.xml GET`, side: 'area', allow: MONEY, allowed: downloads('application/xml') },
	{ key: `${A}/invoices/[invoiceId=uuid]/invoice.csv GET`, side: 'area', allow: MONEY, allowed: text((body, w) => body.includes(w.contractNumber)) },

	// Statistics (issue 18): the area's own staff, never another area's; the scorecard only of a provider the area buys from.
	{
		key: `${A}/dashboard load`,
		side: 'area',
		allow: STAFF,
		query: 'view=contracts',
		allowed: shows((d, w) => d.stats.contracts.some((c: { contract: { id: string } }) => c.contract.id === w.contractId))
	},
	{
		key: `${A}/dashboard/export GET`,
		side: 'area',
		allow: STAFF,
		query: 'table=contracts',
		allowed: text((body, w) => body.includes(w.contractNumber))
	},
	{
		key: `${A}/scorecard/[providerId=uuid] load`,
		side: 'area',
		allow: STAFF,
		allowed: shows((d, w) => d.sections[0].contracts.some((c: { contract: { id: string } }) => c.contract.id === w.contractId))
	},
	{
		key: `${A}/scorecard/[providerId=uuid]/export GET`,
		side: 'area',
		allow: STAFF,
		allowed: text((body, w) => body.includes(w.contractNumber))
	}
];

/**
 * Issue 15 §1: a provider's payment details are its own, and an invoice once sent never changes.
 * - another area (Keski-Suomi-like) that has the provider in its register cannot change the shared master data,
 *   neither through the policy nor through any form action; linking a known company gives no right over it;
 * - the provider's own admin can, and a new bank account is audited (old and new), told to the reviewers and
 *   approvers of the areas buying from the provider (only them) and warned about on the next invoice;
 * - an approved invoice's Finvoice, UBL, CSV and print data stay byte for byte the same whatever changes later.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { areaProviders, auditLog, contracts, emailOutbox, invoices, notifications, organisations } from '../../src/lib/server/db/schema';
import { liveParties } from '../../src/lib/server/invoices/parties';
import { loadActor } from '../../src/lib/server/auth/actor';
import { canEditProviderMasterData } from '../../src/lib/server/policy';
import { searchAudit } from '../../src/lib/server/audit';
import { updateProviderMasterData, updateSupplierRecord } from '../../src/lib/server/providers/service';
import { approveInvoice, openInvoice } from '../../src/lib/server/invoices/service';
import { actions as areaProviderActions, load as areaProviderLoad } from '../../src/routes/area/[orgId=uuid]/providers/[providerId=uuid]/+page.server';
import { actions as registerActions } from '../../src/routes/area/[orgId=uuid]/providers/+page.server';
import { actions as ownActions, load as ownLoad } from '../../src/routes/provider/[orgId=uuid]/organisation/+page.server';
import { load as areaInvoicePage } from '../../src/routes/area/[orgId=uuid]/invoices/[invoiceId=uuid]/+page.server';
import { load as areaPrint } from '../../src/routes/area/[orgId=uuid]/invoices/[invoiceId=uuid]/print/+page.server';
import { load as providerPrint } from '../../src/routes/provider/[orgId=uuid]/invoices/[invoiceId=uuid]/print/+page.server';
import { GET as finvoiceXml } from '../../src/routes/area/[orgId=uuid]/invoices/[invoiceId=uuid]/finvoice.xml/+server';
import { GET as ublXml } from '../../src/routes/area/[orgId=uuid]/invoices/[invoiceId=uuid]/ubl.xml/+server';
import { GET as invoiceCsv } from '../../src/routes/area/[orgId=uuid]/invoices/[invoiceId=uuid]/invoice.csv/+server';
import type { Actor } from '../../src/lib/server/policy';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';
import { businessId, providerWithContract } from './helpers/contracts';
import { checkedOctober, invoiceRow, invoiceSetting, NOVEMBER, TODAY, type InvoiceSetting } from './helpers/invoices';

let database: Database;
const c = testClock(`${TODAY}T08:00:00Z`);

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

const NEW_IBAN = 'FI4950009420028730';
const MASTER_FORM = {
	name: 'Valmennus Pohjola Oy',
	vatNumber: '',
	iban: NEW_IBAN,
	bic: 'OKOYFIHH',
	streetAddress: 'Uusi katu 1',
	postalCode: '65100',
	city: 'Vaasa',
	ovt: '',
	peppolId: '',
	einvoiceOperator: ''
};

const ibanOf = async (providerId: string) =>
	(await database.db.select({ iban: organisations.iban }).from(organisations).where(eq(organisations.id, providerId)))[0].iban;
const actorOf = (userId: string) => loadActor(database.db, userId, TODAY);
const post = (actor: Actor, params: Record<string, string>, form: Record<string, string>) =>
	makeEvent({ actor, clock: c.clock, params, form, url: 'http://localhost/x' });

/** A provider with contracts of two areas (Pohjanmaa-like and Keski-Suomi-like), with an admin, reviewers and others of each. */
async function twoAreas() {
	const pohjanmaa = await makeOrganisation(database.db, 'area');
	const keskiSuomi = await makeOrganisation(database.db, 'area');
	const ctx = ctxFor(c.clock);
	// Registered by Pohjanmaa with the IBAN FI2112345600000785 (helpers/contracts.ts).
	const { providerId } = await providerWithContract(database, ctx, pohjanmaa.id);
	// Keski-Suomi links the same company (by its Y-tunnus) and makes a contract of its own.
	await database.db.insert(areaProviders).values({ areaId: keskiSuomi.id, providerId });
	await database.db.insert(contracts).values({
		areaId: keskiSuomi.id,
		providerId,
		contractNumber: 'KS-1',
		title: 'KS',
		serviceType: 'job_search_coaching',
		kind: 'single',
		status: 'active',
		startDate: '2026-01-01',
		endDate: '2026-12-31',
		deadlines: {},
		createdAt: c.clock(),
		updatedAt: c.clock()
	});
	const user = async (org: string, role: Parameters<typeof makeUser>[1]['roles']) => makeUser(database.db, { org, roles: role });
	return {
		providerId,
		pohjanmaa: pohjanmaa.id,
		keskiSuomi: keskiSuomi.id,
		providerAdmin: await user(providerId, ['provider_admin']),
		providerFinance: await user(providerId, ['finance']),
		ksAdmin: await user(keskiSuomi.id, ['area_admin']),
		ksReviewer: await user(keskiSuomi.id, ['invoice_reviewer']),
		ksCaseOfficer: await user(keskiSuomi.id, ['case_officer']),
		pohReviewer: await user(pohjanmaa.id, ['invoice_reviewer']),
		pohApprover: await user(pohjanmaa.id, ['invoice_approver']),
		pohAdmin: await user(pohjanmaa.id, ['area_admin'])
	};
}

describe('the provider’s master data is the provider’s own', () => {
	it('another area’s admin cannot change the IBAN: the policy says no and no form action changes it', async () => {
		const s = await twoAreas();
		const ksAdmin = await actorOf(s.ksAdmin.id);
		expect(canEditProviderMasterData(ksAdmin, s.providerId)).toBe(false);
		expect(canEditProviderMasterData(await actorOf(s.pohAdmin.id), s.providerId)).toBe(false);
		expect(canEditProviderMasterData(await actorOf(s.providerFinance.id), s.providerId)).toBe(false);
		expect(canEditProviderMasterData(await actorOf(s.providerAdmin.id), s.providerId)).toBe(true);

		// The provider's own page and its action: refused to the area admin, nothing changed.
		expect(await statusOf(() => ownLoad(post(ksAdmin, { orgId: s.providerId }, {})))).toBe(403);
		expect(await statusOf(() => ownActions.default(post(ksAdmin, { orgId: s.providerId }, MASTER_FORM)))).toBe(403);
		// The area's own provider page takes its supplier record only: the IBAN in the same request is ignored.
		const saved = await areaProviderActions.record(
			post(
				ksAdmin,
				{ orgId: s.keskiSuomi, providerId: s.providerId },
				{ ...MASTER_FORM, supplierNumber: 'KS-77', contactName: 'Kaisa', contactEmail: '', contactPhone: '', notes: '' }
			)
		);
		expect(saved).toMatchObject({ success: 'providers.recordSaved' });
		// The service refuses the area admin too, whatever calls it.
		expect(
			await updateProviderMasterData(database.db, ctxFor(c.clock, s.ksAdmin.id, s.keskiSuomi), ksAdmin, s.providerId, {
				...MASTER_FORM,
				vatNumber: null,
				bic: 'OKOYFIHH',
				ovt: null,
				peppolId: null,
				einvoiceOperator: null
			})
		).toEqual({ ok: false, error: 'notFound' });
		expect(await ibanOf(s.providerId)).toBe('FI2112345600000785');

		// Each area's supplier record is its own: Pohjanmaa's is untouched and does not show Keski-Suomi's.
		const ks = (await areaProviderLoad(makeEvent({ actor: ksAdmin, clock: c.clock, params: { orgId: s.keskiSuomi, providerId: s.providerId } }))) as {
			provider: { record: { supplierNumber: string }; master: { iban: string } };
		};
		const poh = (await areaProviderLoad(
			makeEvent({ actor: await actorOf(s.pohAdmin.id), clock: c.clock, params: { orgId: s.pohjanmaa, providerId: s.providerId } })
		)) as typeof ks;
		expect(ks.provider.record.supplierNumber).toBe('KS-77');
		expect(poh.provider.record.supplierNumber).toBe('');
		expect(ks.provider.master.iban).toBe('FI2112345600000785');
	});

	it('linking a known company by its Y-tunnus keeps its details, gives no right over them, and tells its admins', async () => {
		const s = await twoAreas();
		const [{ businessId: y }] = await database.db
			.select({ businessId: organisations.businessId })
			.from(organisations)
			.where(eq(organisations.id, s.providerId));
		const third = await makeOrganisation(database.db, 'area');
		const admin = await actorOf((await makeUser(database.db, { org: third.id, roles: ['area_admin'] })).id);
		const form = { ...MASTER_FORM, businessId: y!, name: 'Kaapattu Oy', supplierNumber: '', contactName: '', contactEmail: '', contactPhone: '', notes: '' };
		expect(await statusOf(() => registerActions.default(post(admin, { orgId: third.id }, form)))).toBe(303);
		const [org] = await database.db.select().from(organisations).where(eq(organisations.id, s.providerId));
		expect(org.iban).toBe('FI2112345600000785');
		expect(org.name).not.toBe('Kaapattu Oy');
		expect(canEditProviderMasterData(admin, s.providerId)).toBe(false);
		const told = await database.db.select().from(notifications).where(eq(notifications.userId, s.providerAdmin.id));
		expect(told.map((n) => [n.kind, n.link])).toEqual([['provider_linked', `/provider/${s.providerId}/organisation`]]);
	});

	it('a new company registered by an area gets the area’s initial details (nobody owned them yet)', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const admin = await actorOf((await makeUser(database.db, { org: area.id, roles: ['area_admin'] })).id);
		const y = businessId(6_600_000 + Math.floor(Math.random() * 90_000));
		const form = {
			...MASTER_FORM,
			businessId: y,
			name: 'Uusi Valmennus Oy',
			supplierNumber: 'S-1',
			contactName: '',
			contactEmail: '',
			contactPhone: '',
			notes: ''
		};
		expect(await statusOf(() => registerActions.default(post(admin, { orgId: area.id }, form)))).toBe(303);
		const [org] = await database.db.select().from(organisations).where(eq(organisations.businessId, y));
		expect(org).toMatchObject({ name: 'Uusi Valmennus Oy', iban: NEW_IBAN, bic: 'OKOYFIHH' });
		expect(canEditProviderMasterData(admin, org.id)).toBe(false);
	});
});

describe('a new bank account is a sensitive event', () => {
	it('the provider admin changes it: audited with old and new, told to the buying areas’ reviewers and approvers only', async () => {
		const s = await twoAreas();
		// An area whose only contract with the provider ended long ago is not told.
		const old = await makeOrganisation(database.db, 'area');
		await database.db.insert(areaProviders).values({ areaId: old.id, providerId: s.providerId });
		await database.db.insert(contracts).values({
			areaId: old.id,
			providerId: s.providerId,
			contractNumber: 'OLD-1',
			title: 'Old',
			serviceType: 'job_search_coaching',
			kind: 'single',
			status: 'ended',
			startDate: '2024-01-01',
			endDate: '2025-06-30',
			deadlines: {},
			createdAt: c.clock(),
			updatedAt: c.clock()
		});
		const oldReviewer = await makeUser(database.db, { org: old.id, roles: ['invoice_reviewer'] });

		const admin = await actorOf(s.providerAdmin.id);
		const answer = await ownActions.default(post(admin, { orgId: s.providerId }, MASTER_FORM));
		expect(answer).toEqual({ success: 'providers.savedBankChanged' });
		expect(await ibanOf(s.providerId)).toBe(NEW_IBAN);

		const entries = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'provider.bank_account_change'), eq(auditLog.userId, s.providerAdmin.id)));
		expect(entries.map((e) => e.areaId).sort()).toEqual([s.pohjanmaa, s.keskiSuomi].sort());
		for (const e of entries) {
			expect(e.targetIds).toEqual([s.providerId]);
			expect(e.changes).toEqual({ iban: { from: 'FI2112345600000785', to: NEW_IBAN }, bic: { from: null, to: 'OKOYFIHH' } });
		}

		// Each buying area's auditors find it in their own audit search, with the old and the new account.
		const ksLog = await searchAudit(database.db, { areaId: s.keskiSuomi, action: 'provider.bank_account_change' });
		expect(ksLog.map((e) => e.changes?.iban)).toEqual([{ from: 'FI2112345600000785', to: NEW_IBAN }]);
		expect(await searchAudit(database.db, { areaId: old.id, action: 'provider.bank_account_change' })).toEqual([]);

		const everyone = [s.ksReviewer, s.ksCaseOfficer, s.ksAdmin, s.pohReviewer, s.pohApprover, s.pohAdmin, s.providerFinance, oldReviewer].map((u) => u.id);
		const told = await database.db
			.select()
			.from(notifications)
			.where(and(inArray(notifications.userId, everyone), eq(notifications.kind, 'provider_bank_changed')));
		expect(told.map((n) => n.userId).sort()).toEqual([s.ksReviewer.id, s.pohReviewer.id, s.pohApprover.id].sort());
		expect(told.find((n) => n.userId === s.ksReviewer.id)?.link).toBe(`/area/${s.keskiSuomi}/providers/${s.providerId}`);
		// The e-mail says what happened and links to it; the account itself is not in it.
		const mails = await database.db.select().from(emailOutbox).where(eq(emailOutbox.subject, 'Palveluntuottajan tilinumero muuttui'));
		expect(mails.length).toBeGreaterThanOrEqual(3);
		for (const m of mails) expect(m.body).not.toContain(NEW_IBAN.slice(4));

		// Saving again without a change of account is no such event.
		expect(await ownActions.default(post(admin, { orgId: s.providerId }, { ...MASTER_FORM, city: 'Mustasaari' }))).toEqual({ success: 'providers.saved' });
		expect(
			await database.db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'provider.bank_account_change'), eq(auditLog.userId, s.providerAdmin.id)))
		).toHaveLength(2);
	});

	it('bad input is refused with a message and changes nothing', async () => {
		const s = await twoAreas();
		const r = await ownActions.default(
			post(await actorOf(s.providerAdmin.id), { orgId: s.providerId }, { ...MASTER_FORM, iban: 'FI00 1234', vatNumber: 'SE123' })
		);
		expect(r).toMatchObject({ status: 400, data: { errors: { iban: 'errors.ibanInvalid', vatNumber: 'errors.vatNumberInvalid' } } });
		expect(await ibanOf(s.providerId)).toBe('FI2112345600000785');
	});
});

/** October approved (version 4), as the area's approver did it. */
async function approvedOctober(t: InvoiceSetting) {
	const id = await checkedOctober(database, t);
	const r = await approveInvoice(database.db, t.approver.ctx, t.approver.actor, id, 3);
	if (!r.ok) throw new Error(r.error);
	return id;
}

describe('an approved invoice never changes', () => {
	it('the next invoice warns that the bank account changed since the last approved one', async () => {
		const t = await invoiceSetting(database, c);
		await approvedOctober(t);
		const admin = await t.person(t.providerId, ['provider_admin']);
		const [before] = await database.db.select({ iban: organisations.iban }).from(organisations).where(eq(organisations.id, t.providerId));

		c.set('2026-12-02T08:00:00Z');
		const opened = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.contractId, NOVEMBER);
		if (!opened.ok) throw new Error(opened.error);
		const page = async () =>
			(await areaInvoicePage(makeEvent({ actor: t.reviewer.actor, clock: c.clock, params: { orgId: t.areaId, invoiceId: opened.invoiceId } }))) as {
				bankChanged: { previous: string; current: string } | null;
			};
		expect((await page()).bankChanged).toBeNull();

		const r = await updateProviderMasterData(database.db, admin.ctx, admin.actor, t.providerId, {
			...MASTER_FORM,
			vatNumber: null,
			ovt: null,
			peppolId: null,
			einvoiceOperator: null
		});
		expect(r).toEqual({ ok: true, bankChanged: true });
		expect((await page()).bankChanged).toEqual({ previous: before.iban, current: NEW_IBAN });
		c.set(`${TODAY}T08:00:00Z`);
	});

	it('changing every register field after approval leaves the Finvoice, UBL, CSV and print data byte for byte the same', async () => {
		const t = await invoiceSetting(database, c);
		const id = await approvedOctober(t);
		const params = { orgId: t.areaId, invoiceId: id };
		const ev = (actor: Actor, p = params) => makeEvent({ actor, clock: c.clock, params: p });
		const snapshot = async () => ({
			finvoice: await (await finvoiceXml(ev(t.approver.actor))).text(),
			ubl: await (await ublXml(ev(t.approver.actor))).text(),
			csv: await (await invoiceCsv(ev(t.approver.actor))).text(),
			areaPrint: JSON.stringify(await areaPrint(ev(t.approver.actor))),
			providerPrint: JSON.stringify(await providerPrint(ev(t.finance.actor, { orgId: t.providerId, invoiceId: id })))
		});
		const before = await snapshot();
		expect(before.finvoice).toContain('FI2112345600000785');

		// The provider's admin changes every field of its master data (the bank account too).
		const admin = await t.person(t.providerId, ['provider_admin']);
		const changed = await updateProviderMasterData(database.db, admin.ctx, admin.actor, t.providerId, {
			name: 'Aivan Uusi Nimi Oy',
			vatNumber: 'FI99999999',
			iban: NEW_IBAN,
			bic: 'OKOYFIHH',
			streetAddress: 'Toinen katu 9',
			postalCode: '00100',
			city: 'Helsinki',
			ovt: '003799999999',
			peppolId: '0216:003799999999',
			einvoiceOperator: 'OKOYFIHH'
		});
		expect(changed.ok).toBe(true);
		// Fields nobody edits through a form, and the buyer's own details, changed in the registers all the same.
		await database.db
			.update(organisations)
			.set({ businessId: businessId(7_700_001 + Math.floor(Math.random() * 9_000)) })
			.where(eq(organisations.id, t.providerId));
		await database.db
			.update(organisations)
			.set({
				name: 'Muutettu Alue',
				nameSv: 'Ändrat område',
				businessId: businessId(7_800_001 + Math.floor(Math.random() * 9_000)),
				vatNumber: 'FI88888888',
				streetAddress: 'Torikatu 1',
				postalCode: '40100',
				city: 'Jyväskylä',
				ovt: '003788888888',
				peppolId: '0216:003788888888',
				einvoiceOperator: 'HELSFIHH',
				iban: NEW_IBAN,
				bic: 'HELSFIHH',
				languages: ['sv', 'fi']
			})
			.where(eq(organisations.id, t.areaId));
		expect(
			await updateSupplierRecord(database.db, t.reviewer.ctx, t.areaId, t.providerId, {
				supplierNumber: 'TOIM-9',
				contactName: 'Uusi Yhteys',
				contactEmail: 'uusi@example.fi',
				contactPhone: '+358 40 1234567',
				notes: 'Muutettu'
			})
		).toEqual({ ok: true });
		await database.db
			.update(contracts)
			.set({ contractNumber: 'MUUTETTU-1', title: 'Muutettu sopimus', paymentTermDays: 7 })
			.where(eq(contracts.id, t.contractId));

		const after = await snapshot();
		expect(after.finvoice).toBe(before.finvoice);
		expect(after.ubl).toBe(before.ubl);
		expect(after.csv).toBe(before.csv);
		expect(after.areaPrint).toBe(before.areaPrint);
		expect(after.providerPrint).toBe(before.providerPrint);
	});

	it('the backfill migration freezes an invoice sent before this change exactly as a submission would', async () => {
		const t = await invoiceSetting(database, c);
		const id = await approvedOctober(t);
		const frozen = (await invoiceRow(database, id)).parties;
		expect(frozen).toEqual(await liveParties(database.db, await invoiceRow(database, id)));
		// As it was before the change: sent, but nothing frozen. The migration's first statement freezes it.
		await database.db.update(invoices).set({ parties: null }).where(eq(invoices.id, id));
		const migration = readFileSync(new URL('../../drizzle/0016_freeze_submitted_invoice_parties.sql', import.meta.url), 'utf8');
		await database.db.execute(sql.raw(migration.split('--> statement-breakpoint')[0]));
		// The lines' own exemption texts (vatExemptions, 0017) came later: invoices frozen before them use the code list's.
		const { vatExemptions: _later, ...before0017 } = frozen!;
		expect((await invoiceRow(database, id)).parties).toEqual(before0017);
	});
});

import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { addDays, helsinkiDate } from '$lib/domain/clock';
import { vatNumberFromBusinessId } from '$lib/domain/identifiers';
import type { MasterDataInput, ProviderInput, SupplierRecordInput } from '$lib/forms/providers';
import { recordAudit, recordAudits, type AuditContext } from '../audit';
import { preparedOnce, type Db, type DbOrTx } from '../db/client';
import { areaProviders, contracts, memberships, organisations, type AuditChanges } from '../db/schema';
import { notify } from '../notifications/service';
import { canEditProviderMasterData, type Actor } from '../policy';
import { addMember, type ChangeError } from '../users/service';
import type { Locale } from '$lib/i18n';

export {
	masterDataSchema,
	providerSchema,
	supplierRecordSchema,
	type MasterDataInput,
	type ProviderInput,
	type SupplierRecordInput
} from '$lib/forms/providers';

export interface ProviderListRow {
	id: string;
	name: string;
	businessId: string | null;
	city: string | null;
	supplierNumber: string | null;
	contractCount: number;
}

/** The area's providers by name, for a list's provider filter: prepared once. */
export function areaProviderChoices(db: DbOrTx, areaId: string): Promise<{ id: string; name: string }[]> {
	return preparedOnce(db, 'area_provider_choices', (d) =>
		d
			.select({ id: organisations.id, name: organisations.name })
			.from(areaProviders)
			.innerJoin(organisations, eq(areaProviders.providerId, organisations.id))
			.where(eq(areaProviders.areaId, sql.placeholder('areaId')))
			.orderBy(asc(organisations.name))
			.prepare('area_provider_choices')
	).execute({ areaId });
}

/** The area's own register, scoped in SQL; contract counts are this area's contracts only. */
export async function listAreaProviders(db: DbOrTx, areaId: string): Promise<ProviderListRow[]> {
	return db
		.select({
			id: organisations.id,
			name: organisations.name,
			businessId: organisations.businessId,
			city: organisations.city,
			supplierNumber: areaProviders.supplierNumber,
			contractCount: sql<number>`(select count(*)::int from contracts c where c.provider_id = ${organisations.id} and c.area_id = ${areaId})`
		})
		.from(areaProviders)
		.innerJoin(organisations, eq(areaProviders.providerId, organisations.id))
		.where(eq(areaProviders.areaId, areaId))
		.orderBy(asc(organisations.name));
}

export async function isInRegister(db: DbOrTx, areaId: string, providerId: string): Promise<boolean> {
	const rows = await db
		.select({ p: areaProviders.providerId })
		.from(areaProviders)
		.where(and(eq(areaProviders.areaId, areaId), eq(areaProviders.providerId, providerId)));
	return rows.length > 0;
}

async function providerAdmins(db: DbOrTx, providerId: string): Promise<string[]> {
	const rows = await db
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.organisationId, providerId), eq(memberships.role, 'provider_admin')));
	return rows.map((r) => r.userId);
}

/** A provider as one area sees it: the shared master data (read-only there) and the area's own supplier record. */
export async function getProviderForArea(db: DbOrTx, areaId: string, providerId: string) {
	const [row] = await db
		.select({ org: organisations, record: areaProviders })
		.from(areaProviders)
		.innerJoin(organisations, eq(areaProviders.providerId, organisations.id))
		.where(and(eq(areaProviders.areaId, areaId), eq(areaProviders.providerId, providerId)));
	if (!row) return undefined;
	return { org: row.org, record: row.record, hasAdmin: (await providerAdmins(db, providerId)).length > 0 };
}

export async function getProvider(db: DbOrTx, providerId: string) {
	const [org] = await db
		.select()
		.from(organisations)
		.where(and(eq(organisations.id, providerId), eq(organisations.kind, 'provider')));
	return org;
}

function masterData(input: MasterDataInput, businessId: string) {
	return {
		name: input.name,
		vatNumber: input.vatNumber ?? vatNumberFromBusinessId(businessId),
		iban: input.iban,
		bic: input.bic,
		streetAddress: input.streetAddress,
		postalCode: input.postalCode,
		city: input.city,
		ovt: input.ovt,
		peppolId: input.peppolId,
		einvoiceOperator: input.einvoiceOperator
	};
}

function supplierRecord(input: SupplierRecordInput) {
	return {
		supplierNumber: input.supplierNumber || null,
		contactName: input.contactName,
		contactEmail: input.contactEmail,
		contactPhone: input.contactPhone,
		notes: input.notes || null
	};
}

/**
 * Registers a provider in the area's register. A company is one organisation whichever areas buy from it.
 * When the Y-tunnus is new to the portal, the area sets its initial master data (nobody owns it yet; from
 * the provider's first admin on, only the provider changes it). When the company is already known, the area
 * is only linked to it: the master data typed in the form is ignored, the link gives no right over the
 * company, and the company's admins are told of the link.
 */
export async function registerProvider(
	db: Db,
	ctx: AuditContext,
	areaId: string,
	input: ProviderInput
): Promise<{ ok: true; providerId: string; linked: boolean } | { ok: false; error: 'alreadyInRegister' | 'businessIdNotProvider' }> {
	return db.transaction(async (tx) => {
		const [existing] = await tx.select().from(organisations).where(eq(organisations.businessId, input.businessId));
		if (existing && existing.kind !== 'provider') return { ok: false, error: 'businessIdNotProvider' } as const;
		if (existing && (await isInRegister(tx, areaId, existing.id))) return { ok: false, error: 'alreadyInRegister' } as const;
		let providerId = existing?.id;
		if (!providerId) {
			[{ id: providerId }] = await tx
				.insert(organisations)
				.values({ kind: 'provider', businessId: input.businessId, ...masterData(input, input.businessId) })
				.returning({ id: organisations.id });
		}
		await tx.insert(areaProviders).values({ areaId, providerId, ...supplierRecord(input) });
		await recordAudit(tx, ctx, { action: existing ? 'provider.link' : 'provider.register', areaId, targetType: 'organisation', targetIds: [providerId] });
		if (existing) await notify(tx, ctx.clock, await providerAdmins(tx, providerId), 'provider_linked', `/provider/${providerId}/organisation`);
		return { ok: true, providerId, linked: !!existing } as const;
	});
}

/** The area changes its own supplier record of a provider in its register (never the shared master data). */
export async function updateSupplierRecord(
	db: Db,
	ctx: AuditContext,
	areaId: string,
	providerId: string,
	input: SupplierRecordInput
): Promise<{ ok: true } | { ok: false; error: 'notFound' }> {
	return db.transaction(async (tx) => {
		const updated = await tx
			.update(areaProviders)
			.set(supplierRecord(input))
			.where(and(eq(areaProviders.areaId, areaId), eq(areaProviders.providerId, providerId)))
			.returning({ providerId: areaProviders.providerId });
		if (updated.length === 0) return { ok: false, error: 'notFound' } as const;
		await recordAudit(tx, ctx, { action: 'provider.supplier_record_update', areaId, targetType: 'organisation', targetIds: [providerId] });
		return { ok: true } as const;
	});
}

/** How long after a contract's end its area still counts as buying from the provider (late invoices, credit notes). */
export const RECENT_CONTRACT_DAYS = 365;

/** Areas with a contract with the provider that is open or ended within RECENT_CONTRACT_DAYS of `today`. */
async function areasBuyingFrom(tx: DbOrTx, providerId: string, today: string): Promise<string[]> {
	const rows = await tx
		.selectDistinct({ areaId: contracts.areaId })
		.from(contracts)
		.where(and(eq(contracts.providerId, providerId), gte(contracts.endDate, addDays(today, -RECENT_CONTRACT_DAYS))));
	return rows.map((r) => r.areaId);
}

/**
 * The provider's own admin (or a platform admin) changes its master data. A new bank account (IBAN or BIC) is a
 * sensitive event: it is audited with the old and the new value (one entry for each area buying from the
 * provider, so that each area's auditors find it), and every invoice reviewer and approver of those areas is
 * told, in the app and by an e-mail without the account itself; invoices show a warning until one is approved
 * with the new account (see bankAccountWarning).
 */
export async function updateProviderMasterData(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	providerId: string,
	input: MasterDataInput
): Promise<{ ok: true; bankChanged: boolean } | { ok: false; error: 'notFound' }> {
	return db.transaction(async (tx) => {
		const [org] = await tx
			.select()
			.from(organisations)
			.where(and(eq(organisations.id, providerId), eq(organisations.kind, 'provider')))
			.for('update');
		if (!org || !canEditProviderMasterData(actor, providerId)) return { ok: false, error: 'notFound' } as const;
		const next = masterData(input, org.businessId ?? '');
		await tx.update(organisations).set(next).where(eq(organisations.id, providerId));
		await recordAudit(tx, ctx, { action: 'provider.update', targetType: 'organisation', targetIds: [providerId] });
		const changes: AuditChanges = {};
		if ((org.iban ?? null) !== next.iban) changes.iban = { from: org.iban, to: next.iban };
		if ((org.bic ?? null) !== next.bic) changes.bic = { from: org.bic, to: next.bic };
		if (Object.keys(changes).length === 0) return { ok: true, bankChanged: false } as const;
		const areas = await areasBuyingFrom(tx, providerId, helsinkiDate(ctx.clock()));
		const entry = { action: 'provider.bank_account_change' as const, targetType: 'organisation', targetIds: [providerId], changes };
		await recordAudits(tx, ctx, areas.length ? areas.map((areaId) => ({ ...entry, areaId })) : [entry]);
		for (const areaId of areas) {
			const people = await tx
				.select({ userId: memberships.userId })
				.from(memberships)
				.where(and(eq(memberships.organisationId, areaId), inArray(memberships.role, ['invoice_reviewer', 'invoice_approver'])));
			await notify(
				tx,
				ctx.clock,
				people.map((p) => p.userId),
				'provider_bank_changed',
				`/area/${areaId}/providers/${providerId}`
			);
		}
		return { ok: true, bankChanged: true } as const;
	});
}

/**
 * The area admin invites the provider's first admin; from then on the provider's own admins manage
 * their staff (an area cannot add people to a provider that already has an admin).
 */
export async function inviteFirstProviderAdmin(
	db: Db,
	ctx: AuditContext,
	areaId: string,
	providerId: string,
	input: { email: string; name: string; locale: Locale }
): Promise<{ ok: true; userId: string; pending: boolean } | { ok: false; error: 'notFound' | 'providerHasAdmin' | ChangeError }> {
	return db.transaction(async (tx) => {
		if (!(await isInRegister(tx, areaId, providerId))) return { ok: false, error: 'notFound' } as const;
		if ((await providerAdmins(tx, providerId)).length > 0) return { ok: false, error: 'providerHasAdmin' } as const;
		return addMember(tx, ctx, providerId, 'provider', { ...input, roles: ['provider_admin'] });
	});
}

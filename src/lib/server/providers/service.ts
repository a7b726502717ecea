import { and, asc, eq, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { isValidBusinessId, isValidFinnishIban, normaliseIban, vatNumberFromBusinessId } from '$lib/domain/identifiers';
import { isValidOvt, isValidPeppolId } from '$lib/domain/contracts';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { areaProviders, contacts, memberships, organisations } from '../db/schema';
import { addMember, type ChangeError } from '../users/service';
import type { Locale } from '$lib/i18n';

const optionalText = (max: number) =>
	v.pipe(v.string(), v.trim(), v.maxLength(max, 'tooLong'), v.transform((s) => (s === '' ? null : s)));

/** The provider register form. Messages are catalogue keys under `errors.`. */
export const providerSchema = v.object({
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('nameRequired'), v.maxLength(200, 'nameTooLong')),
	businessId: v.pipe(v.string(), v.trim(), v.check(isValidBusinessId, 'businessIdInvalid')),
	iban: v.pipe(v.string(), v.check(isValidFinnishIban, 'ibanInvalid'), v.transform(normaliseIban)),
	bic: v.pipe(
		v.string(),
		v.trim(),
		v.transform((s) => s.toUpperCase()),
		v.check((s) => s === '' || /^[A-Z]{4}FI[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(s), 'bicInvalid'),
		v.transform((s) => (s === '' ? null : s))
	),
	streetAddress: optionalText(200),
	postalCode: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || /^\d{5}$/.test(s), 'postalCodeInvalid'), v.transform((s) => (s === '' ? null : s))),
	city: optionalText(100),
	ovt: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || isValidOvt(s), 'ovtInvalid'), v.transform((s) => (s === '' ? null : s))),
	peppolId: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || isValidPeppolId(s), 'peppolInvalid'), v.transform((s) => (s === '' ? null : s))),
	einvoiceOperator: optionalText(100),
	contactName: optionalText(200),
	contactEmail: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || v.is(v.pipe(v.string(), v.email()), s), 'emailInvalid'), v.transform((s) => (s === '' ? null : s))),
	contactPhone: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || /^\+?[\d\s()-]{5,20}$/.test(s), 'phoneInvalid'), v.transform((s) => (s === '' ? null : s)))
});
export type ProviderInput = v.InferOutput<typeof providerSchema>;

export interface ProviderListRow {
	id: string;
	name: string;
	businessId: string | null;
	city: string | null;
	contractCount: number;
}

/** The area's own register, scoped in SQL; contract counts are this area's contracts only. */
export async function listAreaProviders(db: DbOrTx, areaId: string): Promise<ProviderListRow[]> {
	return db
		.select({
			id: organisations.id,
			name: organisations.name,
			businessId: organisations.businessId,
			city: organisations.city,
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

export async function getProviderForArea(db: DbOrTx, areaId: string, providerId: string) {
	if (!(await isInRegister(db, areaId, providerId))) return undefined;
	const [org] = await db.select().from(organisations).where(eq(organisations.id, providerId));
	const people = await db
		.select()
		.from(contacts)
		.where(and(eq(contacts.organisationId, providerId), sql`${contacts.contractId} is null`));
	const [admins] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(memberships)
		.where(and(eq(memberships.organisationId, providerId), eq(memberships.role, 'provider_admin')));
	return { org, contact: people[0] ?? null, hasAdmin: admins.n > 0 };
}

function details(input: ProviderInput) {
	return {
		name: input.name,
		businessId: input.businessId,
		vatNumber: vatNumberFromBusinessId(input.businessId),
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

async function saveContact(tx: DbOrTx, providerId: string, input: ProviderInput) {
	await tx.delete(contacts).where(and(eq(contacts.organisationId, providerId), sql`${contacts.contractId} is null`));
	if (input.contactName) {
		await tx.insert(contacts).values({ organisationId: providerId, name: input.contactName, email: input.contactEmail, phone: input.contactPhone });
	}
}

/**
 * Registers a provider in the area's register. A company is one organisation whichever areas buy from
 * it: when the Y-tunnus is already known, the area is linked to it and its details stay as they are.
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
			[{ id: providerId }] = await tx.insert(organisations).values({ kind: 'provider', ...details(input) }).returning({ id: organisations.id });
			await saveContact(tx, providerId, input);
		}
		await tx.insert(areaProviders).values({ areaId, providerId });
		await recordAudit(tx, ctx, { action: existing ? 'provider.link' : 'provider.register', areaId, targetType: 'organisation', targetIds: [providerId] });
		return { ok: true, providerId, linked: !!existing } as const;
	});
}

export async function updateProvider(
	db: Db,
	ctx: AuditContext,
	areaId: string,
	providerId: string,
	input: ProviderInput
): Promise<{ ok: true } | { ok: false; error: 'notFound' | 'businessIdTaken' }> {
	return db.transaction(async (tx) => {
		if (!(await isInRegister(tx, areaId, providerId))) return { ok: false, error: 'notFound' } as const;
		const [clash] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.businessId, input.businessId));
		if (clash && clash.id !== providerId) return { ok: false, error: 'businessIdTaken' } as const;
		await tx.update(organisations).set(details(input)).where(eq(organisations.id, providerId));
		await saveContact(tx, providerId, input);
		await recordAudit(tx, ctx, { action: 'provider.update', areaId, targetType: 'organisation', targetIds: [providerId] });
		return { ok: true } as const;
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
		const [admins] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(memberships)
			.where(and(eq(memberships.organisationId, providerId), eq(memberships.role, 'provider_admin')));
		if (admins.n > 0) return { ok: false, error: 'providerHasAdmin' } as const;
		return addMember(tx, ctx, providerId, 'provider', { ...input, roles: ['provider_admin'] });
	});
}

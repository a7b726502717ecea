/**
 * The platform admin's organisations (/admin/organisations): every area and provider, searchable; a new area
 * with its first admin (invited like any member, users/service.ts); deactivating and reactivating. A
 * deactivated organisation keeps everything (nothing is deleted), but the actor of each of its people is built
 * without it from the next request on (auth/actor.ts): its memberships give no roles, and assignments with it as
 * the provider or the area give no access. No customer data is read here.
 */
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import * as v from 'valibot';
import { isValidBusinessId } from '$lib/domain/identifiers';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { memberships, organisations } from '../db/schema';
import { areaEinvoiceSchema } from '../areas/organisation';
import { addMember, inviteSchema } from '../users/service';

export const LANGUAGES = ['fi', 'sv'] as const;

/** A new area: names, Y-tunnus, municipalities, languages of service, e-invoice ids and its first admin. */
export const createAreaSchema = v.object({
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('nameRequired'), v.maxLength(200, 'nameTooLong')),
	nameSv: v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(200, 'nameTooLong'),
		v.transform((s) => (s === '' ? null : s))
	),
	businessId: v.pipe(v.string(), v.trim(), v.check(isValidBusinessId, 'businessIdInvalid')),
	/** One per line (or separated by commas), as typed; duplicates once. */
	municipalities: v.pipe(
		v.string(),
		v.maxLength(5000, 'tooLong'),
		v.transform((s) => [
			...new Set(
				s
					.split(/[\n,;]/)
					.map((m) => m.trim())
					.filter(Boolean)
			)
		]),
		v.minLength(1, 'municipalitiesRequired'),
		v.maxLength(100, 'tooLong'),
		v.check((list) => list.every((m) => m.length <= 100), 'tooLong')
	),
	languages: v.pipe(
		v.array(v.picklist(LANGUAGES, 'invalidInput')),
		v.minLength(1, 'languagesRequired'),
		v.transform((list) => LANGUAGES.filter((l) => list.includes(l)))
	),
	...areaEinvoiceSchema.entries,
	adminEmail: inviteSchema.entries.email,
	adminName: inviteSchema.entries.name,
	adminLocale: inviteSchema.entries.locale
});
export type CreateAreaInput = v.InferOutput<typeof createAreaSchema>;

export async function createArea(
	db: Db,
	ctx: AuditContext,
	input: CreateAreaInput
): Promise<{ ok: true; areaId: string } | { ok: false; error: 'businessIdTaken' }> {
	return db.transaction(async (tx) => {
		const [area] = await tx
			.insert(organisations)
			.values({
				kind: 'area',
				name: input.name,
				nameSv: input.nameSv,
				businessId: input.businessId,
				municipalities: input.municipalities,
				languages: [...input.languages],
				ovt: input.ovt,
				peppolId: input.peppolId,
				einvoiceOperator: input.einvoiceOperator
			})
			.onConflictDoNothing({ target: organisations.businessId })
			.returning({ id: organisations.id });
		if (!area) return { ok: false, error: 'businessIdTaken' } as const;
		await recordAudit(tx, ctx, { action: 'organisation.create_area', areaId: area.id, targetType: 'organisation', targetIds: [area.id] });
		// A new address gets an account and the link to set a password; an existing one an invitation to accept.
		await addMember(tx, ctx, area.id, 'area', { email: input.adminEmail, name: input.adminName, locale: input.adminLocale, roles: ['area_admin'] });
		return { ok: true, areaId: area.id } as const;
	});
}

export interface OrganisationRow {
	id: string;
	kind: 'area' | 'provider';
	name: string;
	nameSv: string | null;
	businessId: string | null;
	municipalities: string[];
	members: number;
	deactivatedAt: Date | null;
}

/** Areas and providers (not the platform itself), by name; `q` matches the names and the Y-tunnus. */
export async function listOrganisations(db: DbOrTx, q: string, limit = 200): Promise<OrganisationRow[]> {
	const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	const rows = await db
		.select({
			id: organisations.id,
			kind: organisations.kind,
			name: organisations.name,
			nameSv: organisations.nameSv,
			businessId: organisations.businessId,
			municipalities: organisations.municipalities,
			deactivatedAt: organisations.deactivatedAt,
			members: sql<number>`(select count(distinct ${memberships.userId})::int from ${memberships} where ${memberships.organisationId} = ${organisations.id})`
		})
		.from(organisations)
		.where(
			and(
				sql`${organisations.kind} <> 'platform'`,
				q ? or(ilike(organisations.name, pattern), ilike(organisations.nameSv, pattern), ilike(organisations.businessId, pattern)) : undefined
			)
		)
		.orderBy(asc(organisations.kind), asc(organisations.name))
		.limit(limit);
	return rows.map((r) => ({ ...r, kind: r.kind === 'area' ? 'area' : 'provider', members: Number(r.members) }));
}

/**
 * Deactivates (`active: false`) or reactivates an area or a provider; the platform's own organisation is
 * never deactivated (nobody could reactivate it). Audited; asking for the state it already has changes nothing.
 */
export async function setOrganisationActive(
	db: Db,
	ctx: AuditContext,
	organisationId: string,
	active: boolean
): Promise<{ ok: true; changed: boolean } | { ok: false; error: 'notFound' }> {
	return db.transaction(async (tx) => {
		const [org] = await tx.select().from(organisations).where(eq(organisations.id, organisationId)).for('update');
		if (!org || org.kind === 'platform') return { ok: false, error: 'notFound' } as const;
		if (active === (org.deactivatedAt === null)) return { ok: true, changed: false } as const;
		await tx
			.update(organisations)
			.set({ deactivatedAt: active ? null : ctx.clock() })
			.where(eq(organisations.id, organisationId));
		await recordAudit(tx, ctx, {
			action: active ? 'organisation.reactivate' : 'organisation.deactivate',
			areaId: org.kind === 'area' ? org.id : null,
			targetType: 'organisation',
			targetIds: [org.id]
		});
		return { ok: true, changed: true } as const;
	});
}

/**
 * Reading contracts: the access facts for the policy, one contract's detail, history and documents, and the
 * lists of both sides (scoped in SQL). Changes are in service.ts.
 */
import { and, asc, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { ContractStatus, ServiceType } from '$lib/domain/contracts';
import { contractBudget } from '../invoices/service';
import { byShape, preparedOnce, type DbOrTx, type Params } from '../db/client';
import { contractDocuments, contracts, contractVersions, invoices, organisations, users } from '../db/schema';
import type { Actor } from '../policy';
import { contractListScope, contractScopeKind, SCOPE_PLACEHOLDERS, valuesOf, type ScopeValues } from '../policy/scope';
import { snapshot } from './service';

/** The access facts of one contract (for the policy), or undefined. */
export async function contractScopeOf(db: DbOrTx, contractId: string) {
	const [row] = await db
		.select({ id: contracts.id, areaId: contracts.areaId, providerId: contracts.providerId })
		.from(contracts)
		.where(eq(contracts.id, contractId));
	return row;
}

export async function getContractDetail(db: DbOrTx, contractId: string) {
	const [row] = await db
		.select({ contract: contracts, providerName: organisations.name })
		.from(contracts)
		.innerJoin(organisations, eq(contracts.providerId, organisations.id))
		.where(eq(contracts.id, contractId));
	if (!row) return undefined;
	const [areaOrg] = await db
		.select({ name: organisations.name, nameSv: organisations.nameSv })
		.from(organisations)
		.where(eq(organisations.id, row.contract.areaId));
	const snap = await snapshot(db, contractId);
	return {
		contract: row.contract,
		providerName: row.providerName,
		areaName: areaOrg.name,
		areaNameSv: areaOrg.nameSv,
		priceLines: snap.priceLines,
		options: snap.options,
		cohorts: snap.cohorts,
		contacts: snap.contacts.map((p) => ({ ...p, side: p.organisationId === row.contract.areaId ? ('area' as const) : ('provider' as const) })),
		documents: await db
			.select({
				id: contractDocuments.id,
				filename: contractDocuments.filename,
				size: contractDocuments.size,
				mediaType: contractDocuments.mediaType,
				uploadedAt: contractDocuments.uploadedAt
			})
			.from(contractDocuments)
			.where(eq(contractDocuments.contractId, contractId))
			.orderBy(asc(contractDocuments.uploadedAt)),
		budget: await contractBudget(db, row.contract)
	};
}

export async function contractHistory(db: DbOrTx, contractId: string) {
	return db
		.select({
			version: contractVersions.version,
			action: contractVersions.action,
			changedFields: contractVersions.changedFields,
			at: contractVersions.at,
			userName: users.name
		})
		.from(contractVersions)
		.leftJoin(users, eq(contractVersions.userId, users.id))
		.where(eq(contractVersions.contractId, contractId))
		.orderBy(desc(contractVersions.version));
}

export async function getDocument(db: DbOrTx, contractId: string, documentId: string) {
	const [doc] = await db
		.select()
		.from(contractDocuments)
		.where(and(eq(contractDocuments.id, documentId), eq(contractDocuments.contractId, contractId)));
	return doc;
}

export const CONTRACT_SORTS = ['number', 'title', 'start', 'end', 'provider', 'status'] as const;
export type ContractSort = (typeof CONTRACT_SORTS)[number];

export interface ContractFilters {
	status?: ContractStatus;
	serviceType?: ServiceType;
	providerId?: string;
	/** Contracts in force at some point between from and until. */
	from?: string;
	until?: string;
	q?: string;
	/** In force and ending on or before this day (from today): contracts nearing their end. */
	endsBy?: string;
	/** In force with at least `BUDGET_NEAR_PERCENT` % of the budget invoiced (submitted or further, credit notes deducted). */
	budgetNear?: boolean;
	sort: ContractSort;
	desc: boolean;
	page: number;
}

export const CONTRACT_PAGE_SIZE = 25;

/** "Nearing its budget": this share of the budget commitment invoiced. */
export const BUDGET_NEAR_PERCENT = 80;

/** The filters as the list's condition compares them: the search words as a `like` pattern. */
type ContractConditions = Omit<ContractFilters, 'sort' | 'desc' | 'page' | 'q'> & { like?: string };

/** The list's condition (scope and filters; the query joins the provider as `organisations`): shared with the home page's counts. */
export function contractListWhere(
	actor: Actor,
	organisationId: string,
	f: Params<ContractConditions>,
	values: ScopeValues = valuesOf(actor, organisationId)
): SQL | undefined {
	const where: (SQL | undefined)[] = [contractListScope(actor, organisationId, values)];
	if (f.status) where.push(eq(contracts.status, f.status));
	if (f.serviceType) where.push(eq(contracts.serviceType, f.serviceType));
	if (f.providerId) where.push(eq(contracts.providerId, f.providerId));
	if (f.from) where.push(gte(contracts.endDate, f.from));
	if (f.until) where.push(lte(contracts.startDate, f.until));
	if (f.like)
		where.push(
			or(ilike(contracts.title, f.like), ilike(contracts.contractNumber, f.like), ilike(contracts.diaryNumber, f.like), ilike(organisations.name, f.like))
		);
	if (f.endsBy) where.push(eq(contracts.status, 'active'), gte(contracts.endDate, values.today), lte(contracts.endDate, f.endsBy));
	// The contract's own invoices by `invoices_contract_idx` (a few dozen rows each), as `contractBudget` sums them.
	if (f.budgetNear)
		where.push(
			eq(contracts.status, 'active'),
			sql`${contracts.budgetCents} > 0`,
			sql`(select coalesce(sum(case when i.kind = 'credit_note' then -i.gross_cents else i.gross_cents end), 0) from ${invoices} i
				where i.contract_id = ${contracts.id} and i.status in ('submitted', 'checked', 'approved', 'paid')) * 100 >= ${contracts.budgetCents} * ${BUDGET_NEAR_PERCENT}`
		);
	return and(...where);
}

const SORT_COLUMNS = {
	number: contracts.contractNumber,
	title: contracts.title,
	start: contracts.startDate,
	end: contracts.endDate,
	provider: organisations.name,
	status: contracts.status
};

/**
 * The list's statement, built once per database handle, scope kind, order and set of filters present, with the values
 * as placeholders (`byShape`).
 */
function contractListStatement(
	db: DbOrTx,
	actor: Actor,
	organisationId: string,
	sort: ContractSort,
	descending: boolean,
	shape: string,
	f: Params<ContractConditions>
) {
	return preparedOnce(db, `contract_list:${contractScopeKind(actor, organisationId)}:${sort}:${descending}:${shape}`, (d) => {
		const column = SORT_COLUMNS[sort];
		return d
			.select({
				id: contracts.id,
				contractNumber: contracts.contractNumber,
				title: contracts.title,
				serviceType: contracts.serviceType,
				status: contracts.status,
				startDate: contracts.startDate,
				endDate: contracts.endDate,
				budgetCents: contracts.budgetCents,
				providerName: organisations.name,
				areaId: contracts.areaId,
				total: sql<number>`count(*) over ()::int`
			})
			.from(contracts)
			.innerJoin(organisations, eq(contracts.providerId, organisations.id))
			.where(contractListWhere(actor, organisationId, f, SCOPE_PLACEHOLDERS))
			.orderBy(descending ? desc(column) : asc(column), asc(contracts.id))
			.limit(sql.placeholder('limit'))
			.offset(sql.placeholder('offset'))
			.prepare('contract_list');
	});
}

/** Contract lists for both sides: scoped in SQL by the actor's organisation and assignments. */
export async function listContracts(db: DbOrTx, actor: Actor, organisationId: string, f: ContractFilters, limit = CONTRACT_PAGE_SIZE) {
	const { sort, desc: descending, page, q, ...rest } = f;
	const { shape, filters, values } = byShape<ContractConditions>({ ...rest, like: q && `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` });
	const rows = await contractListStatement(db, actor, organisationId, sort, descending, shape, filters).execute({
		...values,
		limit,
		offset: (page - 1) * limit,
		...valuesOf(actor, organisationId)
	});
	return { rows, total: rows[0]?.total ?? 0 };
}

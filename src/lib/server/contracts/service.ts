import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { DEFAULT_VAT_EXEMPTION_CODE } from '$lib/domain/vat-exemptions';
import { recordAudit, type AuditAction, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { cohorts, contacts, contractDocuments, contractOptions, contracts, contractVersions, priceLines, type Contract } from '../db/schema';
import { checkDocument } from '../documents';
import { isInRegister } from '../providers/service';
import type { CohortInput, ContractInput, PriceLineInput } from './schemas';
import type * as v from 'valibot';
import type { contactSchema, optionSchema } from './schemas';

export type ContractError =
	| 'notFound'
	| 'stale'
	| 'providerNotInRegister'
	| 'numberTaken'
	| 'outsidePeriod'
	| 'capacityPerCohort'
	| 'capacityTotal'
	| 'optionBeforeEnd'
	| 'fileTooLarge'
	| 'fileType'
	| 'fileEmpty';
export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: ContractError };

function contractFields(input: ContractInput) {
	return {
		contractNumber: input.contractNumber,
		diaryNumber: input.diaryNumber,
		title: input.title,
		serviceType: input.serviceType,
		kind: input.kind,
		status: input.status,
		startDate: input.startDate,
		endDate: input.endDate,
		languages: input.languages,
		places: input.places,
		capacityTotal: input.capacityTotal,
		capacityPerCohort: input.capacityPerCohort,
		budgetCents: input.budget,
		paymentTermDays: input.paymentTermDays,
		buyerReference: input.buyerReference,
		orderReference: input.orderReference,
		deadlines: {
			referralAnswer: { days: input.referralAnswerDays, count: input.referralAnswerCount },
			firstMeeting: { days: input.firstMeetingDays, count: input.firstMeetingCount },
			absenceReport: { days: input.absenceReportDays, count: input.absenceReportCount },
			arvi: { days: input.arviDays, count: input.arviCount }
		},
		invoicingPeriod: input.invoicingPeriod,
		unexcusedThreshold: input.unexcusedThreshold,
		midpointFeedbackWeeks: input.midpointFeedbackWeeks,
		billableAbsences: input.billableAbsences,
		requiresPersonalId: input.requiresPersonalId
	};
}

/** Everything the change log compares: the contract and all that hangs on it. */
/** What a contract version stores; its history names the fields that changed (`contractField.<name>`). */
export type ContractSnapshot = Awaited<ReturnType<typeof snapshot>>;

export async function snapshot(tx: DbOrTx, contractId: string) {
	const [c] = await tx.select().from(contracts).where(eq(contracts.id, contractId));
	const { version: _v, createdAt: _c, updatedAt: _u, ...fields } = c;
	return {
		...fields,
		priceLines: await tx
			.select()
			.from(priceLines)
			.where(eq(priceLines.contractId, contractId))
			.orderBy(asc(priceLines.unit), asc(priceLines.validFrom), asc(priceLines.id)),
		options: await tx.select().from(contractOptions).where(eq(contractOptions.contractId, contractId)).orderBy(asc(contractOptions.startDate)),
		cohorts: await tx.select().from(cohorts).where(eq(cohorts.contractId, contractId)).orderBy(asc(cohorts.startDate), asc(cohorts.id)),
		contacts: await tx.select().from(contacts).where(eq(contacts.contractId, contractId)).orderBy(asc(contacts.id)),
		documents: await tx
			.select({ id: contractDocuments.id, filename: contractDocuments.filename, size: contractDocuments.size })
			.from(contractDocuments)
			.where(eq(contractDocuments.contractId, contractId))
			.orderBy(asc(contractDocuments.id))
	};
}

class RefusedChange extends Error {
	constructor(readonly error: ContractError) {
		super(error);
	}
}

/**
 * Every change to a contract goes through here, in one transaction: the row's version is checked and
 * raised first (so of two people saving at once exactly one wins), then the change is made, then the
 * new state is kept as a version with the names of the changed parts, and the audit entry is written.
 */
async function changeContract(
	db: Db,
	ctx: AuditContext,
	contractId: string,
	expectedVersion: number,
	action: AuditAction,
	change: (tx: DbOrTx, contract: Contract) => Promise<ContractError | null>
): Promise<Result> {
	try {
		return await db.transaction(async (tx) => {
			const [contract] = await tx
				.update(contracts)
				.set({ version: sql`${contracts.version} + 1`, updatedAt: ctx.clock() })
				.where(and(eq(contracts.id, contractId), eq(contracts.version, expectedVersion)))
				.returning();
			if (!contract) {
				const exists = await tx.select({ id: contracts.id }).from(contracts).where(eq(contracts.id, contractId));
				return { ok: false, error: exists.length ? 'stale' : 'notFound' } as const;
			}
			const before = await tx
				.select({ snapshot: contractVersions.snapshot })
				.from(contractVersions)
				.where(eq(contractVersions.contractId, contractId))
				.orderBy(desc(contractVersions.version))
				.limit(1);
			const refused = await change(tx, contract);
			// A refused change must leave nothing behind, not even the version bump.
			if (refused) throw new RefusedChange(refused);
			await saveVersion(tx, ctx, contract, action, (before[0]?.snapshot ?? {}) as Record<string, unknown>);
			return { ok: true } as const;
		});
	} catch (e) {
		if (e instanceof RefusedChange) return { ok: false, error: e.error };
		if (isUniqueViolation(e)) return { ok: false, error: 'numberTaken' };
		throw e;
	}
}

async function saveVersion(tx: DbOrTx, ctx: AuditContext, contract: Contract, action: AuditAction, previous: Record<string, unknown>) {
	const now = await snapshot(tx, contract.id);
	const changedFields = Object.keys(now).filter((k) => JSON.stringify((now as Record<string, unknown>)[k]) !== JSON.stringify(previous[k]));
	await tx.insert(contractVersions).values({
		contractId: contract.id,
		version: contract.version,
		action,
		changedFields,
		snapshot: JSON.parse(JSON.stringify(now)),
		userId: ctx.userId,
		at: ctx.clock()
	});
	await recordAudit(tx, ctx, { action, areaId: contract.areaId, targetType: 'contract', targetIds: [contract.id] });
}

function isUniqueViolation(e: unknown): boolean {
	const code = (e as { code?: string; cause?: { code?: string } })?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
	return code === '23505';
}

export async function createContract(
	db: Db,
	ctx: AuditContext,
	areaId: string,
	providerId: string,
	input: ContractInput
): Promise<Result<{ contractId: string }>> {
	if (!(await isInRegister(db, areaId, providerId))) return { ok: false, error: 'providerNotInRegister' };
	try {
		return await db.transaction(async (tx) => {
			const now = ctx.clock();
			const [c] = await tx
				.insert(contracts)
				.values({ areaId, providerId, ...contractFields(input), createdAt: now, updatedAt: now })
				.returning();
			await saveVersion(tx, ctx, c, 'contract.create', {});
			return { ok: true, contractId: c.id } as const;
		});
	} catch (e) {
		if (isUniqueViolation(e)) return { ok: false, error: 'numberTaken' };
		throw e;
	}
}

/** The last day anything can happen under the contract: its end, or the last used option's end. */
function lastDay(contract: Contract, options: { endDate: string; used: boolean }[]): string {
	return options.filter((o) => o.used).reduce((end, o) => (o.endDate > end ? o.endDate : end), contract.endDate);
}

export function updateContract(db: Db, ctx: AuditContext, contractId: string, version: number, input: ContractInput) {
	return changeContract(db, ctx, contractId, version, 'contract.update', async (tx, c) => {
		const fields = contractFields(input);
		const existing = await tx.select().from(cohorts).where(eq(cohorts.contractId, c.id));
		const capacityProblem = checkCohortCapacity(
			fields,
			existing.map((x) => x.capacity)
		);
		if (capacityProblem) return capacityProblem;
		await tx.update(contracts).set(fields).where(eq(contracts.id, c.id));
		return null;
	});
}

function checkCohortCapacity(
	c: { capacityTotal: number | null; capacityPerCohort: number | null },
	capacities: number[]
): 'capacityPerCohort' | 'capacityTotal' | null {
	if (c.capacityPerCohort !== null && capacities.some((x) => x > (c.capacityPerCohort as number))) return 'capacityPerCohort';
	if (c.capacityTotal !== null && capacities.reduce((a, b) => a + b, 0) > c.capacityTotal) return 'capacityTotal';
	return null;
}

export function addPriceLine(db: Db, ctx: AuditContext, contractId: string, version: number, input: PriceLineInput) {
	return changeContract(db, ctx, contractId, version, 'contract.price_line_add', async (tx, c) => {
		const options = await tx.select().from(contractOptions).where(eq(contractOptions.contractId, c.id));
		if (input.validFrom < c.startDate || input.validFrom > lastDay(c, options)) return 'outsidePeriod';
		await tx.insert(priceLines).values({
			contractId: c.id,
			unit: input.unit,
			description: input.description,
			unitPriceCents: input.unitPrice,
			vatRateBp: input.vatRate,
			validFrom: input.validFrom,
			condition: input.unit === 'outcome_bonus' ? input.condition : null,
			vatExemption: input.vatRate === 0 ? (input.vatExemption ?? DEFAULT_VAT_EXEMPTION_CODE) : null
		});
		return null;
	});
}

export function addCohort(db: Db, ctx: AuditContext, contractId: string, version: number, input: CohortInput) {
	return changeContract(db, ctx, contractId, version, 'contract.cohort_add', async (tx, c) => {
		const options = await tx.select().from(contractOptions).where(eq(contractOptions.contractId, c.id));
		if (input.startDate < c.startDate || input.endDate > lastDay(c, options)) return 'outsidePeriod';
		const existing = await tx.select({ capacity: cohorts.capacity }).from(cohorts).where(eq(cohorts.contractId, c.id));
		const capacityProblem = checkCohortCapacity(c, [...existing.map((x) => x.capacity), input.capacity]);
		if (capacityProblem) return capacityProblem;
		await tx.insert(cohorts).values({ contractId: c.id, ...input, weekdays: [...new Set(input.weekdays)].sort() });
		return null;
	});
}

export function addOption(db: Db, ctx: AuditContext, contractId: string, version: number, input: v.InferOutput<typeof optionSchema>) {
	return changeContract(db, ctx, contractId, version, 'contract.option_add', async (tx, c) => {
		if (input.startDate <= c.endDate) return 'optionBeforeEnd';
		await tx.insert(contractOptions).values({ contractId: c.id, ...input });
		return null;
	});
}

export function setOptionUsed(db: Db, ctx: AuditContext, contractId: string, version: number, optionId: string, used: boolean) {
	return changeContract(db, ctx, contractId, version, 'contract.option_use', async (tx, c) => {
		const done = await tx
			.update(contractOptions)
			.set({ used })
			.where(and(eq(contractOptions.id, optionId), eq(contractOptions.contractId, c.id)))
			.returning({ id: contractOptions.id });
		return done.length ? null : 'notFound';
	});
}

export function addContact(db: Db, ctx: AuditContext, contractId: string, version: number, input: v.InferOutput<typeof contactSchema>) {
	return changeContract(db, ctx, contractId, version, 'contract.contact_add', async (tx, c) => {
		const { side, ...person } = input;
		await tx.insert(contacts).values({ organisationId: side === 'area' ? c.areaId : c.providerId, contractId: c.id, ...person });
		return null;
	});
}

/** Removes a price line, cohort, option, contact or document of this contract (by id, scoped to it). */
export function removePart(
	db: Db,
	ctx: AuditContext,
	contractId: string,
	version: number,
	part: 'priceLine' | 'cohort' | 'option' | 'contact' | 'document',
	partId: string
) {
	const tables = { priceLine: priceLines, cohort: cohorts, option: contractOptions, contact: contacts, document: contractDocuments };
	const table = tables[part];
	return changeContract(db, ctx, contractId, version, `contract.${part}_remove`, async (tx, c) => {
		const done = await tx
			.delete(table)
			.where(and(eq(table.id, partId), eq(table.contractId, c.id)))
			.returning({ id: table.id });
		return done.length ? null : 'notFound';
	});
}

export { DOCUMENT_MAX_BYTES } from '../documents';

export async function uploadDocument(db: Db, ctx: AuditContext, contractId: string, version: number, file: { name: string; content: Uint8Array }) {
	const checked = await checkDocument(file);
	if (!checked.ok) return checked;
	const { filename, mediaType } = checked;
	return changeContract(db, ctx, contractId, version, 'contract.document_add', async (tx, c) => {
		await tx.insert(contractDocuments).values({
			contractId: c.id,
			filename,
			mediaType,
			size: file.content.length,
			content: file.content,
			uploadedBy: ctx.userId,
			uploadedAt: ctx.clock()
		});
		return null;
	});
}

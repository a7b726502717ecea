/**
 * Reading quality remarks: an organisation's list (scoped in SQL by the policy module), one remark with its
 * history, and the counts behind the home pages and the dashboards. The changes are in filing.ts and steps.ts.
 */
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { REMARK_CATEGORIES, type RemarkCategory, type RemarkStatus } from '$lib/domain/remarks';
import { recordAudit, recordCustomerList, type AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import { cohorts, contracts, customers, organisations, remarkAttachments, remarkEvents, remarks } from '../db/schema';
import type { Actor } from '../policy';
import { remarkListScope } from '../policy/scope';

export interface RemarkFilters {
	status?: RemarkStatus;
	category?: RemarkCategory;
	providerId?: string;
	contractId?: string;
	overdueOnly?: boolean;
}

function filterSql(actor: Actor, organisationId: string, f: RemarkFilters): SQL {
	const where: (SQL | undefined)[] = [remarkListScope(actor, organisationId)];
	if (f.status) where.push(eq(remarks.status, f.status));
	if (f.category) where.push(eq(remarks.category, f.category));
	if (f.providerId) where.push(eq(remarks.providerId, f.providerId));
	if (f.contractId) where.push(eq(remarks.contractId, f.contractId));
	if (f.overdueOnly) where.push(overdueSql(actor.today));
	return and(...where) as SQL;
}

const overdueSql = (today: string) => sql`${remarks.status} in ('open', 'more_requested') and ${remarks.dueOn} < ${today}::date`;

/**
 * An organisation's remarks, scoped in SQL: awaiting an answer first (nearest deadline on top), then the rest,
 * newest first. The customers whose remarks are shown are audited.
 */
export async function listRemarks(db: DbOrTx, ctx: AuditContext, actor: Actor, organisationId: string, f: RemarkFilters, limit = 500) {
	const rows = await db
		.select({
			id: remarks.id,
			number: remarks.number,
			category: remarks.category,
			status: remarks.status,
			observedOn: remarks.observedOn,
			dueOn: remarks.dueOn,
			filedAt: remarks.filedAt,
			closedAt: remarks.closedAt,
			reductionCents: remarks.reductionCents,
			areaId: remarks.areaId,
			customerId: remarks.customerId,
			customerName: customers.name,
			contractId: remarks.contractId,
			contractNumber: contracts.contractNumber,
			providerId: remarks.providerId,
			providerName: organisations.name,
			cohortName: cohorts.name,
			overdue: sql<boolean>`${overdueSql(actor.today)}`
		})
		.from(remarks)
		.innerJoin(contracts, eq(remarks.contractId, contracts.id))
		.innerJoin(organisations, eq(remarks.providerId, organisations.id))
		.leftJoin(customers, eq(remarks.customerId, customers.id))
		.leftJoin(cohorts, eq(remarks.cohortId, cohorts.id))
		.where(filterSql(actor, organisationId, f))
		.orderBy(asc(sql`case when ${remarks.status} in ('open', 'more_requested') then 0 else 1 end`), asc(remarks.dueOn), desc(remarks.filedAt))
		.limit(limit);
	await recordCustomerList(
		db,
		ctx,
		'remark',
		rows.filter((r) => r.customerId).map((r) => ({ customerId: r.customerId!, areaId: r.areaId }))
	);
	return rows.map((r) => ({ ...r, overdue: !!r.overdue }));
}

/** One remark with its history and attachments (without their content). The caller has checked access; a read of a customer's remark is audited. */
export async function getRemark(db: DbOrTx, ctx: AuditContext, remarkId: string) {
	const [row] = await db
		.select({
			remark: remarks,
			customerName: customers.name,
			customerNumber: customers.customerNumber,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			providerName: organisations.name,
			cohortName: cohorts.name
		})
		.from(remarks)
		.innerJoin(contracts, eq(remarks.contractId, contracts.id))
		.innerJoin(organisations, eq(remarks.providerId, organisations.id))
		.leftJoin(customers, eq(remarks.customerId, customers.id))
		.leftJoin(cohorts, eq(remarks.cohortId, cohorts.id))
		.where(eq(remarks.id, remarkId));
	if (!row) return undefined;
	const events = await db.select().from(remarkEvents).where(eq(remarkEvents.remarkId, remarkId)).orderBy(asc(remarkEvents.seq));
	const attachments = await db
		.select({
			id: remarkAttachments.id,
			eventId: remarkAttachments.eventId,
			filename: remarkAttachments.filename,
			size: remarkAttachments.size,
			uploadedAt: remarkAttachments.uploadedAt
		})
		.from(remarkAttachments)
		.where(eq(remarkAttachments.remarkId, remarkId))
		.orderBy(asc(remarkAttachments.uploadedAt));
	if (row.remark.customerId)
		await recordAudit(db, ctx, {
			action: 'customer.read',
			areaId: row.remark.areaId,
			targetType: 'remark',
			targetIds: [remarkId],
			customerIds: [row.remark.customerId]
		});
	return { ...row, events, attachments };
}

/** The home item's figures: how many answers are overdue in the list the actor sees, and the oldest deadline among them. */
export async function overdueRemarkSummary(db: DbOrTx, actor: Actor, organisationId: string): Promise<{ count: number; oldestDue: string | null }> {
	const [row] = await db
		.select({ n: count(), oldest: sql<string | null>`min(${remarks.dueOn})::text` })
		.from(remarks)
		.where(and(filterSql(actor, organisationId, {}), overdueSql(actor.today)));
	return { count: row.n, oldestDue: row.oldest };
}

interface RemarkFigures {
	total: number;
	/** Remarks by category (every category present, 0 when none). */
	byCategory: Record<RemarkCategory, number>;
	/** Awaiting an answer / overdue / closed. */
	awaiting: number;
	overdue: number;
	closed: number;
	/** Calendar days from filing to the first answer, and to closing: averages over the remarks that got there, null when none. */
	avgDaysToAnswer: number | null;
	avgDaysToClose: number | null;
	/** Price reductions linked to the remarks, in cents. */
	reductionCents: number;
	/** How many remarks the two averages above are over. */
	answeredCount: number;
	closedCount: number;
}

/**
 * Remark figures for the provider scorecard and dashboards, scoped like the list (`remarkListScope`): filter by
 * provider or contract and by the day filed (`from`–`until`, inclusive). Counts only, no customer data.
 */
export async function remarkFigures(
	db: DbOrTx,
	actor: Actor,
	organisationId: string,
	f: { providerId?: string; contractId?: string; from?: string; until?: string } = {}
): Promise<RemarkFigures> {
	const where: (SQL | undefined)[] = [filterSql(actor, organisationId, { providerId: f.providerId, contractId: f.contractId })];
	const filedDay = sql`(${remarks.filedAt} at time zone 'Europe/Helsinki')::date`;
	if (f.from) where.push(sql`${filedDay} >= ${f.from}::date`);
	if (f.until) where.push(sql`${filedDay} <= ${f.until}::date`);
	const days = (at: SQL) => sql<string | null>`avg(extract(epoch from (${at} - ${remarks.filedAt})) / 86400)`;
	const rows = await db
		.select({
			category: remarks.category,
			n: count(),
			awaiting: sql<number>`count(*) filter (where ${remarks.status} in ('open', 'more_requested'))::int`,
			overdue: sql<number>`count(*) filter (where ${overdueSql(actor.today)})::int`,
			closed: sql<number>`count(*) filter (where ${remarks.status} = 'closed')::int`,
			answerDays: days(sql`${remarks.firstAnsweredAt}`),
			answered: sql<number>`count(${remarks.firstAnsweredAt})::int`,
			closeDays: days(sql`${remarks.closedAt}`),
			closedN: sql<number>`count(${remarks.closedAt})::int`,
			reduction: sql<string>`coalesce(sum(${remarks.reductionCents}), 0)::text`
		})
		.from(remarks)
		.where(and(...where))
		.groupBy(remarks.category);
	const byCategory = Object.fromEntries(REMARK_CATEGORIES.map((c) => [c, 0])) as Record<RemarkCategory, number>;
	let total = 0,
		awaiting = 0,
		overdue = 0,
		closed = 0,
		reductionCents = 0;
	let answerSum = 0,
		answered = 0,
		closeSum = 0,
		closedN = 0;
	for (const r of rows) {
		byCategory[r.category] = r.n;
		total += r.n;
		awaiting += Number(r.awaiting);
		overdue += Number(r.overdue);
		closed += Number(r.closed);
		reductionCents += Number(r.reduction);
		if (r.answerDays !== null) {
			answerSum += Number(r.answerDays) * Number(r.answered);
			answered += Number(r.answered);
		}
		if (r.closeDays !== null) {
			closeSum += Number(r.closeDays) * Number(r.closedN);
			closedN += Number(r.closedN);
		}
	}
	const round1 = (x: number) => Math.round(x * 10) / 10;
	return {
		total,
		byCategory,
		awaiting,
		overdue,
		closed,
		avgDaysToAnswer: answered ? round1(answerSum / answered) : null,
		avgDaysToClose: closedN ? round1(closeSum / closedN) : null,
		reductionCents,
		answeredCount: answered,
		closedCount: closedN
	};
}

/**
 * Quality remarks (reklamaatio): the area files one on a contract (optionally on a cohort or a participation), the
 * provider's admin answers (explanation, corrective action and its day), the area asks for more or closes it, and
 * may then link a price reduction (remarks/reductions.ts puts it on the next invoice). Every step goes through
 * `transitionRemark`: lock, authorise, check the version, ask the state machine (`$lib/domain/remarks`), write
 * the history row and the audit entry, and tell the other side, in one transaction.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { helsinkiDate } from '$lib/domain/clock';
import {
	nextStatus,
	REMARK_CATEGORIES,
	remarkNumber,
	type RemarkCategory,
	type RemarkEventKind,
	type RemarkStatus,
	type RemarkStep
} from '$lib/domain/remarks';
import { addWorkingDays } from '$lib/domain/working-days';
import { recordAudit, recordCustomerList, type AuditAction, type AuditContext } from '../audit';
import type { Db, DbOrTx, Tx } from '../db/client';
import { checkDocument, type DocumentError } from '../documents';
import {
	assignments,
	cohorts,
	contracts,
	customers,
	memberships,
	organisations,
	participations,
	remarkAttachments,
	remarkEvents,
	remarks,
	type Remark
} from '../db/schema';
import { notify, type NotificationKind } from '../notifications/service';
import { canInOrg, canOnContract, canOnParticipation, canOnRemark, type Actor, type RemarkAction, type RemarkScope } from '../policy';
import { consentRevokedSql, remarkListScope } from '../policy/scope';

export type RemarkError = 'notFound' | 'remarkConflict' | 'remarkStepNotAllowed' | 'remarkReductionExists' | 'remarkCohortMismatch' | DocumentError;
type Result<T = object> = ({ ok: true } & T) | { ok: false; error: RemarkError };

export interface Upload {
	name: string;
	content: Uint8Array;
}

export function remarkLink(kind: 'area' | 'provider', orgId: string, remarkId: string): string {
	return `/${kind}/${orgId}/remarks/${remarkId}`;
}

const scopeColumns = {
	id: remarks.id,
	areaId: remarks.areaId,
	providerId: remarks.providerId,
	contractId: remarks.contractId,
	cohortId: remarks.cohortId,
	participationId: remarks.participationId,
	customerId: remarks.customerId,
	consentRevoked: consentRevokedSql(remarks.customerId)
};

/** What the policy decides a remark on, without its content. */
export async function remarkScopeOf(db: DbOrTx, remarkId: string): Promise<(RemarkScope & { id: string; customerId: string | null }) | undefined> {
	const [r] = await db.select(scopeColumns).from(remarks).where(eq(remarks.id, remarkId));
	return r ? { ...r, consentRevoked: !!r.participationId && !!r.consentRevoked } : undefined;
}

/** The provider's admins who may answer the remark (a remark about a customer: only those whose assignment covers them). */
async function providerAnswerers(tx: DbOrTx, r: Remark, today: string): Promise<string[]> {
	const admins = await tx
		.select({ userId: memberships.userId })
		.from(memberships)
		.where(and(eq(memberships.organisationId, r.providerId), eq(memberships.role, 'provider_admin')));
	if (!r.participationId) return admins.map((a) => a.userId);
	if (admins.length === 0) return [];
	const covered = await tx
		.selectDistinct({ userId: assignments.userId })
		.from(assignments)
		.where(
			and(
				inArray(
					assignments.userId,
					admins.map((a) => a.userId)
				),
				eq(assignments.providerId, r.providerId),
				eq(assignments.areaId, r.areaId),
				sql`(${assignments.contractId} is null or ${assignments.contractId} = ${r.contractId})`,
				sql`(${assignments.cohortId} is null or ${assignments.cohortId} = ${r.cohortId})`,
				sql`${assignments.validFrom} <= ${today}::date and ${assignments.validUntil} >= ${today}::date`
			)
		);
	return covered.map((c) => c.userId);
}

async function storeAttachment(
	tx: Tx,
	ctx: AuditContext,
	remarkId: string,
	eventId: string,
	file: { filename: string; mediaType: string; content: Uint8Array }
) {
	await tx.insert(remarkAttachments).values({
		remarkId,
		eventId,
		filename: file.filename,
		mediaType: file.mediaType,
		size: file.content.length,
		content: file.content,
		uploadedBy: ctx.userId!,
		uploadedAt: ctx.clock()
	});
}

async function checkedUpload(file: Upload | null) {
	if (!file) return { ok: true, doc: null } as const;
	const checked = await checkDocument(file);
	return checked.ok ? ({ ok: true, doc: { ...checked, content: file.content } } as const) : checked;
}

export interface FileRemarkInput {
	contractId: string;
	cohortId: string | null;
	participationId: string | null;
	category: RemarkCategory;
	description: string;
	observedOn: string;
	responseDays: number;
	attachment: Upload | null;
}

/**
 * Files a remark in the area's name (`remark.file`) on one of its contracts; the response is due `responseDays`
 * working days from today. A remark on a participation takes its cohort and customer from it, and the filer must
 * be one who may read that participation.
 */
export async function fileRemark(db: Db, ctx: AuditContext, actor: Actor, areaId: string, input: FileRemarkInput): Promise<Result<{ remarkId: string }>> {
	const upload = await checkedUpload(input.attachment);
	if (!upload.ok) return upload;
	return db.transaction(async (tx) => {
		const [c] = await tx.select().from(contracts).where(eq(contracts.id, input.contractId));
		if (!c || c.areaId !== areaId || !canInOrg(actor, 'remark.file', areaId) || !canOnContract(actor, 'contract.read', c))
			return { ok: false, error: 'notFound' } as const;
		let cohortId = input.cohortId;
		let customerId: string | null = null;
		if (input.participationId) {
			const [p] = await tx
				.select({ contractId: participations.contractId, cohortId: participations.cohortId, customerId: participations.customerId })
				.from(participations)
				.where(eq(participations.id, input.participationId));
			const scope = p && { areaId: c.areaId, providerId: c.providerId, contractId: p.contractId, cohortId: p.cohortId, consentRevoked: false };
			if (!p || p.contractId !== c.id || !canOnParticipation(actor, 'participation.read', scope!)) return { ok: false, error: 'notFound' } as const;
			cohortId = p.cohortId;
			customerId = p.customerId;
		} else if (cohortId) {
			const [h] = await tx.select({ contractId: cohorts.contractId }).from(cohorts).where(eq(cohorts.id, cohortId));
			if (!h || h.contractId !== c.id) return { ok: false, error: 'remarkCohortMismatch' } as const;
		}
		const now = ctx.clock();
		const today = helsinkiDate(now);
		const year = today.slice(0, 4);
		// Two remarks of one area filed at once take turns here, so that no number is given twice.
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'remark:' + areaId}))`);
		const [{ n }] = await tx
			.select({ n: count() })
			.from(remarks)
			.where(and(eq(remarks.areaId, areaId), sql`${remarks.number} like ${year + '-%'}`));
		const [row] = await tx
			.insert(remarks)
			.values({
				areaId,
				providerId: c.providerId,
				contractId: c.id,
				cohortId,
				participationId: input.participationId,
				customerId,
				number: remarkNumber(year, n + 1),
				category: input.category,
				description: input.description,
				observedOn: input.observedOn,
				responseDays: input.responseDays,
				dueOn: addWorkingDays(today, input.responseDays),
				filedAt: now,
				filedBy: actor.userId
			})
			.returning();
		const [ev] = await tx
			.insert(remarkEvents)
			.values({ remarkId: row.id, kind: 'filed', at: now, by: actor.userId, text: input.description, dueOn: row.dueOn })
			.returning({ id: remarkEvents.id });
		if (upload.doc) await storeAttachment(tx, ctx, row.id, ev.id, upload.doc);
		await auditRemark(tx, ctx, 'remark.file', row);
		await notify(tx, ctx.clock, await providerAnswerers(tx, row, today), 'remark_new', remarkLink('provider', row.providerId, row.id));
		return { ok: true, remarkId: row.id } as const;
	});
}

function auditRemark(tx: DbOrTx, ctx: AuditContext, action: AuditAction, r: Pick<Remark, 'id' | 'areaId' | 'customerId'>) {
	return recordAudit(tx, ctx, { action, areaId: r.areaId, targetType: 'remark', targetIds: [r.id], customerIds: r.customerId ? [r.customerId] : [] });
}

/**
 * One step of a remark, in one transaction: lock the row, let the policy decide `action`, check the version the
 * person saw and that the state machine allows `step` (none for a price reduction), then `change` writes what the
 * step means; its history row, audit entry and notification follow.
 */
async function transitionRemark(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	remarkId: string,
	version: number,
	rule: { action: RemarkAction; step: RemarkStep | null; audit: AuditAction; event: RemarkEventKind; notify: NotificationKind | null },
	change: (tx: Tx, r: Remark, status: RemarkStatus) => Promise<{ set: Partial<Remark>; event: Partial<typeof remarkEvents.$inferInsert> } | RemarkError>,
	attachment: Upload | null = null
): Promise<Result> {
	const upload = await checkedUpload(attachment);
	if (!upload.ok) return upload;
	return db.transaction(async (tx) => {
		const [r] = await tx.select().from(remarks).where(eq(remarks.id, remarkId)).for('update');
		const scope = r ? await remarkScopeOf(tx, r.id) : undefined;
		if (!r || !scope || !canOnRemark(actor, rule.action, scope)) return { ok: false, error: 'notFound' } as const;
		if (r.version !== version) return { ok: false, error: 'remarkConflict' } as const;
		const status = rule.step ? nextStatus(r.status, rule.step) : r.status;
		if (!status) return { ok: false, error: 'remarkStepNotAllowed' } as const;
		const done = await change(tx, r, status);
		if (typeof done === 'string') return { ok: false, error: done } as const;
		const now = ctx.clock();
		await tx
			.update(remarks)
			.set({ ...done.set, status, version: r.version + 1 })
			.where(eq(remarks.id, r.id));
		const [ev] = await tx
			.insert(remarkEvents)
			.values({ ...done.event, remarkId: r.id, kind: rule.event, at: now, by: actor.userId })
			.returning({ id: remarkEvents.id });
		if (upload.doc) await storeAttachment(tx, ctx, r.id, ev.id, upload.doc);
		await auditRemark(tx, ctx, rule.audit, r);
		if (!rule.notify) return { ok: true } as const;
		const toArea = rule.action === 'remark.answer';
		const recipients = toArea ? [r.filedBy] : await providerAnswerers(tx, r, helsinkiDate(now));
		await notify(tx, ctx.clock, recipients, rule.notify, toArea ? remarkLink('area', r.areaId, r.id) : remarkLink('provider', r.providerId, r.id));
		return { ok: true } as const;
	});
}

export interface AnswerInput {
	explanation: string;
	correctiveAction: string;
	correctiveBy: string | null;
	attachment: Upload | null;
}

/** The provider's admin answers (open or more requested → answered); the filer is told. */
export function answerRemark(db: Db, ctx: AuditContext, actor: Actor, remarkId: string, version: number, input: AnswerInput) {
	return transitionRemark(
		db,
		ctx,
		actor,
		remarkId,
		version,
		{ action: 'remark.answer', step: 'answer', audit: 'remark.answer', event: 'answered', notify: 'remark_answered' },
		async (_, r) => ({
			set: { firstAnsweredAt: r.firstAnsweredAt ?? ctx.clock() },
			event: { text: input.explanation, correctiveAction: input.correctiveAction, correctiveBy: input.correctiveBy }
		}),
		input.attachment
	);
}

/** The area asks for more (answered → more requested), with a new deadline in working days from today. */
export function requestMoreOnRemark(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	remarkId: string,
	version: number,
	input: { comment: string; responseDays: number }
) {
	return transitionRemark(
		db,
		ctx,
		actor,
		remarkId,
		version,
		{ action: 'remark.handle', step: 'requestMore', audit: 'remark.request_more', event: 'more_requested', notify: 'remark_more_requested' },
		async () => {
			const dueOn = addWorkingDays(helsinkiDate(ctx.clock()), input.responseDays);
			return { set: { dueOn, responseDays: input.responseDays }, event: { text: input.comment, dueOn } };
		}
	);
}

/** The area accepts the answer and closes the remark (answered → closed). */
export function closeRemark(db: Db, ctx: AuditContext, actor: Actor, remarkId: string, version: number, input: { comment: string | null }) {
	return transitionRemark(
		db,
		ctx,
		actor,
		remarkId,
		version,
		{ action: 'remark.handle', step: 'close', audit: 'remark.close', event: 'closed', notify: 'remark_closed' },
		async () => ({ set: { closedAt: ctx.clock() }, event: { text: input.comment } })
	);
}

/** JYSE 2014: a price reduction for a closed remark (once), billed as a manual line on the contract's next invoice. */
export function setRemarkReduction(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	remarkId: string,
	version: number,
	input: { cents: number; vatRateBp: number; reason: string }
) {
	return transitionRemark(
		db,
		ctx,
		actor,
		remarkId,
		version,
		{ action: 'remark.handle', step: null, audit: 'remark.price_reduction', event: 'price_reduction', notify: null },
		async (_, r, status) => {
			if (status !== 'closed') return 'remarkStepNotAllowed';
			if (r.reductionCents !== null) return 'remarkReductionExists';
			return {
				set: {
					reductionCents: input.cents,
					reductionVatRateBp: input.vatRateBp,
					reductionReason: input.reason,
					reductionAt: ctx.clock(),
					reductionBy: actor.userId
				},
				event: { text: input.reason, amountCents: input.cents }
			};
		}
	);
}

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

export async function getRemarkAttachment(db: DbOrTx, remarkId: string, attachmentId: string) {
	const [a] = await db
		.select()
		.from(remarkAttachments)
		.where(and(eq(remarkAttachments.id, attachmentId), eq(remarkAttachments.remarkId, remarkId)));
	return a;
}

/**
 * How many of the remarks the actor sees in the organisation wait for the provider's answer past their deadline:
 * for the home pages (area: what to chase; provider: what to answer now).
 */
export async function countOverdueRemarks(db: DbOrTx, actor: Actor, organisationId: string, f: Omit<RemarkFilters, 'overdueOnly'> = {}): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(remarks)
		.where(and(filterSql(actor, organisationId, f), overdueSql(actor.today)));
	return row.n;
}

/** The home item's figures: how many answers are overdue in the list the actor sees, and the oldest deadline among them. */
export async function overdueRemarkSummary(db: DbOrTx, actor: Actor, organisationId: string): Promise<{ count: number; oldestDue: string | null }> {
	const [row] = await db
		.select({ n: count(), oldest: sql<string | null>`min(${remarks.dueOn})::text` })
		.from(remarks)
		.where(and(filterSql(actor, organisationId, {}), overdueSql(actor.today)));
	return { count: row.n, oldestDue: row.oldest };
}

export interface RemarkFigures {
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

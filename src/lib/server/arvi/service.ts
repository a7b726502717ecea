/**
 * ARVI: made when a participation ends, written (and autosaved, also from a phone's offline queue) by the
 * provider, submitted as a frozen version, returned with a comment or accepted by the area. Every read of
 * one is audited; every change is audited in its own transaction.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { paged, pageWindow } from '$lib/paging';
import { arviProblems, emptyArvi, END_SITUATIONS, type ArviContent, type ArviProblems, type ArviStatus, type EndSituation } from '$lib/domain/arvi';
import { helsinkiDate } from '$lib/domain/clock';
import { deadlineAfter } from '$lib/domain/working-days';
import { recordAudit, recordCustomerList, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { arvis, arviVersions, attendance, contracts, customers, organisations, participations, referrals, users } from '../db/schema';
import { canOnParticipation, membershipIn, type Actor, type CustomerScope } from '../policy';
import { arviListScope, consentRevokedSql } from '../policy/scope';
import { markObjectHandled, notify } from '../notifications/service';
import type { ParticipationContext } from '../participations/context';

/** When a contract names no ARVI deadline: 14 calendar days after the end (the contract form's default). */
const DEFAULT_ARVI_DEADLINE = { days: 14, count: 'calendar' } as const;

function arviLink(side: 'area' | 'provider', orgId: string, arviId: string): string {
	return `/${side}/${orgId}/arvi/${arviId}`;
}

/**
 * In the transaction that ends a participation: its ARVI, due the contract's deadline after the last day.
 * A participation that the area let continue after an interruption keeps its ARVI (hidden while it runs);
 * when it ends again, the same ARVI is due again from the new end, as a draft, its earlier versions kept.
 */
export async function createArvi(tx: DbOrTx, ctx: AuditContext, p: ParticipationContext, endDate: string): Promise<string> {
	const [customer] = await tx.select({ language: customers.language }).from(customers).where(eq(customers.id, p.customerId));
	const dueOn = deadlineAfter(endDate, p.deadlines.arvi ?? DEFAULT_ARVI_DEADLINE);
	const [row] = await tx
		.insert(arvis)
		.values({
			participationId: p.id,
			areaId: p.areaId,
			providerId: p.providerId!,
			contractId: p.contractId,
			customerId: p.customerId,
			language: customer.language,
			dueOn,
			content: emptyArvi(),
			createdAt: ctx.clock()
		})
		.onConflictDoUpdate({ target: arvis.participationId, set: { dueOn, status: 'draft', outcome: null, decidedAt: null, version: sql`${arvis.version} + 1` } })
		.returning({ id: arvis.id });
	await recordAudit(tx, ctx, { action: 'arvi.create', areaId: p.areaId, targetType: 'arvi', targetIds: [row.id], customerIds: [p.customerId] });
	return row.id;
}

export interface ArviScope extends CustomerScope {
	id: string;
	participationId: string;
	customerId: string;
	status: ArviStatus;
	submitted: boolean;
	/** The participation has ended (it may have been resumed after an interruption). */
	ended: boolean;
	version: number;
}

const scopeColumns = {
	id: arvis.id,
	participationId: arvis.participationId,
	customerId: arvis.customerId,
	areaId: arvis.areaId,
	providerId: arvis.providerId,
	contractId: arvis.contractId,
	cohortId: participations.cohortId,
	status: arvis.status,
	submitted: sql<boolean>`${arvis.submittedAt} is not null`,
	ended: sql<boolean>`${participations.status} in ('completed', 'interrupted')`,
	version: arvis.version,
	consentRevoked: consentRevokedSql(arvis.customerId)
};

/** What access to an ARVI depends on (the participation's scope), or undefined. */
export async function arviScopeOf(db: DbOrTx, arviId: string, lock = false): Promise<ArviScope | undefined> {
	const q = db.select(scopeColumns).from(arvis).innerJoin(participations, eq(arvis.participationId, participations.id)).where(eq(arvis.id, arviId));
	const [row] = lock ? await q.for('update', { of: arvis }) : await q;
	return row;
}

/**
 * May the actor read this ARVI at all? Provider staff who cover the participation read it from the start;
 * the area's staff only once it has been submitted (a draft is the provider's unfinished work).
 */
export function canReadArvi(actor: Actor, a: ArviScope): boolean {
	if (canOnParticipation(actor, 'arvi.write', a)) return true;
	return a.submitted && canOnParticipation(actor, 'arvi.review', a);
}

export type ArviError = 'notFound' | 'notEditable' | 'conflict' | 'stale' | 'wrongStatus' | 'incomplete';

export interface DraftSave {
	content: ArviContent;
	/** The revision the device's copy was based on. */
	baseRevision: number;
	/** The device (its IndexedDB) and this save's key. */
	device: string;
	key: string;
}

export type DraftResult =
	| { ok: true; revision: number; duplicate: boolean }
	| { ok: false; error: 'notFound' | 'notEditable' }
	| { ok: false; error: 'conflict'; current: { revision: number; content: ArviContent; savedAt: string | null; savedByName: string | null } };

const EDITABLE: readonly ArviStatus[] = ['draft', 'returned'];

/**
 * Saves the working draft. A save based on an older revision is a conflict only when that revision came
 * from another device (the same device's saves arrive in order from its queue); the device then offers to
 * load the newer text or to keep its own (which it sends again on top of the newer revision). A save
 * already applied (same key) is answered as a duplicate.
 */
export async function saveArviDraft(db: Db, ctx: AuditContext, actor: Actor, arviId: string, save: DraftSave): Promise<DraftResult> {
	return db.transaction(async (tx) => {
		const scope = await arviScopeOf(tx, arviId, true);
		if (!scope || !canOnParticipation(actor, 'arvi.write', scope)) return { ok: false, error: 'notFound' } as const;
		const [row] = await tx
			.select({
				revision: arvis.draftRevision,
				device: arvis.draftDevice,
				key: arvis.draftKey,
				content: arvis.content,
				savedAt: arvis.draftSavedAt,
				savedByName: users.name
			})
			.from(arvis)
			.leftJoin(users, eq(arvis.draftSavedBy, users.id))
			.where(eq(arvis.id, arviId));
		if (row.key === save.key) return { ok: true, revision: row.revision, duplicate: true } as const;
		if (!EDITABLE.includes(scope.status) || !scope.ended) return { ok: false, error: 'notEditable' } as const;
		if (save.baseRevision !== row.revision && row.device !== save.device) {
			return {
				ok: false,
				error: 'conflict',
				current: { revision: row.revision, content: row.content, savedAt: row.savedAt?.toISOString() ?? null, savedByName: row.savedByName }
			} as const;
		}
		const revision = row.revision + 1;
		await tx
			.update(arvis)
			.set({
				content: save.content,
				draftRevision: revision,
				draftDevice: save.device,
				draftKey: save.key,
				draftSavedAt: ctx.clock(),
				draftSavedBy: actor.userId
			})
			.where(eq(arvis.id, arviId));
		await recordAudit(tx, ctx, { action: 'arvi.draftSave', areaId: scope.areaId, targetType: 'arvi', targetIds: [arviId], customerIds: [scope.customerId] });
		return { ok: true, revision, duplicate: false } as const;
	});
}

/** The participation's own days, for the completeness rules. */
async function periodOf(db: DbOrTx, participationId: string) {
	const [p] = await db
		.select({ startDate: participations.startDate, endDate: participations.endDate })
		.from(participations)
		.where(eq(participations.id, participationId));
	return { startDate: p.startDate, endDate: p.endDate ?? p.startDate };
}

export type SubmitResult =
	{ ok: true; number: number } | { ok: false; error: Exclude<ArviError, 'incomplete'> } | { ok: false; error: 'incomplete'; problems: ArviProblems };

/**
 * Submits the content as the next version, if it is complete (`arviProblems`), and tells the customer's
 * case officer. `version` is the ARVI's version the person's page showed: a return or acceptance in
 * between makes it stale. Nothing is saved when it is refused.
 */
export async function submitArvi(db: Db, ctx: AuditContext, actor: Actor, arviId: string, version: number, content: ArviContent): Promise<SubmitResult> {
	return db.transaction(async (tx) => {
		const scope = await arviScopeOf(tx, arviId, true);
		if (!scope || !canOnParticipation(actor, 'arvi.write', scope)) return { ok: false, error: 'notFound' } as const;
		if (scope.version !== version) return { ok: false, error: 'stale' } as const;
		if (!EDITABLE.includes(scope.status) || !scope.ended) return { ok: false, error: 'wrongStatus' } as const;
		const now = ctx.clock();
		const problems = arviProblems(content, { ...(await periodOf(tx, scope.participationId)), today: helsinkiDate(now) });
		if (Object.keys(problems).length) return { ok: false, error: 'incomplete', problems } as const;
		const [{ n }] = await tx.select({ n: count() }).from(arviVersions).where(eq(arviVersions.arviId, arviId));
		const number = n + 1;
		await tx.insert(arviVersions).values({ arviId, number, content, submittedAt: now, submittedBy: actor.userId });
		await tx
			.update(arvis)
			// No device owns the submitted text: a later save from any device on an older revision is a conflict.
			.set({
				status: 'submitted',
				content,
				submittedAt: now,
				draftRevision: sql`${arvis.draftRevision} + 1`,
				draftDevice: null,
				draftKey: null,
				draftSavedAt: now,
				draftSavedBy: actor.userId,
				version: sql`${arvis.version} + 1`
			})
			.where(eq(arvis.id, arviId));
		await recordAudit(tx, ctx, { action: 'arvi.submit', areaId: scope.areaId, targetType: 'arvi', targetIds: [arviId], customerIds: [scope.customerId] });
		const [officer] = await tx
			.select({ id: referrals.officerId })
			.from(participations)
			.innerJoin(referrals, eq(participations.referralId, referrals.id))
			.where(eq(participations.id, scope.participationId));
		await markObjectHandled(tx, ctx.clock, arviId, ['arvi_returned']);
		await notify(tx, ctx.clock, [officer.id], 'arvi_submitted', arviLink('area', scope.areaId, arviId));
		return { ok: true, number } as const;
	});
}

export type Decision = { kind: 'return'; comment: string } | { kind: 'accept'; comment: string | null };

/**
 * The case officer's decision on the submitted version: returned to the provider with a comment (the
 * provider edits and submits again; the returned version stays as it was) or accepted (its situation at
 * the end becomes the ARVI's outcome). Exactly one of two simultaneous decisions happens.
 */
export async function decideArvi(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	arviId: string,
	version: number,
	d: Decision
): Promise<{ ok: true } | { ok: false; error: ArviError }> {
	return db.transaction(async (tx) => {
		const scope = await arviScopeOf(tx, arviId, true);
		if (!scope || !canReadArvi(actor, scope) || !canOnParticipation(actor, 'arvi.review', scope)) return { ok: false, error: 'notFound' } as const;
		if (scope.version !== version) return { ok: false, error: 'stale' } as const;
		if (scope.status !== 'submitted') return { ok: false, error: 'wrongStatus' } as const;
		const now = ctx.clock();
		const [latest] = await tx.select().from(arviVersions).where(eq(arviVersions.arviId, arviId)).orderBy(desc(arviVersions.number)).limit(1);
		const accepted = d.kind === 'accept';
		await tx
			.update(arviVersions)
			.set({ decision: accepted ? 'accepted' : 'returned', comment: d.comment, decidedAt: now, decidedBy: actor.userId })
			.where(eq(arviVersions.id, latest.id));
		await tx
			.update(arvis)
			.set({
				status: accepted ? 'accepted' : 'returned',
				outcome: accepted ? (latest.content.situation as EndSituation) : null,
				decidedAt: now,
				version: sql`${arvis.version} + 1`
			})
			.where(eq(arvis.id, arviId));
		await recordAudit(tx, ctx, {
			action: accepted ? 'arvi.accept' : 'arvi.return',
			areaId: scope.areaId,
			targetType: 'arvi',
			targetIds: [arviId],
			customerIds: [scope.customerId]
		});
		const [coach] = await tx.select({ id: participations.coachId }).from(participations).where(eq(participations.id, scope.participationId));
		await markObjectHandled(tx, ctx.clock, arviId, ['arvi_submitted']);
		await notify(tx, ctx.clock, [coach.id, latest.submittedBy], accepted ? 'arvi_accepted' : 'arvi_returned', arviLink('provider', scope.providerId!, arviId));
		return { ok: true } as const;
	});
}

/**
 * One ARVI for its page, as the actor may see it: the working draft for the provider, the submitted
 * versions for both, and what the records say was done (days present, meetings held). Audited.
 */
export async function getArvi(db: DbOrTx, ctx: AuditContext, actor: Actor, arviId: string) {
	const scope = await arviScopeOf(db, arviId);
	if (!scope || !canReadArvi(actor, scope)) return undefined;
	const [row] = await db
		.select({
			arvi: arvis,
			customerName: customers.name,
			customerNumber: customers.customerNumber,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			providerName: organisations.name,
			coachName: users.name,
			participationStatus: participations.status,
			startDate: participations.startDate,
			endDate: participations.endDate,
			endReason: participations.endReason
		})
		.from(arvis)
		.innerJoin(participations, eq(arvis.participationId, participations.id))
		.innerJoin(customers, eq(arvis.customerId, customers.id))
		.innerJoin(contracts, eq(arvis.contractId, contracts.id))
		.innerJoin(organisations, eq(arvis.providerId, organisations.id))
		.innerJoin(users, eq(participations.coachId, users.id))
		.where(eq(arvis.id, arviId));
	const submitter = sql<string>`(select name from users u where u.id = ${arviVersions.submittedBy})`;
	const decider = sql<string | null>`(select name from users u where u.id = ${arviVersions.decidedBy})`;
	const versions = await db
		.select({
			number: arviVersions.number,
			content: arviVersions.content,
			submittedAt: arviVersions.submittedAt,
			submittedByName: submitter,
			decision: arviVersions.decision,
			comment: arviVersions.comment,
			decidedAt: arviVersions.decidedAt,
			decidedByName: decider
		})
		.from(arviVersions)
		.where(eq(arviVersions.arviId, arviId))
		.orderBy(desc(arviVersions.number));
	const [facts] = await db
		.select({
			daysPresent: sql<number>`count(*) filter (where ${attendance.meetingId} is null and ${attendance.status} = 'present')::int`,
			meetingsHeld: sql<number>`count(*) filter (where ${attendance.meetingId} is not null and ${attendance.status} = 'present')::int`
		})
		.from(attendance)
		.where(and(eq(attendance.participationId, scope.participationId), sql`${attendance.current}`));
	await recordAudit(db, ctx, { action: 'customer.read', areaId: scope.areaId, targetType: 'arvi', targetIds: [arviId], customerIds: [scope.customerId] });
	return {
		...row,
		scope,
		versions,
		facts,
		canWrite: canOnParticipation(actor, 'arvi.write', scope),
		canReview: canOnParticipation(actor, 'arvi.review', scope)
	};
}

export interface ArviFilters {
	status?: ArviStatus;
	/** Not yet submitted (draft, or returned) and past the due day. */
	overdueOnly?: boolean;
	/** The provider's coach: only participations where they are the coach. */
	mine?: boolean;
}

/** ARVIs of an organisation, scoped in SQL, most urgent first; the customers shown are audited. */
/** The list's condition (scope and filters; the query joins `participations`): the list and the home page's counts share it. */
export function arviListWhere(actor: Actor, organisationId: string, f: ArviFilters): SQL | undefined {
	// A participation resumed after an interruption has no ARVI due until it ends again.
	const where: (SQL | undefined)[] = [arviListScope(actor, organisationId), inArray(participations.status, ['completed', 'interrupted'])];
	if (f.status) where.push(eq(arvis.status, f.status));
	if (f.overdueOnly) where.push(inArray(arvis.status, ['draft', 'returned']), sql`${arvis.dueOn} < ${actor.today}`);
	if (f.mine) where.push(eq(participations.coachId, actor.userId));
	return and(...where);
}

export async function listArvis(db: DbOrTx, ctx: AuditContext, actor: Actor, organisationId: string, f: ArviFilters, page = 1) {
	const { limit, offset } = pageWindow(page);
	const where = arviListWhere(actor, organisationId, f);
	const rows = await db
		.select({
			id: arvis.id,
			status: arvis.status,
			dueOn: arvis.dueOn,
			submittedAt: arvis.submittedAt,
			language: arvis.language,
			customerId: arvis.customerId,
			areaId: arvis.areaId,
			customerName: customers.name,
			contractNumber: contracts.contractNumber,
			endDate: participations.endDate,
			coachName: users.name,
			providerName: organisations.name
		})
		.from(arvis)
		.innerJoin(participations, eq(arvis.participationId, participations.id))
		.innerJoin(customers, eq(arvis.customerId, customers.id))
		.innerJoin(contracts, eq(arvis.contractId, contracts.id))
		.innerJoin(users, eq(participations.coachId, users.id))
		.innerJoin(organisations, eq(arvis.providerId, organisations.id))
		.where(where)
		// Work waiting first: for the provider returned ones and drafts, for the area submitted ones.
		.orderBy(
			asc(
				membershipIn(actor, organisationId)?.kind === 'area'
					? sql`case ${arvis.status} when 'submitted' then 0 when 'returned' then 1 else 2 end`
					: sql`case ${arvis.status} when 'returned' then 0 when 'draft' then 1 when 'submitted' then 2 else 3 end`
			),
			asc(arvis.dueOn),
			asc(arvis.id)
		)
		.limit(limit)
		.offset(offset);
	const shown = paged(rows, page);
	await recordCustomerList(db, ctx, 'arvi', shown.rows);
	return {
		rows: shown.rows.map((r) => ({ ...r, overdue: (r.status === 'draft' || r.status === 'returned') && r.dueOn < actor.today })),
		paging: shown.paging
	};
}

export type Outcomes = Record<EndSituation, number> & { total: number };

/**
 * Outcome figures per contract: how many accepted ARVIs ended employed, in training, as job seekers or
 * otherwise. Counts only (no customer data); the contract page shows them.
 */
export async function arviOutcomes(db: DbOrTx, contractIds: string[]): Promise<Map<string, Outcomes>> {
	const out = new Map<string, Outcomes>();
	if (contractIds.length === 0) return out;
	const rows = await db
		.select({ contractId: arvis.contractId, outcome: arvis.outcome, n: count() })
		.from(arvis)
		.where(and(inArray(arvis.contractId, contractIds), eq(arvis.status, 'accepted')))
		.groupBy(arvis.contractId, arvis.outcome);
	for (const id of contractIds) out.set(id, { ...(Object.fromEntries(END_SITUATIONS.map((s) => [s, 0])) as Record<EndSituation, number>), total: 0 });
	for (const r of rows) {
		const o = out.get(r.contractId)!;
		if (r.outcome) o[r.outcome] += r.n;
		o.total += r.n;
	}
	return out;
}

/** The ARVI of a participation as a link for its page: the area's side sees it only once submitted. */
export async function arviOfParticipation(db: DbOrTx, participationId: string, side: 'area' | 'provider') {
	const [row] = await db
		.select({ id: arvis.id, status: arvis.status, submittedAt: arvis.submittedAt })
		.from(arvis)
		.where(eq(arvis.participationId, participationId));
	return row && (side === 'provider' || row.submittedAt) ? { id: row.id, status: row.status } : null;
}

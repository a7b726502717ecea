import type { RequestEvent } from '@sveltejs/kit';
import { and, desc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import { clientAddress } from '../client-address';
import { preparedOnce, type DbOrTx } from '../db/client';
import { csvText } from '../csv';
import { auditLog, memberships, users, type AuditChanges, type AuditEntry } from '../db/schema';
import type { AuditAction } from './actions';

export { AUDIT_ACTIONS, isAuditAction, type AuditAction } from './actions';

/** Who is acting, from where: built once per request (see `auditContext`). */
export interface AuditContext {
	userId: string | null;
	organisationId: string | null;
	ip: string | null;
	userAgent: string | null;
	requestId: string | null;
	clock: Clock;
}

export interface AuditEvent {
	/** A code from the one list (`./actions.ts`), e.g. `user.invite`; never free text from a form. */
	action: AuditAction;
	areaId?: string | null;
	targetType?: string;
	targetIds?: string[];
	customerIds?: string[];
	/** Old and new values of a sensitive change (a bank account); never customer data or form free text. */
	changes?: AuditChanges;
}

export function auditContext(event: Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress'>, organisationId: string | null = null): AuditContext {
	return {
		userId: event.locals.user?.id ?? null,
		organisationId,
		ip: clientAddress(event),
		userAgent: event.request.headers.get('user-agent')?.slice(0, 400) ?? null,
		requestId: event.locals.requestId ?? null,
		clock: event.locals.clock
	};
}

/**
 * Appends one entry. Call it with the same transaction as the change it describes, so that the change
 * and its record commit (or roll back) together; for reads, call it before the data leaves the server.
 */
export async function recordAudit(db: DbOrTx, ctx: AuditContext, e: AuditEvent): Promise<void> {
	await recordAudits(db, ctx, [e]);
}

/** The columns an entry is given (the id is the log's own). */
const AUDIT_FIELDS = [
	'at',
	'userId',
	'organisationId',
	'areaId',
	'action',
	'targetType',
	'targetIds',
	'customerIds',
	'changes',
	'ip',
	'userAgent',
	'requestId'
] as const;

/**
 * The insert of `n` entries, built once per database handle and number of entries: every page that shows
 * customers writes one, and building the insert with drizzle cost the app more CPU than PostgreSQL spent
 * storing it (bench/RESULTS.md).
 */
function auditInsert(db: DbOrTx, n: number) {
	return preparedOnce(db, `audit:${n}`, (d) =>
		d
			.insert(auditLog)
			.values(
				Array.from(
					{ length: n },
					(_, i) =>
						Object.fromEntries(
							// The changes as JSON text (or NULL): through the column's encoder a null would be stored as JSON null.
							AUDIT_FIELDS.map((f) => [f, f === 'changes' ? sql`${sql.placeholder(`${f}${i}`)}::jsonb` : sql.placeholder(`${f}${i}`)])
						) as never
				)
			)
			.prepare(`audit_${n}`)
	);
}

/** Appends several entries in one statement. */
export async function recordAudits(db: DbOrTx, ctx: AuditContext, events: AuditEvent[]): Promise<void> {
	if (events.length === 0) return;
	const at = ctx.clock();
	const values: Record<string, unknown> = {};
	events.forEach((e, i) => {
		const row = {
			at,
			userId: ctx.userId,
			organisationId: ctx.organisationId,
			areaId: e.areaId ?? null,
			action: e.action,
			targetType: e.targetType ?? null,
			targetIds: e.targetIds ?? [],
			customerIds: e.customerIds ?? [],
			changes: e.changes ? JSON.stringify(e.changes) : null,
			ip: ctx.ip,
			userAgent: ctx.userAgent,
			requestId: ctx.requestId
		} satisfies Record<(typeof AUDIT_FIELDS)[number], unknown>;
		for (const [f, v] of Object.entries(row)) values[`${f}${i}`] = v;
	});
	await auditInsert(db, events.length).execute(values);
}

/**
 * A list showed these customers: one entry per area (so that each area's audit search and its "who has
 * seen this person" report find the reads of its own customers).
 */
export async function recordCustomerList(db: DbOrTx, ctx: AuditContext, targetType: string, shown: { customerId: string; areaId: string }[]): Promise<void> {
	const byArea = new Map<string, Set<string>>();
	for (const r of shown) byArea.set(r.areaId, (byArea.get(r.areaId) ?? new Set()).add(r.customerId));
	await recordAudits(
		db,
		ctx,
		[...byArea].map(([areaId, ids]) => ({ action: 'customer.list', areaId, targetType, customerIds: [...ids] }))
	);
}

export interface AuditSearch {
	/** Entries about this area or made by its own people; null = the whole platform. */
	areaId: string | null;
	userId?: string;
	userEmail?: string;
	customerId?: string;
	action?: AuditAction;
	from?: Date;
	until?: Date;
	limit?: number;
	/** Keyset pagination: entries with a smaller id than this. */
	beforeId?: number;
	/** Entries about this object (its type and id as written in target_type and target_ids). */
	target?: { type: string; id: string };
	/** Entries newer than this id (what a follow has not shown yet). */
	afterId?: number;
}

export type AuditRow = AuditEntry & { userName: string | null; userEmail: string | null };

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX = 50_000;

/** Search scoped in SQL to the area (its own staff's actions and any action on its data). */
/** The search's condition (the query joins `users` for the e-mail): the search and the home page's count share it. */
export function auditWhere(db: DbOrTx, q: AuditSearch): SQL | undefined {
	const where: (SQL | undefined)[] = [];
	if (q.areaId) {
		// The area's data, anything done for the area, and anything its own people did (sign-ins too). The staff as an
		// array (`= any(array(…))`), not `in (subquery)`: inside an OR, an IN subquery is tested row by row over every
		// entry of the period nationally, while an array lets each of the three parts use its own (…, at) index (the
		// auditor's "entries today" at national scale: 20 ms → 2 ms).
		const staff = db.select({ id: memberships.userId }).from(memberships).where(eq(memberships.organisationId, q.areaId));
		where.push(or(eq(auditLog.areaId, q.areaId), eq(auditLog.organisationId, q.areaId), sql`${auditLog.userId} = any(array(${staff}))`));
	}
	if (q.userId) where.push(eq(auditLog.userId, q.userId));
	if (q.userEmail) where.push(eq(users.email, q.userEmail.toLowerCase()));
	if (q.customerId) where.push(sql`${auditLog.customerIds} @> array[${q.customerId}]::uuid[]`);
	if (q.action) where.push(eq(auditLog.action, q.action));
	if (q.from) where.push(gte(auditLog.at, q.from));
	if (q.until) where.push(lt(auditLog.at, q.until));
	if (q.beforeId) where.push(lt(auditLog.id, q.beforeId));
	if (q.target) where.push(eq(auditLog.targetType, q.target.type), sql`${auditLog.targetIds} @> array[${q.target.id}]::text[]`);
	if (q.afterId) where.push(gt(auditLog.id, q.afterId));
	return and(...where);
}

export async function searchAudit(db: DbOrTx, q: AuditSearch): Promise<AuditRow[]> {
	const where = auditWhere(db, q);
	const rows = await db
		.select({ entry: auditLog, userName: users.name, userEmail: users.email })
		.from(auditLog)
		.leftJoin(users, eq(auditLog.userId, users.id))
		.where(where)
		.orderBy(desc(auditLog.id))
		.limit(q.limit ?? AUDIT_PAGE_SIZE);
	return rows.map((r) => ({ ...r.entry, userName: r.userName, userEmail: r.userEmail }));
}

/** The cells of the audit export an auditor downloads, header first. */
export function auditCsvRows(rows: AuditRow[]): unknown[][] {
	const header = [
		'id',
		'at',
		'user_id',
		'user_email',
		'organisation_id',
		'area_id',
		'action',
		'target_type',
		'target_ids',
		'customer_ids',
		'ip',
		'user_agent',
		'request_id',
		'changes'
	];
	return [
		header,
		...rows.map((r) => [
			r.id,
			r.at.toISOString(),
			r.userId,
			r.userEmail,
			r.organisationId,
			r.areaId,
			r.action,
			r.targetType,
			r.targetIds.join(' '),
			r.customerIds.join(' '),
			r.ip,
			r.userAgent,
			r.requestId,
			r.changes ? JSON.stringify(r.changes) : ''
		])
	];
}

/** RFC 4180 CSV of audit rows. */
export const auditCsv = (rows: AuditRow[]): string => csvText(auditCsvRows(rows));

/**
 * "What needs me now": each role's home items with counts and the nearest deadline, each a link to the
 * filtered list it counts. Every count uses the list's own WHERE (scope from the policy module and the same
 * filters), so a count never reveals what the list would not show. Counts only: no customer data is read
 * out, so nothing here is audited.
 */
import { and, count, eq, gte, inArray, isNull, like, lte, min, sql } from 'drizzle-orm';
import type { Role } from '$lib/domain/roles';
import { addDays, helsinkiStartOfDay, nextDay } from '$lib/domain/clock';
import { isoWeekday, workingDaysBetween } from '$lib/domain/working-days';
import { lastMarkingDay, markableDays } from '$lib/domain/attendance';
import { arviListWhere } from '../arvi/service';
import { dayCounts } from '../attendance/today';
import { auditWhere } from '../audit';
import { followsWithNew } from '../audit/follows';
import { preparedOnce, type DbOrTx } from '../db/client';
import { getPlannedReadsDb } from '../db';
import {
	arvis,
	assignments,
	auditLog,
	contracts,
	customers,
	invoices,
	notices,
	notifications,
	organisations,
	participations,
	referrals,
	users
} from '../db/schema';
import { contractListWhere } from '../contracts/read';
import { invoiceListWhere, openablePeriods } from '../invoices/read';
import { noticeListWhere } from '../notices/service';
import { participationListWhere } from '../participations/service';
import { canInOrg, canOnInvoice, hasRole, membershipIn, type Actor } from '../policy';
import { participationScopeKind, SCOPE_PLACEHOLDERS, valuesOf } from '../policy/scope';
import { referralListWhere } from '../referrals/read';
import { overdueRemarkSummary } from '../remarks/service';

/** What one home item is about; the UI maps each to its messages (`HOME_ITEM_KEY`). */
export const HOME_ITEMS = [
	'coach.today',
	'coach.pastUnmarked',
	'coach.arviDrafts',
	'coach.arviReturned',
	'coach.referrals',
	'provider.referrals',
	'provider.assignmentsEnding',
	'provider.arviOverdue',
	'provider.noticesDecided',
	'provider.remarksOverdue',
	'finance.periods',
	'finance.returned',
	'finance.submitted',
	'finance.checked',
	'finance.paid',
	'officer.notices',
	'officer.arvi',
	'officer.referralsLate',
	'officer.starting',
	'area.remarksOverdue',
	'invoices.toCheck',
	'invoices.toApprove',
	'invoices.bankChanges',
	'admin.contractsEnding',
	'admin.contractsBudget',
	'admin.lateProviders',
	'auditor.today',
	'auditor.follows'
] as const;
export type HomeItemKey = (typeof HOME_ITEMS)[number];

export interface HomeItem {
	key: HomeItemKey;
	count: number;
	/** The filtered list that has exactly `count` rows (or the nearest list, see the README). */
	href: string;
	/** Of those, past their deadline, with the list of just them. */
	overdue?: { count: number; href: string };
	/** Due today or tomorrow (not yet late). */
	dueSoon?: number;
	/** The nearest (or most overdue) deadline. */
	nearest?: string | null;
	/** How long the oldest has waited, in working days. */
	oldestDays?: number | null;
	/** Today's groups: of `count` groups and meetings, how many people are still unmarked; meetings apart. */
	unmarked?: number;
	meetings?: number;
	/** Late providers: how many referrals are late in all. */
	late?: number;
	/** The item split by day (past days still markable), each with its own list and deadline. */
	days?: { day: string; count: number; href: string; deadline: string }[];
	/** The followed searches of the audit log, each with its new entries. */
	follows?: { id: string; label: string; count: number; href: string }[];
}

export interface HomeSection {
	role: Role;
	items: HomeItem[];
}

/** How far ahead "ending soon" looks. */
const ASSIGNMENT_HORIZON_DAYS = 14;
const CONTRACT_HORIZON_DAYS = 90;

const num = (v: unknown) => Number(v ?? 0);
const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

/** Monday and Sunday of the day's ISO week. */
function weekOf(day: string): { from: string; until: string } {
	const from = addDays(day, 1 - isoWeekday(day));
	return { from, until: addDays(from, 6) };
}

/** The home's referral count, prepared once per database handle and scope kind (the values are placeholders). */
function referralCountStatement(db: DbOrTx, actor: Actor, orgId: string) {
	const kind = participationScopeKind(actor, orgId);
	return preparedOnce(db, `home_referrals:${kind}`, (d) => {
		return d
			.select({
				n: count(),
				overdue: sql<number>`count(*) filter (where ${referrals.answerDue} < ${SCOPE_PLACEHOLDERS.today}::date)::int`,
				soon: sql<number>`count(*) filter (where ${referrals.answerDue} between ${SCOPE_PLACEHOLDERS.today}::date and ${sql.placeholder('tomorrow')}::date)::int`,
				nearest: sql<string | null>`min(${referrals.answerDue})::text`
			})
			.from(referrals)
			.where(referralListWhere(actor, orgId, { status: 'waiting' }, SCOPE_PLACEHOLDERS))
			.prepare(`home_referrals_${kind}`);
	});
}

/**
 * Referrals waiting for an answer: the list's own condition, on the generic-plan connections (a referral is found by
 * its provider or area and status whatever the values; planned afresh, the count cost more to plan than to run).
 */
async function referralItem(actor: Actor, orgId: string, base: string, key: HomeItemKey): Promise<HomeItem> {
	const [r] = await referralCountStatement(await getPlannedReadsDb(), actor, orgId).execute({ ...valuesOf(actor, orgId), tomorrow: nextDay(actor.today) });
	return {
		key,
		count: num(r.n),
		href: `${base}/referrals${q({ status: 'waiting' })}`,
		overdue: { count: num(r.overdue), href: `${base}/referrals${q({ overdue: '1' })}` },
		dueSoon: num(r.soon),
		nearest: r.nearest
	};
}

async function arviItem(
	db: DbOrTx,
	actor: Actor,
	orgId: string,
	base: string,
	key: HomeItemKey,
	f: { status?: 'draft' | 'returned' | 'submitted'; overdueOnly?: boolean; mine?: boolean },
	params: Record<string, string>
): Promise<HomeItem> {
	const [r] = await db
		.select({
			n: count(),
			overdue: sql<number>`count(*) filter (where ${arvis.status} in ('draft', 'returned') and ${arvis.dueOn} < ${actor.today}::date)::int`,
			nearest: sql<string | null>`min(${arvis.dueOn})::text`,
			oldest: sql<string | null>`(min(${arvis.submittedAt}) at time zone 'Europe/Helsinki')::date::text`
		})
		.from(arvis)
		.innerJoin(participations, eq(arvis.participationId, participations.id))
		.where(arviListWhere(actor, orgId, f));
	const item: HomeItem = { key, count: num(r.n), href: `${base}/arvi${q(params)}` };
	if (f.status === 'submitted') item.oldestDays = r.oldest ? workingDaysBetween(r.oldest, actor.today) : null;
	else {
		item.nearest = r.nearest;
		if (!f.overdueOnly) item.overdue = { count: num(r.overdue), href: `${base}/arvi${q({ overdue: '1', mine: f.mine ? '1' : '0' })}` };
	}
	return item;
}

/** The coach's home's ARVI statement, prepared once per database handle and scope kind (the values are placeholders). */
function coachArviStatement(db: DbOrTx, actor: Actor, orgId: string) {
	const kind = participationScopeKind(actor, orgId);
	return preparedOnce(db, `home_arvi:${kind}`, (d) => {
		const figures = (status: 'draft' | 'returned') => ({
			n: sql<number>`count(*) filter (where ${arvis.status} = ${status})::int`,
			overdue: sql<number>`count(*) filter (where ${arvis.status} = ${status} and ${arvis.dueOn} < ${SCOPE_PLACEHOLDERS.today}::date)::int`,
			nearest: sql<string | null>`(min(${arvis.dueOn}) filter (where ${arvis.status} = ${status}))::text`
		});
		return d
			.select({ draft: figures('draft'), returned: figures('returned') })
			.from(arvis)
			.innerJoin(participations, eq(arvis.participationId, participations.id))
			.where(and(arviListWhere(actor, orgId, { mine: true }, SCOPE_PLACEHOLDERS), inArray(arvis.status, ['draft', 'returned'])))
			.prepare(`home_arvi_${kind}`);
	});
}

/**
 * The coach's ARVI drafts and returned ARVIs, one statement for both: the list's own condition (`mine`) with
 * each status counted apart, as `arviItem` counts one.
 */
async function coachArviItems(actor: Actor, orgId: string, base: string): Promise<[HomeItem, HomeItem]> {
	// On the generic-plan connections: a coach's own ARVIs are found through their participations whatever the values,
	// and PostgreSQL planned the statement anew on every home (1.8 ms, as long as running it; bench/RESULTS.md).
	const [r] = await coachArviStatement(await getPlannedReadsDb(), actor, orgId).execute({ ...valuesOf(actor, orgId) });
	const item = (key: HomeItemKey, status: 'draft' | 'returned'): HomeItem => ({
		key,
		count: num(r[status].n),
		href: `${base}/arvi${q({ status, mine: '1' })}`,
		nearest: r[status].nearest,
		overdue: { count: num(r[status].overdue), href: `${base}/arvi${q({ overdue: '1', mine: '1' })}` }
	});
	return [item('coach.arviDrafts', 'draft'), item('coach.arviReturned', 'returned')];
}

async function noticeItem(db: DbOrTx, actor: Actor, orgId: string, base: string): Promise<HomeItem> {
	const [r] = await db
		.select({
			n: count(),
			overdue: sql<number>`count(*) filter (where ${notices.dueOn} < ${actor.today}::date)::int`,
			nearest: sql<string | null>`min(${notices.dueOn})::text`
		})
		.from(notices)
		.where(noticeListWhere(actor, orgId, { undecidedOnly: true, mine: true }));
	return {
		key: 'officer.notices',
		count: num(r.n),
		href: `${base}/notices${q({ undecided: '1', mine: '1' })}`,
		overdue: { count: num(r.overdue), href: `${base}/notices${q({ overdue: '1', mine: '1' })}` },
		nearest: r.nearest
	};
}

type InvoiceShown = 'returned' | 'submitted' | 'checked' | 'paid';

/** Since when an invoice in the status has waited (its age on the home); a paid one has stopped waiting. */
const WAITING_SINCE = { returned: invoices.submittedAt, submitted: invoices.submittedAt, checked: invoices.checkedAt, paid: undefined } as const;

/**
 * Invoice items, one per status, from one statement: the list's own condition with each status counted apart
 * (as the list filtered by that status counts it), and how many working days the oldest has waited.
 */
async function invoiceItems(db: DbOrTx, actor: Actor, orgId: string, base: string, shown: [HomeItemKey, InvoiceShown][]): Promise<HomeItem[]> {
	const statuses = shown.map(([, status]) => status);
	const figures = Object.fromEntries(
		statuses.map((status) => {
			const since = WAITING_SINCE[status];
			const mine = sql`${invoices.status} = ${status}`;
			return [
				status,
				{
					n: sql<number>`count(*) filter (where ${mine})::int`,
					oldest: since ? sql<string | null>`((min(${since}) filter (where ${mine})) at time zone 'Europe/Helsinki')::date::text` : sql<null>`null`
				}
			];
		})
	);
	const [r] = await db
		.select(figures)
		.from(invoices)
		.where(and(invoiceListWhere(actor, orgId, {}), inArray(invoices.status, statuses)));
	return shown.map(([key, status]) => {
		const item: HomeItem = { key, count: num(r[status].n), href: `${base}/invoices${q({ status })}` };
		if (WAITING_SINCE[status]) item.oldestDays = r[status].oldest ? workingDaysBetween(r[status].oldest, actor.today) : null;
		return item;
	});
}

/** Unread notices of a provider's changed bank account, for this area: the invoice people's to notice. */
async function bankChangeItem(db: DbOrTx, actor: Actor, orgId: string): Promise<HomeItem> {
	const [r] = await db
		.select({ n: count() })
		.from(notifications)
		.where(
			and(
				eq(notifications.userId, actor.userId),
				eq(notifications.kind, 'provider_bank_changed'),
				isNull(notifications.readAt),
				like(notifications.link, `/area/${orgId}/%`)
			)
		);
	return { key: 'invoices.bankChanges', count: num(r.n), href: '/notifications' };
}

/**
 * The coach's day, two items from one set of statements: today's groups and meetings with how many people are
 * still unmarked, and the past days the coach may still mark (the contract's absence-report deadline has not
 * passed) with people or meetings unmarked, each such day kept where that person's contract still allows the
 * mark. The second links to Today for the oldest such day (the nearest deadline); each day has its own link.
 */
async function coachDayItems(actor: Actor, orgId: string, base: string): Promise<[HomeItem, HomeItem]> {
	const reads = await getPlannedReadsDb();
	// The provider's marking rules: prepared once per database handle (the provider is a placeholder).
	const rules = await preparedOnce(reads, 'home_marking_rules', (d) =>
		d
			.selectDistinct({ rule: sql<{ days: number; count: 'working' | 'calendar' } | null>`${contracts.deadlines}->'absenceReport'` })
			.from(contracts)
			.where(and(eq(contracts.providerId, sql.placeholder('orgId')), eq(contracts.status, 'active')))
			.prepare('home_marking_rules')
	).execute({ orgId });
	const candidates = markableDays(
		actor.today,
		rules.map((r) => r.rule ?? undefined)
	);
	const counts = await dayCounts(reads, actor, orgId, actor.today, candidates);
	// A day's last marking day under each contract rule, worked out once (hundreds of slots share a few rules).
	const lastDays = new Map<string, string>();
	const lastDay = (day: string, rule: Parameters<typeof lastMarkingDay>[1]) => {
		const key = `${day}|${rule ? `${rule.days}${rule.count}` : ''}`;
		let last = lastDays.get(key);
		if (last === undefined) lastDays.set(key, (last = lastMarkingDay(day, rule)));
		return last;
	};
	const days = counts.past
		.map(({ day, unmarked }) => {
			const open = unmarked.map(({ rule }) => lastDay(day, rule)).filter((last) => last >= actor.today);
			const deadline = open.reduce((d, last) => (d === '' || last < d ? last : d), '');
			return { day, count: open.length, href: `${base}/today${q({ day })}`, deadline };
		})
		.filter((d) => d.count > 0)
		.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.day.localeCompare(b.day));
	return [
		{ key: 'coach.today', count: counts.groups, meetings: counts.meetings, unmarked: counts.unmarked, href: `${base}/today` },
		{
			key: 'coach.pastUnmarked',
			count: days.reduce((n, d) => n + d.count, 0),
			href: days[0]?.href ?? `${base}/today`,
			nearest: days[0]?.deadline ?? null,
			days
		}
	];
}

async function remarkItem(db: DbOrTx, actor: Actor, orgId: string, base: string, key: 'provider.remarksOverdue' | 'area.remarksOverdue'): Promise<HomeItem> {
	const r = await overdueRemarkSummary(db, actor, orgId);
	return { key, count: r.count, nearest: r.oldestDue, href: `${base}/remarks${q({ overdue: '1' })}` };
}

/** A role's items: each promise gives one item, or several that one statement counts. */
type Builder = (db: DbOrTx, actor: Actor, orgId: string, base: string) => Promise<HomeItem | HomeItem[]>[];

/** Each role's items, in the order shown. Any one the role may not see in the list is not built at all. */
const BY_ROLE: Partial<Record<Role, Builder>> = {
	coach: (db, actor, orgId, base) => [
		coachDayItems(actor, orgId, base),
		coachArviItems(actor, orgId, base),
		referralItem(actor, orgId, base, 'coach.referrals')
	],
	provider_admin: (db, actor, orgId, base) => [
		referralItem(actor, orgId, base, 'provider.referrals'),
		// The assignments page lists every assignment that has not ended (no filter): the nearest list.
		db
			.select({ n: count(), nearest: min(assignments.validUntil) })
			.from(assignments)
			.where(
				and(
					eq(assignments.providerId, orgId),
					gte(assignments.validUntil, actor.today),
					lte(assignments.validUntil, addDays(actor.today, ASSIGNMENT_HORIZON_DAYS))
				)
			)
			.then(([r]) => ({ key: 'provider.assignmentsEnding' as const, count: num(r.n), nearest: r.nearest, href: `${base}/assignments` })),
		arviItem(db, actor, orgId, base, 'provider.arviOverdue', { overdueOnly: true, mine: false }, { overdue: '1', mine: '0' }),
		db
			.select({ n: count() })
			.from(notices)
			.where(noticeListWhere(actor, orgId, { status: 'decided', recentlyDecided: true }))
			.then(([r]) => ({ key: 'provider.noticesDecided' as const, count: num(r.n), href: `${base}/notices${q({ status: 'decided', recent: '1' })}` })),
		remarkItem(db, actor, orgId, base, 'provider.remarksOverdue')
	],
	finance: (db, actor, orgId, base) => [
		(canOnInvoice(actor, 'invoice.edit', { areaId: '', providerId: orgId }) ? openablePeriods(db, orgId, actor.today) : Promise.resolve([])).then((rows) => ({
			key: 'finance.periods' as const,
			count: rows.reduce((n, r) => n + r.periods.length, 0),
			href: `${base}/invoices/open`
		})),
		invoiceItems(db, actor, orgId, base, [
			['finance.returned', 'returned'],
			['finance.submitted', 'submitted'],
			['finance.checked', 'checked'],
			['finance.paid', 'paid']
		])
	],
	case_officer: (db, actor, orgId, base) => {
		const week = weekOf(actor.today);
		return [
			noticeItem(db, actor, orgId, base),
			arviItem(db, actor, orgId, base, 'officer.arvi', { status: 'submitted' }, { status: 'submitted' }),
			db
				.select({ n: count(), nearest: sql<string | null>`min(${referrals.answerDue})::text` })
				.from(referrals)
				.where(referralListWhere(actor, orgId, { overdueOnly: true, officerId: actor.userId }))
				.then(([r]) => ({
					key: 'officer.referralsLate' as const,
					count: num(r.n),
					nearest: r.nearest,
					href: `${base}/referrals${q({ overdue: '1', mine: '1' })}`
				})),
			db
				.select({ n: count() })
				.from(participations)
				.innerJoin(contracts, eq(participations.contractId, contracts.id))
				.innerJoin(customers, eq(participations.customerId, customers.id))
				.where(participationListWhere(actor, orgId, { startFrom: week.from, startUntil: week.until }))
				.then(([r]) => ({
					key: 'officer.starting' as const,
					count: num(r.n),
					href: `${base}/participations${q({ startFrom: week.from, startUntil: week.until })}`
				})),
			remarkItem(db, actor, orgId, base, 'area.remarksOverdue')
		];
	},
	invoice_reviewer: (db, actor, orgId, base) => [invoiceItems(db, actor, orgId, base, [['invoices.toCheck', 'submitted']]), bankChangeItem(db, actor, orgId)],
	invoice_approver: (db, actor, orgId, base) => [invoiceItems(db, actor, orgId, base, [['invoices.toApprove', 'checked']]), bankChangeItem(db, actor, orgId)],
	area_admin: (db, actor, orgId, base) => {
		const endsBy = addDays(actor.today, CONTRACT_HORIZON_DAYS);
		return [
			db
				.select({ n: count(), nearest: sql<string | null>`min(${contracts.endDate})::text` })
				.from(contracts)
				.innerJoin(organisations, eq(contracts.providerId, organisations.id))
				.where(contractListWhere(actor, orgId, { endsBy }))
				.then(([r]) => ({ key: 'admin.contractsEnding' as const, count: num(r.n), nearest: r.nearest, href: `${base}/contracts${q({ endsBy })}` })),
			db
				.select({ n: count(), nearest: sql<string | null>`min(${contracts.endDate})::text` })
				.from(contracts)
				.innerJoin(organisations, eq(contracts.providerId, organisations.id))
				.where(contractListWhere(actor, orgId, { budgetNear: true }))
				.then(([r]) => ({ key: 'admin.contractsBudget' as const, count: num(r.n), nearest: r.nearest, href: `${base}/contracts${q({ budget: 'near' })}` })),
			db
				.select({ n: sql<number>`count(distinct ${referrals.providerId})::int`, late: count() })
				.from(referrals)
				.where(referralListWhere(actor, orgId, { overdueOnly: true }))
				.then(([r]) => ({ key: 'admin.lateProviders' as const, count: num(r.n), late: num(r.late), href: `${base}/referrals${q({ overdue: '1' })}` })),
			remarkItem(db, actor, orgId, base, 'area.remarksOverdue')
		];
	},
	auditor: (db, actor, orgId, base) => [
		db
			.select({ n: count() })
			.from(auditLog)
			.leftJoin(users, eq(auditLog.userId, users.id))
			.where(auditWhere(db, { areaId: orgId, from: helsinkiStartOfDay(actor.today), until: helsinkiStartOfDay(nextDay(actor.today)) }))
			.then(([r]) => ({ key: 'auditor.today' as const, count: num(r.n), href: `${base}/audit${q({ from: actor.today, until: actor.today })}` })),
		followsWithNew(db, actor.userId, orgId).then((follows) => ({
			key: 'auditor.follows' as const,
			count: follows.reduce((n, f) => n + f.count, 0),
			// The one with most new entries first; without follows, the log's page where a search is followed.
			href: [...follows].sort((a, b) => b.count - a.count)[0]?.href ?? `${base}/audit`,
			follows
		}))
	]
};

/** Roles whose items need a list the policy lets them open here (a role without such a list has no section). */
const GATE: Partial<Record<Role, Parameters<typeof canInOrg>[1]>> = {
	coach: 'attendance.record',
	provider_admin: 'referral.list',
	finance: 'invoice.list',
	case_officer: 'notice.list',
	invoice_reviewer: 'invoice.list',
	invoice_approver: 'invoice.list',
	area_admin: 'contract.list',
	auditor: 'audit.search'
};

/**
 * The home of one of the actor's organisations: a section per role they hold there (a person with several
 * roles sees each), the items' statements sent at once.
 */
export async function homeOf(db: DbOrTx, actor: Actor, orgId: string): Promise<HomeSection[]> {
	const m = membershipIn(actor, orgId);
	if (!m || m.kind === 'platform') return [];
	const base = `/${m.kind}/${orgId}`;
	const roles = m.roles.filter((r) => BY_ROLE[r] && GATE[r] && canInOrg(actor, GATE[r]!, orgId) && hasRole(actor, orgId, r));
	return Promise.all(roles.map(async (role) => ({ role, items: (await Promise.all(BY_ROLE[role]!(db, actor, orgId, base))).flat() })));
}

/** Every organisation's home, for the start page (one organisation after another, each with its sections). */
export async function homesOf(db: DbOrTx, actor: Actor) {
	const out: { organisationId: string; sections: HomeSection[] }[] = [];
	for (const m of actor.memberships)
		if (m.kind !== 'platform') out.push({ organisationId: m.organisationId, sections: await homeOf(db, actor, m.organisationId) });
	return out;
}

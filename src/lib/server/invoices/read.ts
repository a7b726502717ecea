/**
 * Read queries of the invoice pages: one invoice with its lines, events and parties; the per-customer
 * specification behind its lines; the periods a provider may still open; a contract's invoiced sums; the
 * lists (scoped in SQL by the policy module). No other access decisions here: the pages authorize first
 * (policy: canOnInvoice) and audit what they show.
 */
import { and, asc, desc, eq, gte, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import { budgetOf, type Budget } from '$lib/domain/contracts';
import { periodContaining, type Period } from '$lib/domain/invoicing/periods';
import type { LineDetail } from '$lib/domain/invoicing/pricing';
import { paged, pageWindow } from '$lib/paging';
import { byShape, preparedOnce, type DbOrTx, type Params } from '../db/client';
import { getPlannedReadsDb } from '../db';
import {
	arvis,
	attendance,
	contracts,
	customers,
	invoiceEvents,
	invoiceLines,
	invoices,
	meetings,
	organisations,
	participations,
	priceLines,
	users,
	type Contract
} from '../db/schema';
import type { Actor } from '../policy';
import { invoiceListScope, invoiceScopeKind, SCOPE_PLACEHOLDERS, type ScopeValues, valuesOf } from '../policy/scope';
import { endedPeriods, holdsPeriod } from './facts';

/** What access to an invoice depends on (and where it belongs). */
export async function invoiceScopeOf(db: DbOrTx, invoiceId: string) {
	const [row] = await db.select({ id: invoices.id, areaId: invoices.areaId, providerId: invoices.providerId }).from(invoices).where(eq(invoices.id, invoiceId));
	return row;
}

/** One invoice with its lines (in order), its events with the names of those who acted, its contract and both parties. */
export async function getInvoiceDetail(db: DbOrTx, invoiceId: string) {
	const [invoice] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
	if (!invoice) return undefined;
	const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));
	const events = await db
		.select({
			id: invoiceEvents.id,
			kind: invoiceEvents.kind,
			at: invoiceEvents.at,
			comment: invoiceEvents.comment,
			byName: users.name,
			snapshot: invoiceEvents.snapshot
		})
		.from(invoiceEvents)
		.innerJoin(users, eq(invoiceEvents.by, users.id))
		.where(eq(invoiceEvents.invoiceId, invoiceId))
		.orderBy(asc(invoiceEvents.at), asc(invoiceEvents.id));
	const [contract] = await db.select().from(contracts).where(eq(contracts.id, invoice.contractId));
	const [seller] = await db.select().from(organisations).where(eq(organisations.id, invoice.providerId));
	const [buyer] = await db.select().from(organisations).where(eq(organisations.id, invoice.areaId));
	const [original] = invoice.creditOf
		? await db.select({ id: invoices.id, number: invoices.number, issueDate: invoices.issueDate }).from(invoices).where(eq(invoices.id, invoice.creditOf))
		: [];
	const [creditNote] = await db
		.select({ id: invoices.id, number: invoices.number, status: invoices.status })
		.from(invoices)
		.where(eq(invoices.creditOf, invoice.id));
	return { invoice, lines, events, contract, seller, buyer, original: original ?? null, creditNote: creditNote ?? null };
}

/**
 * Is this a manual (typed) line of an invoice (not of a credit note, which credits every line in full), the
 * only kind of line a person may remove?
 */
export async function isRemovableLine(db: DbOrTx, invoiceId: string, lineId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: invoiceLines.id })
		.from(invoiceLines)
		.innerJoin(invoices, eq(invoiceLines.invoiceId, invoices.id))
		.where(and(eq(invoiceLines.id, lineId), eq(invoiceLines.invoiceId, invoiceId), eq(invoiceLines.kind, 'manual'), eq(invoices.kind, 'invoice')));
	return !!row;
}

export type InvoiceDetail = NonNullable<Awaited<ReturnType<typeof getInvoiceDetail>>>;

/** A record behind a line, as the specification shows it. */
export type SpecificationItem = Omit<LineDetail, 'participationId'>;

export interface SpecificationCustomer {
	participationId: string;
	customerId: string;
	name: string;
	customerNumber: string;
	items: SpecificationItem[];
}

/**
 * The per-customer breakdown of an invoice: for every line, the customers (through their participations)
 * and the days, meetings and outcomes counted; records without a customer (lump sums) apart. Also the ids
 * of every customer shown, for the audit log.
 */
export async function getSpecification(db: DbOrTx, invoiceId: string) {
	const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));
	const participationIds = [...new Set(lines.flatMap((l) => l.details.map((d) => d.participationId)).filter((id): id is string => !!id))];
	const people = participationIds.length
		? await db
				.select({ participationId: participations.id, customerId: customers.id, name: customers.name, customerNumber: customers.customerNumber })
				.from(participations)
				.innerJoin(customers, eq(participations.customerId, customers.id))
				.where(inArray(participations.id, participationIds))
		: [];
	const byParticipation = new Map(people.map((p) => [p.participationId, p]));
	const out = lines.map((l) => {
		const groups = new Map<string, SpecificationCustomer>();
		const other: SpecificationItem[] = [];
		for (const { participationId, ...item } of l.details) {
			const who = participationId ? byParticipation.get(participationId) : undefined;
			if (!who) {
				other.push(item);
				continue;
			}
			let g = groups.get(who.participationId);
			if (!g) groups.set(who.participationId, (g = { ...who, items: [] }));
			g.items.push(item);
		}
		return {
			id: l.id,
			position: l.position,
			kind: l.kind,
			unit: l.unit,
			description: l.description,
			quantityHundredths: l.quantityHundredths,
			unitPriceCents: l.unitPriceCents,
			vatRateBp: l.vatRateBp,
			netCents: l.netCents,
			justification: l.justification,
			customers: [...groups.values()].sort((a, b) => a.name.localeCompare(b.name, 'fi') || a.customerNumber.localeCompare(b.customerNumber)),
			other
		};
	});
	return { lines: out, customerIds: [...new Set(people.map((p) => p.customerId))] };
}

type Candidate = { contractId: string; from: string; until: string; billableAbsences: string[] };

/** A placeholder for an array of values, sent as text[] and cast (as `anyOf` does). */
const arrayParam = (name: string, type: 'uuid' | 'date' | 'text') => sql`${sql.placeholder(name)}::text[]::${sql.raw(type)}[]`;

/**
 * Which of these periods of a contract hold records the pricing engine could bill: a day present or absent
 * for a reason the contract bills, a held meeting, a start, an outcome of an accepted ARVI, or unsettled
 * corrections of an earlier locked day. One statement with one EXISTS per period, each answered by an index
 * of its own (migrations 0027, 0033), so a provider's ~100 candidate periods cost a few milliseconds; the
 * contract's billable absence reasons come with the period (no join to every contract of the country).
 *
 * Prepared once per process on the planned-reads connections: its plan is the same whatever the values (the
 * periods are rows of `unnest`, each test an index probe of that row's contract and dates), so it is planned once
 * instead of on every call, which cost more than running it.
 */
function periodsStatement(db: DbOrTx) {
	return preparedOnce(db, 'periods_with_records', (d) =>
		d
			.select({ contractId: sql<string>`p.contract_id`, periodFrom: sql<string>`p.period_from::text` })
			.from(
				sql`unnest(${arrayParam('contracts', 'uuid')}, ${arrayParam('froms', 'date')}, ${arrayParam('untils', 'date')}, ${arrayParam('billable', 'text')})
					as p(contract_id, period_from, period_until, billable)`
			)
			.where(
				sql`exists (select 1 from ${attendance} a where a.contract_id = p.contract_id and a.day between p.period_from and p.period_until
					and a.current and a.meeting_id is null and (a.status = 'present' or a.reason = any(string_to_array(p.billable, ','))))
				or exists (select 1 from ${meetings} m join ${attendance} a on a.meeting_id = m.id and a.current and a.status = 'present'
					where m.contract_id = p.contract_id and m.cancelled_at is null and m.day between p.period_from and p.period_until)
				or exists (select 1 from ${participations} s where s.contract_id = p.contract_id and s.status <> 'starting' and s.start_date between p.period_from and p.period_until)
				or exists (select 1 from ${arvis} r where r.contract_id = p.contract_id and r.status = 'accepted' and r.outcome is not null
					and (r.decided_at at time zone 'Europe/Helsinki')::date between p.period_from and p.period_until)
				or exists (select 1 from ${attendance} a where a.contract_id = p.contract_id and a.current and a.correction and a.settled_at is null and a.day < p.period_from)`
			)
			.prepare('periods_with_records')
	);
}

async function periodsWithRecords(periods: Candidate[]): Promise<Set<string>> {
	if (periods.length === 0) return new Set();
	const rows = await periodsStatement(await getPlannedReadsDb()).execute({
		contracts: periods.map((x) => x.contractId),
		froms: periods.map((x) => x.from),
		untils: periods.map((x) => x.until),
		billable: periods.map((x) => x.billableAbsences.join(','))
	});
	return new Set(rows.map((r) => `${r.contractId}_${r.periodFrom}`));
}

/**
 * A provider's contracts (not drafts) with the periods that have ended by `today`, have no invoice yet and
 * hold billable records, oldest first (the first is the one to propose), and the open (draft or returned)
 * invoice that must be submitted or discarded before the next is opened. A period with nothing recorded is
 * not offered: its invoice would be empty, could not be sent, and would block the contract's other periods.
 * Every period of a contract with a lump sum is billable.
 */
export async function openablePeriods(db: DbOrTx, providerId: string, today: string) {
	const ofProvider = and(eq(contracts.providerId, providerId), ne(contracts.status, 'draft'));
	const [rows, taken, lumpSums] = await Promise.all([
		db
			.select({
				contract: {
					id: contracts.id,
					contractNumber: contracts.contractNumber,
					title: contracts.title,
					startDate: contracts.startDate,
					endDate: contracts.endDate,
					invoicingPeriod: contracts.invoicingPeriod,
					billableAbsences: contracts.billableAbsences
				},
				areaName: organisations.name
			})
			.from(contracts)
			.innerJoin(organisations, eq(contracts.areaId, organisations.id))
			.where(ofProvider)
			.orderBy(asc(contracts.contractNumber)),
		db
			.select({ id: invoices.id, contractId: invoices.contractId, periodFrom: invoices.periodFrom, status: invoices.status })
			.from(invoices)
			.where(and(eq(invoices.providerId, providerId), eq(invoices.kind, 'invoice'), holdsPeriod)),
		db
			.selectDistinct({ contractId: priceLines.contractId })
			.from(priceLines)
			.innerJoin(contracts, eq(priceLines.contractId, contracts.id))
			.where(and(ofProvider, eq(priceLines.unit, 'lump_sum')))
	]);
	const lumpSum = new Set(lumpSums.map((l) => l.contractId));
	const candidates = rows.map(({ contract: c, areaName }) => {
		const mine = taken.filter((i) => i.contractId === c.id);
		return { contract: c, areaName, mine, periods: endedPeriods(c, today).filter((p) => !mine.some((i) => i.periodFrom === p.from)) };
	});
	const withRecords = await periodsWithRecords(
		candidates
			.filter((x) => !lumpSum.has(x.contract.id))
			.flatMap((x) => x.periods.map((p) => ({ contractId: x.contract.id, ...p, billableAbsences: x.contract.billableAbsences })))
	);
	return candidates.map(({ contract: c, areaName, mine, periods }) => {
		const billable: Period[] = periods.filter((p) => lumpSum.has(c.id) || withRecords.has(`${c.id}_${p.from}`));
		const open = mine.find((i) => i.status === 'draft' || i.status === 'returned');
		return { contractId: c.id, contractNumber: c.contractNumber, title: c.title, areaName, periods: billable, openInvoiceId: open?.id ?? null };
	});
}

/**
 * The contracts a list (invoices, the area's referrals) may be filtered by: the organisation's own (as buyer or as
 * seller), drafts left out (nothing is referred or invoiced on a draft); prepared once per side.
 */
export async function contractsForFilter(db: DbOrTx, organisationId: string, side: 'area' | 'provider') {
	return preparedOnce(db, `invoice_filter_contracts:${side}`, (d) =>
		d
			.select({
				id: contracts.id,
				number: contracts.contractNumber,
				title: contracts.title,
				providerId: contracts.providerId,
				providerName: organisations.name
			})
			.from(contracts)
			.innerJoin(organisations, eq(contracts.providerId, organisations.id))
			.where(and(eq(side === 'area' ? contracts.areaId : contracts.providerId, sql.placeholder('orgId')), ne(contracts.status, 'draft')))
			.orderBy(asc(contracts.contractNumber))
			.prepare('invoice_filter_contracts')
	).execute({ orgId: organisationId });
}

/** Sums of a contract's invoices in integer cents: submitted (and later), approved (and paid), paid; credit notes subtract. */
export async function contractBudget(db: DbOrTx, contract: Pick<Contract, 'id' | 'budgetCents'>, exceptInvoiceId?: string): Promise<Budget> {
	const signed = sql`case when ${invoices.kind} = 'credit_note' then -${invoices.grossCents} else ${invoices.grossCents} end`;
	const [row] = await db
		.select({
			invoiced: sql<number>`coalesce(sum(${signed}) filter (where ${invoices.status} in ('submitted', 'checked', 'approved', 'paid')), 0)::bigint`,
			approved: sql<number>`coalesce(sum(${signed}) filter (where ${invoices.status} in ('approved', 'paid')), 0)::bigint`,
			paid: sql<number>`coalesce(sum(${signed}) filter (where ${invoices.status} = 'paid'), 0)::bigint`
		})
		.from(invoices)
		.where(and(eq(invoices.contractId, contract.id), exceptInvoiceId ? ne(invoices.id, exceptInvoiceId) : undefined));
	return budgetOf(contract.budgetCents, Number(row.invoiced), Number(row.approved), Number(row.paid));
}

export interface InvoiceFilters {
	status?: (typeof invoices.$inferSelect)['status'];
	contractId?: string;
	/** The area's list: one provider's invoices. */
	providerId?: string;
	/** A month (YYYY-MM): the invoices whose period overlaps it. */
	period?: string;
}

/** The filters as the list's condition compares them: the month as its first and last day. */
type InvoiceConditions = Omit<InvoiceFilters, 'period'> & { periodFrom?: string; periodUntil?: string };

/** The list's condition (scope and filters) on `invoices` alone: the list and the home page's counts share it. */
export function invoiceListWhere(
	actor: Actor,
	organisationId: string,
	f: Params<InvoiceConditions>,
	values: Pick<ScopeValues, 'organisationId'> = { organisationId }
): SQL | undefined {
	return and(
		invoiceListScope(actor, organisationId, values),
		f.status ? eq(invoices.status, f.status) : undefined,
		f.contractId ? eq(invoices.contractId, f.contractId) : undefined,
		f.providerId ? eq(invoices.providerId, f.providerId) : undefined,
		f.periodFrom ? gte(invoices.periodUntil, f.periodFrom) : undefined,
		f.periodUntil ? lte(invoices.periodFrom, f.periodUntil) : undefined
	);
}

const hours = (a: unknown, b: unknown) => sql<number | null>`round(extract(epoch from (${b} - ${a})) / 3600)::int`;

/**
 * The list's statement, built once per database handle, scope kind and set of filters present, with the values as
 * placeholders (`byShape`): the invoices with their cycle times (submitted → checked → approved), newest period first.
 */
function invoiceListStatement(db: DbOrTx, actor: Actor, organisationId: string, shape: string, f: Params<InvoiceConditions>) {
	return preparedOnce(db, `invoice_list:${invoiceScopeKind(actor, organisationId)}:${shape}`, (d) =>
		d
			.select({
				id: invoices.id,
				kind: invoices.kind,
				status: invoices.status,
				number: invoices.number,
				periodFrom: invoices.periodFrom,
				periodUntil: invoices.periodUntil,
				grossCents: invoices.grossCents,
				dueDate: invoices.dueDate,
				contractNumber: contracts.contractNumber,
				contractTitle: contracts.title,
				providerName: sql<string>`(select name from organisations o where o.id = ${invoices.providerId})`,
				hoursToCheck: hours(invoices.submittedAt, invoices.checkedAt),
				hoursToApprove: hours(invoices.checkedAt, invoices.approvedAt)
			})
			.from(invoices)
			.innerJoin(contracts, eq(invoices.contractId, contracts.id))
			.where(invoiceListWhere(actor, organisationId, f, SCOPE_PLACEHOLDERS))
			.orderBy(desc(invoices.periodFrom), desc(invoices.createdAt), asc(invoices.id))
			.limit(sql.placeholder('limit'))
			.offset(sql.placeholder('offset'))
			.prepare('invoice_list')
	);
}

/** Invoices of an organisation, scoped in SQL: one page of the list and whether another follows (as the other lists: `paged`). */
export async function listInvoices(db: DbOrTx, actor: Actor, organisationId: string, f: InvoiceFilters, page = 1) {
	const { period, ...rest } = f;
	const month = period ? periodContaining(`${period}-01`, 'month') : undefined;
	const { shape, filters, values } = byShape<InvoiceConditions>({ ...rest, periodFrom: month?.from, periodUntil: month?.until });
	const rows = await invoiceListStatement(db, actor, organisationId, shape, filters).execute({
		...values,
		...pageWindow(page),
		...valuesOf(actor, organisationId)
	});
	return paged(rows, page);
}

/** The first and last invoiced day of a contract (submitted and later invoices), for the run-rate projection. */
export async function invoicedSpan(db: DbOrTx, contractId: string): Promise<{ from: string; lastUntil: string } | null> {
	const [r] = await db
		.select({ from: sql<string | null>`min(${invoices.periodFrom})::text`, lastUntil: sql<string | null>`max(${invoices.periodUntil})::text` })
		.from(invoices)
		.where(and(eq(invoices.contractId, contractId), eq(invoices.kind, 'invoice'), inArray(invoices.status, ['submitted', 'checked', 'approved', 'paid'])));
	return r?.from && r.lastUntil ? { from: r.from, lastUntil: r.lastUntil } : null;
}

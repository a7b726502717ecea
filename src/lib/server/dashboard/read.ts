/**
 * What the dashboard and the scorecard read: the selected contracts, then per contract (`contract_id = any($1)`, so
 * every statement walks the per-contract indexes, never the whole attendance or audit table) the sums of the period:
 * counts per contract, month and category, sums and counts for the averages, the middle values for the medians
 * (attendance from its monthly summary). Nothing personal: no customer id, no name, no text, and no row per person.
 */
import { and, asc, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { ServiceType } from '$lib/domain/contracts';
import type { MedianFamily, StatContract, StatRows } from '$lib/domain/dashboard';
import { lastDayOfMonth } from '$lib/domain/statistics';
import type { DbOrTx } from '../db/client';
import { anyOf, rowsOf } from '../db/client';
import { arvis, attendance, attendanceMonths, contracts, invoices, notices, organisations, participations, referrals } from '../db/schema';

export interface StatFilters {
	/** yyyy-mm, both included. */
	from: string;
	to: string;
	serviceType?: string;
	providerId?: string;
}

/** The contracts of an area in the selection (drafts never: nothing happens under them). */
export async function statContracts(db: DbOrTx, areaId: string, f: Pick<StatFilters, 'serviceType' | 'providerId'>): Promise<StatContract[]> {
	const where: (SQL | undefined)[] = [
		eq(contracts.areaId, areaId),
		ne(contracts.status, 'draft'),
		f.serviceType ? eq(contracts.serviceType, f.serviceType as ServiceType) : undefined,
		f.providerId ? eq(contracts.providerId, f.providerId) : undefined
	];
	const rows = await db
		.select({
			id: contracts.id,
			contractNumber: contracts.contractNumber,
			title: contracts.title,
			serviceType: contracts.serviceType,
			providerId: contracts.providerId,
			providerName: organisations.name,
			endDate: contracts.endDate,
			budgetCents: contracts.budgetCents
		})
		.from(contracts)
		.innerJoin(organisations, eq(organisations.id, contracts.providerId))
		.where(and(...where))
		.orderBy(asc(organisations.name), asc(contracts.contractNumber));
	return rows.map((r) => ({ ...r, budgetCents: Number(r.budgetCents) }));
}

const HKI = sql.raw(`'Europe/Helsinki'`);
const monthOf = (at: SQL) => sql`to_char((${at} at time zone ${HKI}), 'YYYY-MM')`;
const dayOf = (at: SQL) => sql`(${at} at time zone ${HKI})::date`;

/**
 * The two middle values (`lo`, `hi`; equal for an odd count) and the count of each value of `families`, per contract,
 * per provider (contract null) and for the whole selection (both null), in one pass over the rows of `from`: the
 * median is (lo + hi) / 2, exactly as `median` of statistics.ts computes it from the values themselves
 * (percentile_disc picks values, it does not interpolate).
 */
function middles(families: Partial<Record<MedianFamily, string>>, table: PgTable, where: SQL, ids: SQL): SQL {
	const list = Object.entries(families);
	const cols = list.map(
		([, x], i) =>
			`count(${x}) as n${i}, percentile_disc(0.5) within group (order by ${x}) as lo${i}, percentile_disc(0.5) within group (order by ${x} desc) as hi${i}`
	);
	const unpivot = list.map(([family], i) => `('${family}', g.n${i}, g.lo${i}, g.hi${i})`);
	return sql`
		select f.family, g.provider_id as "providerId", g.contract_id as "contractId", f.n::int as n, f.lo::float8 as lo, f.hi::float8 as hi
		from (
			select k.provider_id, t.contract_id, ${sql.raw(cols.join(', '))}
			from ${table} t join ${contracts} k on k.id = t.contract_id and k.id = ${ids}
			where ${where}
			group by grouping sets ((k.provider_id, t.contract_id), (k.provider_id), ())
		) g cross join lateral (values ${sql.raw(unpivot.join(', '))}) f(family, n, lo, hi)`;
}

/**
 * The statements of `statRows`, by what they read (the dashboard benchmark explains each of them). Each sums in SQL
 * what the figures need, per contract and month and category (counts, sums and counts for the averages, the middle
 * values for the medians): the server receives a few rows per contract and month, not one per referral or invoice.
 */
export type StatStatement = Exclude<keyof StatRows, 'medians'> | 'answerMedians' | 'noticeMedians' | 'invoiceMedians';

export function statStatements(contractIds: string[], f: Pick<StatFilters, 'from' | 'to'>): Record<StatStatement, SQL> {
	const from = `${f.from}-01`;
	const to = lastDayOfMonth(f.to);
	const ids = anyOf(contractIds, 'uuid');
	const inPeriod = (day: SQL) => sql`${day} between ${from}::date and ${to}::date`;
	const hoursBetween = (a: string, b: string) => `extract(epoch from (${b} - ${a})) / 3600.0`;
	const answerHours = (r: string) => `case when ${r}.answered_at is null then null else ${hoursBetween(`${r}.referred_at`, `${r}.answered_at`)} end::float8`;
	return {
		referrals: sql`
			select "contractId", month, status, "declineReason", count(*)::int as n, count("inTime")::int as answered,
				(count(*) filter (where "inTime"))::int as "inTime"
			from (
				select r.contract_id as "contractId", ${monthOf(sql`r.referred_at`)} as month, r.status, r.decline_reason as "declineReason",
					case when r.answered_at is null then null else ${dayOf(sql`r.answered_at`)} <= r.answer_due end as "inTime"
				from ${referrals} r where r.contract_id = ${ids} and ${inPeriod(dayOf(sql`r.referred_at`))}
			) r
			group by "contractId", month, status, "declineReason"`,
		participations: sql`
			select "contractId", "startMonth", "endMonth", status, "endReason", count(*)::int as n,
				coalesce(sum("durationDays"), 0)::float8 as "durationSum", count("durationDays")::int as durations
			from (
				select p.contract_id as "contractId",
					case when ${inPeriod(sql`p.start_date`)} then to_char(p.start_date, 'YYYY-MM') end as "startMonth",
					case when p.end_date is not null and ${inPeriod(sql`p.end_date`)} then to_char(p.end_date, 'YYYY-MM') end as "endMonth",
					p.status, p.end_reason as "endReason",
					case when p.end_date is null then null else (p.end_date - p.start_date + 1) end as "durationDays"
				from ${participations} p
				where p.contract_id = ${ids} and (${inPeriod(sql`p.start_date`)} or (p.end_date is not null and ${inPeriod(sql`p.end_date`)}))
			) p
			group by "contractId", "startMonth", "endMonth", status, "endReason"`,
		// From the monthly summary per participation (attendance_month, kept by a trigger in the same transaction as
		// every mark): a few rows per participation and month instead of every mark. `liveAttendanceStatement` is the
		// same figures from the marks themselves (the test compares them, the benchmark uses it as a reference).
		attendance: sql`
			with pm as (
				select s.contract_id, s.participation_id, s.month as m, s.present, s.absent
				from ${attendanceMonths} s
				where s.contract_id = ${ids} and s.month between ${from}::date and ${`${f.to}-01`}::date and s.present + s.absent > 0
			), pc as (
				select contract_id, participation_id, sum(present) as present, sum(absent) as absent from pm group by contract_id, participation_id
			)
			select contract_id as "contractId", to_char(m, 'YYYY-MM') as month, sum(present)::int as present, sum(absent)::int as absent, count(*)::int as people
			from pm group by contract_id, m
			union all
			select contract_id, null, sum(present)::int, sum(absent)::int, count(*)::int from pc group by contract_id`,
		notices: sql`
			select n.contract_id as "contractId", ${monthOf(sql`n.created_at`)} as month, count(*)::int as n
			from ${notices} n where n.contract_id = ${ids} and ${inPeriod(dayOf(sql`n.created_at`))}
			group by 1, 2`,
		arvis: sql`
			select "contractId", "dueMonth", "onTime", outcome, "decidedMonth", count(*)::int as n
			from (
				select a.contract_id as "contractId",
					case when ${inPeriod(sql`a.due_on`)} then to_char(a.due_on, 'YYYY-MM') end as "dueMonth",
					case when ${inPeriod(sql`a.due_on`)} then (a.submitted_at is not null and ${dayOf(sql`a.submitted_at`)} <= a.due_on) end as "onTime",
					a.outcome,
					case when a.status = 'accepted' and a.decided_at is not null and ${inPeriod(dayOf(sql`a.decided_at`))} then ${monthOf(sql`a.decided_at`)} end as "decidedMonth"
				from ${arvis} a
				where a.contract_id = ${ids} and (${inPeriod(sql`a.due_on`)} or (a.decided_at is not null and ${inPeriod(dayOf(sql`a.decided_at`))}))
			) a
			group by "contractId", "dueMonth", "onTime", outcome, "decidedMonth"`,
		invoices: sql`
			select i.contract_id as "contractId", to_char(i.period_from, 'YYYY-MM') as month,
				sum(case when i.kind = 'credit_note' then -i.gross_cents else i.gross_cents end)::float8 as "grossCents"
			from ${invoices} i
			where i.contract_id = ${ids} and i.status in ('submitted', 'checked', 'approved', 'paid') and ${inPeriod(sql`i.period_from`)}
			group by 1, 2`,
		answerMedians: middles({ answerHours: answerHours('t') }, referrals, sql`t.contract_id = ${ids} and ${inPeriod(dayOf(sql`t.referred_at`))}`, ids),
		noticeMedians: middles(
			{ noticeDays: `case when t.decided_at is null then null else extract(epoch from (t.decided_at - t.created_at)) / 86400.0 end::float8` },
			notices,
			sql`t.contract_id = ${ids} and ${inPeriod(dayOf(sql`t.created_at`))}`,
			ids
		),
		invoiceMedians: middles(
			{
				daysToCheck: `(${hoursBetween('t.submitted_at', 't.checked_at')} / 24)::float8`,
				daysToApprove: `(${hoursBetween('t.checked_at', 't.approved_at')} / 24)::float8`,
				daysToPay: `(t.paid_on - (t.approved_at at time zone 'Europe/Helsinki')::date)::float8`
			},
			invoices,
			sql`t.contract_id = ${ids} and t.status in ('submitted', 'checked', 'approved', 'paid') and ${inPeriod(sql`t.period_from`)}`,
			ids
		),
		budgets: sql`
			select i.contract_id as "contractId",
				coalesce(sum(case when i.kind = 'credit_note' then -i.gross_cents else i.gross_cents end), 0)::float8 as invoiced,
				coalesce(sum(case when i.kind = 'credit_note' then -i.gross_cents else i.gross_cents end) filter (where i.status in ('approved', 'paid')), 0)::float8 as approved,
				coalesce(sum(case when i.kind = 'credit_note' then -i.gross_cents else i.gross_cents end) filter (where i.status = 'paid'), 0)::float8 as paid,
				(min(i.period_from) filter (where i.kind = 'invoice'))::text as "spanFrom",
				(max(i.period_until) filter (where i.kind = 'invoice'))::text as "spanUntil"
			from ${invoices} i
			where i.contract_id = ${ids} and i.status in ('submitted', 'checked', 'approved', 'paid')
			group by i.contract_id`
	};
}

/**
 * The attendance figures of `statStatements` computed from the marks themselves (current marks only, through the
 * partial index attendance_contract_day_idx): what the summary must always equal.
 */
export function liveAttendanceStatement(contractIds: string[], f: Pick<StatFilters, 'from' | 'to'>): SQL {
	const from = `${f.from}-01`;
	const to = lastDayOfMonth(f.to);
	const ids = anyOf(contractIds, 'uuid');
	return sql`
		with pm as (
			select a.contract_id, a.participation_id, date_trunc('month', a.day) as m,
				count(*) filter (where a.status = 'present') as present, count(*) filter (where a.status = 'absent') as absent
			from ${attendance} a
			where a.contract_id = ${ids} and a.current and a.day between ${from}::date and ${to}::date
			group by a.contract_id, a.participation_id, date_trunc('month', a.day)
		), pc as (
			select contract_id, participation_id, sum(present) as present, sum(absent) as absent from pm group by contract_id, participation_id
		)
		select contract_id as "contractId", to_char(m, 'YYYY-MM') as month, sum(present)::int as present, sum(absent)::int as absent, count(*)::int as people
		from pm group by contract_id, m
		union all
		select contract_id, null, sum(present)::int, sum(absent)::int, count(*)::int from pc group by contract_id`;
}

/** The sums of the period for these contracts (see StatRows). Statements are independent and sent at once. */
export async function statRows(db: DbOrTx, contractIds: string[], f: Pick<StatFilters, 'from' | 'to'>): Promise<StatRows> {
	const empty: StatRows = { referrals: [], participations: [], attendance: [], notices: [], arvis: [], invoices: [], medians: [], budgets: [] };
	if (contractIds.length === 0) return empty;
	const q = statStatements(contractIds, f);
	const [ref, part, att, notice, arvi, inv, answerMed, noticeMed, invoiceMed, budget] = await Promise.all(
		[q.referrals, q.participations, q.attendance, q.notices, q.arvis, q.invoices, q.answerMedians, q.noticeMedians, q.invoiceMedians, q.budgets].map((x) =>
			db.execute(x)
		)
	);
	const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
	return {
		referrals: rowsOf<StatRows['referrals'][number]>(ref),
		participations: rowsOf<StatRows['participations'][number]>(part).map((x) => ({ ...x, durationSum: Number(x.durationSum) })),
		attendance: rowsOf<StatRows['attendance'][number]>(att).map((x) => ({
			...x,
			present: Number(x.present),
			absent: Number(x.absent),
			people: Number(x.people)
		})),
		notices: rowsOf<StatRows['notices'][number]>(notice),
		arvis: rowsOf<StatRows['arvis'][number]>(arvi),
		invoices: rowsOf<StatRows['invoices'][number]>(inv).map((x) => ({ ...x, grossCents: Number(x.grossCents) })),
		medians: [answerMed, noticeMed, invoiceMed].flatMap((m) => rowsOf<StatRows['medians'][number]>(m)).map((x) => ({ ...x, lo: num(x.lo), hi: num(x.hi) })),
		budgets: rowsOf<StatRows['budgets'][number]>(budget).map((x) => ({
			...x,
			invoiced: Number(x.invoiced),
			approved: Number(x.approved),
			paid: Number(x.paid)
		}))
	};
}

/** The providers an area's dashboard may be filtered by: those with a contract of the area. */
export async function providersOfArea(db: DbOrTx, areaId: string) {
	return db
		.selectDistinct({ id: organisations.id, name: organisations.name })
		.from(contracts)
		.innerJoin(organisations, eq(organisations.id, contracts.providerId))
		.where(and(eq(contracts.areaId, areaId), ne(contracts.status, 'draft')))
		.orderBy(asc(organisations.name));
}

/** The areas a provider has contracts with (its scorecard has a section per area). */
export async function areasOfProvider(db: DbOrTx, providerId: string) {
	return db
		.selectDistinct({ id: organisations.id, name: organisations.name })
		.from(contracts)
		.innerJoin(organisations, eq(organisations.id, contracts.areaId))
		.where(and(eq(contracts.providerId, providerId), ne(contracts.status, 'draft')))
		.orderBy(asc(organisations.name));
}

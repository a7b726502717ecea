/**
 * The indicators of the area's dashboard and the provider scorecard, from the sums the server reads (counts per
 * contract, month and category, sums and counts for the averages, the middle values for the medians), per contract,
 * per provider, for the whole selection and per month; then what of them may be shown (./statistics.ts).
 */
import { END_SITUATIONS, type EndSituation } from './arvi';
import { INTERRUPTION_REASONS, type InterruptionReason } from './attendance';
import { runRate, budgetOf, type Budget } from './contracts';
import { DECLINE_REASONS, type DeclineReason } from './referrals';
import { countCell, meanCell, percentCell, periodHidden, suppressCells, type CellGroup, type Shown } from './statistics';

export interface StatContract {
	id: string;
	contractNumber: string;
	title: string;
	serviceType: string;
	providerId: string;
	providerName: string;
	endDate: string;
	budgetCents: number;
}

/** The figures that are medians (of hours to answer a referral, days to decide a notice, days an invoice took). */
export const MEDIAN_FAMILIES = ['answerHours', 'noticeDays', 'daysToCheck', 'daysToApprove', 'daysToPay'] as const;
export type MedianFamily = (typeof MEDIAN_FAMILIES)[number];

/**
 * What the server reads for the period, summed (months are yyyy-mm in Helsinki time; null when outside the period).
 * `n` is how many referrals, participations, notices or ARVIs a row stands for; rows with the same keys add up.
 */
export interface StatRows {
	/** answered: how many were answered; inTime: of them, how many by the due day. */
	referrals: { contractId: string; month: string; status: string; declineReason: string | null; n: number; answered: number; inTime: number }[];
	/** durationSum / durations: the days of those with an end date (summed) and how many they are. */
	participations: {
		contractId: string;
		startMonth: string | null;
		endMonth: string | null;
		status: string;
		endReason: string | null;
		n: number;
		durationSum: number;
		durations: number;
	}[];
	/** month null: the contract's whole period (people counted once). */
	attendance: { contractId: string; month: string | null; present: number; absent: number; people: number }[];
	notices: { contractId: string; month: string; n: number }[];
	arvis: { contractId: string; dueMonth: string | null; onTime: boolean | null; outcome: string | null; decidedMonth: string | null; n: number }[];
	/** Gross sums (credit notes subtracted) per contract and month. */
	invoices: { contractId: string; month: string; grossCents: number }[];
	/**
	 * Per median family: how many values and the two middle ones (equal for an odd count), per contract, per provider
	 * (contractId null) and for the whole selection (both null). Missing: no values.
	 */
	medians: { family: MedianFamily; providerId: string | null; contractId: string | null; n: number; lo: number | null; hi: number | null }[];
	/** All-time sums per contract (credit notes subtracted) and the invoiced span, for the budget. */
	budgets: { contractId: string; invoiced: number; approved: number; paid: number; spanFrom: string | null; spanUntil: string | null }[];
}

export const COUNT_COLUMNS = ['referrals', 'accepted', 'declined', 'starts', 'completions', 'interruptions', 'notices', 'arviAccepted'] as const;
export type CountColumn = (typeof COUNT_COLUMNS)[number];
export const TREND_COUNT_COLUMNS = ['referrals', 'starts', 'completions', 'interruptions'] as const;

interface Raw {
	referrals: number;
	answered: number;
	inTime: number;
	accepted: number;
	declined: number;
	declineReasons: Record<DeclineReason, number>;
	starts: number;
	completions: number;
	interruptions: number;
	interruptionReasons: Record<InterruptionReason, number>;
	durationSum: number;
	durations: number;
	present: number;
	absent: number;
	attendancePeople: number;
	notices: number;
	arviDue: number;
	arviOnTime: number;
	arviAccepted: number;
	outcomes: Record<EndSituation, number>;
	invoicedCents: number;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function emptyRaw(): Raw {
	return {
		referrals: 0,
		answered: 0,
		inTime: 0,
		accepted: 0,
		declined: 0,
		declineReasons: zeros(DECLINE_REASONS),
		starts: 0,
		completions: 0,
		interruptions: 0,
		interruptionReasons: zeros(INTERRUPTION_REASONS),
		durationSum: 0,
		durations: 0,
		present: 0,
		absent: 0,
		attendancePeople: 0,
		notices: 0,
		arviDue: 0,
		arviOnTime: 0,
		arviAccepted: 0,
		outcomes: zeros(END_SITUATIONS),
		invoicedCents: 0
	};
}

/** The figures of a contract, a provider, the selection or a month, as they may be shown. */
export interface Figures {
	referrals: Shown;
	accepted: Shown;
	declined: Shown;
	answeredInTimePct: Shown;
	answerHoursMedian: Shown;
	starts: Shown;
	completions: Shown;
	interruptions: Shown;
	avgDurationDays: Shown;
	attendancePct: Shown;
	notices: Shown;
	noticeDaysMedian: Shown;
	arviOnTimePct: Shown;
	arviAccepted: Shown;
	outcomes: Record<EndSituation, Shown>;
	/** Of the accepted ARVIs, the share employed at the end. */
	employedPct: Shown;
	/** Not about people: amounts and invoice handling times are shown as they are. */
	invoicedCents: number;
	daysToCheck: number | null;
	daysToApprove: number | null;
	daysToPay: number | null;
}

export interface BudgetFigures extends Budget {
	projectedCents: number | null;
	exceeds: boolean;
}

export interface ContractFigures {
	contract: StatContract;
	budget: BudgetFigures;
	figures: Figures;
}

export interface ProviderFigures {
	providerId: string;
	providerName: string;
	contracts: number;
	budget: Budget;
	figures: Figures;
}

/**
 * The dashboard's views (`?view=`), one page each with the same selection: the overview (budget in total, the months'
 * trends, the distributions and quality), the budget by contract, the indicators by contract and by provider. A big
 * area has some fifty contracts of sixteen figures each; all of it on one page was 330 KB that the server drew on
 * every request (2 s p95 at 100 users; bench/RESULTS.md, dashboard) and that nobody reads at once on a phone.
 */
export const DASHBOARD_VIEWS = ['overview', 'budget', 'contracts', 'providers'] as const;
export type DashboardView = (typeof DASHBOARD_VIEWS)[number];

export interface Statistics {
	contracts: ContractFigures[];
	providers: ProviderFigures[];
	total: { budget: Budget; figures: Figures };
	months: { month: string; figures: Figures }[];
	declineReasons: Record<DeclineReason, Shown>;
	interruptionReasons: Record<InterruptionReason, Shown>;
	outcomes: Record<EndSituation, Shown>;
}

function addRows(into: Map<string, Raw>, key: string | null): Raw | undefined {
	if (key === null) return undefined;
	let r = into.get(key);
	if (!r) into.set(key, (r = emptyRaw()));
	return r;
}

const isKey = <K extends string>(list: readonly K[], v: string | null): v is K => v !== null && (list as readonly string[]).includes(v);

/** A count column of a contract (or its reasons) month by month: contract id → column → month → count (the period rule). */
type MonthlyCounts = Map<string, Map<string, Map<string, number>>>;

/** Adds each read row to its contract's figures and to its month's. */
function collect(rows: StatRows, months: readonly string[]) {
	const byContract = new Map<string, Raw>();
	const byMonth = new Map<string, Raw>(months.map((m) => [m, emptyRaw()]));
	const monthly: MonthlyCounts = new Map();
	const bump = (contractId: string, col: string, month: string | null, n: number) => {
		if (month === null) return;
		let c = monthly.get(contractId);
		if (!c) monthly.set(contractId, (c = new Map()));
		let m = c.get(col);
		if (!m) c.set(col, (m = new Map()));
		m.set(month, (m.get(month) ?? 0) + n);
	};
	const both = (contractId: string, month: string | null) => [addRows(byContract, contractId)!, month ? byMonth.get(month) : undefined] as const;
	for (const r of rows.referrals) {
		const [c, m] = both(r.contractId, r.month);
		c.referrals += r.n;
		bump(r.contractId, 'referrals', r.month, r.n);
		if (m) m.referrals += r.n;
		c.answered += r.answered;
		c.inTime += r.inTime;
		if (r.status === 'accepted') {
			c.accepted += r.n;
			bump(r.contractId, 'accepted', r.month, r.n);
		}
		if (r.status === 'declined') {
			c.declined += r.n;
			bump(r.contractId, 'declined', r.month, r.n);
			if (isKey(DECLINE_REASONS, r.declineReason)) {
				c.declineReasons[r.declineReason] += r.n;
				bump(r.contractId, `decline.${r.declineReason}`, r.month, r.n);
			}
		}
	}
	for (const p of rows.participations) {
		const c = addRows(byContract, p.contractId)!;
		if (p.startMonth && p.status !== 'starting') {
			c.starts += p.n;
			bump(p.contractId, 'starts', p.startMonth, p.n);
			const m = byMonth.get(p.startMonth);
			if (m) m.starts += p.n;
		}
		if (p.endMonth && (p.status === 'completed' || p.status === 'interrupted')) {
			const m = byMonth.get(p.endMonth);
			if (p.status === 'completed') {
				c.completions += p.n;
				bump(p.contractId, 'completions', p.endMonth, p.n);
				if (m) m.completions += p.n;
			} else {
				c.interruptions += p.n;
				bump(p.contractId, 'interruptions', p.endMonth, p.n);
				if (m) m.interruptions += p.n;
				if (isKey(INTERRUPTION_REASONS, p.endReason)) {
					c.interruptionReasons[p.endReason] += p.n;
					bump(p.contractId, `interrupt.${p.endReason}`, p.endMonth, p.n);
				}
			}
			c.durationSum += p.durationSum;
			c.durations += p.durations;
		}
	}
	for (const a of rows.attendance) {
		const target = a.month === null ? addRows(byContract, a.contractId) : byMonth.get(a.month);
		if (!target) continue;
		target.present += a.present;
		target.absent += a.absent;
		target.attendancePeople += a.people;
	}
	for (const n of rows.notices) {
		const [c, m] = both(n.contractId, n.month);
		c.notices += n.n;
		bump(n.contractId, 'notices', n.month, n.n);
		if (m) m.notices += n.n;
	}
	for (const a of rows.arvis) {
		const c = addRows(byContract, a.contractId)!;
		if (a.dueMonth) {
			c.arviDue += a.n;
			if (a.onTime) c.arviOnTime += a.n;
		}
		if (a.decidedMonth && isKey(END_SITUATIONS, a.outcome)) {
			c.arviAccepted += a.n;
			c.outcomes[a.outcome] += a.n;
			bump(a.contractId, 'arviAccepted', a.decidedMonth, a.n);
			bump(a.contractId, `outcome.${a.outcome}`, a.decidedMonth, a.n);
		}
	}
	for (const i of rows.invoices) {
		const [c, m] = both(i.contractId, i.month);
		c.invoicedCents += i.grossCents;
		if (m) m.invoicedCents += i.grossCents;
	}
	return { byContract, byMonth, monthly };
}

/** A unit's median of a family (`c:<contract>`, `p:<provider>`, `t`): how many values and (lo + hi) / 2, as `median` gives it. */
type Medians = (unit: string, family: MedianFamily) => { n: number; value: number | null };

function mediansOf(rows: StatRows['medians']): Medians {
	const byUnit = new Map<string, { n: number; value: number | null }>();
	for (const r of rows) {
		const unit = r.contractId !== null ? `c:${r.contractId}` : r.providerId !== null ? `p:${r.providerId}` : 't';
		const value = r.n === 0 || r.lo === null || r.hi === null ? null : r.n % 2 ? r.lo : (r.lo + r.hi) / 2;
		byUnit.set(`${unit}|${r.family}`, { n: r.n, value });
	}
	return (unit, family) => byUnit.get(`${unit}|${family}`) ?? { n: 0, value: null };
}

/** The months of a unit (a contract, a provider, the selection): its contracts' monthly counts added up, by cell id. */
function addMonthly(into: Map<string, Map<string, number>>, unit: string, contract: Map<string, Map<string, number>> | undefined) {
	if (!contract) return;
	for (const [col, months] of contract) {
		const id = `${unit}:${col}`;
		let m = into.get(id);
		if (!m) into.set(id, (m = new Map()));
		for (const [month, n] of months) m.set(month, (m.get(month) ?? 0) + n);
	}
}

function merge(into: Raw, r: Raw) {
	for (const k of Object.keys(into) as (keyof Raw)[]) {
		const a = into[k];
		const b = r[k];
		if (typeof a === 'number') (into[k] as number) = a + (b as number);
		else for (const key of Object.keys(a)) (a as Record<string, number>)[key] += (b as Record<string, number>)[key];
	}
}

/** The count cells of a unit, by cell id, for the suppression. */
function countsOf(unit: string, r: Raw, cells: Map<string, number>, columns: readonly (CountColumn | `outcome.${EndSituation}`)[]) {
	for (const col of columns) cells.set(`${unit}:${col}`, col.startsWith('outcome.') ? r.outcomes[col.slice(8) as EndSituation] : r[col as CountColumn]);
}

const ALL_COUNTS = [...COUNT_COLUMNS, ...END_SITUATIONS.map((s) => `outcome.${s}` as const)];

function shown(unit: string, r: Raw, hidden: Set<string>, medians: Medians): Figures {
	const count = (col: string, n: number): Shown => (hidden.has(`${unit}:${col}`) ? 'small' : countCell(n));
	const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
	const mid = (family: MedianFamily) => medians(unit, family);
	return {
		referrals: count('referrals', r.referrals),
		accepted: count('accepted', r.accepted),
		declined: count('declined', r.declined),
		answeredInTimePct: percentCell(r.inTime, r.answered),
		answerHoursMedian: meanCell(mid('answerHours').value, mid('answerHours').n),
		starts: count('starts', r.starts),
		completions: count('completions', r.completions),
		interruptions: count('interruptions', r.interruptions),
		avgDurationDays: meanCell(r.durations ? r.durationSum / r.durations : null, r.durations),
		attendancePct: percentCell(r.present, r.present + r.absent, r.attendancePeople),
		notices: count('notices', r.notices),
		noticeDaysMedian: meanCell(mid('noticeDays').value, mid('noticeDays').n),
		arviOnTimePct: percentCell(r.arviOnTime, r.arviDue),
		arviAccepted: count('arviAccepted', r.arviAccepted),
		outcomes: Object.fromEntries(END_SITUATIONS.map((s) => [s, count(`outcome.${s}`, r.outcomes[s])])) as Record<EndSituation, Shown>,
		employedPct: percentCell(r.outcomes.employed, r.arviAccepted),
		invoicedCents: r.invoicedCents,
		daysToCheck: round1(mid('daysToCheck').value),
		daysToApprove: round1(mid('daysToApprove').value),
		daysToPay: round1(mid('daysToPay').value)
	};
}

function budgetFigures(c: StatContract, b: StatRows['budgets'][number] | undefined): BudgetFigures {
	const budget = budgetOf(c.budgetCents, b?.invoiced ?? 0, b?.approved ?? 0, b?.paid ?? 0);
	const rate = runRate(budget, c, b?.spanFrom && b.spanUntil ? { from: b.spanFrom, lastUntil: b.spanUntil } : null);
	return { ...budget, projectedCents: rate?.projectedCents ?? null, exceeds: rate?.exceeds ?? false };
}

function sumBudgets(list: Budget[]): Budget {
	return budgetOf(
		list.reduce((s, b) => s + b.committed, 0),
		list.reduce((s, b) => s + b.invoiced, 0),
		list.reduce((s, b) => s + b.approved, 0),
		list.reduce((s, b) => s + b.paid, 0)
	);
}

/**
 * Every figure of the selection, suppressed: per contract, per provider, in total, per month, and the
 * distributions (decline and interruption reasons, ARVI outcomes) of the whole selection.
 */
export function buildStatistics(contracts: readonly StatContract[], rows: StatRows, months: readonly string[]): Statistics {
	const { byContract, byMonth, monthly } = collect(rows, months);
	const total = emptyRaw();
	const providers = new Map<string, { name: string; raw: Raw; contracts: StatContract[] }>();
	for (const c of contracts) {
		const raw = byContract.get(c.id) ?? emptyRaw();
		byContract.set(c.id, raw);
		let p = providers.get(c.providerId);
		if (!p) providers.set(c.providerId, (p = { name: c.providerName, raw: emptyRaw(), contracts: [] }));
		p.contracts.push(c);
		merge(p.raw, raw);
		merge(total, raw);
	}

	const cells = new Map<string, number>();
	const groups: CellGroup[] = [];
	countsOf('t', total, cells, ALL_COUNTS);
	for (const [pid, p] of providers) {
		countsOf(`p:${pid}`, p.raw, cells, ALL_COUNTS);
		for (const c of p.contracts) countsOf(`c:${c.id}`, byContract.get(c.id)!, cells, ALL_COUNTS);
	}
	for (const [m, raw] of byMonth) countsOf(`m:${m}`, raw, cells, TREND_COUNT_COLUMNS);
	for (const r of DECLINE_REASONS) cells.set(`t:decline.${r}`, total.declineReasons[r]);
	for (const r of INTERRUPTION_REASONS) cells.set(`t:interrupt.${r}`, total.interruptionReasons[r]);

	const units = ['t', ...[...providers.keys()].map((p) => `p:${p}`), ...contracts.map((c) => `c:${c.id}`)];
	for (const col of ALL_COUNTS) {
		groups.push({ total: `t:${col}`, members: [...providers.keys()].map((p) => `p:${p}:${col}`) });
		groups.push({ total: `t:${col}`, members: contracts.map((c) => `c:${c.id}:${col}`) });
		for (const [pid, p] of providers) groups.push({ total: `p:${pid}:${col}`, members: p.contracts.map((c) => `c:${c.id}:${col}`) });
	}
	for (const col of TREND_COUNT_COLUMNS) groups.push({ total: `t:${col}`, members: months.map((m) => `m:${m}:${col}`) });
	for (const u of units) groups.push({ total: `${u}:arviAccepted`, members: END_SITUATIONS.map((s) => `${u}:outcome.${s}`) });
	groups.push({ total: 't:declined', members: DECLINE_REASONS.map((r) => `t:decline.${r}`) });
	groups.push({ total: 't:interruptions', members: INTERRUPTION_REASONS.map((r) => `t:interrupt.${r}`) });
	// The period rule (statistics.ts): a count over the period whose months include one of 1–4 is hidden.
	const unitMonthly = new Map<string, Map<string, number>>();
	for (const c of contracts) {
		const m = monthly.get(c.id);
		addMonthly(unitMonthly, `c:${c.id}`, m);
		addMonthly(unitMonthly, `p:${c.providerId}`, m);
		addMonthly(unitMonthly, 't', m);
	}
	const hidden = suppressCells(
		cells,
		groups,
		[...periodHidden(unitMonthly)].filter((id) => cells.has(id))
	);
	const cellOf = (id: string): Shown => (hidden.has(id) ? 'small' : countCell(cells.get(id)!));
	const medians = mediansOf(rows.medians);

	const budgets = new Map(rows.budgets.map((b) => [b.contractId, b]));
	const contractFigures = contracts.map((c) => ({
		contract: c,
		budget: budgetFigures(c, budgets.get(c.id)),
		figures: shown(`c:${c.id}`, byContract.get(c.id)!, hidden, medians)
	}));
	return {
		contracts: contractFigures,
		providers: [...providers].map(([pid, p]) => ({
			providerId: pid,
			providerName: p.name,
			contracts: p.contracts.length,
			budget: sumBudgets(contractFigures.filter((c) => c.contract.providerId === pid).map((c) => c.budget)),
			figures: shown(`p:${pid}`, p.raw, hidden, medians)
		})),
		total: { budget: sumBudgets(contractFigures.map((c) => c.budget)), figures: shown('t', total, hidden, medians) },
		months: months.map((m) => ({ month: m, figures: shown(`m:${m}`, byMonth.get(m)!, hidden, medians) })),
		declineReasons: Object.fromEntries(DECLINE_REASONS.map((r) => [r, cellOf(`t:decline.${r}`)])) as Record<DeclineReason, Shown>,
		interruptionReasons: Object.fromEntries(INTERRUPTION_REASONS.map((r) => [r, cellOf(`t:interrupt.${r}`)])) as Record<InterruptionReason, Shown>,
		outcomes: shown('t', total, hidden, medians).outcomes
	};
}

/** The indicators of a contract's figures in the order the tables show them, with how each is written. */
export const INDICATORS = [
	{ id: 'referrals', kind: 'count' },
	{ id: 'answeredInTimePct', kind: 'pct' },
	{ id: 'answerHoursMedian', kind: 'hours' },
	{ id: 'accepted', kind: 'count' },
	{ id: 'declined', kind: 'count' },
	{ id: 'starts', kind: 'count' },
	{ id: 'completions', kind: 'count' },
	{ id: 'interruptions', kind: 'count' },
	{ id: 'avgDurationDays', kind: 'days' },
	{ id: 'attendancePct', kind: 'pct' },
	{ id: 'notices', kind: 'count' },
	{ id: 'noticeDaysMedian', kind: 'days' },
	{ id: 'arviOnTimePct', kind: 'pct' },
	{ id: 'arviAccepted', kind: 'count' },
	{ id: 'employedPct', kind: 'pct' },
	{ id: 'invoicedCents', kind: 'cents' },
	{ id: 'daysToCheck', kind: 'days' },
	{ id: 'daysToApprove', kind: 'days' },
	{ id: 'daysToPay', kind: 'days' }
] as const satisfies readonly { id: keyof Figures; kind: 'count' | 'pct' | 'hours' | 'days' | 'cents' }[];
export type IndicatorId = (typeof INDICATORS)[number]['id'];
export type IndicatorKind = (typeof INDICATORS)[number]['kind'];

/** Rates, medians and averages: what the scorecard compares with the area's average (counts are not comparable). */
export const COMPARABLE: readonly IndicatorId[] = INDICATORS.filter((i) => i.kind !== 'count' && i.kind !== 'cents').map((i) => i.id);

/** The budget columns (contract-long, not bound to the period). */
export const BUDGET_COLUMNS = ['committed', 'invoiced', 'approved', 'remaining', 'projected'] as const;
export type BudgetColumn = (typeof BUDGET_COLUMNS)[number];

/** The months' columns of the trends table. */
export const TREND_COLUMNS = [
	'referrals',
	'starts',
	'completions',
	'interruptions',
	'attendancePct',
	'invoicedCents'
] as const satisfies readonly IndicatorId[];

/** Fewer providers than this in the area: a provider is not shown the area's average (it would be the others' figures). */
export const MIN_PROVIDERS_FOR_AVERAGE = 3;

/**
 * The area's dashboard (/area/:id/dashboard), the provider scorecard (the area's view of each of its providers at
 * /area/:id/scorecard/:providerId, a provider admin's own at /provider/:id/scorecard) and their CSV exports. Every
 * figure goes through the suppression of `$lib/domain/statistics` before it leaves the server: pages and CSV files
 * alike never carry a figure about fewer than 5 people. Counts only, nothing personal, so nothing here is audited
 * as a read of a customer's data.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { helsinkiDate } from '$lib/domain/clock';
import { SERVICE_TYPES } from '$lib/domain/contracts';
import {
	BUDGET_COLUMNS,
	buildStatistics,
	COMPARABLE,
	DASHBOARD_VIEWS,
	INDICATORS,
	MIN_PROVIDERS_FOR_AVERAGE,
	TREND_COLUMNS,
	type BudgetFigures,
	type DashboardView,
	type Figures,
	type IndicatorId,
	type Statistics
} from '$lib/domain/dashboard';
import { END_SITUATIONS } from '$lib/domain/arvi';
import { INTERRUPTION_REASONS } from '$lib/domain/attendance';
import { DECLINE_REASONS } from '$lib/domain/referrals';
import { countCell, defaultPeriod, lastDayOfMonth, meanCell, monthsOf, suppressCells, type Shown } from '$lib/domain/statistics';
import { REMARK_CATEGORIES, type RemarkCategory } from '$lib/domain/remarks';
import { FEEDBACK_QUESTIONS, type FeedbackQuestion } from '$lib/domain/feedback';
import { REMARK_CATEGORY_KEY } from '$lib/i18n/labels/remarks';
import { FEEDBACK_QUESTION_KEY } from '$lib/i18n/labels/feedback';
import { canInOrg, type Actor } from '../policy';
import { remarkFigures } from '../remarks/service';
import { feedbackFigures } from '../feedback/figures';
import { translate, type Locale } from '$lib/i18n';
import { BUDGET_COLUMN_KEY, INDICATOR_KEY } from '$lib/i18n/labels/dashboard';
import { END_SITUATION_KEY } from '$lib/i18n/labels/arvi';
import { INTERRUPTION_REASON_KEY } from '$lib/i18n/labels/participations';
import { DECLINE_REASON_KEY } from '$lib/i18n/labels/common';
import { csvResponse } from '../csv';
import { getDb } from '../db';
import type { DbOrTx } from '../db/client';
import { authorizeInWorkspace } from '../workspace';
import { areasOfProvider, providersOfArea, statContracts, statRows, type StatFilters } from './read';

type Ev = Pick<RequestEvent, 'locals' | 'url'> & { params: { orgId: string; providerId?: string } };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The longest period one view sums (two years: the contracts' usual length plus options). */
export const MAX_MONTHS = 24;

/**
 * The filters of the query string. A value that is not one the page offers (a month in another form, a period
 * turned round or longer than two years, an unknown service type or provider) is dropped and the page says so.
 */
export function parseFilters(q: URLSearchParams, today: string, providerIds: string[] | null) {
	const def = defaultPeriod(today);
	let invalid = false;
	const month = (name: string, fallback: string) => {
		const v = q.get(name);
		if (v === null || v === '') return fallback;
		if (MONTH.test(v)) return v;
		invalid = true;
		return fallback;
	};
	let from = month('from', def.from);
	let to = month('to', def.to);
	if (from > to || monthsOf(from, to).length > MAX_MONTHS) {
		invalid = true;
		({ from, to } = def);
	}
	const st = q.get('serviceType') ?? '';
	const serviceType = (SERVICE_TYPES as readonly string[]).includes(st) ? st : undefined;
	if (st && !serviceType) invalid = true;
	const p = q.get('provider') ?? '';
	const providerId = providerIds && UUID.test(p) && providerIds.includes(p) ? p : undefined;
	if (p && !providerId) invalid = true;
	return { filters: { from, to, serviceType, providerId } satisfies StatFilters, invalid };
}

async function computeStatistics(db: DbOrTx, areaId: string, f: StatFilters): Promise<Statistics> {
	const contracts = await statContracts(db, areaId, f);
	const rows = await statRows(
		db,
		contracts.map((c) => c.id),
		f
	);
	return buildStatistics(contracts, rows, monthsOf(f.from, f.to));
}

/**
 * An area's statistics for a selection, computed once and kept for `DASHBOARD_CACHE_SECONDS` (default 60; 0 = never
 * kept): the dashboard, the scorecards and their CSV files of the same area and selection share them, and many
 * requests arriving together wait for one computation instead of each running it (a busy area's year costs some
 * 40–100 ms on a shared machine; bench/RESULTS.md, dashboard). Counts only, already suppressed, nothing
 * personal; who may see them is checked before, on every request. Per database handle, at most 500 selections.
 * The participants' feedback figures of an organisation are kept the same way (`feedbackOf`).
 */
const CACHE_MS = Number(process.env.DASHBOARD_CACHE_SECONDS ?? 60) * 1000;
const CACHE_MAX = 500;
const caches = new WeakMap<object, Map<string, { at: number; value: Promise<unknown> }>>();

function kept<T>(db: DbOrTx, key: string, compute: () => Promise<T>): Promise<T> {
	if (!(CACHE_MS > 0)) return compute();
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	const now = performance.now();
	const hit = cache.get(key);
	if (hit && now - hit.at < CACHE_MS) return hit.value as Promise<T>;
	const value = compute();
	cache.delete(key);
	cache.set(key, { at: now, value });
	// A failed computation is not kept: the next request tries again.
	value.catch(() => cache.get(key)?.value === value && cache.delete(key));
	while (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
	return value;
}

function statisticsOf(db: DbOrTx, areaId: string, f: StatFilters): Promise<Statistics> {
	const key = ['stats', areaId, f.from, f.to, f.serviceType ?? '', f.providerId ?? ''].join('|');
	return kept(db, key, () => computeStatistics(db, areaId, f));
}

/**
 * The feedback figures of the quality section, kept like the statistics: the same for everyone who may see them in
 * the organisation (the scope is the organisation's: its area or its own provider's answers), and the statement reads
 * every invitation of the organisation (an area has thousands). Call only for an actor with `feedback.results`.
 */
function feedbackOf(db: DbOrTx, actor: Actor, organisationId: string, providerId: string | undefined) {
	const key = ['feedback', organisationId, providerId ?? ''].join('|');
	return kept(db, key, () => feedbackFigures(db, actor, organisationId, providerId ? { by: 'provider', providerId } : { by: 'organisation' }));
}

/** Forgets the kept statistics (tests that change data between two loads of the same selection). */
export function forgetStatistics(db: DbOrTx): void {
	caches.delete(db);
}

const today = (event: Ev) => helsinkiDate(event.locals.clock());

/**
 * What a view shows of the statistics: the same shape, the parts it does not show left empty (a page sends its
 * data to the browser too, and the contracts' rows are most of it).
 */
export function viewOf(stats: Statistics, view: DashboardView): Statistics {
	return {
		...stats,
		contracts: view === 'budget' || view === 'contracts' ? stats.contracts : [],
		providers: view === 'providers' ? stats.providers : [],
		months: view === 'overview' ? stats.months : []
	};
}

/** The area's dashboard: one view of the selection's statistics (every contract, provider, month or distribution). */
export async function loadDashboard(event: Ev) {
	const areaId = event.params.orgId;
	authorizeInWorkspace(event.locals.actor, 'dashboard.view', areaId, 'area');
	const db = await getDb();
	const providers = await providersOfArea(db, areaId);
	const { filters, invalid } = parseFilters(
		event.url.searchParams,
		today(event),
		providers.map((p) => p.id)
	);
	const v = event.url.searchParams.get('view') ?? '';
	const view: DashboardView = (DASHBOARD_VIEWS as readonly string[]).includes(v) ? (v as DashboardView) : 'overview';
	const [stats, quality] = await Promise.all([
		statisticsOf(db, areaId, filters),
		view === 'overview' ? qualityOf(db, event.locals.actor!, areaId, filters.providerId, filters) : null
	]);
	return {
		filters: { ...filters, serviceType: filters.serviceType ?? '', providerId: filters.providerId ?? '' },
		invalid: invalid || (v !== '' && v !== view),
		providers,
		view,
		contractCount: stats.contracts.length,
		stats: viewOf(stats, view),
		quality
	};
}

/**
 * Quality (issue 19) beside the indicators: the remarks filed in the period (by category, overdue answers, average
 * days to the first answer and to closing) and the participants' feedback (all answers so far). Same small-cell
 * rules: a count below 5 is "<5" and the categories with their total form a group (one hidden category is never
 * given back by subtraction); an average needs 5 remarks behind it; feedback only with at least 5 answers.
 * Null where the actor may not see remarks or feedback results in that organisation.
 */
export interface QualityFigures {
	remarks: {
		total: Shown;
		byCategory: Record<RemarkCategory, Shown>;
		overdue: Shown;
		avgDaysToAnswer: Shown;
		avgDaysToClose: Shown;
	} | null;
	feedback: { answers: Shown; responseRate: Shown; averages: Record<FeedbackQuestion, number> | null } | null;
}

async function qualityOf(db: DbOrTx, actor: Actor, organisationId: string, providerId: string | undefined, f: StatFilters): Promise<QualityFigures> {
	let remarks: QualityFigures['remarks'] = null;
	if (canInOrg(actor, 'remark.list', organisationId)) {
		const r = await remarkFigures(db, actor, organisationId, { providerId, from: `${f.from}-01`, until: lastDayOfMonth(f.to) });
		const cells = new Map<string, number>([['total', r.total], ...REMARK_CATEGORIES.map((c) => [c, r.byCategory[c]] as [string, number])]);
		const hidden = suppressCells(cells, [{ total: 'total', members: [...REMARK_CATEGORIES] }]);
		const cell = (id: string) => (hidden.has(id) ? 'small' : countCell(cells.get(id)!));
		remarks = {
			total: cell('total'),
			byCategory: Object.fromEntries(REMARK_CATEGORIES.map((c) => [c, cell(c)])) as Record<RemarkCategory, Shown>,
			overdue: countCell(r.overdue),
			avgDaysToAnswer: meanCell(r.avgDaysToAnswer, r.answeredCount),
			avgDaysToClose: meanCell(r.avgDaysToClose, r.closedCount)
		};
	}
	let feedback: QualityFigures['feedback'] = null;
	if (canInOrg(actor, 'feedback.results', organisationId)) {
		const [row] = await feedbackOf(db, actor, organisationId, providerId);
		feedback =
			row && row.enough
				? { answers: row.answers, responseRate: row.responseRate, averages: row.averages }
				: { answers: row ? 'small' : null, responseRate: row ? 'small' : null, averages: null };
	}
	return { remarks, feedback };
}

/** One contract (or the provider's total) with the area's average beside each comparable figure. */
export interface ScorecardSection {
	areaId: string;
	areaName: string;
	/** Null when the area has too few providers for its average not to be another provider's figures. */
	average: Figures | null;
	provider: Statistics['providers'][number] | null;
	contracts: { contract: Statistics['contracts'][number]['contract']; budget: BudgetFigures; figures: Figures }[];
}

function sectionOf(stats: Statistics, providerId: string, area: { id: string; name: string }, withAverage: boolean): ScorecardSection {
	return {
		areaId: area.id,
		areaName: area.name,
		average: withAverage ? stats.total.figures : null,
		provider: stats.providers.find((p) => p.providerId === providerId) ?? null,
		contracts: stats.contracts.filter((c) => c.contract.providerId === providerId)
	};
}

/** The area's view of one of its providers: 404 for a provider it buys nothing from. */
export async function loadAreaScorecard(event: Ev) {
	const areaId = event.params.orgId;
	authorizeInWorkspace(event.locals.actor, 'scorecard.view', areaId, 'area');
	const db = await getDb();
	const providers = await providersOfArea(db, areaId);
	const provider = providers.find((p) => p.id === event.params.providerId);
	if (!provider) error(404, 'notFound');
	const { filters, invalid } = parseFilters(event.url.searchParams, today(event), null);
	const [stats, quality] = await Promise.all([
		statisticsOf(db, areaId, { ...filters, providerId: undefined }),
		qualityOf(db, event.locals.actor!, areaId, provider.id, filters)
	]);
	const area = { id: areaId, name: event.locals.actor!.memberships.find((m) => m.organisationId === areaId)!.name };
	return {
		quality,
		filters: { ...filters, serviceType: filters.serviceType ?? '' },
		invalid,
		providerId: provider.id,
		providerName: provider.name,
		sections: [sectionOf(stats, provider.id, area, true)]
	};
}

/** A provider admin's own scorecard: a section per area it serves, each with that area's average when it is safe to show. */
export async function loadProviderScorecard(event: Ev) {
	const providerId = event.params.orgId;
	authorizeInWorkspace(event.locals.actor, 'scorecard.view', providerId, 'provider');
	const db = await getDb();
	const { filters, invalid } = parseFilters(event.url.searchParams, today(event), null);
	const areas = await areasOfProvider(db, providerId);
	// The areas' statistics and the quality figures are independent: asked for at once, not one area after another.
	const [sections, quality] = await Promise.all([
		Promise.all(
			areas.map(async (area): Promise<ScorecardSection> => {
				const stats = await statisticsOf(db, area.id, { ...filters, providerId: undefined });
				return sectionOf(stats, providerId, area, stats.providers.length >= MIN_PROVIDERS_FOR_AVERAGE);
			})
		),
		qualityOf(db, event.locals.actor!, providerId, undefined, filters)
	]);
	return { filters: { ...filters, serviceType: filters.serviceType ?? '' }, invalid, sections, quality };
}

/** A cell as CSV writes it: "<5" for a suppressed figure, empty for nothing to compute; cents as euros. */
function csvValue(v: Shown, kind: string): string | number {
	if (v === null) return '';
	if (v === 'small') return '<5';
	return kind === 'cents' ? v / 100 : v;
}

const indicatorHeaders = (locale: Locale) => INDICATORS.map((i) => translate(locale, INDICATOR_KEY[i.id]));
const indicatorCells = (f: Figures) => INDICATORS.map((i) => csvValue(f[i.id], i.kind));
const budgetHeaders = (locale: Locale) => BUDGET_COLUMNS.map((c) => translate(locale, BUDGET_COLUMN_KEY[c]));
const budgetCells = (b: BudgetFigures | Statistics['total']['budget']) =>
	[b.committed, b.invoiced, b.approved, b.remaining, 'projectedCents' in b ? b.projectedCents : null].map((x) => (x === null ? '' : x / 100));

export const DASHBOARD_TABLES = ['contracts', 'providers', 'months', 'distributions', 'quality'] as const;

/** The quality figures as CSV rows of the scorecard's form (area, contract, indicator, value, average). */
function qualityRows(l: Locale, q: QualityFigures, areaName: string): unknown[][] {
	const rows: unknown[][] = [];
	const row = (label: string, v: Shown, kind: string) => rows.push([areaName, '', label, csvValue(v, kind), '']);
	if (q.remarks) {
		row(translate(l, 'dashboard.quality.remarks'), q.remarks.total, 'count');
		for (const c of REMARK_CATEGORIES)
			row(`${translate(l, 'dashboard.quality.remarks')}: ${translate(l, REMARK_CATEGORY_KEY[c])}`, q.remarks.byCategory[c], 'count');
		row(translate(l, 'dashboard.quality.overdue'), q.remarks.overdue, 'count');
		row(translate(l, 'dashboard.quality.daysToAnswer'), q.remarks.avgDaysToAnswer, 'days');
		row(translate(l, 'dashboard.quality.daysToClose'), q.remarks.avgDaysToClose, 'days');
	}
	if (q.feedback) {
		row(translate(l, 'dashboard.quality.answers'), q.feedback.answers, 'count');
		row(translate(l, 'dashboard.quality.responseRate'), q.feedback.responseRate, 'pct');
		for (const k of FEEDBACK_QUESTIONS)
			row(translate(l, FEEDBACK_QUESTION_KEY[k]), q.feedback.averages ? q.feedback.averages[k] : q.feedback.answers === null ? null : 'small', 'avg');
	}
	return rows;
}

/** The dashboard's tables as CSV (`?table=`), with the same filters and the same suppression as the page. */
export async function dashboardCsv(event: Ev): Promise<Response> {
	const areaId = event.params.orgId;
	authorizeInWorkspace(event.locals.actor, 'dashboard.view', areaId, 'area');
	const table = event.url.searchParams.get('table') ?? 'contracts';
	if (!(DASHBOARD_TABLES as readonly string[]).includes(table)) error(400, 'invalidInput');
	const db = await getDb();
	const providers = await providersOfArea(db, areaId);
	const { filters } = parseFilters(
		event.url.searchParams,
		today(event),
		providers.map((p) => p.id)
	);
	const stats = await statisticsOf(db, areaId, filters);
	const l = event.locals.locale;
	let rows: unknown[][];
	if (table === 'contracts') {
		rows = [
			[translate(l, 'dashboard.contract'), translate(l, 'dashboard.provider'), ...budgetHeaders(l), ...indicatorHeaders(l)],
			...stats.contracts.map((c) => [c.contract.contractNumber, c.contract.providerName, ...budgetCells(c.budget), ...indicatorCells(c.figures)]),
			[translate(l, 'dashboard.total'), '', ...budgetCells(stats.total.budget), ...indicatorCells(stats.total.figures)]
		];
	} else if (table === 'providers') {
		rows = [
			[translate(l, 'dashboard.provider'), ...budgetHeaders(l).slice(0, 4), ...indicatorHeaders(l)],
			...stats.providers.map((p) => [p.providerName, ...budgetCells(p.budget).slice(0, 4), ...indicatorCells(p.figures)]),
			[translate(l, 'dashboard.total'), ...budgetCells(stats.total.budget).slice(0, 4), ...indicatorCells(stats.total.figures)]
		];
	} else if (table === 'months') {
		const kind = (id: IndicatorId) => INDICATORS.find((i) => i.id === id)!.kind;
		rows = [
			[translate(l, 'dashboard.month'), ...TREND_COLUMNS.map((c) => translate(l, INDICATOR_KEY[c]))],
			...stats.months.map((m) => [m.month, ...TREND_COLUMNS.map((c) => csvValue(m.figures[c], kind(c)))]),
			[translate(l, 'dashboard.total'), ...TREND_COLUMNS.map((c) => csvValue(stats.total.figures[c], kind(c)))]
		];
	} else if (table === 'quality') {
		const quality = await qualityOf(db, event.locals.actor!, areaId, filters.providerId, filters);
		rows = [
			[translate(l, 'dashboard.area'), translate(l, 'dashboard.contract'), translate(l, 'dashboard.indicator'), translate(l, 'dashboard.value'), ''],
			...qualityRows(l, quality, '')
		];
	} else {
		rows = [
			[translate(l, 'dashboard.distribution'), translate(l, 'dashboard.category'), translate(l, 'dashboard.people')],
			...DECLINE_REASONS.map((r) => [
				translate(l, 'dashboard.declineReasons'),
				translate(l, DECLINE_REASON_KEY[r]),
				csvValue(stats.declineReasons[r], 'count')
			]),
			...INTERRUPTION_REASONS.map((r) => [
				translate(l, 'dashboard.interruptionReasons'),
				translate(l, INTERRUPTION_REASON_KEY[r]),
				csvValue(stats.interruptionReasons[r], 'count')
			]),
			...END_SITUATIONS.map((s) => [translate(l, 'dashboard.outcomes'), translate(l, END_SITUATION_KEY[s]), csvValue(stats.outcomes[s], 'count')])
		];
	}
	return csvResponse(`dashboard-${table}-${filters.from}-${filters.to}.csv`, rows);
}

/** A scorecard as CSV: a row per contract and indicator, with the area's average beside it. */
export async function scorecardCsv(event: Ev, side: 'area' | 'provider'): Promise<Response> {
	const data = side === 'area' ? await loadAreaScorecard(event) : await loadProviderScorecard(event);
	const l = event.locals.locale;
	const rows: unknown[][] = [
		[
			translate(l, 'dashboard.area'),
			translate(l, 'dashboard.contract'),
			translate(l, 'dashboard.indicator'),
			translate(l, 'dashboard.value'),
			translate(l, 'dashboard.areaAverage')
		]
	];
	for (const s of data.sections) {
		for (const c of s.contracts)
			for (const i of INDICATORS)
				rows.push([
					s.areaName,
					c.contract.contractNumber,
					translate(l, INDICATOR_KEY[i.id]),
					csvValue(c.figures[i.id], i.kind),
					s.average && COMPARABLE.includes(i.id) ? csvValue(s.average[i.id], i.kind) : ''
				]);
	}
	rows.push(...qualityRows(l, data.quality, data.sections.length === 1 ? data.sections[0].areaName : ''));
	return csvResponse(`scorecard-${data.filters.from}-${data.filters.to}.csv`, rows);
}

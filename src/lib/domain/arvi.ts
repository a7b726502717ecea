/**
 * ARVI: the end-of-service summary and follow-up plan (ARVI-loppu- ja jatkosuunnitelmapalaute) that the
 * provider writes with the customer when a participation ends, and the case officer reviews. Pure and
 * isomorphic: the form in the browser and the server read a draft with the same `arviFromForm`, and the
 * completeness rules (`arviProblems`) are the same on both sides.
 */
import * as v from 'valibot';
import { day as plausibleDay, text } from './fields';

export const ARVI_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ArviStatus = (typeof ARVI_STATUSES)[number];

/** Completed training, degrees or parts of them, licences and cards. */
export const QUALIFICATION_KINDS = ['degree', 'degree_part', 'training', 'licence', 'card'] as const;
export const JOB_SEARCH_READINESS = ['ready', 'mostly_ready', 'needs_support', 'not_ready'] as const;
/** The customer's situation at the end; the outcome figures per contract count these. */
export const END_SITUATIONS = ['employed', 'training', 'job_seeker', 'other'] as const;
export type EndSituation = (typeof END_SITUATIONS)[number];
export const NEXT_STEP_KINDS = ['further_training', 'job', 'another_service', 'other'] as const;
export const REVIEW_MODES = ['in_person', 'phone', 'video'] as const;

/** Free text limits (characters). The form's maxlength and the server's check use the same numbers. */
export const ARVI_LIMITS = {
	longText: 2000,
	text: 1000,
	shortText: 500,
	name: 200,
	workPeriods: 10,
	qualifications: 20,
	nextSteps: 6
} as const;

const day = v.union([v.literal(''), plausibleDay()], 'dateInvalid');
const code = <T extends readonly string[]>(list: T) => v.union([v.literal(''), v.picklist(list)], 'invalidInput');

/** What a draft may hold: any field may still be empty; only shapes, codes and lengths are checked. */
export const arviContentSchema = v.object({
	activities: text(ARVI_LIMITS.longText),
	workPeriods: v.pipe(v.array(v.object({ from: day, until: day, workplace: text(ARVI_LIMITS.name) })), v.maxLength(ARVI_LIMITS.workPeriods, 'tooMany')),
	qualifications: v.pipe(
		v.array(v.object({ kind: code(QUALIFICATION_KINDS), name: text(ARVI_LIMITS.name), date: day })),
		v.maxLength(ARVI_LIMITS.qualifications, 'tooMany')
	),
	skills: text(ARVI_LIMITS.text),
	suitableWork: text(ARVI_LIMITS.text),
	readiness: code(JOB_SEARCH_READINESS),
	situation: code(END_SITUATIONS),
	situationFrom: day,
	situationText: text(ARVI_LIMITS.shortText),
	nextSteps: v.pipe(v.array(v.object({ kind: code(NEXT_STEP_KINDS), reason: text(ARVI_LIMITS.shortText) })), v.maxLength(ARVI_LIMITS.nextSteps, 'tooMany')),
	customerView: text(ARVI_LIMITS.longText),
	reviewedOn: day,
	reviewedHow: code(REVIEW_MODES),
	reviewedBy: text(ARVI_LIMITS.name)
});

export type ArviContent = v.InferOutput<typeof arviContentSchema>;

export function emptyArvi(reviewedBy = ''): ArviContent {
	return {
		activities: '',
		workPeriods: [],
		qualifications: [],
		skills: '',
		suitableWork: '',
		readiness: '',
		situation: '',
		situationFrom: '',
		situationText: '',
		nextSteps: [],
		customerView: '',
		reviewedOn: '',
		reviewedHow: '',
		reviewedBy
	};
}

/** Field path → message code (`errors.<code>`), e.g. `nextSteps.0.reason` → 'arviReasonRequired'. */
export type ArviProblems = Record<string, string>;

/** Reads a draft (JSON from the device, or stored content); field problems as codes when it is malformed. */
export function parseArvi(input: unknown): { ok: true; value: ArviContent } | { ok: false; problems: ArviProblems } {
	const r = v.safeParse(arviContentSchema, input);
	if (r.success) return { ok: true, value: r.output };
	const problems: ArviProblems = {};
	for (const issue of r.issues) {
		const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
		problems[path || 'form'] ??= issue.message;
	}
	return { ok: false, problems };
}

/** Lists in the form are rows `name.i.field`; a row whose fields are all empty is no row. */
function rows<K extends string>(data: FormData, name: string, keys: readonly K[]): Record<K, string>[] {
	const out: Record<K, string>[] = [];
	for (let i = 0; i < 50; i++) {
		const row = Object.fromEntries(keys.map((k) => [k, String(data.get(`${name}.${i}.${k}`) ?? '')])) as Record<K, string>;
		if (keys.every((k) => data.get(`${name}.${i}.${k}`) === null)) break;
		if (keys.some((k) => row[k].trim() !== '')) out.push(row);
	}
	return out;
}

/** The form's fields → draft content (unvalidated: pass it to `parseArvi`). Same in the browser and on the server. */
export function arviFromForm(data: FormData): unknown {
	const s = (name: string) => String(data.get(name) ?? '');
	return {
		activities: s('activities'),
		workPeriods: rows(data, 'workPeriods', ['from', 'until', 'workplace'] as const),
		qualifications: rows(data, 'qualifications', ['kind', 'name', 'date'] as const),
		skills: s('skills'),
		suitableWork: s('suitableWork'),
		readiness: s('readiness'),
		situation: s('situation'),
		situationFrom: s('situationFrom'),
		situationText: s('situationText'),
		nextSteps: rows(data, 'nextSteps', ['kind', 'reason'] as const),
		customerView: s('customerView'),
		reviewedOn: s('reviewedOn'),
		reviewedHow: s('reviewedHow'),
		reviewedBy: s('reviewedBy')
	};
}

export interface ArviPeriod {
	/** The participation's first and last day. */
	startDate: string;
	endDate: string;
	/** Today in Helsinki (the clock is the caller's). */
	today: string;
}

/**
 * What is still missing or wrong before the ARVI can be submitted, field by field (empty = complete).
 * Required: what was done, skills, suitable work, readiness, situation at the end with its date (and a
 * description when it is "other"), at least one recommended next step with its reason, the customer's
 * own view, and when, how and by whom it was reviewed with the customer (not in the future, not before
 * the service began). Work-based learning periods must lie inside the service period.
 */
export function arviProblems(c: ArviContent, p: ArviPeriod): ArviProblems {
	const problems: ArviProblems = {};
	const need = (path: string, value: string) => {
		if (value.trim() === '') problems[path] = 'arviRequired';
	};
	need('activities', c.activities);
	need('skills', c.skills);
	need('suitableWork', c.suitableWork);
	need('readiness', c.readiness);
	need('situation', c.situation);
	need('situationFrom', c.situationFrom);
	if (c.situation === 'other') need('situationText', c.situationText);
	need('customerView', c.customerView);
	need('reviewedOn', c.reviewedOn);
	need('reviewedHow', c.reviewedHow);
	need('reviewedBy', c.reviewedBy);
	if (c.reviewedOn && c.reviewedOn > p.today) problems.reviewedOn = 'arviFuture';
	else if (c.reviewedOn && c.reviewedOn < p.startDate) problems.reviewedOn = 'arviBeforeStart';
	if (c.situationFrom && c.situationFrom < p.startDate) problems.situationFrom = 'arviBeforeStart';
	if (c.nextSteps.length === 0) problems.nextSteps = 'arviNextStepRequired';
	c.nextSteps.forEach((s, i) => {
		need(`nextSteps.${i}.kind`, s.kind);
		need(`nextSteps.${i}.reason`, s.reason);
	});
	c.workPeriods.forEach((w, i) => {
		need(`workPeriods.${i}.from`, w.from);
		need(`workPeriods.${i}.until`, w.until);
		need(`workPeriods.${i}.workplace`, w.workplace);
		if (w.from && w.until && w.from > w.until) problems[`workPeriods.${i}.until`] = 'arviDateOrder';
		else if ((w.from && w.from < p.startDate) || (w.until && w.until > p.endDate)) problems[`workPeriods.${i}.from`] = 'arviOutsidePeriod';
	});
	c.qualifications.forEach((q, i) => {
		need(`qualifications.${i}.kind`, q.kind);
		need(`qualifications.${i}.name`, q.name);
		if (q.date && q.date > p.today) problems[`qualifications.${i}.date`] = 'arviFuture';
	});
	return problems;
}

/**
 * Retention: how long an area keeps a customer's personal data after the purpose has ended, and what the
 * anonymisation leaves. Pure and isomorphic (the settings form checks the same limits in the browser).
 */
import type { ArviContent } from './arvi';

/** The rules an area sets, in months. */
export interface RetentionRules {
	/** After the customer's last participation ended (or the last referral closed) and its invoices were paid. */
	customerMonths: number;
	/** Consent records, after the customer's service ended the same way. */
	consentMonths: number;
	/** Referral texts (needs, decline and withdrawal texts), after the referral closed. */
	referralTextMonths: number;
	/** Free-text absence reasons, after the day (once its period is invoiced and paid). */
	absenceReasonMonths: number;
	/** ARVI free texts, after the participation ended. */
	arviTextMonths: number;
	/** The audit log (removed only by the owner-run maintenance step, `npm run maintenance:audit`). */
	auditMonths: number;
}

export const RETENTION_FIELDS = ['customerMonths', 'consentMonths', 'referralTextMonths', 'absenceReasonMonths', 'arviTextMonths', 'auditMonths'] as const;
export type RetentionField = (typeof RETENTION_FIELDS)[number];

/** The defaults (README, "What is kept for how long"); an area without its own rules runs with these. */
export const RETENTION_DEFAULTS: RetentionRules = {
	customerMonths: 24,
	consentMonths: 36,
	referralTextMonths: 12,
	absenceReasonMonths: 12,
	arviTextMonths: 24,
	auditMonths: 60
};

/** Limits of a rule: at least a month (the audit log at least a year: it is the record of who saw what), at most 10 years. */
export const RETENTION_LIMITS: Record<RetentionField, { min: number; max: number }> = {
	customerMonths: { min: 1, max: 120 },
	consentMonths: { min: 1, max: 120 },
	referralTextMonths: { min: 1, max: 120 },
	absenceReasonMonths: { min: 1, max: 120 },
	arviTextMonths: { min: 1, max: 120 },
	auditMonths: { min: 12, max: 120 }
};

/** What a run removes, one count per kind (never names). */
export const RETENTION_KINDS = ['customers', 'consents', 'referralTexts', 'absenceReasons', 'arviTexts', 'remarkAttachments'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];
export type RetentionCounts = Record<RetentionKind, number>;

export const zeroCounts = (): RetentionCounts => ({ customers: 0, consents: 0, referralTexts: 0, absenceReasons: 0, arviTexts: 0, remarkAttachments: 0 });

/**
 * The first day still kept: data whose day is before it has passed its time. `today` minus `months` calendar
 * months; the 31st of a month that is shorter becomes its last day (31 May − 3 months = 28/29 February).
 */
export function keptFrom(today: string, months: number): string {
	const [y, m, d] = today.split('-').map(Number);
	const index = y * 12 + (m - 1) - months;
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * An ARVI without its free texts: the codes that the outcome figures and the scorecard count (situation at the
 * end, readiness, kinds of qualifications and next steps, how it was reviewed) stay; every text, name and
 * workplace goes.
 */
export function arviWithoutTexts(content: ArviContent): ArviContent {
	return {
		activities: '',
		workPeriods: [],
		qualifications: content.qualifications.map((q) => ({ kind: q.kind, name: '', date: '' })),
		skills: '',
		suitableWork: '',
		readiness: content.readiness,
		situation: content.situation,
		situationFrom: content.situationFrom,
		situationText: '',
		nextSteps: content.nextSteps.map((s) => ({ kind: s.kind, reason: '' })),
		customerView: '',
		reviewedOn: content.reviewedOn,
		reviewedHow: content.reviewedHow,
		reviewedBy: ''
	};
}

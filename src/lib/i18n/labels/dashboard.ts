import type { MessageKey } from '../core';
import type { BudgetColumn, IndicatorId } from '$lib/domain/dashboard';

/** An indicator's name (a table's column or row). */
export const INDICATOR_KEY = {
	referrals: 'dashboard.indicator.referrals',
	answeredInTimePct: 'dashboard.indicator.answeredInTimePct',
	answerHoursMedian: 'dashboard.indicator.answerHoursMedian',
	accepted: 'dashboard.indicator.accepted',
	declined: 'dashboard.indicator.declined',
	starts: 'dashboard.indicator.starts',
	completions: 'dashboard.indicator.completions',
	interruptions: 'dashboard.indicator.interruptions',
	avgDurationDays: 'dashboard.indicator.avgDurationDays',
	attendancePct: 'dashboard.indicator.attendancePct',
	notices: 'dashboard.indicator.notices',
	noticeDaysMedian: 'dashboard.indicator.noticeDaysMedian',
	arviOnTimePct: 'dashboard.indicator.arviOnTimePct',
	arviAccepted: 'dashboard.indicator.arviAccepted',
	employedPct: 'dashboard.indicator.employedPct',
	invoicedCents: 'dashboard.indicator.invoicedCents',
	daysToCheck: 'dashboard.indicator.daysToCheck',
	daysToApprove: 'dashboard.indicator.daysToApprove',
	daysToPay: 'dashboard.indicator.daysToPay'
} as const satisfies Record<IndicatorId, MessageKey>;

/** How an indicator is computed (the "how computed" section every figure links to). */
export const INDICATOR_HOW_KEY = {
	referrals: 'dashboard.how.referrals',
	answeredInTimePct: 'dashboard.how.answeredInTimePct',
	answerHoursMedian: 'dashboard.how.answerHoursMedian',
	accepted: 'dashboard.how.accepted',
	declined: 'dashboard.how.declined',
	starts: 'dashboard.how.starts',
	completions: 'dashboard.how.completions',
	interruptions: 'dashboard.how.interruptions',
	avgDurationDays: 'dashboard.how.avgDurationDays',
	attendancePct: 'dashboard.how.attendancePct',
	notices: 'dashboard.how.notices',
	noticeDaysMedian: 'dashboard.how.noticeDaysMedian',
	arviOnTimePct: 'dashboard.how.arviOnTimePct',
	arviAccepted: 'dashboard.how.arviAccepted',
	employedPct: 'dashboard.how.employedPct',
	invoicedCents: 'dashboard.how.invoicedCents',
	daysToCheck: 'dashboard.how.daysToCheck',
	daysToApprove: 'dashboard.how.daysToApprove',
	daysToPay: 'dashboard.how.daysToPay'
} as const satisfies Record<IndicatorId, MessageKey>;

/** A budget column's name. */
export const BUDGET_COLUMN_KEY = {
	committed: 'dashboard.budget.committed',
	invoiced: 'dashboard.budget.invoiced',
	approved: 'dashboard.budget.approved',
	remaining: 'dashboard.budget.remaining',
	projected: 'dashboard.budget.projected'
} as const satisfies Record<BudgetColumn, MessageKey>;

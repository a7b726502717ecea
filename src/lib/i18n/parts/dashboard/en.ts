import type { fi } from './fi';

/** dashboard: the English messages, with exactly the Finnish keys. */
export const en: Record<keyof typeof fi, string> = {
	'dashboard.title': 'Monitoring',
	'dashboard.cardText': 'Follow-up and effectiveness figures of contracts and providers: budget, referrals, participations, ARVI, invoices.',
	'dashboard.intro': 'Figures are for the chosen period; the budget is for the whole contract period. Figures about fewer than five people are not shown.',
	'dashboard.filters': 'Selection',
	'dashboard.from': 'From (month)',
	'dashboard.to': 'To (month)',
	'dashboard.serviceType': 'Service',
	'dashboard.allServiceTypes': 'All services',
	'dashboard.provider': 'Provider',
	'dashboard.allProviders': 'All providers',
	'dashboard.apply': 'Show',
	'dashboard.invalidFilter': 'Part of the selection was not valid (a month as yyyy-mm, a period of at most 24 months), so the default is shown instead.',
	'dashboard.small': '<5',
	'dashboard.smallExplained': '<5 = fewer than five people, or a figure from which such a figure could be worked out; it is not shown.',
	'dashboard.smallLabel': 'fewer than five',
	'dashboard.none': '–',
	'dashboard.noneLabel': 'nothing to compute',
	'dashboard.contract': 'Contract',
	'dashboard.total': 'Total',
	'dashboard.month': 'Month',
	'dashboard.distribution': 'Distribution',
	'dashboard.category': 'Category',
	'dashboard.people': 'People',
	'dashboard.declineReasons': 'Why referrals were declined',
	'dashboard.interruptionReasons': 'Why participations were interrupted',
	'dashboard.outcomes': 'Situation at the end of the service (accepted ARVI summaries)',
	'dashboard.area': 'Employment area',
	'dashboard.indicator': 'Indicator',
	'dashboard.value': 'Value',
	'dashboard.areaAverage': "Area's average",
	'dashboard.noAverage': "The area has fewer than three providers: its average is not shown, as the other providers' figures could be worked out from it.",
	'dashboard.csv': 'Download the table (CSV)',
	'dashboard.budget': 'Budget by contract',
	'dashboard.budgetChart': 'Budget use: invoiced and approved against the commitment',
	'dashboard.trends': 'Trends by month',
	'dashboard.trendsChart': 'Referrals, starts, completions and interruptions by month',
	'dashboard.chartNote': 'The same figures are in the table below the chart.',
	'dashboard.views': 'Monitoring views',
	'dashboard.view.overview': 'Overview',
	'dashboard.view.budget': 'Budget',
	'dashboard.budgetTotal': 'Budget in total',
	'dashboard.view.budgetLink': 'The budget by contract and as a chart',
	'dashboard.byContract': 'By contract',
	'dashboard.byProvider': 'By provider',
	'dashboard.keyFigures': 'Key figures',
	'dashboard.scorecard': 'Provider scorecard',
	'dashboard.scorecardFor': 'Scorecard: {name}',
	'dashboard.scorecardCardText': "Your indicators by contract, with the area's average beside them.",
	'dashboard.scorecardLink': 'Scorecard',
	'dashboard.providerTotal': 'Provider in total',
	'dashboard.howTitle': 'How the figures are computed',
	'dashboard.howLink': 'How {name} is computed',
	'dashboard.noContracts': 'The selection has no contracts.',
	'dashboard.exceeds': 'The projection exceeds the commitment',
	'dashboard.invoicedOf': 'invoiced {invoiced} / committed {committed}',
	'dashboard.privacy':
		'Privacy: no figure is about fewer than five people. Small figures are shown as <5, and where ' +
		'a small figure could be worked out as the difference of others, another figure is hidden too. ' +
		'Percentages, medians and averages are shown only when at least five people are behind them.',

	'dashboard.indicator.referrals': 'Referrals',
	'dashboard.indicator.answeredInTimePct': 'Answered in time %',
	'dashboard.indicator.answerHoursMedian': 'Answer time, median (h)',
	'dashboard.indicator.accepted': 'Accepted',
	'dashboard.indicator.declined': 'Declined',
	'dashboard.indicator.starts': 'Starts',
	'dashboard.indicator.completions': 'Completed',
	'dashboard.indicator.interruptions': 'Interrupted',
	'dashboard.indicator.avgDurationDays': 'Average duration (days)',
	'dashboard.indicator.attendancePct': 'Attendance rate %',
	'dashboard.indicator.notices': 'Notices',
	'dashboard.indicator.noticeDaysMedian': 'Notice handling, median (days)',
	'dashboard.indicator.arviOnTimePct': 'ARVI on time %',
	'dashboard.indicator.arviAccepted': 'Accepted ARVI summaries',
	'dashboard.indicator.employedPct': 'Employed %',
	'dashboard.indicator.invoicedCents': 'Invoiced (€)',
	'dashboard.indicator.daysToCheck': 'Submitted → checked (days)',
	'dashboard.indicator.daysToApprove': 'Checked → approved (days)',
	'dashboard.indicator.daysToPay': 'Approved → paid (days)',
	'dashboard.budget.committed': 'Committed (€)',
	'dashboard.budget.invoiced': 'Invoiced (€)',
	'dashboard.budget.approved': 'Approved (€)',
	'dashboard.budget.remaining': 'Remaining (€)',
	'dashboard.budget.projected': 'Projected to the end (€)',

	'dashboard.how.referrals': 'Referrals made in the period (the referral day in Finnish time), whatever their status.',
	'dashboard.how.answeredInTimePct':
		"Of the period's referrals the provider has answered: the share answered at the latest on the answer's due day (counted in the contract's working days).",
	'dashboard.how.answerHoursMedian': "Hours between the referral and the provider's answer (accept or decline), the median of answered referrals.",
	'dashboard.how.accepted': "The period's referrals the provider accepted.",
	'dashboard.how.declined': "The period's referrals the provider declined; the reasons are in the distribution table.",
	'dashboard.how.starts': 'Participations whose start day is in the period and that have started (a first day present or a recorded start).',
	'dashboard.how.completions': 'Participations completed in the period (by their last day).',
	'dashboard.how.interruptions': 'Participations interrupted in the period; the reasons are in the distribution table.',
	'dashboard.how.avgDurationDays':
		'The length in calendar days (start day to last day) of the participations completed or interrupted in the period, averaged.',
	'dashboard.how.attendancePct':
		"Of the period's attendance marks in force (training days and meetings), the share marked present. A corrected mark counts as it was last marked.",
	'dashboard.how.notices': 'Notices to the area made in the period (unexcused absences, runs of absences, interruptions, extension requests).',
	'dashboard.how.noticeDaysMedian': "Days between the notice and the area's decision, the median of decided notices.",
	'dashboard.how.arviOnTimePct': 'Of the ARVI summaries due in the period: the share submitted at the latest on the due day.',
	'dashboard.how.arviAccepted': 'ARVI summaries the area accepted in the period; the situation at the end is in the distribution table.',
	'dashboard.how.employedPct': 'Of the ARVI summaries accepted in the period, the share where the customer was employed at the end of the service.',
	'dashboard.how.invoicedCents': 'Submitted, checked, approved and paid invoices whose period starts in the period, VAT included; credit notes subtracted.',
	'dashboard.how.daysToCheck': "Days between an invoice's submission and its check, the median.",
	'dashboard.how.daysToApprove': 'Days between the check and the approval, the median.',
	'dashboard.how.daysToPay': 'Days between the approval and the day paid, the median.',
	'dashboard.how.budget':
		'The budget is for the whole contract period: committed is the money reserved for the contract; invoiced = submitted ' +
		'and later invoices, approved = approved and paid, remaining = committed − invoiced (credit notes subtracted). ' +
		'Projection: invoiced per invoiced month times the months of the contract left, added to what is invoiced.',
	'dashboard.how.average':
		"The area's average is computed from all the area's contracts with the same selection (not as an average of averages): the attendance rate, for example, is all marks present out of all marks.",
	'dashboard.how.periods':
		'Periods and differences: a period is always whole calendar months, and the month is the smallest cell published. A count over a ' +
		"period is shown only when each of its months has 0 or at least 5; otherwise it shows as <5. So the difference of two periods' figures " +
		'(January–June minus January–May, say) is always a sum of whole months that are each 0 or at least 5: it never reveals 1–4 people.',
	'dashboard.how.freshness':
		'Attendance is read from a monthly summary updated in the same transaction as each mark. Computed figures ' +
		'are kept on the server for at most a minute: the page may be up to a minute behind the latest changes.',
	'dashboard.quality.title': 'Quality: remarks and participant feedback',
	'dashboard.quality.remarks': 'Quality remarks',
	'dashboard.quality.remarksCaption': 'Quality remarks in the period by category',
	'dashboard.quality.overdue': 'Answer overdue',
	'dashboard.quality.daysToAnswer': 'Time to answer, average (days)',
	'dashboard.quality.daysToClose': 'Time to close, average (days)',
	'dashboard.quality.feedbackCaption': 'Participant feedback (all answers)',
	'dashboard.quality.answers': 'Answers',
	'dashboard.quality.responseRate': 'Response rate %',
	'dashboard.quality.fewAnswers': 'Fewer than five answers: no results are shown.',
	'dashboard.how.remarks':
		'Quality remarks: the remarks filed in the period (day in Finnish time) by category; overdue = not answered ' +
		'and the answer was due before today. Time to answer runs from filing to the first answer and time to close ' +
		'from filing to closing, in calendar days. Counts below five show as <5, and where one category could be ' +
		'worked out from the others another is hidden too; an average only when at least five remarks are behind it.',
	'dashboard.how.feedback':
		'Participant feedback: all anonymous answers so far (not limited to the period), averages on the 1–5 scale ' +
		'and the response rate of those invited. Results are shown only when there are at least five answers.'
};

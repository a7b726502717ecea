import type { CatalogueOf } from '../../core';
import type { fi } from './fi';

/** retention: the English messages, with exactly the Finnish keys. */
export const en: CatalogueOf<typeof fi> = {
	'retention.title': 'Data retention',
	'retention.cardText': "How long customers' personal data is kept, what the next run removes, and past runs",
	'retention.intro':
		"When the retention period has passed, the nightly run anonymises the customer's data: name, contact details, personal " +
		'identity code and free texts are removed. Invoices, statistics and the scorecard stay unchanged, without personal data.',
	'retention.rulesHeading': 'Retention periods in months',
	'retention.usingDefaults': 'The area uses the default periods until they are saved.',
	'retention.defaultHint': { one: 'Default 1 month.', other: 'Default {n} months.' },
	'retention.rule.customerMonths': "Customer's personal data after the participation ended (once its invoices are approved and paid)",
	'retention.rule.consentMonths': 'Consent records after the service ended',
	'retention.rule.referralTextMonths': 'Referral texts after the referral closed',
	'retention.rule.absenceReasonMonths': 'Absence reason texts after the day (once the period is invoiced and paid)',
	'retention.rule.arviTextMonths': 'ARVI texts after the participation ended',
	'retention.rule.auditMonths': 'Audit log (at least 12 months)',
	'retention.auditNote':
		"The application never removes anything from the audit log. Operations remove entries past their time with a separate maintenance run using the database owner's credentials.",
	'retention.saved': 'Retention periods saved. The next run follows them.',
	'retention.nextHeading': 'The next run would remove',
	'retention.nextIntro': 'As of {date}: counts per kind, no names. The run happens every night.',
	'retention.nothingNext': 'The next run would remove nothing.',
	'retention.kindColumn': 'Data',
	'retention.countColumn': 'Count',
	'retention.kind.customers': 'Customers to anonymise',
	'retention.kind.consents': 'Consent records',
	'retention.kind.referralTexts': 'Referral texts',
	'retention.kind.absenceReasons': 'Absence reason texts',
	'retention.kind.arviTexts': 'ARVI texts',
	'retention.kind.remarkAttachments': 'Quality remark attachments',
	'retention.runsHeading': 'Past runs',
	'retention.noRuns': 'No runs yet.',
	'errors.monthsInvalid': 'Enter the number of months as a whole number 1–120.',
	'errors.auditMonthsInvalid': 'Enter the number of months as a whole number 12–120.'
};

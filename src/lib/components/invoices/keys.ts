/**
 * Codes of the invoice pages to their message keys. Typed maps, not template strings: a code without a
 * translation (a new status, event or refusal) fails `npm run check`. Used by the invoice components and, for
 * the service's refusals, by the invoice pages on the server (src/lib/server/invoices/pages.ts).
 */
import type { OutcomeCondition } from '$lib/domain/invoicing/pricing';
import type { MessageKey } from '$lib/i18n';
import type { InvoiceStatus } from '$lib/server/db/schema';
import type { PaymentRow } from '$lib/server/invoices/exports';
import type { InvoiceError, InvoiceEventKind } from '$lib/server/invoices/store';

export const STATUS_KEY = {
	draft: 'invoices.status.draft',
	submitted: 'invoices.status.submitted',
	returned: 'invoices.status.returned',
	checked: 'invoices.status.checked',
	approved: 'invoices.status.approved',
	paid: 'invoices.status.paid'
} as const satisfies Record<InvoiceStatus, MessageKey>;

export const EVENT_KEY = {
	created: 'invoices.event.created',
	recomputed: 'invoices.event.recomputed',
	manual_line: 'invoices.event.manual_line',
	submitted: 'invoices.event.submitted',
	returned: 'invoices.event.returned',
	checked: 'invoices.event.checked',
	approved: 'invoices.event.approved',
	paid: 'invoices.event.paid',
	credited: 'invoices.event.credited'
} as const satisfies Record<InvoiceEventKind, MessageKey>;

// Codes shared with other pages come from the common label maps.
export { LANGUAGE_KEY } from '$lib/i18n/labels/common';
export { ABSENCE_REASON_KEY } from '$lib/i18n/labels/attendance';
export { PRICE_UNIT_KEY } from '$lib/i18n/labels/contracts';

/** The service's refusals (invoices/store.ts), as the pages say them. */
export const INVOICE_ERROR_KEY = {
	notFound: 'errors.notFound',
	stale: 'invoices.error.stale',
	wrongStatus: 'invoices.error.wrongStatus',
	periodTaken: 'invoices.error.periodTaken',
	periodNotEnded: 'invoices.error.periodNotEnded',
	periodOutside: 'invoices.error.periodOutside',
	openInvoiceExists: 'invoices.error.openInvoiceExists',
	empty: 'invoices.error.empty',
	overBudget: 'invoices.error.overBudget',
	sameReviewer: 'invoices.error.sameReviewer',
	providerPerson: 'invoices.error.providerPerson',
	overLimit: 'invoices.error.overLimit',
	pricing: 'invoices.error.pricing',
	notCreditable: 'invoices.error.notCreditable',
	nothingToCredit: 'invoices.error.nothingToCredit',
	overCredit: 'invoices.error.overCredit'
} as const satisfies Record<InvoiceError, MessageKey>;

/** A payments file's row that was not applied. */
export const PAYMENT_ERROR_KEY = {
	notFound: 'invoices.payments.error.notFound',
	wrongStatus: 'invoices.payments.error.wrongStatus',
	amountMismatch: 'invoices.payments.error.amountMismatch',
	invalid: 'invoices.payments.error.invalid'
} as const satisfies Record<NonNullable<PaymentRow['error']>, MessageKey>;

/** A credited line's refusal (the credit page; `required` is the form's own): defined with the credit form, which the browser checks too. */
export { CREDIT_LINE_ERROR_KEY } from '$lib/forms/invoices';

/** What a specification's record counted: a billable absence's reason, an ARVI's outcome. */
export const OUTCOME_KEY = {
	employed: 'arvi.situation.employed',
	training: 'arvi.situation.training',
	job_seeker: 'arvi.situation.job_seeker',
	other: 'arvi.situation.other'
} as const satisfies Record<OutcomeCondition, MessageKey>;

/** A code from a looser type (a stored text column) to its key; `fallback` for a code the map does not know. */
export function keyOf<K extends string>(map: Record<K, MessageKey>, code: string, fallback: MessageKey): MessageKey {
	return Object.hasOwn(map, code) ? map[code as K] : fallback;
}

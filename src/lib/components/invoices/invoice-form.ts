/**
 * What the invoice page's forms share: the action's answer (which form answered, its message, field errors
 * and the values sent back) and the small readers of it each section uses.
 */
import type { MessageKey } from '$lib/i18n';
import type { loadInvoicePage } from '$lib/server/invoices/invoice-pages';

export type InvoicePageData = Awaited<ReturnType<typeof loadInvoicePage>> & { organisation: { id: string; name: string; kind: string } };

export type InvoiceForm = {
	form?: string;
	message?: MessageKey;
	success?: MessageKey;
	errors?: Record<string, MessageKey>;
	values?: Record<string, string>;
} | null;

/** Readers of the answer of one page's forms (`form` read anew on every call), ids under the section's `uid`. */
export function formReaders(form: () => InvoiceForm, uid: string) {
	return {
		/** The refusal of the named form, if it was the one that answered. */
		message: (name: string) => (form()?.form === name ? form()?.message : null),
		errorsOf: (name: string): Record<string, MessageKey> => (form()?.form === name ? (form()?.errors ?? {}) : {}),
		valueOf: (name: string, key: string) => (form()?.form === name ? (form()?.values?.[key] ?? '') : ''),
		describedBy: (id: string, error: unknown, hint = false) =>
			[hint ? `${uid}-${id}-hint` : '', error ? `${uid}-${id}-error` : ''].filter(Boolean).join(' ') || undefined
	};
}

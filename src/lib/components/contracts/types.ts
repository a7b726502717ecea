import type { MessageKey } from '$lib/i18n';
import type { loadContractDetail } from '$lib/server/contracts/pages';

export type PageData = Awaited<ReturnType<typeof loadContractDetail>>;
export type Form = {
	form?: string;
	message?: MessageKey;
	success?: MessageKey;
	errors?: Record<string, MessageKey>;
	values?: Record<string, string | string[]>;
} | null;

export type Detail = PageData['detail'];
export type Contract = Detail['contract'];

/** The action's field errors for one of the page's forms (`form.form` names it), none when it answered another. */
export const errorsOf = (form: Form, name: string): Record<string, MessageKey> => (form?.form === name ? (form.errors ?? {}) : {});

/** The values the person sent in that form (shown again after a refusal), else `fallback`. */
export const valuesOf = (form: Form, name: string, fallback: Record<string, string | string[]> = {}) =>
	form?.form === name && form.values ? form.values : fallback;

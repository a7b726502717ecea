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

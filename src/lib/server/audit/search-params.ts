import * as v from 'valibot';
import { helsinkiStartOfDay, isIsoDate, nextDay } from '$lib/domain/clock';
import { errorKey, type MessageKey } from '$lib/i18n';
import { AUDIT_ACTIONS } from './actions';
import type { AuditSearch } from './index';

const uuid = v.pipe(v.string(), v.uuid('customerInvalid'));
const day = v.pipe(v.string(), v.check(isIsoDate, 'dateInvalid'));

const schema = v.object({
	user: v.optional(v.pipe(v.string(), v.maxLength(254, 'emailInvalid'))),
	customer: v.optional(uuid),
	// One of the codes the log is written with (the list offers them; `arvi.draftSave` is one too).
	action: v.optional(v.picklist(AUDIT_ACTIONS, 'invalidInput')),
	from: v.optional(day),
	until: v.optional(day),
	before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,18}$/, 'invalidInput')))
});

export type AuditFilters = { user: string; customer: string; action: string; from: string; until: string };

/**
 * The audit search form's query string → a scoped search. Dates are Helsinki calendar days;
 * `until` is inclusive. Bad input comes back as message keys and searches nothing.
 */
export function parseAuditSearch(
	params: URLSearchParams,
	areaId: string | null
): { filters: AuditFilters; search: AuditSearch | null; error: MessageKey | null } {
	const raw = Object.fromEntries(
		['user', 'customer', 'action', 'from', 'until', 'before'].map((k) => [k, params.get(k)?.trim() ?? '']).filter(([, val]) => val !== '')
	);
	const filters: AuditFilters = {
		user: raw.user ?? '',
		customer: raw.customer ?? '',
		action: raw.action ?? '',
		from: raw.from ?? '',
		until: raw.until ?? ''
	};
	const result = v.safeParse(schema, raw);
	if (!result.success) return { filters, search: null, error: errorKey(result.issues[0].message) };
	const q = result.output;
	return {
		filters,
		error: null,
		search: {
			areaId,
			userEmail: q.user,
			customerId: q.customer,
			action: q.action,
			from: q.from ? helsinkiStartOfDay(q.from) : undefined,
			until: q.until ? helsinkiStartOfDay(nextDay(q.until)) : undefined,
			beforeId: q.before ? Number(q.before) : undefined
		}
	};
}

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
	before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,18}$/, 'invalidInput'))),
	// An object that can be followed (never a customer): `contract:<uuid>`, `organisation:<uuid>` …
	target: v.optional(
		v.pipe(
			v.string(),
			v.check((x) => parseTarget(x) !== null, 'auditTargetInvalid')
		)
	)
});

/** Objects an auditor may follow or search by: none of them is a customer or names one. */
export const FOLLOWABLE_TARGETS = ['contract', 'organisation', 'invoice', 'user'] as const;
export type FollowableTarget = (typeof FOLLOWABLE_TARGETS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `type:uuid` → the object, or null when it is not one that can be followed. */
export function parseTarget(value: string): { type: FollowableTarget; id: string } | null {
	const [type, id = ''] = value.split(':');
	const t = FOLLOWABLE_TARGETS.find((x) => x === type);
	return t && UUID.test(id) ? { type: t, id: id.toLowerCase() } : null;
}

export type AuditFilters = { user: string; customer: string; action: string; from: string; until: string; target: string };

/**
 * The audit search form's query string → a scoped search. Dates are Helsinki calendar days;
 * `until` is inclusive. Bad input comes back as message keys and searches nothing.
 */
export function parseAuditSearch(
	params: URLSearchParams,
	areaId: string | null
): { filters: AuditFilters; search: AuditSearch | null; error: MessageKey | null } {
	const raw = Object.fromEntries(
		['user', 'customer', 'action', 'from', 'until', 'before', 'target'].map((k) => [k, params.get(k)?.trim() ?? '']).filter(([, val]) => val !== '')
	);
	const filters: AuditFilters = {
		user: raw.user ?? '',
		customer: raw.customer ?? '',
		action: raw.action ?? '',
		from: raw.from ?? '',
		until: raw.until ?? '',
		target: raw.target ?? ''
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
			beforeId: q.before ? Number(q.before) : undefined,
			target: q.target ? (parseTarget(q.target) ?? undefined) : undefined
		}
	};
}

import * as v from 'valibot';
import { FinnishSSN } from 'finnish-ssn';
import { DECLINE_REASONS } from '$lib/domain/referrals';
import { defineForm, field, readRows, rowField } from './form';
import { day, isLocalDateTime, isPlausibleDay, optionalEmail, optionalPhone } from './values';

const optional = (schema: v.GenericSchema<string, string>) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || v.is(schema, s), 'invalidInput'),
		v.transform((s) => (s === '' ? null : s))
	);

/** Lengths of the referral's texts: the form, the JSON API and its OpenAPI description share them. */
export const REFERRAL_LIMITS = { customerNumber: 40, name: 200, needs: 500, consentFormVersion: 40, consentScope: 200 } as const;

/** The case officer's referral form: minimum data, consent, and henkilötunnus only where needed. */
export const referralSchema = v.object({
	contractId: v.pipe(v.string(), v.uuid('choose')),
	cohortId: v.pipe(
		v.string(),
		v.check((s) => s === '' || v.is(v.pipe(v.string(), v.uuid()), s), 'choose'),
		v.transform((s) => (s === '' ? null : s))
	),
	customerNumber: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(REFERRAL_LIMITS.customerNumber, 'tooLong')),
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('nameRequired'), v.maxLength(REFERRAL_LIMITS.name, 'nameTooLong')),
	phone: optionalPhone,
	email: optionalEmail,
	language: v.picklist(['fi', 'sv', 'en'], 'localeInvalid'),
	personalId: v.pipe(
		v.string(),
		v.trim(),
		v.transform((s) => s.toUpperCase()),
		v.check((s) => s === '' || FinnishSSN.validate(s), 'personalIdInvalid'),
		v.transform((s) => (s === '' ? null : s))
	),
	needs: v.pipe(
		v.string(),
		v.trim(),
		v.maxLength(REFERRAL_LIMITS.needs, 'tooLong'),
		v.transform((s) => (s === '' ? null : s))
	),
	plannedStart: optional(v.pipe(v.string(), v.check(isPlausibleDay))),
	consentFormVersion: v.pipe(v.string(), v.trim(), v.nonEmpty('consentRequired'), v.maxLength(REFERRAL_LIMITS.consentFormVersion, 'tooLong')),
	consentScope: v.pipe(v.string(), v.trim(), v.nonEmpty('consentRequired'), v.maxLength(REFERRAL_LIMITS.consentScope, 'tooLong')),
	// Not in the future: checked against the clock when the referral is made (`consentInFuture`).
	consentGivenOn: day()
});
export type ReferralInput = v.InferOutput<typeof referralSchema>;

export const acceptSchema = v.object({
	startDate: day(),
	coachId: v.pipe(v.string(), v.uuid('choose')),
	firstMeeting: v.pipe(
		v.string(),
		v.trim(),
		// A real day and time: 30 February or 25:00 are refused, not rolled over.
		v.check((s) => s === '' || isLocalDateTime(s), 'dateInvalid'),
		v.transform((s) => (s === '' ? null : s))
	)
});

export const declineSchema = v.pipe(
	v.object({
		reason: v.picklist(DECLINE_REASONS, 'declineReasonRequired'),
		text: v.pipe(v.string(), v.trim(), v.maxLength(500, 'tooLong'))
	}),
	v.forward(
		v.check((d) => d.reason !== 'other' || d.text.length > 0, 'declineTextRequired'),
		['text']
	)
);

/** Recording that the customer revoked their consent: the day they did and why (the area's own words). */
export const revokeConsentSchema = v.object({
	revokedOn: day(),
	reason: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(500, 'tooLong'))
});

export const withdrawSchema = v.object({
	reason: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(500, 'tooLong'))
});

/** Reads the named text fields of a form, each cut at `max` characters (a forged field cannot be huge). */
const fields =
	<K extends string>(names: readonly K[], max = 600) =>
	(data: FormData) =>
		Object.fromEntries(names.map((k) => [k, field(data, k).slice(0, max)])) as Record<K, string>;

/** The fields of a referral, as the schema names them. */
export const REFERRAL_FIELDS = Object.keys(referralSchema.entries) as (keyof typeof referralSchema.entries)[];

export const referralForm = defineForm(referralSchema, fields(REFERRAL_FIELDS));
export const acceptForm = defineForm(acceptSchema, fields(['startDate', 'coachId', 'firstMeeting']));
export const declineForm = defineForm(declineSchema, fields(['reason', 'text']));
export const withdrawForm = defineForm(withdrawSchema, fields(['reason']));
export const revokeConsentForm = defineForm(revokeConsentSchema, fields(['revokedOn', 'reason']));

/** A group referral's fields: the shared part once, then these per person (`name:0`, `name:1`… see `rowField`). */
export const GROUP_SHARED_FIELDS = ['contractId', 'cohortId', 'needs', 'plannedStart', 'consentFormVersion', 'consentScope', 'consentGivenOn'] as const;
export const GROUP_ROW_FIELDS = ['customerNumber', 'name', 'phone', 'email', 'language'] as const;
export const GROUP_MAX_ROWS = 30;

type GroupRow = Record<(typeof GROUP_ROW_FIELDS)[number], string>;

/** The group form's rows as sent, up to the last one it has (empty ones too: the page shows them again). */
export function groupRows(data: FormData): GroupRow[] {
	const rows = Array.from({ length: GROUP_MAX_ROWS }, (_, i) => i);
	const sent = rows.filter((i) => GROUP_ROW_FIELDS.some((k) => data.has(rowField(k, i))));
	return Object.values(readRows(data, GROUP_ROW_FIELDS, rows.slice(0, (sent.at(-1) ?? -1) + 1)));
}

/** A row is a person when it has a customer number or a name; the others are left empty and ignored. */
const isFilled = (r: GroupRow) => r.customerNumber !== '' || r.name !== '';

const groupRowSchema = v.pick(referralSchema, GROUP_ROW_FIELDS);

/** One customer twice in one group would make two waiting referrals of the same person: the later row is marked. */
const distinctCustomers = v.rawCheck<Record<string, v.InferOutput<typeof groupRowSchema>>>(({ dataset, addIssue }) => {
	if (!dataset.typed) return;
	const seen = new Set<string>();
	for (const [row, r] of Object.entries(dataset.value)) {
		if (seen.has(r.customerNumber)) {
			const rowItem = { type: 'object', origin: 'value', input: dataset.value, key: row, value: r } as const;
			const fieldItem = { type: 'object', origin: 'value', input: r, key: 'customerNumber', value: r.customerNumber } as const;
			addIssue({ message: 'duplicateCustomerNumber', path: [rowItem, fieldItem] });
		}
		seen.add(r.customerNumber);
	}
});

/**
 * Several customers to one contract (and cohort) in one go: the shared part is the referral's, each filled row the
 * person's part of it (no henkilötunnus: contracts that need it take referrals one at a time). At least one person.
 */
const groupSchema = v.pipe(
	v.object({
		...v.pick(referralSchema, GROUP_SHARED_FIELDS).entries,
		rows: v.pipe(v.record(v.string(), groupRowSchema), distinctCustomers)
	}),
	v.check((g) => Object.keys(g.rows).length > 0, 'groupEmpty'),
	// The referrals in the rows' order, each with its row's index (the service's refusal names the row).
	v.transform(({ rows, ...shared }) =>
		Object.entries(rows).map(([row, r]) => ({ row: Number(row), input: { ...shared, ...r, personalId: null } satisfies ReferralInput }))
	)
);

/** The group referral form: the page checks it in the browser with the same spec; the rows left empty are not read. */
export const groupReferralForm = defineForm(
	groupSchema,
	(data) => ({
		...fields(GROUP_SHARED_FIELDS)(data),
		rows: Object.fromEntries(
			groupRows(data)
				.map((r, i) => [String(i), r] as const)
				.filter(([, r]) => isFilled(r))
		)
	}),
	{ rows: ['rows'] }
);

/** The largest CSV of referrals taken at once. */
const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** The CSV file of referrals: one was chosen, it is not empty and not too large (its rows are the server's to check). */
const importSchema = v.object({
	file: v.pipe(
		v.custom<File | null>((x) => x === null || x instanceof File),
		v.check((f) => f !== null && f.size > 0, 'fileEmpty'),
		v.check((f) => f !== null && f.size <= IMPORT_MAX_BYTES, 'importTooLarge')
	)
});

export const importForm = defineForm(importSchema, (data) => {
	const file = data.get('file');
	return { file: file instanceof File ? file : null };
});

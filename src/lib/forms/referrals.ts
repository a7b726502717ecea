import * as v from 'valibot';
import { FinnishSSN } from 'finnish-ssn';
import { DECLINE_REASONS } from '$lib/domain/referrals';
import { defineForm, field } from './form';
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

import * as v from 'valibot';
import { FinnishSSN } from 'finnish-ssn';
import { isIsoDate } from '$lib/domain/clock';
import { DECLINE_REASONS } from '../db/schema';

const optional = (schema: v.GenericSchema<string, string>) =>
	v.pipe(v.string(), v.trim(), v.check((s) => s === '' || v.is(schema, s), 'invalidInput'), v.transform((s) => (s === '' ? null : s)));

/** The case officer's referral form: minimum data, consent, and henkilötunnus only where needed. */
export const referralSchema = v.object({
	contractId: v.pipe(v.string(), v.uuid('choose')),
	cohortId: v.pipe(v.string(), v.check((s) => s === '' || v.is(v.pipe(v.string(), v.uuid()), s), 'choose'), v.transform((s) => (s === '' ? null : s))),
	customerNumber: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(40, 'tooLong')),
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('nameRequired'), v.maxLength(200, 'nameTooLong')),
	phone: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || /^\+?[\d\s()-]{5,20}$/.test(s), 'phoneInvalid'), v.transform((s) => (s === '' ? null : s))),
	email: v.pipe(v.string(), v.trim(), v.check((s) => s === '' || v.is(v.pipe(v.string(), v.email()), s), 'emailInvalid'), v.transform((s) => (s === '' ? null : s))),
	language: v.picklist(['fi', 'sv', 'en'], 'localeInvalid'),
	personalId: v.pipe(
		v.string(),
		v.trim(),
		v.transform((s) => s.toUpperCase()),
		v.check((s) => s === '' || FinnishSSN.validate(s), 'personalIdInvalid'),
		v.transform((s) => (s === '' ? null : s))
	),
	needs: v.pipe(v.string(), v.trim(), v.maxLength(500, 'tooLong'), v.transform((s) => (s === '' ? null : s))),
	plannedStart: optional(v.pipe(v.string(), v.check(isIsoDate))),
	consentFormVersion: v.pipe(v.string(), v.trim(), v.nonEmpty('consentRequired'), v.maxLength(40, 'tooLong')),
	consentScope: v.pipe(v.string(), v.trim(), v.nonEmpty('consentRequired'), v.maxLength(200, 'tooLong')),
	consentGivenOn: v.pipe(v.string(), v.check(isIsoDate, 'dateInvalid'))
});
export type ReferralInput = v.InferOutput<typeof referralSchema>;

export const acceptSchema = v.object({
	startDate: v.pipe(v.string(), v.check(isIsoDate, 'dateInvalid')),
	coachId: v.pipe(v.string(), v.uuid('choose')),
	firstMeeting: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s), 'dateInvalid'),
		v.transform((s) => (s === '' ? null : s))
	)
});

export const declineSchema = v.pipe(
	v.object({
		reason: v.picklist(DECLINE_REASONS, 'declineReasonRequired'),
		text: v.pipe(v.string(), v.trim(), v.maxLength(500, 'tooLong'))
	}),
	v.forward(v.check((d) => d.reason !== 'other' || d.text.length > 0, 'declineTextRequired'), ['text'])
);

export const withdrawSchema = v.object({
	reason: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(500, 'tooLong'))
});

/**
 * The JSON API's bodies as valibot schemas: requests are validated against these, and the OpenAPI document
 * (`openapi.ts`) is generated from the very same objects, so the description cannot drift from the check.
 * The referral's business rules (henkilötunnus checksum, phone format, plausible days) are the form's own
 * `referralSchema`, applied after this shape check.
 */
import * as v from 'valibot';
import { DECLINE_REASONS, REFERRAL_STATUSES } from '../db/schema';
import { REFERRAL_LIMITS } from '../referrals/schemas';

const string = (max: number) => v.pipe(v.string(), v.maxLength(max));
const required = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const optional = <S extends v.GenericSchema>(schema: S) => v.nullish(schema);
const uuid = v.pipe(v.string(), v.uuid());
const date = v.pipe(v.string(), v.isoDate());

/**
 * POST /referrals. Strict: an unknown key is refused (a misspelt `phoneNumber` would otherwise be dropped
 * without a word), and every value must have its type (an object is never turned into "[object Object]").
 */
export const newReferralSchema = v.pipe(
	v.strictObject({
		officerEmail: v.pipe(string(254), v.email(), v.description('A case officer of the key’s area, on whose behalf the referral is made')),
		contractId: uuid,
		cohortId: optional(uuid),
		customerNumber: required(REFERRAL_LIMITS.customerNumber),
		name: required(REFERRAL_LIMITS.name),
		phone: optional(string(20)),
		email: optional(v.pipe(string(254), v.email())),
		language: v.picklist(['fi', 'sv', 'en']),
		personalId: optional(v.pipe(string(11), v.description('Henkilötunnus, only when the contract requires it'))),
		needs: optional(string(REFERRAL_LIMITS.needs)),
		plannedStart: optional(date),
		consentFormVersion: required(REFERRAL_LIMITS.consentFormVersion),
		consentScope: required(REFERRAL_LIMITS.consentScope),
		consentGivenOn: v.pipe(date, v.description('Not in the future (Europe/Helsinki)'))
	}),
	v.title('NewReferral')
);
export type NewReferral = v.InferOutput<typeof newReferralSchema>;

/** GET /referrals/{id}: what an area's system may read back. */
export const referralStateSchema = v.object({
	id: uuid,
	status: v.picklist(REFERRAL_STATUSES),
	contractId: uuid,
	cohortId: v.nullable(uuid),
	customerNumber: v.string(),
	answerDue: v.pipe(date, v.description('Europe/Helsinki calendar day')),
	answeredAt: v.nullable(v.pipe(v.string(), v.isoTimestamp())),
	declineReason: v.nullable(v.picklist(DECLINE_REASONS))
});

export const createdSchema = v.object({ id: uuid });

/** Every refusal: a code, and per field codes for 422. Never free text. */
export const errorSchema = v.object({ error: v.string(), details: v.optional(v.record(v.string(), v.string())) });

const CODE_OF_ISSUE: Record<string, string> = {
	string: 'notAString',
	picklist: 'choose',
	email: 'emailInvalid',
	iso_date: 'dateInvalid',
	max_length: 'tooLong',
	min_length: 'required',
	uuid: 'invalidInput'
};

/** The first problem per field, as codes: `unknownField`, `required`, `notAString`, `tooLong`, … */
export function issueCodes(issues: v.BaseIssue<unknown>[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of issues) {
		const field = String(issue.path?.[0]?.key ?? 'body').slice(0, 100);
		const code = issue.type === 'strict_object' ? 'unknownField' : issue.received === 'undefined' ? 'required' : (CODE_OF_ISSUE[issue.type] ?? 'invalidInput');
		out[field] ??= code;
	}
	return out;
}

import * as v from 'valibot';
import { defineForm, field } from './form';
import { referralSchema } from './referrals';

/** Correcting a customer's contact data: the same phone and e-mail rules as the referral form, and why. */
export const rectificationSchema = v.object({
	phone: referralSchema.entries.phone,
	email: referralSchema.entries.email,
	reason: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(500, 'tooLong'))
});

export type Rectification = v.InferOutput<typeof rectificationSchema>;

export const rectificationForm = defineForm(rectificationSchema, (data) => ({
	phone: field(data, 'phone'),
	email: field(data, 'email'),
	reason: field(data, 'reason').slice(0, 600)
}));

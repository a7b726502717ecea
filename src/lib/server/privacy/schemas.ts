import * as v from 'valibot';
import { referralSchema } from '../referrals/schemas';

/** Correcting a customer's contact data: the same phone and e-mail rules as the referral form, and why. */
export const rectificationSchema = v.object({
	phone: referralSchema.entries.phone,
	email: referralSchema.entries.email,
	reason: v.pipe(v.string(), v.trim(), v.nonEmpty('required'), v.maxLength(500, 'tooLong'))
});

export type Rectification = v.InferOutput<typeof rectificationSchema>;

/** Code lists of referrals (DESIGN.md: referral), for the schema and for pages in the browser alike. */
export const REFERRAL_STATUSES = ['waiting', 'accepted', 'declined', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const DECLINE_REASONS = ['no_capacity', 'not_suitable', 'no_response', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

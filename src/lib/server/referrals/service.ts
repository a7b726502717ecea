/**
 * The referral service, one file per what it does: making referrals (`create.ts`), answering them (`answer.ts`),
 * reading them (`read.ts`) and the customer's consent (`consent.ts`). Callers outside this folder import from here.
 */
export { createGroupReferral, createReferral, type ReferralError } from './create';
export { acceptReferral, declineReferral, withdrawReferral } from './answer';
export { eligibleCoaches, getReferralWithCustomer, listReferrals, referralListWhere, referralScopeOf, revealPersonalId, type ReferralFilters } from './read';
export { revokeConsent } from './consent';

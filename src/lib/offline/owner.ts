/**
 * The response header that says whose session a signed-in page was served to (the user's id). A page kept
 * for offline use carries it in the cache, so that a new sign-in deletes only other people's copies: never
 * the page the person has just been served, whichever of the worker's copy and the claim comes first.
 */
export const OWNER_HEADER = 'x-ptp-owner';

/** The referral forms' schemas live with the forms (`$lib/forms/referrals`, checked in the browser too). */
export * from '$lib/forms/referrals';

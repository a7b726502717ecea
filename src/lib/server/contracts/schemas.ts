/** The contract forms' schemas live with the forms (`$lib/forms/contracts`, checked in the browser too). */
export * from '$lib/forms/contracts';

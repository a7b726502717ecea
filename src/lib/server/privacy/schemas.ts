/** The rectification form's schema lives with the forms (`$lib/forms/privacy`, checked in the browser too). */
export * from '$lib/forms/privacy';

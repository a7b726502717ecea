/** What every part of the ARVI form needs to tie a field to its message: ids, `aria-invalid`, `aria-describedby`. */
export interface FieldAids {
	/** The form's id prefix. */
	uid: string;
	/** The ARVI's language of service (the free texts are written in it). */
	lang: 'fi' | 'sv' | 'en';
	/** The translated message of a field (a dotted path such as `nextSteps.0.kind`), if the server refused it. */
	err: (path: string) => string | null;
	invalid: (path: string) => 'true' | undefined;
	described: (path: string, hint?: boolean) => string | undefined;
}

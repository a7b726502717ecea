/** The shared value schemas (`$lib/forms/values`, isomorphic) and the server's reading of a form's version. */
import * as v from 'valibot';
import { version } from '$lib/forms/values';

export * from '$lib/forms/values';

/** The version field of a form, or null when it is missing or not a version at all. */
export function versionOf(data: FormData, name = 'version'): number | null {
	const value = data.get(name);
	const r = v.safeParse(version, typeof value === 'string' ? value : '');
	return r.success ? r.output : null;
}

/**
 * The one gate every request body passes (issue 15 §3): a form or JSON body that cannot be read, is not
 * what the handler reads, or holds text PostgreSQL cannot store, is answered 400/415 before any handler
 * can change anything. It works by wrapping `event.request`, so a new action or endpoint is covered
 * without remembering anything.
 */
import { error, type Handle } from '@sveltejs/kit';
import { isStorableText } from '$lib/domain/limits';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

function mediaType(request: Request): string {
	return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** True when every string in a parsed JSON value (keys too) can be stored. */
function storableJson(value: unknown): boolean {
	if (typeof value === 'string') return isStorableText(value);
	if (Array.isArray(value)) return value.every(storableJson);
	if (value && typeof value === 'object') return Object.entries(value).every(([k, x]) => isStorableText(k) && storableJson(x));
	return true;
}

/** A request whose body readers refuse what no handler should see. Errors carry catalogue keys. */
class CheckedRequest extends Request {
	override async formData(): Promise<FormData> {
		// SvelteKit lets text/plain through to form actions (it is a CSRF-relevant form type), but it is no form.
		if (!FORM_TYPES.includes(mediaType(this))) error(415, 'errors.notAForm');
		let data: FormData;
		try {
			data = await super.formData();
		} catch {
			error(400, 'errors.unreadableForm');
		}
		for (const [name, value] of data) {
			if (!isStorableText(name) || !isStorableText(typeof value === 'string' ? value : value.name)) error(400, 'errors.controlCharacters');
		}
		return data;
	}

	override async json(): Promise<unknown> {
		if (mediaType(this) !== 'application/json') error(415, 'errors.notJson');
		const value = await this.uncheckedJson();
		if (!storableJson(value)) error(400, 'errors.controlCharacters');
		return value;
	}

	override async text(): Promise<string> {
		const body = await super.text();
		if (!isStorableText(body)) error(400, 'errors.controlCharacters');
		return body;
	}

	/** The parsed body, unreadable JSON refused but its strings not checked: see `jsonOfItems`. */
	uncheckedJson(): Promise<unknown> {
		return parseJson(this, () => super.text());
	}
}

async function parseJson(request: Request, read: () => Promise<string>): Promise<unknown> {
	if (mediaType(request) !== 'application/json') error(415, 'errors.notJson');
	try {
		return JSON.parse(await read());
	} catch {
		error(400, 'errors.invalidJson');
	}
}

/** The request as every handler sees it: checked when read. */
export function checkedRequest(request: Request): Request {
	return request.body && !(request instanceof CheckedRequest) ? new CheckedRequest(request) : request;
}

export const checkInput: Handle = ({ event, resolve }) => {
	event.request = checkedRequest(event.request);
	return resolve(event);
};

/**
 * The JSON body of a batch endpoint (a phone's offline queue) that judges every item on its own with the
 * shared `text` schemas: one item with a NUL must be answered "invalid" while the rest are saved, so the
 * whole-body check is skipped here, and only here.
 */
export async function jsonOfItems(request: Request): Promise<unknown> {
	if (request instanceof CheckedRequest) return request.uncheckedJson();
	return parseJson(request, () => request.text());
}

import type { Actor } from '../../../src/lib/server/policy';
import type { Clock } from '../../../src/lib/domain/clock';
import { checkedRequest } from '../../../src/lib/server/hooks/input';

/** Just enough of a RequestEvent to call a load, action or endpoint directly (chat-ui style). */
export function makeEvent(opts: {
	actor: Actor | null;
	clock: Clock;
	params?: Record<string, string>;
	url?: string;
	form?: Record<string, string | string[] | File>;
	/** A JSON body (POST, application/json) instead of a form. */
	json?: unknown;
	cookies?: Record<string, string>;
}) {
	const jar = new Map(Object.entries(opts.cookies ?? {}));
	const body = new FormData();
	for (const [k, v] of Object.entries(opts.form ?? {})) for (const x of [v].flat()) body.append(k, x);
	const url = new URL(opts.url ?? 'http://localhost/');
	return {
		locals: {
			actor: opts.actor,
			user: opts.actor ? ({ id: opts.actor.userId, locale: 'fi' } as never) : null,
			session: null,
			mfaPending: false,
			counts: null,
			requestId: 'test-request',
			clock: opts.clock,
			locale: 'fi' as const
		},
		params: opts.params ?? {},
		url,
		// Read through the input hook's checks, as every request is in the running server.
		request: checkedRequest(
			opts.json !== undefined
				? new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts.json) })
				: new Request(url, opts.form ? { method: 'POST', body } : {})
		),
		getClientAddress: () => '127.0.0.1',
		cookies: {
			get: (name: string) => jar.get(name),
			set: (name: string, value: string) => void jar.set(name, value),
			delete: (name: string) => void jar.delete(name)
		},
		parent: async () => ({})
	} as never;
}

/** The HTTP status a handler ended with: 200 when it returned, else the thrown error's status. */
export async function statusOf(run: () => unknown): Promise<number> {
	try {
		const out = await run();
		if (out && typeof out === 'object' && 'status' in out && typeof (out as { status: unknown }).status === 'number') {
			return (out as { status: number }).status;
		}
		return 200;
	} catch (e) {
		if (e && typeof e === 'object' && 'status' in e) return (e as { status: number }).status;
		throw e;
	}
}

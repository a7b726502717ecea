/**
 * The authorization table's vocabulary: a row per route entry (see routes.ts), who may use it, what an
 * allowed person notices (`allowed`), and the people who must not get that. The runner builds the denied
 * cases from the row: the other organisation's holders of the allowed roles (under their own URL and
 * under the first organisation's), every other role, coaches whose assignment has expired or not begun
 * (rows with `assigned`), and nobody signed in.
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { expect } from 'vitest';
import { AREA_ROLES, PROVIDER_ROLES, type Role } from '../../../src/lib/domain/roles';
import { ROUTE_ENTRIES } from './routes';
import type { ActorName, Person, World } from './world';

/** What a handler ended with, as a browser would see it. */
export interface Outcome {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- page data and action results differ per route
	data: any;
	location?: string;
}

/** `me` is the person the case acts as (null: nobody signed in). */
export type Check = (out: Outcome, w: World, me: Person | null) => void | Promise<void>;

export type Side = 'area' | 'provider' | 'platform' | 'signedIn' | 'apiKey' | 'public';

export interface Row {
	/** `<route id> <handler>` as routes.ts lists it, e.g. `/area/[orgId=uuid]/contracts load`. */
	key: string;
	/**
	 * area / provider / platform: a workspace route for members with `allow` roles; signedIn: any signed-in
	 * person, for their own things; apiKey: an area's system with a key; public: no sign-in (listed, and
	 * checked only when the row says `allowed`).
	 */
	side: Side;
	allow?: Role[];
	/** Provider staff reach the target only through an assignment valid today that covers it. */
	assigned?: boolean;
	/** Route parameters other than the world's defaults (`w.params`), and the organisation when not the side's own. */
	params?: (w: World) => Record<string, string>;
	query?: string;
	form?: (w: World) => Record<string, string | string[] | File>;
	json?: (w: World) => unknown;
	headers?: (w: World) => Record<string, string>;
	/** What an allowed person gets; every denied case must NOT get it. */
	allowed?: Check;
	/** Who is allowed on a signedIn row, when not the default. */
	as?: ActorName[];
	/** apiKey rows: the key scope the endpoint needs. */
	scope?: 'referrals:read' | 'referrals:write';
	/**
	 * The action works on the workspace itself (invite someone, create a contract, import a file): the other
	 * organisation's people may do the same in their own workspace, so only their attempt here is a denied case.
	 */
	orgLevel?: boolean;
	/** Extra denied people (e.g. a role of the other side that is allowed in its own workspace). */
	alsoDenied?: ActorName[];
}

/** The answer has status 200 and the data shows the target (the predicate says how). */
export function shows(what: (data: Outcome['data'], w: World, me: Person | null) => unknown): Check {
	return (out, w, me) => {
		expect(out.status).toBe(200);
		expect(what(out.data, w, me)).toBeTruthy();
	};
}

/** A download: 200 with this content type. */
export function downloads(contentType: string): Check {
	return (out) => {
		expect(out.status).toBe(200);
		expect((out.data as Response).headers.get('content-type')).toContain(contentType);
	};
}

/**
 * An action got past authorization: it took effect, or it refused the (deliberately incomplete) input
 * or a stale version, but it did not say "sign in", "forbidden" or "not found".
 */
export function reaches(effect?: (out: Outcome, w: World, me: Person | null) => unknown): Check {
	return async (out, w, me) => {
		expect([401, 403, 404]).not.toContain(out.status);
		if (out.status === 303) expect(out.location).not.toMatch(/^\/login/);
		if (effect) expect(await effect(out, w, me)).toBeTruthy();
	};
}

/** Turns a handler's return or throw into what the browser sees; anything else (a 500) is thrown on. */
export async function outcomeOf(run: () => unknown): Promise<Outcome> {
	try {
		const out = await run();
		if (isActionFailure(out)) return { status: out.status, data: out.data };
		if (out instanceof Response) return { status: out.status, data: out };
		return { status: 200, data: out };
	} catch (e) {
		if (isRedirect(e)) return { status: e.status, data: null, location: e.location };
		if (isHttpError(e)) return { status: e.status, data: e.body };
		throw e;
	}
}

const ROLE_SIDE: Record<Role, 'area' | 'provider' | 'platform'> = {
	...(Object.fromEntries(AREA_ROLES.map((r) => [r, 'area'])) as Record<string, 'area'>),
	...(Object.fromEntries(PROVIDER_ROLES.map((r) => [r, 'provider'])) as Record<string, 'provider'>),
	platform_admin: 'platform'
} as Record<Role, 'area' | 'provider' | 'platform'>;
const ALL_ROLES = Object.keys(ROLE_SIDE) as Role[];

/** The organisation a workspace URL names: the side's own, or the other one of that side. */
export function orgOf(w: World, side: Side, which: 'own' | 'other'): string {
	if (side === 'area') return which === 'own' ? w.areaId : w.otherAreaId;
	if (side === 'provider') return which === 'own' ? w.providerId : w.otherProviderId;
	return w.platformId;
}

export interface Case {
	label: string;
	who: ActorName;
	/** The organisation in the URL. */
	org: 'own' | 'other';
	deny: boolean;
	/** apiKey rows: which key the request carries. */
	key?: 'own' | 'other' | 'wrongScope' | 'none';
}

/** The allowed and denied cases of a row (denied first: they must change nothing, so they run before the allowed ones). */
export function casesOf(row: Row): Case[] {
	if (row.side === 'public') return row.allowed ? [{ label: 'anyone', who: 'anonymous', org: 'own', deny: false }] : [];
	if (row.side === 'apiKey')
		return [
			{ label: 'no key', who: 'anonymous', org: 'own', deny: true, key: 'none' },
			{ label: "the other area's key", who: 'anonymous', org: 'own', deny: true, key: 'other' },
			{ label: `a key without ${row.scope}`, who: 'anonymous', org: 'own', deny: true, key: 'wrongScope' },
			{ label: "the area's own key", who: 'anonymous', org: 'own', deny: false, key: 'own' }
		];
	if (row.side === 'signedIn') {
		const allowed = row.as ?? ['own:case_officer', 'own:coach'];
		return [
			{ label: 'nobody signed in', who: 'anonymous', org: 'own', deny: true },
			...(row.alsoDenied ?? []).map((who) => ({ label: who, who, org: 'own' as const, deny: true })),
			...allowed.map((who) => ({ label: who, who, org: 'own' as const, deny: false }))
		];
	}
	const allow = row.allow ?? [];
	const denied: Case[] = [{ label: 'nobody signed in', who: 'anonymous', org: 'own', deny: true }];
	for (const role of allow) {
		if (row.side === 'platform') continue;
		if (!row.orgLevel) denied.push({ label: `other ${row.side}'s ${role}, in its own workspace`, who: `other:${role}`, org: 'other', deny: true });
		denied.push({ label: `other ${row.side}'s ${role}, in this workspace`, who: `other:${role}`, org: 'own', deny: true });
	}
	for (const role of ALL_ROLES.filter((r) => !allow.includes(r))) denied.push({ label: `wrong role ${role}`, who: `own:${role}`, org: 'own', deny: true });
	if (row.assigned) {
		denied.push({ label: 'coach whose assignment has expired', who: 'own:coach(expired)', org: 'own', deny: true });
		denied.push({ label: 'coach whose assignment begins tomorrow', who: 'own:coach(future)', org: 'own', deny: true });
	}
	for (const who of row.alsoDenied ?? []) denied.push({ label: who, who, org: 'own', deny: true });
	const allowed = allow.map((role) => ({ label: role, who: `own:${role}` as ActorName, org: 'own' as const, deny: false }));
	return [...denied, ...allowed];
}

/** Just enough of a RequestEvent to call a load, action or endpoint as SvelteKit would. */
export async function eventFor(w: World, row: Row, c: Case) {
	const entry = ROUTE_ENTRIES.get(row.key);
	if (!entry) throw new Error(`no route entry ${row.key}`);
	const person = w.person(c.who);
	const params: Record<string, string> = {};
	for (const [, name] of entry.route.matchAll(/\[(\w+)(?:=\w+)?\]/g)) params[name] = name === 'orgId' ? orgOf(w, row.side, c.org) : w.params[name];
	Object.assign(params, row.params?.(w) ?? {});
	const path = entry.route.replace(/\[(\w+)(?:=\w+)?\]/g, (_, name: string) => params[name]);
	const url = new URL(`http://localhost${path}${row.query ? `?${row.query}` : ''}`);
	const post = entry.handler.startsWith('action') || ['POST', 'PUT', 'PATCH', 'DELETE'].includes(entry.handler);
	const headers = new Headers(row.headers?.(w) ?? {});
	const key =
		c.key && c.key !== 'none'
			? { own: w.apiKey, other: w.otherApiKey, wrongScope: row.scope === 'referrals:read' ? w.writeOnlyKey : w.readOnlyKey }[c.key]
			: null;
	if (key) headers.set('authorization', `Bearer ${key}`);
	let body: BodyInit | undefined;
	if (row.json) {
		body = JSON.stringify(row.json(w));
		headers.set('content-type', 'application/json');
	} else if (post) {
		const form = new FormData();
		for (const [k, v] of Object.entries(row.form?.(w) ?? {})) for (const x of [v].flat()) form.append(k, x);
		body = form;
	}
	const user = person ? await w.database.db.query.users.findFirst({ where: (x, { eq }) => eq(x.id, person.id) }) : null;
	const jar = new Map<string, string>();
	return {
		locals: {
			actor: person?.actor ?? null,
			user: user ?? null,
			session: person ? await w.sessionOf(person.id) : null,
			mfaPending: false,
			counts: null,
			requestId: 'authz-test',
			clock: w.clock,
			locale: 'fi' as const
		},
		params,
		url,
		route: { id: entry.route },
		request: new Request(url, post ? { method: entry.handler.startsWith('action') ? 'POST' : entry.handler, body, headers } : { headers }),
		getClientAddress: () => '127.0.0.1',
		cookies: {
			get: (name: string) => jar.get(name),
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			set: (name: string, value: string) => void jar.set(name, value),
			delete: (name: string) => void jar.delete(name),
			serialize: () => ''
		},
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		fetch,
		parent: async () => ({}),
		depends: () => {},
		untrack: <T>(f: () => T) => f()
	};
}

/** Runs one case of a row and checks it: allowed people get what `allowed` says, denied people do not. */
export async function runCase(w: World, row: Row, c: Case) {
	const entry = ROUTE_ENTRIES.get(row.key)!;
	const out = await outcomeOf(async () => entry.run(await eventFor(w, row, c)));
	const check = row.allowed!;
	const me = w.person(c.who);
	if (!c.deny) {
		await check(out, w, me);
		return;
	}
	let got = true;
	try {
		await check(out, w, me);
	} catch {
		got = false;
	}
	expect(got, `${c.label} got what only the allowed get (status ${out.status})`).toBe(false);
}

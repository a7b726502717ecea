/**
 * Every server entry point in src/routes, found from the files themselves: each `+page.server.ts` load and
 * named form action, each `+layout.server.ts` load and each `+server.ts` method. The authorization table
 * must have a row for every one of them (see authorization.test.ts).
 */
const modules = import.meta.glob<Record<string, unknown>>(['/src/routes/**/+page.server.ts', '/src/routes/**/+layout.server.ts', '/src/routes/**/+server.ts'], {
	eager: true
});

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers take SvelteKit's event; the table builds it
export type Handler = (event: any) => unknown;

/** `route` is SvelteKit's route id (`/area/[orgId=uuid]/contracts`); `handler` is `load`, `layout load`, `action <name>` or a method. */
export interface RouteEntry {
	key: string;
	route: string;
	handler: string;
	run: Handler;
}

function entriesOf(path: string, mod: Record<string, unknown>): RouteEntry[] {
	const m = /^\/src\/routes(.*)\/\+(page\.server|layout\.server|server)\.ts$/.exec(path);
	if (!m) throw new Error(`unexpected route file ${path}`);
	const route = m[1] || '/';
	const found: [string, unknown][] = [];
	if (m[2] === 'page.server' || m[2] === 'layout.server') {
		if (mod.load) found.push([m[2] === 'layout.server' ? 'layout load' : 'load', mod.load]);
		for (const [name, fn] of Object.entries((mod.actions as Record<string, unknown>) ?? {})) found.push([`action ${name}`, fn]);
	} else {
		for (const method of METHODS) if (mod[method]) found.push([method, mod[method]]);
	}
	return found.map(([handler, fn]) => ({ key: `${route} ${handler}`, route, handler, run: fn as Handler }));
}

export const ROUTE_ENTRIES: ReadonlyMap<string, RouteEntry> = new Map(
	Object.entries(modules)
		.flatMap(([path, mod]) => entriesOf(path, mod))
		.sort((a, b) => a.key.localeCompare(b.key))
		.map((e) => [e.key, e])
);

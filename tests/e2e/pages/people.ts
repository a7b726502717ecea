/** The demo people, and browser contexts for them: a phone (360 px) or a desktop. */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { DEMO_USERS } from '../../../src/lib/server/demo/users';

export type DemoUser = (typeof DEMO_USERS)[number];

/** The first demo person with `role` (in organisation `org`, a demo key such as 'pohjola'). */
export function demoUser(role: string, org?: string): DemoUser {
	const u = DEMO_USERS.find((x) => x.memberships.some((m) => m.roles.includes(role as never) && (!org || m.org === org)));
	if (!u) throw new Error(`no demo user with role ${role}${org ? ` in ${org}` : ''}`);
	return u;
}

export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'fi-FI' } as const satisfies BrowserContextOptions;
export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'fi-FI' } as const satisfies BrowserContextOptions;

/** A page in a context of its own (closed with `page.context().close()`). */
export async function newPage(browser: Browser, options: BrowserContextOptions = PHONE): Promise<Page> {
	return (await browser.newContext(options)).newPage();
}

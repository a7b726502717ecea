/**
 * Signing in and out, on a phone: password and TOTP, the person's own workspace only (another provider's
 * URL is refused), the language switch and the phone's menu (both also without JavaScript), sign-out by keyboard; and what every
 * response carries: security headers, the health endpoints, SvelteKit's cross-site form check.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { translate } from '../../src/lib/i18n';
import { DEMO_USERS } from '../../src/lib/server/demo/users';
import { BASE, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { demoUser, newPage, PHONE } from './pages/people';
import { SignInPage, switchLanguage } from './pages/sign-in';

const { browser } = serverAndBrowser();

describe('signing in on a phone', () => {
	it('a coach signs in with TOTP, cannot reach another provider, switches language and signs out by keyboard', async () => {
		const coach = demoUser('coach', 'pohjola');
		const page = await newPage(browser());
		try {
			const home = await new SignInPage(page).signIn(coach);
			await assert.doesNotReject(page.getByRole('heading', { name: /Hei,/ }).waitFor());
			await expectAccessible(page, 'home (coach)');
			await expectNoHorizontalScroll(page, 'home (coach)');

			const own = await home.workspace('provider');
			await page.goto(`${BASE}${own}`);
			await expectAccessible(page, 'provider workspace');
			await expectNoHorizontalScroll(page, 'provider workspace');

			// The users page is for provider admins: a coach is refused.
			const users = await page.goto(`${BASE}${own}/users`);
			assert.equal(users?.status(), 403);

			// Another provider's workspace (learned from its own admin's session) is refused.
			const otherAdmin = DEMO_USERS.find(
				(u) =>
					u.memberships.some((m) => m.roles.includes('provider_admin' as never)) && !u.memberships.some((m) => coach.memberships.some((c) => c.org === m.org))
			);
			assert.ok(otherAdmin, 'a provider admin of another provider exists in the demo data');
			const otherPage = await newPage(browser());
			const foreign = await (await new SignInPage(otherPage).signIn(otherAdmin, { axe: false })).workspace('provider');
			await otherPage.context().close();
			assert.notEqual(foreign, own);
			const denied = await page.goto(`${BASE}${foreign}/users`);
			assert.equal(denied?.status(), 403);
			assert.ok(await page.getByText('Sinulla ei ole oikeutta tähän sivuun.').isVisible());
			await expectAccessible(page, '403 page');

			// Language: Svenska switches everything, then English.
			await page.goto(`${BASE}/`);
			await home.switchLanguage('Svenska');
			assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
			assert.ok(await page.getByRole('heading', { name: /Hej,/ }).isVisible());
			await expectAccessible(page, 'home in Swedish');
			await home.switchLanguage('English');
			assert.equal(await page.locator('html').getAttribute('lang'), 'en');

			// The menu opens by keyboard on a phone (a popover: no wait for the page's script), Escape closes it.
			const menu = page.getByRole('button', { name: 'Menu', exact: true });
			const nav = page.locator('nav#main-nav');
			await menu.focus();
			await page.keyboard.press('Enter');
			await nav.waitFor();
			await expectAccessible(page, 'open menu (phone)');
			await expectNoHorizontalScroll(page, 'open menu (phone)');
			await page.keyboard.press('Escape');
			await nav.waitFor({ state: 'hidden' });
			assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'the menu says it is closed');

			// The same session without JavaScript: the menu opens, closes with its own button, and leads to a page.
			const noJs = await browser().newContext({ ...PHONE, javaScriptEnabled: false, storageState: await page.context().storageState() });
			try {
				const plain = await noJs.newPage();
				await plain.goto(`${BASE}/`);
				const plainNav = plain.locator('nav#main-nav');
				assert.equal(await plainNav.isVisible(), false, 'the menu starts closed');
				await plain.getByRole('button', { name: 'Menu', exact: true }).click();
				await plainNav.getByRole('button', { name: 'Close menu' }).click();
				await plainNav.waitFor({ state: 'hidden' });
				await plain.getByRole('button', { name: 'Menu', exact: true }).click();
				await plainNav.getByRole('link', { name: 'Account' }).click();
				await plain.waitForURL(/\/account$/);
			} finally {
				await noJs.close();
			}

			await menu.focus();
			await page.keyboard.press('Enter');
			await nav.waitFor();
			assert.equal(await menu.getAttribute('aria-expanded'), 'true', 'the menu says it is open');
			await page.getByRole('button', { name: 'Sign out' }).focus();
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/login/);
			const back = await page.goto(`${BASE}${own}`);
			assert.match(page.url(), /\/login\?next=/);
			assert.equal(back?.status(), 200);
		} finally {
			await page.context().close();
		}
	});
});

describe('language switch without JavaScript', () => {
	it('the buttons are a plain form: the page comes back in the chosen language', async () => {
		const context = await browser().newContext({ javaScriptEnabled: false, locale: 'fi-FI' });
		try {
			const page = await context.newPage();
			await page.goto(`${BASE}/login`);
			await switchLanguage(page, 'Svenska');
			assert.match(page.url(), /\/login/);
			assert.ok(await page.getByRole('heading', { name: translate('sv', 'login.title') }).isVisible());
			await switchLanguage(page, 'Suomi');
			assert.match(page.url(), /\/login/);
			assert.ok(await page.getByRole('heading', { name: translate('fi', 'login.title') }).isVisible());
		} finally {
			await context.close();
		}
	});
});

describe('security headers', () => {
	it('sends a CSP that forbids framing, nosniff and a referrer policy; the health endpoints answer', async () => {
		const r = await fetch(`${BASE}/login`);
		const csp = r.headers.get('content-security-policy') ?? '';
		assert.match(csp, /frame-ancestors 'none'/);
		assert.match(csp, /script-src 'self'/);
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
		assert.equal(r.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
		assert.ok(r.headers.get('x-request-id'));
		assert.equal((await fetch(`${BASE}/healthz`)).status, 200);
		assert.equal((await fetch(`${BASE}/readyz`)).status, 200);
		// A cross-site form post is refused by SvelteKit's origin check.
		const forged = await fetch(`${BASE}/login`, {
			method: 'POST',
			headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			body: 'email=a%40b.fi&password=x'
		});
		assert.equal(forged.status, 403);
	});
});

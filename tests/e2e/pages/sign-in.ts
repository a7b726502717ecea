/** The sign-in pages (password, then the TOTP code) and the home page they lead to. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../src/lib/server/demo/users';
import { BASE, expectAccessible, totpNow } from '../harness';
import type { DemoUser } from './people';
import { anyLanguage } from './text';

export class SignInPage {
	constructor(private page: Page) {}

	/**
	 * Signs `user` in and returns their home page. `axe` checks both sign-in pages on the way; the code is a
	 * fresh one (the harness waits for the next TOTP step when this person's current code was used already).
	 * `from`: a page opened while signed out (a deep link), which sign-in leads back to instead of the home page.
	 */
	async signIn(user: DemoUser, { axe = true, from = '' } = {}): Promise<HomePage> {
		const page = this.page;
		await page.goto(`${BASE}${from || '/login'}`);
		await page.waitForURL(/\/login/);
		if (axe) await expectAccessible(page, 'login');
		await page.getByLabel('Sähköposti').fill(user.email);
		await page.getByLabel('Salasana').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
		await page.waitForURL(/\/login\/2fa/);
		// From here on the page speaks the person's own language.
		if (axe) await expectAccessible(page, 'second factor');
		await page.getByLabel(anyLanguage('mfa.code')).fill(await totpNow(user.totpSecret));
		await page.getByRole('button', { name: anyLanguage('mfa.submit') }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/login/2fa') || url.search.startsWith('?/'), { waitUntil: 'load' }).catch(() => undefined);
		// If sign-in did not land where it should, say where it went and what the page said.
		assert.equal(
			new URL(page.url()).pathname,
			from || '/',
			`sign-in of ${user.email} ended at ${page.url()}: ${(
				await page
					.locator('main')
					.innerText()
					.catch(() => '')
			).slice(0, 300)}`
		);
		return new HomePage(page);
	}
}

export class HomePage {
	constructor(private page: Page) {}

	/** The person's workspaces (cards on the home page), as paths. */
	async workspaces(): Promise<string[]> {
		return this.page.locator('#main .cards a.card').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
	}

	/** The first provider (or area) workspace of the person: its path, e.g. /provider/<id>. */
	async workspace(kind: 'provider' | 'area'): Promise<string> {
		const [path] = (await this.workspaces()).filter((p) => p.startsWith(`/${kind}/`));
		assert.ok(path, `the person has a ${kind} workspace`);
		return path;
	}

	/** The language buttons (a plain form): the page comes back in that language. */
	async switchLanguage(name: keyof typeof LANGUAGE_BUTTONS): Promise<void> {
		await switchLanguage(this.page, name);
	}
}

const LANGUAGE_BUTTONS = { Suomi: 'fi', Svenska: 'sv', English: 'en' } as const;

/** Any page's language buttons (a plain form, with or without JavaScript): waits for the page in that language. */
export async function switchLanguage(page: Page, name: keyof typeof LANGUAGE_BUTTONS): Promise<void> {
	await page.getByRole('button', { name }).click();
	await page.locator(`html[lang=${LANGUAGE_BUTTONS[name]}]`).waitFor({ state: 'attached' });
	await page.waitForLoadState('load');
}

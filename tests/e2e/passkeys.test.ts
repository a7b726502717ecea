/**
 * Passkeys end to end (issue 20) on a 360 px phone, with Chromium's virtual authenticator (CDP WebAuthn):
 * a coach signs in with password + TOTP, adds a passkey on the account page (axe-checked), signs out, signs
 * in again with the passkey alone (no e-mail typed, by keyboard), sees the session and the passkey's last
 * use, ends the other session, and removes the passkey.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { DEMO_USERS } from '../../src/lib/server/demo/users';
import { translate, type MessageKey } from '../../src/lib/i18n';
import { BASE, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { SignInPage } from './pages/sign-in';

const fi = (key: MessageKey, params?: Record<string, string | number>) => translate('fi', key, params);

// The server on its own demo database, the clock pinned to the demo day (harness.ts).
const { browser } = serverAndBrowser();

async function phone(): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; authenticatorId: string }> {
	const context = await browser().newContext({ viewport: { width: 360, height: 740 }, locale: 'fi-FI', isMobile: true, hasTouch: true });
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	// A phone's platform authenticator: keeps discoverable credentials, verifies the user (screen lock) by itself.
	const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});
	return { context, page, cdp, authenticatorId };
}

async function signInWithPassword(page: Page, email: string) {
	await new SignInPage(page).signIn(
		DEMO_USERS.find((u) => u.email === email)!,
		{ axe: false }
	);
}

async function signOut(page: Page) {
	await page.getByRole('button', { name: fi('nav.menu') }).click();
	await page.getByRole('button', { name: fi('nav.signOut'), exact: true }).click();
	await page.waitForURL(/\/login/);
}

describe('passkeys on a phone', () => {
	it('adds a passkey, signs in with it alone, ends the other session and removes the passkey', async () => {
		const coach = DEMO_USERS.find((u) => u.email === 'valmentaja@valmennuspohjola.demo.fi')!;
		const { context, page, cdp, authenticatorId } = await phone();
		// A second device of the same person, signed in the ordinary way: its session is listed and ended below.
		const desk = await browser().newContext({ locale: 'fi-FI' });
		await signInWithPassword(await desk.newPage(), coach.email);

		// Before any passkey exists, the login page offers one (this browser has WebAuthn).
		await page.goto(`${BASE}/login`);
		await page.getByRole('button', { name: fi('login.passkey') }).waitFor();

		await signInWithPassword(page, coach.email);
		await page.goto(`${BASE}/account`);
		await page.getByText(fi('account.noPasskeys')).waitFor();
		await expectAccessible(page, 'account page');
		await expectNoHorizontalScroll(page, 'account page');
		const name = page.getByLabel(fi('account.passkeyName'));
		await name.fill('Työpuhelin');
		await page.getByRole('button', { name: fi('account.addPasskey') }).click();
		await page.getByText(fi('account.passkeyAdded')).waitFor();
		await page.getByRole('listitem').filter({ hasText: 'Työpuhelin' }).getByText(fi('account.passkeyNeverUsed')).waitFor();
		const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
		assert.equal(credentials.length, 1, 'the authenticator keeps one credential');
		assert.ok(credentials[0].isResidentCredential, 'a discoverable credential: sign-in needs no e-mail');

		await signOut(page);

		// Passkey alone: no e-mail, no password, no code; by keyboard.
		await page.goto(`${BASE}/login`);
		assert.equal(await page.getByLabel(fi('login.email')).inputValue(), '');
		const button = page.getByRole('button', { name: fi('login.passkey') });
		await button.focus();
		await page.keyboard.press('Enter');
		await page.waitForURL(`${BASE}/`);
		assert.ok(!(await page.getByText(fi('mfa.code')).count()), 'no second factor was asked for');

		await page.goto(`${BASE}/account`);
		const passkeyRow = page.getByRole('listitem').filter({ hasText: 'Työpuhelin' });
		await passkeyRow.getByText(/viimeksi käytetty/).waitFor();
		// This device and the desk are both listed; the desk's session ends from here.
		const sessions = page.locator('section[aria-labelledby="sessions"] li');
		assert.equal(await sessions.count(), 2, 'this phone and the desk');
		await sessions
			.filter({ hasText: fi('account.thisDevice') })
			.getByText(/Chrome/)
			.waitFor();
		await page.getByRole('button', { name: new RegExp(`^${fi('account.endSession')}:`) }).click();
		await page.getByText(fi('account.sessionEnded')).waitFor();
		assert.equal(await sessions.count(), 1);
		const deskPage = desk.pages()[0];
		await deskPage.goto(`${BASE}/account`);
		assert.match(new URL(deskPage.url()).pathname, /^\/login/, 'the ended session signs the desk out');
		await expectAccessible(page, 'account page with a passkey');
		await expectNoHorizontalScroll(page, 'account page with a passkey');

		// The coach has a password and TOTP, so even the last passkey may go.
		await page.getByRole('button', { name: fi('account.removePasskeyNamed', { name: 'Työpuhelin' }) }).click();
		await page.getByText(fi('account.passkeyRemoved')).waitFor();
		await page.getByText(fi('account.noPasskeys')).waitFor();

		// The passkey is gone on the server: the device's leftover credential no longer signs anyone in.
		await signOut(page);
		await page.getByRole('button', { name: fi('login.passkey') }).click();
		await page.getByText(fi('errors.passkeyFailed')).waitFor();
		assert.match(new URL(page.url()).pathname, /^\/login/);
		await expectAccessible(page, 'login page with a passkey error');
		await desk.close();
		await context.close();
	});
});

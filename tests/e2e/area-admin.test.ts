/**
 * The area's admin at a desktop: the users page (a bad invitation is refused and creates nobody), API keys,
 * notifications, the audit log with their own sign-in and its CSV export; the skip link is the first Tab.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, expectAccessible, serverAndBrowser } from './harness';
import { demoUser, DESKTOP, newPage } from './pages/people';
import { SignInPage } from './pages/sign-in';

const { browser } = serverAndBrowser();

describe('area admin on a desktop', () => {
	it('signs in, sees users and the audit log with their own sign-in, exports CSV; the first Tab reaches the skip link', async () => {
		const admin = demoUser('area_admin');
		const page = await newPage(browser(), DESKTOP);
		try {
			const area = await (await new SignInPage(page).signIn(admin)).workspace('area');
			await page.goto(`${BASE}${area}`);
			await expectAccessible(page, 'area workspace');

			await page.getByRole('link', { name: 'Käyttäjät' }).click();
			await page.waitForURL(/\/users$/);
			await expectAccessible(page, 'users');
			assert.ok(await page.getByText(admin.email).isVisible());

			// Bad input: an invitation without roles is refused with a message and creates nobody.
			await page.getByLabel('Nimi').fill('Testi Henkilö');
			await page.getByLabel('Sähköposti').fill('testi.henkilo@example.fi');
			await page.getByRole('button', { name: 'Lähetä kutsu' }).click();
			await assert.doesNotReject(page.getByText('Valitse vähintään yksi rooli.').first().waitFor());
			assert.equal(await page.getByText('testi.henkilo@example.fi').count(), 0);

			await page.goto(`${BASE}${area}/api-keys`);
			await expectAccessible(page, 'API keys');
			await page.goto(`${BASE}/notifications`);
			await expectAccessible(page, 'notifications');
			await page.goto(`${BASE}${area}/audit?user=${encodeURIComponent(admin.email)}`);
			await expectAccessible(page, 'audit log');
			assert.ok((await page.getByText('auth.login', { exact: true }).count()) >= 1, 'the sign-in is in the log');

			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Lataa CSV' }).click()]);
			const csv = await (await download.createReadStream()).toArray();
			const text = Buffer.concat(csv.map((c) => Buffer.from(c))).toString('utf8');
			assert.match(text, /^\uFEFFid,at,user_id/);
			assert.match(text, /auth\.login/);

			// Keyboard: the first Tab reaches the skip link, which moves focus to the content.
			await page.goto(`${BASE}/`);
			await page.keyboard.press('Tab');
			assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Siirry sisältöön');
		} finally {
			await page.context().close();
		}
	});
});

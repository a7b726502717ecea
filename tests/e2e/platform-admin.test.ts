/**
 * The platform admin (issue 21), on a 360 px phone: opens the administration from the home page, creates an
 * employment area by keyboard (refused first for a Y-tunnus whose check digit is wrong, with the field marked
 * and nothing created), finds it in the organisations list, and opens the background work page. axe on every
 * page, no sideways scrolling.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { demoUser, newPage } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { anyLanguage } from './pages/text';

const { browser } = serverAndBrowser();

describe('the platform admin', () => {
	it('creates an area by keyboard, sees it listed, and sees the background work', async () => {
		const page = await newPage(browser());
		try {
			await new SignInPage(page).signIn(demoUser('platform_admin'), { axe: false });
			await page.locator('#main a.card[href="/admin"]').click();
			await page.getByRole('heading', { level: 1, name: anyLanguage('platform.title') }).waitFor();
			await expectAccessible(page, 'administration');
			await expectNoHorizontalScroll(page, 'administration');

			await page.getByRole('link', { name: anyLanguage('platform.organisations.title') }).click();
			await page.getByRole('heading', { level: 1, name: anyLanguage('platform.organisations.title') }).waitFor();
			await expectAccessible(page, 'organisations');
			await expectNoHorizontalScroll(page, 'organisations');
			// The demo areas are there; a search narrows the list.
			await page.getByRole('searchbox').fill('Pohjanmaa');
			await page.getByRole('searchbox').press('Enter');
			await page.waitForURL(/q=Pohjanmaa/);
			assert.ok((await page.locator('#main li.row').count()) >= 1, 'the search finds the Pohjanmaa area');

			await page.getByRole('link', { name: anyLanguage('platform.createArea.title') }).click();
			await page.getByRole('heading', { level: 1, name: anyLanguage('platform.createArea.title') }).waitFor();
			await expectAccessible(page, 'new area');
			await expectNoHorizontalScroll(page, 'new area');

			// By keyboard: focus the first field, then type and Tab from field to field.
			await page.getByLabel(anyLanguage('platform.createArea.name')).focus();
			await page.keyboard.type('Kainuun työllisyysalue');
			await page.keyboard.press('Tab');
			await page.keyboard.type('Kajanalands sysselsättningsområde');
			await page.keyboard.press('Tab');
			await page.keyboard.type('2980021-3'); // the check digit is 2
			await page.keyboard.press('Tab');
			await page.keyboard.type('Kajaani\nSotkamo');
			await page.getByLabel(anyLanguage('platform.createArea.adminEmail')).focus();
			await page.keyboard.type('paakayttaja@kainuu.demo.fi');
			await page.keyboard.press('Tab');
			await page.keyboard.type('Kaisa Kainulainen');
			await page.getByRole('button', { name: anyLanguage('platform.createArea.submit') }).focus();
			await page.keyboard.press('Enter');
			await page.waitForSelector('input[name=businessId][aria-invalid=true]');
			await expectAccessible(page, 'new area, refused');
			await expectNoHorizontalScroll(page, 'new area, refused');
			assert.equal(await page.getByLabel(anyLanguage('platform.createArea.name')).inputValue(), 'Kainuun työllisyysalue', 'what was typed is kept');

			await page.getByLabel(anyLanguage('providers.businessId')).fill('2980021-2');
			await page.getByRole('button', { name: anyLanguage('platform.createArea.submit') }).focus();
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/admin\/organisations\?q=2980021-2/);
			await page.getByText(anyLanguage('platform.createArea.created')).waitFor();
			await page.locator('#main li.row', { hasText: 'Kainuun työllisyysalue' }).waitFor();
			assert.match(await page.locator('#main li.row', { hasText: 'Kainuun työllisyysalue' }).innerText(), /Kajaani, Sotkamo/);
			await expectAccessible(page, 'organisations after creating');
			await expectNoHorizontalScroll(page, 'organisations after creating');

			await page.goto(page.url().replace(/\/admin\/organisations.*$/, '/admin/jobs'));
			await page.getByRole('heading', { level: 1, name: anyLanguage('platform.jobs.title') }).waitFor();
			// The invitation mail of the new area's admin went through the mail queue.
			assert.ok(await page.getByRole('rowheader', { name: anyLanguage('platform.queue.mail') }).isVisible());
			await expectAccessible(page, 'background work');
			await expectNoHorizontalScroll(page, 'background work');
		} finally {
			await page.context().close();
		}
	});
});

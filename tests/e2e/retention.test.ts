/**
 * Retention (issue 20): the area admin, on a 360 px phone and by keyboard, opens the area's retention page, sees what
 * the next run would remove (counts per kind, no names), is refused a period of 0 months (the field marked, nothing
 * saved) and saves 18 months, which is there after a reload. axe on the page, no sideways scrolling.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { demoUser, newPage } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { fi } from './pages/text';

const { browser } = serverAndBrowser();

describe('the area’s retention rules', () => {
	it('shows the dry run, refuses 0 months with nothing saved, keeps 18 months', async () => {
		const page = await newPage(browser());
		try {
			await new SignInPage(page).signIn(demoUser('area_admin', 'pohjanmaa'), { axe: false });
			await page
				.locator('#main')
				.getByRole('link', { name: /Pohjanmaa/ })
				.first()
				.click();
			await page.getByRole('link', { name: new RegExp(fi('retention.title')) }).click();
			await page.getByRole('heading', { level: 1, name: fi('retention.title') }).waitFor();
			await expectAccessible(page, 'retention');
			await expectNoHorizontalScroll(page, 'retention');

			// The dry run: a count for each kind, no names.
			const counts = page.getByRole('table').locator('td[data-kind]');
			assert.equal(await counts.count(), 6);
			for (const text of await counts.allInnerTexts()) assert.match(text.trim(), /^\d+$/);

			const field = page.getByLabel(fi('retention.rule.customerMonths'));
			const before = await field.inputValue();
			await field.focus();
			await page.keyboard.press('Control+A');
			await page.keyboard.type('0');
			await page.keyboard.press('Enter');
			await page.waitForSelector('input[name=customerMonths][aria-invalid=true]');
			await page.getByText(fi('errors.monthsInvalid')).first().waitFor();
			await page.reload();
			assert.equal(await page.getByLabel(fi('retention.rule.customerMonths')).inputValue(), before, 'nothing was saved');

			await page.getByLabel(fi('retention.rule.customerMonths')).focus();
			await page.keyboard.press('Control+A');
			await page.keyboard.type('18');
			await page.keyboard.press('Enter');
			await page.getByText(fi('retention.saved')).waitFor();
			await expectAccessible(page, 'retention saved');
			await page.reload();
			assert.equal(await page.getByLabel(fi('retention.rule.customerMonths')).inputValue(), '18', 'the rule is kept');
		} finally {
			await page.context().close();
		}
	});
});

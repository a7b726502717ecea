/**
 * The area keeps its own e-invoice ids (issue 16): its admin, on a 360 px phone, opens the area's e-invoice
 * details, is refused a Peppol id whose check digit is wrong (with the field marked and nothing saved), saves a
 * valid one and finds it there after a reload. axe on the page, no sideways scrolling.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { demoUser, newPage } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { fi } from './pages/text';

const { browser } = serverAndBrowser();

describe("the area's e-invoice ids", () => {
	it('refuses a wrong check digit with nothing saved, keeps a valid Peppol id', async () => {
		const page = await newPage(browser());
		try {
			await new SignInPage(page).signIn(demoUser('area_admin', 'pohjanmaa'), { axe: false });
			await page
				.locator('#main')
				.getByRole('link', { name: /Pohjanmaa/ })
				.first()
				.click();
			await page.getByRole('link', { name: new RegExp(fi('areaOrganisation.title')) }).click();
			await page.getByRole('heading', { level: 1, name: fi('areaOrganisation.title') }).waitFor();
			await expectAccessible(page, 'area e-invoice ids');
			await expectNoHorizontalScroll(page, 'area e-invoice ids');

			const peppol = page.getByLabel(fi('providers.peppolId'));
			const before = await peppol.inputValue();
			// 1234567-8 has no valid check digit.
			await peppol.fill('0037:12345678');
			await page.getByRole('button', { name: fi('contracts.save') }).click();
			await page.waitForSelector('input[name=peppolId][aria-invalid=true]');
			await page.reload();
			assert.equal(await page.getByLabel(fi('providers.peppolId')).inputValue(), before, 'nothing was saved');

			const businessId = (await page.locator('dl.facts dd').first().innerText()).trim();
			assert.match(businessId, /^\d{7}-\d$/, 'the area has a Y-tunnus');
			const valid = `0037:${businessId.replace('-', '')}`;
			await page.getByLabel(fi('providers.peppolId')).fill(valid);
			await page.getByRole('button', { name: fi('contracts.save') }).click();
			await page.getByText(fi('areaOrganisation.saved')).waitFor();
			await page.reload();
			assert.equal(await page.getByLabel(fi('providers.peppolId')).inputValue(), valid, 'the valid id is kept');
		} finally {
			await page.context().close();
		}
	});
});

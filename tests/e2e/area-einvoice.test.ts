/**
 * The area keeps its own e-invoice ids (issue 16): its admin, on a 360 px phone, opens the area's e-invoice
 * details, is refused a Peppol id whose check digit is wrong (with the field marked and nothing saved), saves a
 * valid one and finds it there after a reload. axe on the page, no sideways scrolling.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/lib/server/demo/users';
import { translate, type MessageKey } from '../../src/lib/i18n';
import { BASE, expectAccessible, expectNoHorizontalScroll, launchBrowser, startServer, totpNow } from './harness';

const fi = (key: MessageKey) => translate('fi', key);
const admin = DEMO_USERS.find((u) => u.email === 'paakayttaja@pohjanmaa.demo.fi')!;

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
before(async () => {
	server = await startServer();
	browser = await launchBrowser();
});
after(async () => {
	await browser?.close();
	const { graceful } = await server.stop();
	assert.ok(graceful, 'the server exits cleanly');
});

describe("the area's e-invoice ids", () => {
	it('refuses a wrong check digit with nothing saved, keeps a valid Peppol id', async () => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'fi-FI' });
		const page = await context.newPage();
		try {
			await page.goto(`${BASE}/login`);
			await page.getByLabel('Sähköposti').fill(admin.email);
			await page.getByLabel('Salasana').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
			await page.waitForURL(/\/login\/2fa/);
			await page.getByLabel(fi('mfa.code')).fill(await totpNow(admin.totpSecret));
			await page.getByRole('button', { name: fi('mfa.submit') }).click();
			await page.waitForURL(`${BASE}/`);

			await page.locator('#main').getByRole('link', { name: /Pohjanmaa/ }).first().click();
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
			await context.close();
		}
	});
});

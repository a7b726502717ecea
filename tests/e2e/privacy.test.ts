/**
 * End to end, on a 360 px phone: the area's admin opens a customer from a referral, downloads the customer's
 * own report (the PDF download starts; the JSON holds the customer's referrals) and corrects the phone number
 * by keyboard; a bad number gets a message and changes nothing. axe on the customer page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO_USERS } from '../../src/lib/server/demo/users';
import { BASE, expectAccessible, expectNoHorizontalScroll, launchBrowser, startServer } from './harness';
import { SignInPage } from './pages/sign-in';
import { anyLanguage } from './pages/text';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
});
after(async () => {
	await browser?.close();
	const { graceful } = await server.stop();
	assert.ok(graceful, 'the server exits cleanly within 10 s of SIGTERM');
});

async function signIn(page: Page, email: string) {
	await new SignInPage(page).signIn(
		DEMO_USERS.find((u) => u.email === email)!,
		{ axe: false }
	);
}

describe('a customer’s own report and a corrected phone number', () => {
	it('the area produces the report (PDF and JSON) and corrects the phone by keyboard', async () => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fi-FI', isMobile: true, hasTouch: true, acceptDownloads: true });
		const page = await context.newPage();
		await signIn(page, 'paakayttaja@pohjanmaa.demo.fi');
		const area = (await page.locator('#main .cards a.card').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))).find((p) =>
			p.startsWith('/area/')
		)!;
		await page.goto(`${BASE}${area}/referrals`);
		await page
			.locator(`#main a[href^="${area}/referrals/"]`)
			.filter({ has: page.locator('strong') })
			.first()
			.click();
		await page.getByRole('link', { name: anyLanguage('privacy.customerPageLink') }).click();
		await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
		const customerUrl = page.url();
		const customerId = customerUrl.split('/').at(-1)!;
		await page.getByRole('heading', { name: anyLanguage('privacy.report.title') }).waitFor();
		await expectAccessible(page, 'customer page (area, phone)');
		await expectNoHorizontalScroll(page, 'customer page (area, phone)');

		// The PDF: the download starts and is a PDF.
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: anyLanguage('privacy.reportPdf') }).click()]);
		assert.match(download.suggestedFilename(), /^customer-report-.*\.pdf$/);
		const path = await download.path();
		const { readFileSync } = await import('node:fs');
		assert.equal(readFileSync(path!).subarray(0, 5).toString(), '%PDF-');

		// The JSON (same session): the customer and their referrals.
		const json = await context.request.get(`${customerUrl}/report.json`);
		assert.equal(json.status(), 200);
		const report = await json.json();
		assert.equal(report.schema, 'ptp.customer-report/1');
		assert.equal(report.customer.id, customerId);
		assert.ok(report.referrals.length >= 1, 'the report lists the customer’s referrals');

		// A bad number: a message, nothing changed.
		const phone = page.getByLabel(anyLanguage('privacy.field.phone'), { exact: true });
		const before = await phone.inputValue();
		await phone.fill('soita minulle');
		await page.getByLabel(anyLanguage('privacy.rectifyReason')).fill('Asiakas ilmoitti uuden numeron');
		await page.getByRole('button', { name: anyLanguage('privacy.rectifySubmit') }).click();
		await page.getByText(anyLanguage('errors.phoneInvalid')).first().waitFor();
		await page.reload();
		assert.equal(await page.getByLabel(anyLanguage('privacy.field.phone'), { exact: true }).inputValue(), before);

		// By keyboard: type the new number and the reason, Tab to the button, Enter.
		await page.getByLabel(anyLanguage('privacy.field.phone'), { exact: true }).focus();
		await page.keyboard.press('Control+A');
		await page.keyboard.type('+358 40 765 4321');
		await page.getByLabel(anyLanguage('privacy.rectifyReason')).focus();
		await page.keyboard.type('Asiakas ilmoitti uuden numeron');
		await page.keyboard.press('Tab');
		assert.match((await page.evaluate(() => document.activeElement?.textContent)) ?? '', anyLanguage('privacy.rectifySubmit'));
		await page.keyboard.press('Enter');
		await page.getByText(anyLanguage('privacy.corrected')).waitFor();
		await page.reload();
		await page.locator('dl.facts').getByText('+358 40 765 4321').waitFor();
		await page.locator('dl.facts').getByText(anyLanguage('privacy.corrections')).waitFor();
		await expectAccessible(page, 'customer page after a correction (area, phone)');
		await context.close();
	});
});

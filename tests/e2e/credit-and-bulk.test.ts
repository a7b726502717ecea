/**
 * End to end, on a 360 px phone: the provider's finance opens the next period of every contract at once and
 * sees what happened to each; the invoice goes through submission, check and approval; finance then credits
 * one line of the approved invoice and sees on it what is credited and what remains. axe on the new pages.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { BASE, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { demoUser, type DemoUser } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { anyLanguage, exactly } from './pages/text';
import { ProviderInvoicesPage } from './pages/invoices';

// The server on its own demo database, the clock pinned to the demo day (harness.ts).
const { browser } = serverAndBrowser();

async function signIn(page: Page, user: DemoUser) {
	await new SignInPage(page).signIn(user, { axe: false });
}

async function workspaceLinks(page: Page): Promise<string[]> {
	return page.locator('#main .cards a.card').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
}

async function newPhonePage(): Promise<Page> {
	const context = await browser().newContext({ viewport: { width: 360, height: 740 }, locale: 'fi-FI', isMobile: true, hasTouch: true });
	return context.newPage();
}

describe('finance with many contracts, and a partial credit', () => {
	it('opens every contract’s next period at once, then credits one line of the approved invoice', async () => {
		const finance = await newPhonePage();
		const reviewer = await newPhonePage();
		const approver = await newPhonePage();
		await signIn(finance, demoUser('finance', 'pohjola'));
		const [provider] = (await workspaceLinks(finance)).filter((p) => p.startsWith('/provider/'));
		await finance.goto(`${BASE}${provider}/invoices`);
		await new ProviderInvoicesPage(finance).toOpening();

		// One action for every contract; the answer lists each contract's outcome.
		await finance.getByRole('button', { name: exactly('bulk.submit') }).click();
		await finance.getByRole('heading', { name: exactly('bulk.results') }).waitFor();
		const results = finance.locator('li.row[class*="bulk-"]');
		assert.ok((await results.count()) >= 2, 'a result row per contract');
		const group = results.filter({ hasText: 'POH-2026-041' });
		assert.match(await group.innerText(), anyLanguage('bulk.review'), 'the group contract got a draft to review');
		await expectAccessible(finance, 'bulk results (provider, phone)');
		await expectNoHorizontalScroll(finance, 'bulk results (provider, phone)');

		// Run again: nothing new is opened, the drafts are reported as open.
		await finance.getByRole('button', { name: exactly('bulk.submit') }).click();
		await finance.locator('li.row.bulk-alreadyOpen').filter({ hasText: 'POH-2026-041' }).waitFor();
		assert.equal(await finance.locator('li.row.bulk-opened').count(), 0, 'a second run opens nothing');

		// Finance reviews and submits the draft (the link from the result list).
		await finance.locator('li.row.bulk-alreadyOpen').filter({ hasText: 'POH-2026-041' }).getByRole('link').click();
		await finance.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
		const invoiceUrl = finance.url();
		const invoiceId = invoiceUrl.split('/').at(-1)!;
		await finance.getByRole('button', { name: exactly('invoices.submit') }).click();
		await finance.getByText(anyLanguage('invoices.done.submitted')).waitFor();

		// The area's reviewer checks it and another person approves it.
		await signIn(reviewer, demoUser('invoice_reviewer', 'pohjanmaa'));
		const [area] = (await workspaceLinks(reviewer)).filter((p) => p.startsWith('/area/'));
		await reviewer.goto(`${BASE}${area}/invoices/${invoiceId}`);
		await reviewer.getByRole('button', { name: exactly('invoices.review.check') }).click();
		await reviewer.getByText(anyLanguage('invoices.done.checked')).waitFor();
		await signIn(approver, demoUser('invoice_approver', 'pohjanmaa'));
		await approver.goto(`${BASE}${area}/invoices/${invoiceId}`);
		await approver.getByRole('button', { name: exactly('invoices.approve.submit') }).click();
		await approver.getByText(anyLanguage('invoices.done.approved')).waitFor();

		// Finance credits one day of the first line, with a reason.
		await finance.goto(invoiceUrl);
		await finance.getByRole('link', { name: exactly('credit.summary.partialLink') }).click();
		await finance.waitForURL(/\/credit$/);
		await expectAccessible(finance, 'credit page (provider, phone)');
		await expectNoHorizontalScroll(finance, 'credit page (provider, phone)');
		// Refused first, in the browser before anything is sent: nothing chosen; the page says so and nothing is made.
		const posts: string[] = [];
		finance.on('request', (r) => {
			if (r.method() === 'POST') posts.push(r.url());
		});
		await finance.getByLabel(exactly('credit.reason')).fill('Yksi päivä kirjattiin virheellisesti.');
		await finance.getByRole('button', { name: exactly('credit.submit') }).click();
		await finance.getByText(anyLanguage('invoices.error.nothingToCredit')).waitFor();
		await expectAccessible(finance, 'credit page with an error (provider, phone)');
		// Then more than the line has: the message at the line's number, tied to it for a screen reader.
		const firstLine = finance.locator('ol.lines > li').first();
		await firstLine.getByRole('checkbox').check();
		await firstLine.getByRole('combobox').selectOption('quantity');
		const value = firstLine.getByRole('textbox');
		await value.fill('9999');
		await finance.getByRole('button', { name: exactly('credit.submit') }).click();
		await firstLine.locator('input[aria-invalid=true]').waitFor();
		const describedBy = (await value.getAttribute('aria-describedby')) ?? '';
		assert.match(await finance.locator(`[id="${describedBy}"]`).innerText(), anyLanguage('credit.lineError.overCredit'));
		assert.deepEqual(posts, [], 'nothing was sent');
		await expectAccessible(finance, 'credit page with a line’s error (provider, phone)');
		await value.fill('1');
		await finance.locator('ol.lines > li input[aria-invalid=true]').waitFor({ state: 'detached' });
		await finance.getByRole('button', { name: exactly('credit.submit') }).click();
		await finance.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
		assert.notEqual(finance.url(), invoiceUrl, 'to the new credit note');
		await finance.getByRole('heading', { level: 1, name: anyLanguage('invoices.creditNoteDraft') }).waitFor();
		assert.ok((await finance.locator('main').innerText()).includes('Yksi päivä kirjattiin virheellisesti.'), 'the reason is on the credit note');

		// The original shows what is credited and what remains.
		await finance.goto(invoiceUrl);
		const summary = finance.locator('section').filter({ has: finance.getByRole('heading', { name: exactly('credit.summary.title') }) });
		await summary.getByText(anyLanguage('credit.summary.credited')).waitFor();
		assert.match(await summary.innerText(), anyLanguage('credit.summary.remaining'));
		await expectAccessible(finance, 'credited invoice (provider, phone)');
		await expectNoHorizontalScroll(finance, 'credited invoice (provider, phone)');
	});
});

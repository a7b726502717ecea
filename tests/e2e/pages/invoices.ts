/** The invoice pages: the provider's list, opening page and draft (finance), the area's invoice (reviewer, approver). */
import type { Page } from 'playwright-core';
import { anyLanguage, exactly } from './text';

export class ProviderInvoicesPage {
	constructor(private page: Page) {}

	/** From the list, by its link, to the page where invoices are opened. */
	async toOpening() {
		await this.page.getByRole('link', { name: exactly('invoices.open.link') }).click();
		await this.page.waitForURL(/\/invoices\/open$/);
	}

	/** On the opening page, opens the invoice of `period` (from_until) for the contract numbered `contract`; ends on the draft. */
	async open(contract: string, period: { from: string; until: string }) {
		const row = this.page.locator('li.row').filter({ hasText: contract });
		await row.locator('select[name="period"]').selectOption(`${period.from}_${period.until}`);
		await row.getByRole('button', { name: exactly('invoices.open.submit') }).click();
		await this.page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
	}
}

export class InvoicePage {
	constructor(private page: Page) {}

	text() {
		return this.page.locator('main').innerText();
	}

	/** Presses the button labelled with `key` and waits for the message `done`. */
	async act(key: Parameters<typeof exactly>[0], done: Parameters<typeof anyLanguage>[0]) {
		await this.page.getByRole('button', { name: exactly(key) }).click();
		await this.page.getByText(anyLanguage(done)).waitFor();
	}

	async returnWith(comment: string) {
		await this.page.getByLabel(anyLanguage('invoices.review.comment')).fill(comment);
		await this.act('invoices.review.return', 'invoices.done.returned');
	}

	/** Downloads the export labelled with `key`: its suggested name and its path on disk. */
	async download(key: Parameters<typeof anyLanguage>[0]) {
		const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('link', { name: anyLanguage(key) }).click()]);
		return { name: download.suggestedFilename(), path: await download.path() };
	}
}

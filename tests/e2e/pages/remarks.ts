/** The quality remark pages: the area's filing form and handling, the provider's answer. */
import type { Page } from 'playwright-core';
import { BASE } from '../harness';
import { fi } from './text';

export class RemarkFilingPage {
	constructor(private page: Page) {}

	async open(areaPath: string): Promise<void> {
		await this.page.goto(`${BASE}${areaPath}/remarks`);
		await this.page.getByRole('link', { name: fi('remarks.new') }).click();
		await this.page.getByRole('heading', { level: 1, name: fi('remarks.newTitle') }).waitFor();
	}

	/** Files a remark on the contract with this number; returns the remark page's path. */
	async file(contractNumber: string, r: { category: string; description: string; responseDays: number }): Promise<string> {
		const page = this.page;
		const option = page.locator('select[name=contractId] option', { hasText: contractNumber }).first();
		await page.locator('select[name=contractId]').selectOption((await option.getAttribute('value'))!);
		await page.getByLabel(fi('remarks.category')).selectOption({ label: r.category });
		await page.getByLabel(fi('remarks.description')).fill(r.description);
		await page.getByLabel(fi('remarks.responseDays')).fill(String(r.responseDays));
		await page.getByRole('button', { name: fi('remarks.file') }).click();
		await page.waitForURL(/\/remarks\/[0-9a-f-]{36}\?filed=1$/);
		await page.getByText(fi('remarks.filed')).waitFor();
		return new URL(page.url()).pathname;
	}
}

export class RemarkPage {
	constructor(private page: Page) {}

	async status(): Promise<string> {
		return (await this.page.locator('main p .badge').first().innerText()).trim();
	}

	/** The provider's answer, typed and sent by keyboard only. */
	async answerByKeyboard(a: { explanation: string; correctiveAction: string }): Promise<void> {
		const page = this.page;
		await page.getByLabel(fi('remarks.explanation')).focus();
		await page.keyboard.type(a.explanation);
		await page.keyboard.press('Tab');
		await page.keyboard.type(a.correctiveAction);
		await page.getByRole('button', { name: fi('remarks.answer') }).focus();
		await page.keyboard.press('Enter');
		await page.getByText(fi('remarks.answered')).waitFor();
	}

	async close(comment: string): Promise<void> {
		await this.page.locator('form[action="?/close"] textarea[name=comment]').fill(comment);
		await this.page.getByRole('button', { name: fi('remarks.close') }).click();
		await this.page.getByText(fi('remarks.closed'), { exact: true }).first().waitFor();
	}
}

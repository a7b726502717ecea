/** The area's dashboard and the provider scorecard (issue 18). */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { BASE } from '../harness';
import { fi } from './text';

export class DashboardPage {
	constructor(private page: Page) {}

	/** Opens the dashboard from the area's home page card. */
	async openFrom(workspace: string): Promise<this> {
		await this.page.goto(`${BASE}${workspace}`);
		await this.page.getByRole('link', { name: new RegExp(fi('dashboard.title')) }).click();
		await this.page.getByRole('heading', { level: 1, name: fi('dashboard.title') }).waitFor();
		return this;
	}

	/** Opens one of the dashboard's views by its link (the selection stays). */
	async openView(name: string): Promise<void> {
		const link = this.page.getByRole('navigation', { name: fi('dashboard.views') }).getByRole('link', { name, exact: true });
		await link.click();
		await this.page.waitForFunction((n) => document.querySelector('.view-nav a[aria-current="page"]')?.textContent?.trim() === n, name);
	}

	/** The cells of a table's column by its header text, as shown. */
	async column(tableId: string, header: string): Promise<string[]> {
		const headers = await this.page.locator(`#${tableId} thead th`).allInnerTexts();
		const i = headers.findIndex((h) => h.trim() === header);
		assert.ok(i >= 0, `${tableId} has a column ${header}`);
		return this.page.locator(`#${tableId} tbody tr`).evaluateAll((rows, index) => rows.map((r) => (r.children[index] as HTMLElement).innerText.trim()), i);
	}
}

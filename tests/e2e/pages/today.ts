/** The coach's Today screen (the demo cohort "Työnhakuryhmä Vaasa"), in Finnish. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fi } from './text';

export class TodayPage {
	constructor(private page: Page) {}
	static path = '';
	heading() {
		return this.page.getByRole('heading', { name: 'Työnhakuryhmä Vaasa' });
	}
	async isShown() {
		// On failure, say where the browser is and what it shows.
		await this.heading()
			.waitFor()
			.catch(async (e) => {
				const kept = await this.page
					.evaluate(`caches.open('ptp-offline-pages').then((c) => c.keys()).then((ks) => ks.map((k) => new URL(k.url).pathname + new URL(k.url).search))`)
					.catch(() => 'unknown');
				const body = (
					await this.page
						.locator('body')
						.innerText()
						.catch(() => '')
				).slice(0, 300);
				assert.fail(`${e.message}\nat ${this.page.url()} (kept for offline: ${JSON.stringify(kept)}): ${body}`);
			});
		assert.match(new URL(this.page.url()).pathname, /^\/provider\/[0-9a-f-]{36}\/today$/);
	}
	async showsOffline() {
		await this.isShown();
		await this.page.getByText(fi('attendance.offline')).waitFor();
	}
	/** Waits until the service worker keeps this coach's Today for offline use. */
	async waitKept() {
		const path = new URL(this.page.url()).pathname;
		// waitForFunction does not await a promise (a pending one counts as true): ask until the copy is there.
		for (const until = Date.now() + 30_000; !(await this.page.evaluate(`caches.open('ptp-offline-pages').then((c) => c.match('${path}')).then(Boolean)`));) {
			assert.ok(Date.now() < until, `the service worker keeps ${path}`);
			await this.page.waitForTimeout(100);
		}
	}
	person(name: string) {
		return this.page.getByRole('listitem').filter({ has: this.page.getByText(name, { exact: true }) });
	}
	presentButton(name: string) {
		return this.page.getByRole('button', { name: fi('attendance.markPresentFor', { name }) });
	}
	async markAbsent(name: string, reason: 'sick' | 'unexcused') {
		await this.page.getByRole('button', { name: fi('attendance.markAbsentFor', { name }) }).click();
		await this.page
			.getByRole('group', { name: fi('attendance.reasonFor', { name }) })
			.getByLabel(fi(`absence.reason.${reason}`), { exact: true })
			.check();
		await this.page.getByRole('button', { name: fi('attendance.saveAbsence') }).click();
	}
	async participationId(name: string): Promise<string> {
		// The "present" button's value names the person: `d:<participationId>`.
		return ((await this.presentButton(name).getAttribute('value')) ?? '').split(':')[1];
	}
	/** Everyone of the cohort present, in one tap (one request). */
	async markAllPresent(n: number) {
		await this.page.getByRole('button', { name: fi('attendance.allPresent', { n }) }).click();
	}
	markedOf(marked: number, total: number) {
		return this.page.getByText(fi('attendance.markedOf', { marked, total }));
	}
	/** What the person's row says (status, reason, whether it waits to be sent). */
	async says(name: string): Promise<string> {
		return this.person(name).innerText();
	}
	waiting(n: number) {
		return this.page.getByText(fi('attendance.waiting', { n }));
	}
	allSent() {
		return this.page.getByText(/Kaikki merkinnät tallennettu/);
	}
	refused() {
		return this.page.getByRole('region', { name: fi('attendance.notSaved') });
	}
}

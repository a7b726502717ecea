/** The referral pages: the officer's new referral, the group referral, and the provider's answer; in Finnish. */
import type { Page } from 'playwright-core';

export class NewReferralPage {
	constructor(private page: Page) {}

	async fill(r: { contract: string; customerNumber: string; name: string; phone: string; needs: string; consent: string }) {
		const page = this.page;
		await page.locator('select[name=contractId]').selectOption({ label: r.contract });
		await page.getByLabel('Asiakasnumero').fill(r.customerNumber);
		await page.getByLabel('Nimi', { exact: true }).fill(r.name);
		await this.phone(r.phone);
		await page.getByLabel('Tarpeet lyhyesti').fill(r.needs);
		await page.getByLabel('Mitä suostumus kattaa').fill(r.consent);
	}

	async phone(value: string) {
		await this.page.getByLabel('Puhelin').fill(value);
	}

	customerNumber() {
		return this.page.getByLabel('Asiakasnumero').inputValue();
	}

	async send() {
		await this.page.getByRole('button', { name: 'Lähetä ohjaus' }).click();
	}
}

export class GroupReferralPage {
	constructor(private page: Page) {}

	async fill(g: { contract: string; cohort: string; consent: string; customers: { number: string; name: string }[] }) {
		const page = this.page;
		await page.locator('select[name=contractId]').selectOption({ label: g.contract });
		await page.locator('select[name=cohortId]').selectOption({ label: g.cohort });
		await page.getByLabel('Mitä suostumus kattaa').fill(g.consent);
		for (const [i, c] of g.customers.entries()) {
			const row = page.getByRole('group', { name: `Asiakas ${i + 1}` });
			await row.getByLabel('Asiakasnumero').fill(c.number);
			await row.getByLabel('Nimi').fill(c.name);
		}
	}

	async send() {
		await this.page.getByRole('button', { name: 'Lähetä ohjaus' }).click();
	}
}

export class ReferralAnswerPage {
	constructor(private page: Page) {}

	async accept(a: { start: string; coach: string }) {
		await this.page.getByLabel('Aloituspäivä').fill(a.start);
		await this.page.locator('select[name=coachId]').selectOption({ label: a.coach });
		await this.page.getByRole('button', { name: 'Hyväksy', exact: true }).click();
	}
}

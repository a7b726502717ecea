/** The area's contract pages (new contract, prices, cohorts) and the provider's assignments page, in Finnish. */
import type { Page } from 'playwright-core';

export class NewContractPage {
	constructor(private page: Page) {}

	async fill(c: { provider: string; number: string; name: string; serviceType: string; from: string; until: string; perCohort: string; budget: string }) {
		const page = this.page;
		await page.getByLabel('Palveluntuottaja').selectOption({ label: c.provider });
		// (Exact: "Ostajan viite laskuilla" has a hint that also says "Sopimusnumero".)
		await page.getByLabel('Sopimusnumero', { exact: true }).fill(c.number);
		await page.getByLabel('Nimi', { exact: true }).fill(c.name);
		await page.locator('select[name=serviceType]').selectOption(c.serviceType);
		await page.getByLabel('Alkaa').fill(c.from);
		await page.getByLabel('Päättyy').fill(c.until);
		await page.getByLabel('Enimmäismäärä ryhmää kohden').fill(c.perCohort);
		await this.budget(c.budget);
	}

	async budget(euros: string) {
		await this.page.getByLabel('Sidottu määräraha (euroa)').fill(euros);
	}

	async create() {
		await this.page.getByRole('button', { name: 'Luo sopimus' }).click();
	}
}

export class ContractPage {
	constructor(private page: Page) {}

	async addPrice(p: { unit: string; description: string; unitPrice: string; vatPercent: string }) {
		const page = this.page;
		await page.getByText('Lisää hinta').first().click();
		await page.locator('select[name=unit]').selectOption(p.unit);
		await page.getByLabel('Kuvaus').fill(p.description);
		await page.getByLabel('Yksikköhinta (euroa, ilman ALV:ia)').fill(p.unitPrice);
		await page.getByLabel('ALV-prosentti').fill(p.vatPercent);
		await page.getByRole('button', { name: 'Lisää hinta' }).click();
	}

	cohortForm() {
		return this.page.locator('form[action="?/add_cohort"]');
	}

	async fillCohort(c: { name: string; from: string; until: string; place: string; capacity: string }) {
		await this.page.getByText('Lisää ryhmä').first().click();
		await this.page.getByLabel('Ryhmän nimi').fill(c.name);
		const form = this.cohortForm();
		await form.getByLabel('Alkaa', { exact: true }).fill(c.from);
		await form.getByLabel('Päättyy', { exact: true }).fill(c.until);
		await form.getByLabel('Paikka', { exact: true }).fill(c.place);
		await this.capacity(c.capacity);
	}

	async capacity(n: string) {
		await this.cohortForm().getByLabel('Kapasiteetti', { exact: true }).fill(n);
	}

	async addCohort() {
		await this.cohortForm().getByRole('button', { name: 'Lisää ryhmä' }).click();
	}
}

export class AssignmentsPage {
	constructor(private page: Page) {}

	async assign(person: string, contract: string) {
		await this.page.getByLabel('Työntekijä').selectOption({ label: person });
		await this.page.locator('select[name=contractId]').selectOption({ label: contract });
		await this.page.getByRole('button', { name: 'Tallenna kohdistus' }).click();
	}
}

/** The coach's ARVI form (in Finnish) and the case officer's review page (in the officer's own language). */
import type { Page } from 'playwright-core';
import { anyLanguage, exactly, fi } from './text';

export class ArviFormPage {
	constructor(private page: Page) {}

	activities() {
		return this.page.getByLabel(fi('arvi.doc.activities'));
	}

	/** Every required field of the form, filled; `day` is the situation's start and the day reviewed with the customer. */
	async fillTheRest(day: string, nextStepReason: string) {
		const page = this.page;
		await page.getByLabel(fi('arvi.doc.skills')).fill('Asiakaspalvelu, tiimityö, tarkkuus.');
		await page.getByLabel(fi('arvi.doc.suitableWork')).fill('Myyjä, asiakaspalvelutehtävät.');
		await page.getByLabel(fi('arvi.doc.readiness')).selectOption('ready');
		// (A label around a select also holds the options' text, so the short ones are found by name.)
		await page.locator('select[name="situation"]').selectOption('job_seeker');
		await page.getByLabel(fi('arvi.doc.situationFrom')).fill(day);
		await page.getByLabel(fi('arvi.doc.nextStep.kind')).selectOption('job');
		await this.nextStepReason(nextStepReason);
		await page.getByLabel(fi('arvi.doc.customerView')).fill('Sain paljon varmuutta haastatteluihin.');
		await page.getByLabel(fi('arvi.doc.reviewedOn'), { exact: true }).fill(day);
		await page.locator('select[name="reviewedHow"]').selectOption('in_person');
	}

	async nextStepReason(text: string) {
		await this.page.getByLabel(fi('arvi.doc.nextStep.reason')).fill(text);
	}

	async submit() {
		await this.page.getByRole('button', { name: fi('arvi.submit') }).click();
	}
}

export class ArviReviewPage {
	constructor(private page: Page) {}

	text() {
		return this.page.locator('main').innerText();
	}

	async returnWith(comment: string) {
		await this.page.getByLabel(anyLanguage('arvi.comment')).fill(comment);
		await this.return();
	}

	async return() {
		await this.page.getByRole('button', { name: exactly('arvi.return') }).click();
	}

	async accept() {
		await this.page.getByRole('button', { name: exactly('arvi.accept') }).click();
	}
}

/**
 * Contracts: the area's admin creates one with a price and a cohort (bad input refused and explained on the
 * way), the provider's coach reads it on a phone and cannot change it nor open the area's URL of it; the
 * provider's admin assigns a coach to a contract on a phone.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { AssignmentsPage, ContractPage, NewContractPage } from './pages/contracts';
import { demoUser, DESKTOP, newPage } from './pages/people';
import { SignInPage } from './pages/sign-in';

const { browser } = serverAndBrowser();

describe('contracts', () => {
	it('an area admin creates a contract with a price and a cohort; the provider’s coach reads it on a phone', async () => {
		const page = await newPage(browser(), DESKTOP);
		const phone = await newPage(browser());
		try {
			const area = await (await new SignInPage(page).signIn(demoUser('area_admin', 'pohjanmaa'))).workspace('area');
			await page.goto(`${BASE}${area}/providers`);
			await expectAccessible(page, 'provider register');
			await page.getByRole('link', { name: 'Valmennus Pohjola Oy' }).click();
			await page.waitForURL(/\/providers\/[0-9a-f-]{36}$/);
			await expectAccessible(page, 'provider details');

			await page.goto(`${BASE}${area}/contracts`);
			await expectAccessible(page, 'contract list (area)');
			await page.getByRole('link', { name: 'Uusi sopimus' }).click();
			await page.waitForURL(/\/contracts\/new/);
			await expectAccessible(page, 'new contract');
			const form = new NewContractPage(page);
			// Bad input first: a budget that is not money is refused with a message and nothing is created.
			await form.fill({
				provider: 'Valmennus Pohjola Oy',
				number: 'POH-E2E-001',
				name: 'Ammatillinen koulutus: logistiikka',
				serviceType: 'vocational_training',
				from: '2026-01-01',
				until: '2026-12-31',
				perCohort: '12',
				budget: 'paljon'
			});
			await form.create();
			await assert.doesNotReject(page.getByText('Anna summa euroina, esim. 12 500,00.').waitFor());
			await form.budget('150 000,00');
			await form.create();
			await page.waitForURL(/\/contracts\/[0-9a-f-]{36}\?saved=1$/);
			const contractPath = new URL(page.url()).pathname;
			await expectAccessible(page, 'contract page (area admin)');

			const contract = new ContractPage(page);
			await contract.addPrice({ unit: 'participant_day', description: 'Opiskelijatyöpäivä', unitPrice: '88,50', vatPercent: '0' });
			await assert.doesNotReject(page.getByText(/88,50\s€ \/ opiskelijatyöpäivä/).waitFor());

			// More places than the contract allows per cohort: refused, explained.
			await contract.fillCohort({ name: 'Logistiikka syksy', from: '2026-08-17', until: '2026-12-18', place: 'Vaasa', capacity: '13' });
			await contract.addCohort();
			await assert.doesNotReject(page.getByText('Ryhmän koko ylittää sopimuksen enimmäismäärän ryhmää kohden.').waitFor());
			await contract.capacity('12');
			await contract.addCohort();
			await assert.doesNotReject(page.getByText('Logistiikka syksy').first().waitFor());
			assert.ok((await page.getByText('Ryhmä lisättiin').count()) >= 1, 'the change log shows the cohort');
			await expectAccessible(page, 'contract page after changes');

			// The coach of that provider, assigned to the area, reads the same contract on a phone.
			const provider = await (await new SignInPage(phone).signIn(demoUser('coach', 'pohjola'), { axe: false })).workspace('provider');
			await phone.goto(`${BASE}${provider}/contracts?q=logistiikka`);
			await expectAccessible(phone, 'contract list (provider, phone)');
			await expectNoHorizontalScroll(phone, 'contract list (provider, phone)');
			await phone.getByRole('link', { name: /POH-E2E-001/ }).click();
			await phone.waitForURL(/\/provider\/.*\/contracts\/[0-9a-f-]{36}$/);
			assert.ok(await phone.getByText('Logistiikka syksy').isVisible());
			assert.ok(await phone.getByText(/88,50\s€ \/ opiskelijatyöpäivä/).isVisible());
			assert.equal(await phone.getByRole('button', { name: 'Lisää hinta' }).count(), 0, 'the provider cannot change the contract');
			await expectAccessible(phone, 'contract page (provider, phone)');
			await expectNoHorizontalScroll(phone, 'contract page (provider, phone)');
			// The area's URL of the same contract is not the coach's to open.
			const areaUrl = await phone.goto(`${BASE}${contractPath}`);
			assert.equal(areaUrl?.status(), 403);
		} finally {
			await page.context().close();
			await phone.context().close();
		}
	});

	it('a provider admin assigns a coach to a contract on a phone', async () => {
		const page = await newPage(browser());
		try {
			const provider = await (await new SignInPage(page).signIn(demoUser('provider_admin', 'pohjola'))).workspace('provider');
			await page.goto(`${BASE}${provider}/assignments`);
			await expectAccessible(page, 'assignments');
			await expectNoHorizontalScroll(page, 'assignments');
			await new AssignmentsPage(page).assign('Eero Lehtonen', 'KS-2026-005 Uravalmennus, Jyväskylä');
			await assert.doesNotReject(page.getByText('Kohdistus tallennettiin.').waitFor());
			assert.ok((await page.getByText('KS-2026-005 Uravalmennus, Jyväskylä').count()) >= 1);
		} finally {
			await page.context().close();
		}
	});
});

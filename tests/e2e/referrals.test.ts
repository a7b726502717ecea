/**
 * Referrals: the case officer refers a customer (a bad phone number is refused, what was typed is kept),
 * the provider's admin accepts on a phone with a coach and a start day, the coach sees the customer and the
 * officer the answer; an area admin refers two customers to a cohort in one go.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate } from '../../src/lib/i18n/format';
import { addDays } from '../../src/lib/domain/clock';
import { BASE, DEMO_DAY, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { demoUser, DESKTOP, newPage } from './pages/people';
import { GroupReferralPage, NewReferralPage, ReferralAnswerPage } from './pages/referrals';
import { SignInPage } from './pages/sign-in';

const { browser } = serverAndBrowser();

describe('referrals', () => {
	it('officer refers, the provider admin accepts on a phone with a coach, the coach sees the customer, the officer sees the answer', async () => {
		// A Monday twelve days on.
		const start = addDays(DEMO_DAY, 12);
		const desk = await newPage(browser(), DESKTOP);
		const phone = await newPage(browser());
		const coachPhone = await newPage(browser());
		try {
			const home = await new SignInPage(desk).signIn(demoUser('case_officer', 'pohjanmaa'));
			// This officer works in Swedish; the assertions below read Finnish.
			await home.switchLanguage('Suomi');
			const area = await home.workspace('area');
			await desk.goto(`${BASE}${area}/referrals/new`);
			await expectAccessible(desk, 'new referral');
			const referral = new NewReferralPage(desk);
			// A phone number that is not one: refused, explained, nothing sent, what was typed kept.
			await referral.fill({
				contract: 'POH-2026-014 Työnhakuvalmennus, Vaasan seutu',
				customerNumber: 'VAA-E2E-1',
				name: 'Aino Esimerkki',
				phone: 'soita aamulla',
				needs: 'Työnhaun suunnitelma ja CV',
				consent: 'Yhteystiedot ja tarpeet palveluntuottajalle'
			});
			await referral.send();
			await assert.doesNotReject(desk.getByText('Puhelinnumero ei ole kelvollinen.').waitFor());
			assert.equal(await referral.customerNumber(), 'VAA-E2E-1');
			await referral.phone('+358 40 765 4321');
			await referral.send();
			await desk.waitForURL(/\/referrals\/[0-9a-f-]{36}\?created=1$/);
			const referralPath = new URL(desk.url()).pathname;
			assert.ok(await desk.getByText('Odottaa vastausta').first().isVisible());
			await expectAccessible(desk, 'referral (officer)');

			const provider = await (await new SignInPage(phone).signIn(demoUser('provider_admin', 'pohjola'), { axe: false })).workspace('provider');
			await phone.goto(`${BASE}${provider}/referrals`);
			await expectAccessible(phone, 'incoming referrals (phone)');
			await expectNoHorizontalScroll(phone, 'incoming referrals (phone)');
			await phone.getByRole('link', { name: 'Aino Esimerkki' }).click();
			await phone.waitForURL(/\/provider\/.*\/referrals\/[0-9a-f-]{36}$/);
			await expectAccessible(phone, 'referral (provider, phone)');
			await expectNoHorizontalScroll(phone, 'referral (provider, phone)');
			await new ReferralAnswerPage(phone).accept({ start, coach: 'Eero Lehtonen' });
			await assert.doesNotReject(phone.getByText('Ohjaus hyväksyttiin.').waitFor());

			const coachProvider = await (await new SignInPage(coachPhone).signIn(demoUser('coach', 'pohjola'), { axe: false })).workspace('provider');
			await coachPhone.goto(`${BASE}${coachProvider}/referrals?status=accepted`);
			await coachPhone.getByRole('link', { name: 'Aino Esimerkki' }).click();
			await assert.doesNotReject(coachPhone.getByText(`Osallistuminen alkaa ${formatDate(start, 'fi')}, vastuuvalmentaja Eero Lehtonen`).waitFor());

			await desk.goto(`${BASE}${referralPath}`);
			assert.ok(await desk.getByText('Hyväksytty').first().isVisible());
			assert.ok(await desk.getByText(/vastuuvalmentaja Eero Lehtonen/).isVisible());
		} finally {
			await desk.context().close();
			await phone.context().close();
			await coachPhone.context().close();
		}
	});

	it('an area admin refers two customers to a cohort in one go', async () => {
		const page = await newPage(browser(), DESKTOP);
		try {
			const area = await (await new SignInPage(page).signIn(demoUser('area_admin', 'pohjanmaa'))).workspace('area');
			await page.goto(`${BASE}${area}/referrals/import`);
			await expectAccessible(page, 'referral import');
			await page.goto(`${BASE}${area}/referrals/group`);
			await expectAccessible(page, 'group referral');
			const group = new GroupReferralPage(page);
			await group.fill({
				contract: 'POH-2026-021 Kotoutumiskoulutus / Integrationsutbildning, ruotsinkielinen',
				cohort: 'Integration Jakobstad, höst',
				consent: 'Yhteystiedot kouluttajalle',
				customers: [
					{ number: 'GR-1', name: 'Ahmed Ali' },
					{ number: 'GR-2', name: 'Olena Koval' }
				]
			});
			await group.send();
			await page.waitForURL(/\/referrals\?created=2$/);
			assert.ok(await page.getByText('Ohjauksia lähetettiin: 2.').isVisible());
			assert.ok(await page.getByRole('link', { name: 'Olena Koval' }).isVisible());
		} finally {
			await page.context().close();
		}
	});
});

/**
 * Quality remarks (issue 19): the area's admin files a remark on a contract on a 360 px phone; the provider's admin,
 * on a phone, finds it from the notification, answers by keyboard; the area closes it. Both sides see every step in
 * the history. axe on each page, no sideways scrolling.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { demoUser, newPage } from './pages/people';
import { RemarkFilingPage, RemarkPage } from './pages/remarks';
import { SignInPage } from './pages/sign-in';
import { fi } from './pages/text';

const { browser } = serverAndBrowser();

describe('quality remarks', () => {
	it('the area files a remark, the provider answers on a phone, the area closes it', async () => {
		const area = await newPage(browser());
		const provider = await newPage(browser());
		try {
			const areaPath = await (await new SignInPage(area).signIn(demoUser('area_admin', 'pohjanmaa'), { axe: false })).workspace('area');
			const filing = new RemarkFilingPage(area);
			await filing.open(areaPath);
			await expectAccessible(area, 'remark filing form (phone)');
			await expectNoHorizontalScroll(area, 'remark filing form (phone)');
			const description = 'Ryhmävalmennus alkoi kolme kertaa myöhässä marraskuussa.';
			const areaRemarkPath = await filing.file('POH-2026-014', { category: fi('remarks.category.schedule'), description, responseDays: 5 });
			const remarkId = areaRemarkPath.split('/').pop()!;
			const areaPage = new RemarkPage(area);
			assert.equal(await areaPage.status(), fi('remarks.status.open'));
			await expectAccessible(area, 'remark (area, open)');
			await expectNoHorizontalScroll(area, 'remark (area, open)');

			// The provider's admin is told in the app and opens the remark from the notification.
			const providerPath = await (await new SignInPage(provider).signIn(demoUser('provider_admin', 'pohjola'), { axe: false })).workspace('provider');
			await provider.goto(`${BASE}/notifications`);
			// The line goes through /notifications/open (which marks it read) to the remark itself.
			await provider.locator('a[href^="/notifications/open?kind=remark_new"]').first().click();
			await provider.waitForURL(new RegExp(`${providerPath}/remarks/${remarkId}$`));
			await provider.getByText(description).waitFor();
			await expectAccessible(provider, 'remark (provider, phone)');
			await expectNoHorizontalScroll(provider, 'remark (provider, phone)');
			const providerPage = new RemarkPage(provider);
			await providerPage.answerByKeyboard({ explanation: 'Kouluttaja sairastui, sijaista ei ollut.', correctiveAction: 'Kaksi varakouluttajaa nimetty.' });
			assert.equal(await providerPage.status(), fi('remarks.status.answered'));
			await expectAccessible(provider, 'remark (provider, answered)');
			// The list shows it answered.
			await provider.goto(`${BASE}${providerPath}/remarks`);
			await expectAccessible(provider, 'remarks list (provider, phone)');
			await expectNoHorizontalScroll(provider, 'remarks list (provider, phone)');

			// The area reads the answer and closes the remark.
			await area.goto(`${BASE}${areaRemarkPath}`);
			await area.getByText('Kaksi varakouluttajaa nimetty.').waitFor();
			await expectAccessible(area, 'remark (area, answered)');
			await areaPage.close('Selvitys hyväksytty.');
			assert.equal(await areaPage.status(), fi('remarks.status.closed'));
			await expectAccessible(area, 'remark (area, closed)');
			await expectNoHorizontalScroll(area, 'remark (area, closed)');
			const history = await area.locator('ol.history > li > strong').allInnerTexts();
			assert.deepEqual(history, [fi('remarks.event.filed'), fi('remarks.event.answered'), fi('remarks.event.closed')]);

			// The provider sees it closed.
			await provider.goto(`${BASE}${providerPath}/remarks/${remarkId}`);
			assert.equal(await providerPage.status(), fi('remarks.status.closed'));
		} finally {
			await area.context().close();
			await provider.context().close();
		}
	});
});

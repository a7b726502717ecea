/**
 * ARVI on a phone, the draft offline too: the coach records that a participation ended today and writes its
 * ARVI (offline, kept on the phone across a reload, sent by itself when back online), sending an incomplete
 * one says what is missing; the case officer returns it with a comment, the coach resubmits, the officer
 * accepts version 2; the PDF downloads and version 1 stays readable.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, DEMO_DAY, expectAccessible, expectNoHorizontalScroll, launchPersistent, serverAndBrowser } from './harness';
import { ArviFormPage, ArviReviewPage } from './pages/arvi';
import { demoUser, DESKTOP, newPage, PHONE } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { anyLanguage, fi } from './pages/text';

const { browser } = serverAndBrowser();

describe('ARVI on a phone, offline draft too', () => {
	it('a coach completes a participation and writes the ARVI (offline, then online), the officer returns it, the coach resubmits, the officer accepts; the PDF downloads', async () => {
		const { context, close } = await launchPersistent({ ...PHONE, acceptDownloads: true });
		const desk = await newPage(browser(), { ...DESKTOP, acceptDownloads: true });
		try {
			const page = await context.newPage();
			const provider = await (await new SignInPage(page).signIn(demoUser('coach', 'pohjola'))).workspace('provider');

			// The coach records that Sari Niemi's participation ended today; her ARVI is then due.
			await page.goto(`${BASE}${provider}/participations?mine=0`);
			await page.getByRole('link', { name: 'Sari Niemi' }).click();
			await page.waitForURL(/\/participations\/[0-9a-f-]{36}$/);
			await page.getByText(fi('participations.completeTitle')).click();
			await page.getByRole('button', { name: fi('participations.completeSubmit') }).click();
			await assert.doesNotReject(page.getByText(fi('participations.done.complete')).waitFor());
			await page.getByRole('link', { name: new RegExp(`^${fi('arvi.openArvi')}`) }).click();
			await page.waitForURL(/\/arvi\/[0-9a-f-]{36}$/);
			const arviUrl = page.url();
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
			// Loaded again under the service worker, which keeps the form for offline use.
			await page.reload();
			const form = new ArviFormPage(page);
			await assert.doesNotReject(form.activities().waitFor());
			await expectAccessible(page, 'ARVI form (phone)');
			await expectNoHorizontalScroll(page, 'ARVI form (phone)');

			// Offline: what is typed is kept on the phone, and survives a reload without a network.
			await context.setOffline(true);
			const activities = 'Ryhmävalmennus kolmena päivänä viikossa: CV, työhakemukset ja haastatteluharjoitukset.';
			await form.activities().fill(activities);
			await assert.doesNotReject(page.getByText(fi('arvi.autosave.device')).waitFor());
			await page.reload();
			await assert.doesNotReject(page.getByText(fi('arvi.autosave.restored')).waitFor());
			assert.equal(await form.activities().inputValue(), activities);
			// Back online: the draft goes to the server by itself.
			await context.setOffline(false);
			await page.evaluate('window.dispatchEvent(new Event("online"))');
			await assert.doesNotReject(page.getByText(/Luonnos tallennettu/).waitFor({ timeout: 30_000 }));

			// Sending an incomplete ARVI says what is missing, field by field.
			await form.submit();
			await assert.doesNotReject(page.getByText(fi('arvi.error.incomplete')).waitFor());
			assert.ok((await page.getByText(fi('errors.arviRequired')).count()) >= 5);
			await expectAccessible(page, 'ARVI form with errors (phone)');

			await form.fillTheRest(DEMO_DAY, 'Hakee myyjän paikkoja; valmiudet ovat hyvät.');
			await form.submit();
			await assert.doesNotReject(page.getByText(fi('arvi.submitted')).waitFor());
			await assert.doesNotReject(page.getByText(fi('arvi.status.submitted'), { exact: true }).first().waitFor());

			// The case officer finds it in the inbox and returns it with a comment (one is required).
			const area = await (await new SignInPage(desk).signIn(demoUser('case_officer', 'pohjanmaa'))).workspace('area');
			await desk.goto(`${BASE}${area}/arvi`);
			await expectAccessible(desk, 'ARVI inbox (area)');
			await desk.getByRole('link', { name: /Sari Niemi/ }).click();
			await desk.waitForURL(/\/arvi\/[0-9a-f-]{36}$/);
			await expectAccessible(desk, 'ARVI review (area)');
			const review = new ArviReviewPage(desk);
			assert.ok((await review.text()).includes(activities), 'the officer reads what the coach wrote');
			await review.return();
			await assert.doesNotReject(desk.getByText(anyLanguage('arvi.error.commentRequired')).first().waitFor());
			await review.returnWith('Lisää suositukseen, millaisia työpaikkoja asiakas hakee.');
			await assert.doesNotReject(desk.getByText(anyLanguage('arvi.returnedDone')).waitFor());

			// The coach sees the comment, corrects and sends again: version 2.
			await page.goto(arviUrl);
			await assert.doesNotReject(page.getByText('Lisää suositukseen, millaisia työpaikkoja asiakas hakee.').first().waitFor());
			await expectAccessible(page, 'ARVI returned (phone)');
			await form.nextStepReason('Hakee myyjän ja kassan paikkoja Vaasan keskustan liikkeistä.');
			await form.submit();
			await assert.doesNotReject(page.getByText(fi('arvi.submitted')).waitFor());
			await assert.doesNotReject(page.getByText(fi('arvi.versionShort', { n: 2 }), { exact: true }).waitFor());

			// The officer accepts version 2; version 1 stays readable; the PDF downloads.
			await desk.reload();
			assert.ok((await review.text()).includes('Vaasan keskustan liikkeistä'));
			await review.accept();
			await assert.doesNotReject(desk.getByText(anyLanguage('arvi.acceptedDone')).waitFor());
			const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('link', { name: anyLanguage('arvi.pdf') }).click()]);
			assert.equal((await readFile(await download.path())).subarray(0, 5).toString(), '%PDF-');
			assert.match(download.suggestedFilename(), /^ARVI-.*-v2\.pdf$/);
			await desk.getByRole('link', { name: anyLanguage('arvi.viewVersion', { n: 1 }) }).click();
			await assert.doesNotReject(desk.getByText(anyLanguage('arvi.showingVersion', { n: 1 })).waitFor());
			assert.ok((await review.text()).includes('Hakee myyjän paikkoja; valmiudet ovat hyvät.'), 'version 1 reads as it was sent');
			await expectAccessible(desk, 'ARVI earlier version (area)');
		} finally {
			await desk.context().close();
			await context.setOffline(false);
			await close();
		}
	});
});

/**
 * Anonymous participant feedback (issue 19) on phones: the coach records that a participation ended and shows the
 * feedback invitation as a QR code and a short link; the participant opens the link in a browser of their own,
 * without signing in, and answers (by keyboard, in plain Finnish, in Swedish); a used link says it cannot be used.
 * The area sends one invitation by the channel it chooses. The area's results say "fewer than 5 answers" until the
 * fifth answer, then show the figures. axe and no sideways
 * scrolling at 360 px on every new page.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { BASE, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { demoUser, newPage } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { fi } from './pages/text';
import { translate } from '../../src/lib/i18n';
import { plainFi, type PublicFeedbackKey } from '../../src/lib/i18n/parts/feedback/plain-fi';
import { FEEDBACK_QUESTION_PUBLIC_KEY, FEEDBACK_SCALE_KEY } from '../../src/lib/i18n/labels/feedback';

const { browser } = serverAndBrowser();

const GROUP = ['Sari Niemi', 'Ahmed Farah', 'Tiina Laaksonen', 'Oskari Rinne', 'Maria Björklund'];

/** The coach completes `name`'s participation today and shows the feedback QR code: the short link. */
async function endAndShow(page: Page, provider: string, name: string, check: boolean): Promise<string> {
	await page.goto(`${BASE}${provider}/participations?mine=0`);
	await page.getByRole('link', { name }).click();
	await page.waitForURL(/\/participations\/[0-9a-f-]{36}$/);
	await page.getByText(fi('participations.completeTitle')).click();
	await page.getByRole('button', { name: fi('participations.completeSubmit') }).click();
	await page.getByText(fi('participations.done.complete')).waitFor();
	await page.getByRole('heading', { name: fi('feedback.title') }).waitFor();
	await page.getByRole('button', { name: fi('feedback.show') }).click();
	await page.locator('[data-testid=feedback-qr] svg').waitFor();
	if (check) {
		await expectAccessible(page, 'participation with the feedback QR code');
		await expectNoHorizontalScroll(page, 'participation with the feedback QR code');
	}
	const link = (await page.getByTestId('feedback-link').innerText()).trim();
	assert.match(link, /\/f\/[a-z2-7]{32}$/);
	return link;
}

/** The participant's own phone: a fresh browser, nobody signed in. */
async function participantPhone(b: Browser): Promise<Page> {
	return newPage(b);
}

/** Chooses an answer to each question by clicking its label and sends. */
async function answerByTapping(page: Page, words: (key: PublicFeedbackKey) => string, choice: 1 | 2 | 3 | 4 | 5) {
	for (const q of ['content', 'coachSupport', 'usefulness', 'recommend'] as const) {
		const group = page.getByRole('group', { name: words(FEEDBACK_QUESTION_PUBLIC_KEY[q]) });
		await group.getByText(words(FEEDBACK_SCALE_KEY[choice]), { exact: true }).click();
	}
	await page.getByRole('button', { name: words('feedback.public.submit') }).click();
	await page.getByRole('heading', { name: words('feedback.public.thanks') }).waitFor();
}

describe('participant feedback', () => {
	it('coach shows a QR code, participants answer without signing in, results appear with the fifth answer', async () => {
		const coachPage = await newPage(browser());
		const deskPage = await newPage(browser());
		const phones: Page[] = [];
		try {
			const provider = await (await new SignInPage(coachPage).signIn(demoUser('coach', 'pohjola'), { axe: false })).workspace('provider');
			const links: string[] = [];
			for (const [i, name] of GROUP.entries()) links.push(await endAndShow(coachPage, provider, name, i === 0));

			// 1: by keyboard only, in Finnish; checked with axe and at 360 px, also when something is missing.
			const first = await participantPhone(browser());
			phones.push(first);
			await first.goto(links[0]);
			await first.getByRole('heading', { level: 1, name: fi('feedback.public.title') }).waitFor();
			assert.equal(await first.getByRole('link', { name: fi('nav.signOut') }).count(), 0, 'nobody is signed in');
			await expectAccessible(first, 'public feedback page');
			await expectNoHorizontalScroll(first, 'public feedback page');
			for (const q of ['content', 'coachSupport'] as const) {
				const group = first.getByRole('group', { name: fi(FEEDBACK_QUESTION_PUBLIC_KEY[q]) });
				await group.getByRole('radio').first().focus();
				// Arrow keys move within a radio group and choose: from 1 to 4.
				for (let k = 0; k < 3; k++) await first.keyboard.press('ArrowDown');
			}
			await first.getByRole('textbox').focus();
			await first.keyboard.type('Hyvät harjoitukset.');
			await first.getByRole('button', { name: fi('feedback.public.submit') }).focus();
			await first.keyboard.press('Enter');
			// Two questions without an answer: the browser asks for them (required), nothing is sent.
			assert.equal(await first.getByRole('heading', { name: fi('feedback.public.thanks') }).count(), 0);
			for (const q of ['usefulness', 'recommend'] as const) {
				await first
					.getByRole('group', { name: fi(FEEDBACK_QUESTION_PUBLIC_KEY[q]) })
					.getByRole('radio')
					.first()
					.focus();
				await first.keyboard.press('Space');
			}
			await first.getByRole('button', { name: fi('feedback.public.submit') }).focus();
			await first.keyboard.press('Enter');
			await first.getByRole('heading', { name: fi('feedback.public.thanks') }).waitFor();
			await expectAccessible(first, 'feedback thanks');

			// The same link again: "cannot be used" (as for an unknown or expired one).
			await first.goto(links[0]);
			await first.getByRole('heading', { level: 1, name: fi('feedback.public.unavailable') }).waitFor();
			await expectAccessible(first, 'feedback link that cannot be used');

			// 2: in plain Finnish.
			const second = await participantPhone(browser());
			phones.push(second);
			await second.goto(links[1]);
			await second.getByRole('link', { name: plainFi['feedback.public.plain'] }).click();
			await second.getByRole('heading', { level: 1, name: plainFi['feedback.public.title'] }).waitFor();
			await expectAccessible(second, 'public feedback page in plain Finnish');
			await expectNoHorizontalScroll(second, 'public feedback page in plain Finnish');
			await answerByTapping(second, (k) => plainFi[k], 5);

			// 3: in Swedish, through the language buttons.
			const third = await participantPhone(browser());
			phones.push(third);
			await third.goto(links[2]);
			await third.getByRole('button', { name: 'Svenska' }).click();
			await third.getByRole('heading', { level: 1, name: translate('sv', 'feedback.public.title') }).waitFor();
			await answerByTapping(third, (k) => translate('sv', k), 3);

			// 4: in Finnish.
			const fourth = await participantPhone(browser());
			phones.push(fourth);
			await fourth.goto(links[3]);
			await answerByTapping(fourth, (k) => fi(k), 4);

			// The area's admin: four answers are "fewer than 5".
			const area = await (await new SignInPage(deskPage).signIn(demoUser('area_admin', 'pohjanmaa'), { axe: false })).workspace('area');
			await deskPage.goto(`${BASE}${area}`);
			await deskPage.getByRole('link', { name: new RegExp(fi('feedback.title')) }).click();
			await deskPage.getByRole('heading', { level: 1, name: fi('feedback.title') }).waitFor();
			assert.ok((await deskPage.getByText(fi('feedback.fewer')).count()) >= 1, 'fewer than 5 answers');
			assert.equal(await deskPage.getByText(fi('feedback.col.rate')).count(), 0, 'no figure is shown');
			// The free text waits for the admin's review; nobody else sees it yet.
			await deskPage.getByRole('heading', { name: fi('feedback.pending') }).waitFor();

			// The sixth: his service ends too, and the area sends his invitation. It chooses the channel: e-mail is on
			// record; text messages are not in use here, so that choice is off and says why.
			await endAndShow(coachPage, provider, 'Mikko Heikkinen', false);
			await deskPage.goto(`${BASE}${area}/participations?status=completed`);
			await deskPage.getByRole('link', { name: 'Mikko Heikkinen' }).click();
			await deskPage.waitForURL(/\/participations\/[0-9a-f-]{36}$/);
			const channels = deskPage.getByRole('group', { name: fi('feedback.channel') });
			await channels.waitFor();
			assert.equal(await channels.getByRole('radio', { name: fi('feedback.channel.email') }).isChecked(), true);
			assert.equal(await channels.getByRole('radio', { name: new RegExp(fi('feedback.channel.sms')) }).isDisabled(), true);
			await channels.getByText(fi('feedback.channel.smsOff'), { exact: false }).waitFor();
			await expectAccessible(deskPage, 'participation with the feedback sending form (area)');
			await expectNoHorizontalScroll(deskPage, 'participation with the feedback sending form (area)');
			await deskPage.getByRole('button', { name: fi('feedback.send') }).click();
			await deskPage.getByText(fi('feedback.sent')).waitFor();

			// 5: the fifth answer.
			const fifth = await participantPhone(browser());
			phones.push(fifth);
			await fifth.goto(links[4]);
			await answerByTapping(fifth, (k) => fi(k), 4);

			await deskPage.goto(`${BASE}${area}`);
			await deskPage.getByRole('link', { name: new RegExp(fi('feedback.title')) }).click();
			await deskPage.getByRole('heading', { level: 1, name: fi('feedback.title') }).waitFor();
			await deskPage.reload();
			await deskPage.getByText(fi('feedback.col.rate')).first().waitFor();
			assert.ok((await deskPage.getByText(fi('feedback.percent', { n: 71 })).count()) >= 1, '5 of the 7 invited answered');
			await expectAccessible(deskPage, 'feedback results');
			await expectNoHorizontalScroll(deskPage, 'feedback results');

			// The admin releases the free text; it is then shown as a released comment.
			await deskPage
				.getByRole('button', { name: fi('feedback.release') })
				.first()
				.click();
			await deskPage.getByText(fi('feedback.released')).waitFor();
			await deskPage.locator('blockquote', { hasText: 'Hyvät harjoitukset.' }).waitFor();
		} finally {
			for (const p of [coachPage, deskPage, ...phones]) await p.context().close();
		}
	});
});

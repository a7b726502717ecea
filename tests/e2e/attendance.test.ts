/**
 * Attendance on a phone: the coach marks the cohort online, more offline, reloads offline, and the server
 * gets every mark once; the customer's calendar and absence report; signing out clears the phone; the case
 * officer decides on the notice of the unexcused absence. Without JavaScript, an absence is a link to that
 * one person's reason form. The demo leaves today (DEMO_DAY) unmarked and has every earlier day marked.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '../../src/lib/domain/clock';
import { formatDate } from '../../src/lib/i18n/format';
import { BASE, DEMO_DAY, expectAccessible, expectNoHorizontalScroll, launchPersistent, serverAndBrowser } from './harness';
import { demoUser, DESKTOP, newPage, PHONE } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { TodayPage } from './pages/today';
import { anyLanguage, exactly, fi } from './pages/text';

const { browser } = serverAndBrowser();
const absentFor = (reason: 'unexcused' | 'sick' | 'agreed_leave') => new RegExp(`${fi('attendance.absent')}: ${fi(`absence.reason.${reason}`)}`);

describe('attendance on a phone, offline too', () => {
	it("a coach's Today lists a colleague's group of the day by name; a tap opens that group alone, and back", async () => {
		const page = await newPage(browser(), PHONE);
		try {
			const provider = await (await new SignInPage(page).signIn(demoUser('coach', 'pohjola'))).workspace('provider');
			await page.goto(`${BASE}${provider}/today`);
			const today = new TodayPage(page);
			await today.heading().waitFor();
			const others = page.getByRole('region', { name: fi('attendance.otherGroups') });
			await others.waitFor();
			// The colleague's group by name, time and place: none of its people is on the coach's own page.
			assert.match(await others.innerText(), /Työnhakuryhmä Palosaari\s+08:30–15:00 · Vaasa, Palosaarentie 58/);
			assert.equal(await page.getByText('Juha Mäkelä').count(), 0);
			await expectAccessible(page, 'today with other groups (phone)');
			await expectNoHorizontalScroll(page, 'today with other groups (phone)');

			// By keyboard: the group's link opens it alone, unmarked, with its people's one-tap marks.
			await others.getByRole('link', { name: 'Työnhakuryhmä Palosaari' }).focus();
			await page.keyboard.press('Enter');
			await page.getByRole('heading', { name: 'Työnhakuryhmä Palosaari' }).waitFor();
			assert.match(page.url(), /\/today\?group=[0-9a-f-]{36}$/);
			await new TodayPage(page).markedOf(0, 2).waitFor();
			assert.equal(await today.heading().count(), 0, "the coach's own group is among the other groups now");
			assert.equal(await page.getByRole('button', { name: fi('attendance.markPresentFor', { name: 'Juha Mäkelä' }) }).count(), 1);
			await expectAccessible(page, 'today, a colleague group (phone)');
			await expectNoHorizontalScroll(page, 'today, a colleague group (phone)');
			// Opened by a link, the group is kept for offline use under its own address: offline, a reload shows it.
			const kept = `caches.open('ptp-offline-pages').then((c) => c.match(${JSON.stringify(page.url())})).then(Boolean)`;
			for (const until = Date.now() + 30_000; !(await page.evaluate(kept)); await page.waitForTimeout(100)) {
				assert.ok(Date.now() < until, 'the group opened by its link is kept for offline use');
			}
			await page.context().setOffline(true);
			await page.reload();
			await page.getByRole('heading', { name: 'Työnhakuryhmä Palosaari' }).waitFor();
			await page.context().setOffline(false);

			await page.getByRole('link', { name: fi('attendance.ownGroups') }).click();
			await today.heading().waitFor();
			assert.equal(new URL(page.url()).search, '');
		} finally {
			await page.context().close();
		}
	});

	it('a coach marks a cohort, marks more offline, reloads offline, and the server gets every mark once; the officer sees the notice', async () => {
		const day = DEMO_DAY;
		const { context, close } = await launchPersistent(PHONE);
		try {
			const page = await context.newPage();
			// The server's answers to the page's attendance posts (read before the page navigates away).
			const answers: { clientKey: string; ok: boolean; outcome?: string }[] = [];
			const reading: Promise<void>[] = [];
			page.on('response', (r) => {
				if (r.request().method() === 'POST' && /\/attendance$/.test(new URL(r.url()).pathname)) {
					reading.push(r.json().then((body: { marks: typeof answers }) => void answers.push(...body.marks)));
				}
			});
			const provider = await (await new SignInPage(page).signIn(demoUser('coach', 'pohjola'))).workspace('provider');
			// Today is one tap from the start page.
			assert.equal(await page.getByRole('link', { name: /^Tänään · / }).getAttribute('href'), `${provider}/today`);
			const todayUrl = `${BASE}${provider}/today?day=${day}`;
			await page.goto(todayUrl);
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
			// Loaded again under the service worker, which keeps this coach's Today page for offline use.
			await page.reload();
			const today = new TodayPage(page);
			await assert.doesNotReject(today.heading().waitFor());
			await expectAccessible(page, 'today (phone)');
			await expectNoHorizontalScroll(page, 'today (phone)');

			// Online: the whole cohort present in one tap (one request).
			await today.markAllPresent(6);
			await assert.doesNotReject(today.markedOf(6, 6).waitFor());
			await assert.doesNotReject(today.allSent().waitFor());
			// Its answer read before the offline reload below navigates away (its body is gone after that).
			await Promise.all(reading);

			// Offline: two absences are kept on the phone.
			await context.setOffline(true);
			await page.getByRole('button', { name: fi('attendance.markAbsentFor', { name: 'Mikko Heikkinen' }) }).click();
			await expectAccessible(page, 'today, absence reasons open');
			await page
				.getByRole('group', { name: fi('attendance.reasonFor', { name: 'Mikko Heikkinen' }) })
				.getByLabel(fi('absence.reason.unexcused'), { exact: true })
				.check();
			await page.getByRole('button', { name: fi('attendance.saveAbsence') }).click();
			await today.markAbsent('Tiina Laaksonen', 'sick');
			await assert.doesNotReject(today.waiting(2).waitFor());
			await assert.doesNotReject(page.getByText(fi('attendance.offline')).waitFor());

			// A reload without a network: the cached page and the queued marks are still there.
			await page.reload();
			await assert.doesNotReject(today.waiting(2).waitFor());
			assert.match(await today.says('Mikko Heikkinen'), absentFor('unexcused'));
			assert.match(await today.says('Mikko Heikkinen'), new RegExp(fi('attendance.pendingBadge')));

			// Back online: the queue is sent by itself.
			await context.setOffline(false);
			await assert.doesNotReject(today.allSent().waitFor({ timeout: 30_000 }));
			await Promise.all(reading);

			// The server's own page now shows exactly what was marked.
			await page.goto(todayUrl);
			await assert.doesNotReject(today.markedOf(6, 6).waitFor());
			assert.match(await today.says('Mikko Heikkinen'), absentFor('unexcused'));
			assert.match(await today.says('Tiina Laaksonen'), absentFor('sick'));
			assert.match(await today.says('Sari Niemi'), new RegExp(fi('attendance.present')));
			// Every mark made reached the server: 6 + 2 keys, each answered, none saved twice. (The service worker's
			// Background Sync may send the queue before the page does: then the page's own send is a "duplicate".)
			assert.deepEqual(
				answers.filter((a) => !a.ok),
				[],
				JSON.stringify(answers)
			);
			assert.equal(new Set(answers.map((a) => a.clientKey)).size, 8, JSON.stringify(answers));
			const saved = answers.filter((a) => a.outcome === 'saved').map((a) => a.clientKey);
			assert.equal(new Set(saved).size, saved.length, `no mark saved twice: ${JSON.stringify(answers)}`);
			assert.ok(
				answers.every((a) => a.outcome === 'saved' || a.outcome === 'duplicate'),
				JSON.stringify(answers)
			);
			// …and sending the whole queue again adds nothing.
			// (A string, so that the test runner's transpiler adds no helpers the page does not have.)
			const replay = (await page.evaluate(`(async () => {
				const db = await new Promise((ok, ko) => { const r = indexedDB.open('ptp-offline'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
				const items = await new Promise((ok) => { const r = db.transaction('queue').objectStore('queue').getAll(); r.onsuccess = () => ok(r.result); });
				const body = { marks: items.filter((i) => i.kind === 'mark').map((i) => ({ ...i.payload, clientKey: i.clientKey })) };
				const res = await fetch('${provider}/attendance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
				return (await res.json()).marks.map((m) => m.outcome);
			})()`)) as string[];
			assert.deepEqual(replay, Array(8).fill('duplicate'));

			// The customer's page: the calendar shows the absence; the absence report opens for the benefit payer.
			await page.goto(`${BASE}${provider}/participations`);
			await expectAccessible(page, 'participations (phone)');
			await expectNoHorizontalScroll(page, 'participations (phone)');
			await page.getByRole('link', { name: 'Mikko Heikkinen' }).click();
			await page.waitForURL(/\/participations\/[0-9a-f-]{36}$/);
			await page.goto(`${page.url()}?month=${day.slice(0, 7)}`);
			await expectAccessible(page, 'participation (phone)');
			await expectNoHorizontalScroll(page, 'participation (phone)');
			assert.ok((await page.locator('main').innerText()).includes(`${formatDate(day, 'fi')}: ${fi('attendance.absent')}: ${fi('absence.reason.unexcused')}`));
			await page.getByRole('link', { name: fi('participations.report.open') }).click();
			await page.waitForURL(/\/report$/);
			await expectAccessible(page, 'absence report (phone)');
			await expectNoHorizontalScroll(page, 'absence report (phone)');

			// Signing out deletes the cached page and the queue from the phone.
			await page.getByRole('button', { name: fi('nav.menu') }).click();
			await page.getByRole('button', { name: fi('nav.signOut') }).click();
			await page.waitForURL(/\/login/);
			assert.equal(await page.evaluate(() => caches.has('ptp-offline-pages')), false);
		} finally {
			await context.setOffline(false);
			await close();
		}

		// The case officer finds the unexcused absence in the notice queue.
		const desk = await newPage(browser(), DESKTOP);
		try {
			const area = await (await new SignInPage(desk).signIn(demoUser('case_officer', 'pohjanmaa'))).workspace('area');
			await desk.goto(`${BASE}${area}/participations`);
			await expectAccessible(desk, 'participations (area)');
			await desk.goto(`${BASE}${area}/notices`);
			await expectAccessible(desk, 'notice queue');
			assert.ok(await desk.getByText('Mikko Heikkinen').first().isVisible());
			const queue = await desk.locator('main').innerText();
			assert.ok(queue.includes(formatDate(day, 'fi')) || queue.includes(formatDate(day, 'sv')), 'the queue shows the day of the absence');
			// The officer opens it and records a decision with a comment back to the provider (in the officer's own language).
			await desk
				.getByRole('link', { name: /Mikko Heikkinen/ })
				.first()
				.click();
			await desk.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
			await expectAccessible(desk, 'notice (officer)');
			await desk.getByRole('radio', { name: exactly('notices.decision.customer_contacted') }).check();
			await desk.getByLabel(anyLanguage('notices.comment')).fill('Kunden har kontaktats via telefon.');
			await desk.getByRole('button', { name: exactly('notices.decide') }).click();
			await assert.doesNotReject(desk.getByText('Kunden har kontaktats via telefon.').first().waitFor());
			assert.ok(await desk.getByText(anyLanguage('notices.decision.customer_contacted')).first().isVisible());
		} finally {
			await desk.context().close();
		}
	});
});

describe('Today without JavaScript', () => {
	it('an absence is a link to the page with that one person’s reason form, and the form saves the mark', async () => {
		// Yesterday (still open for marking), where the demo has Sari Niemi present: the test above marks only today.
		const day = addDays(DEMO_DAY, -1);
		// Signed in with JavaScript (the sign-in pages are checked with axe), then the same session without it.
		const signing = await browser().newContext({ locale: 'fi-FI' });
		const provider = await (await new SignInPage(await signing.newPage()).signIn(demoUser('coach', 'pohjola'))).workspace('provider');
		const storageState = await signing.storageState();
		await signing.close();
		const context = await browser().newContext({ javaScriptEnabled: false, locale: 'fi-FI', viewport: { width: 360, height: 740 }, storageState });
		try {
			const page = await context.newPage();
			const todayUrl = `${BASE}${provider}/today?day=${day}`;
			await page.goto(todayUrl);
			const today = new TodayPage(page);
			assert.match(await today.says('Sari Niemi'), new RegExp(fi('attendance.present')));
			// No reason form is sent until one is asked for: the page of a big group stays small.
			assert.equal(await page.getByRole('radio').count(), 0);
			await page.getByRole('link', { name: fi('attendance.markAbsentFor', { name: 'Sari Niemi' }) }).click();
			await page.waitForURL(/[?&]absent=/);
			const group = page.getByRole('group', { name: fi('attendance.reasonFor', { name: 'Sari Niemi' }) });
			assert.equal(
				await page
					.getByRole('group')
					.filter({ has: page.getByRole('radio') })
					.count(),
				1,
				'only her form is open'
			);
			// (axe and the scroll check run scripts in the page, which this context does not allow: the same form is checked with axe in the attendance test.)
			await group.getByLabel(fi('absence.reason.agreed_leave'), { exact: true }).check();
			await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: fi('attendance.saveAbsence') }).click()]);
			await page.goto(todayUrl);
			assert.match(await today.says('Sari Niemi'), absentFor('agreed_leave'));
		} finally {
			await context.close();
		}
	});
});

/**
 * Each role's home says what needs the person now (issue 18), on a 360 px phone: the coach sees today's groups
 * with the unmarked people and the ARVIs and referrals waiting, each a link to its list; the case officer sees
 * notices to decide and follows one to the filtered list. The unread count shows in the bar without opening
 * the menu, the notifications say which contract they are about, and the menu closes once a page is chosen.
 * Opening a notification marks it read; the coach's past days still open for marking; the auditor follows a search
 * of the log. axe on every page, no sideways scrolling, the home items reached by keyboard.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { TopBar, WhatNeedsMe } from './pages/home';
import { demoUser, newPage } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { anyLanguage, fi } from './pages/text';

const { browser } = serverAndBrowser();

describe('what needs me now', () => {
	it("the coach's home: today's groups with the unmarked, ARVIs and referrals, each a link to its list; by keyboard", async () => {
		const page = await newPage(browser());
		try {
			await new SignInPage(page).signIn(demoUser('coach', 'pohjola'), { axe: false });
			const home = new WhatNeedsMe(page);
			await home.item('coach.today').waitFor();
			await expectAccessible(page, 'home (coach, phone)');
			await expectNoHorizontalScroll(page, 'home (coach, phone)');
			// The demo group meets today and nobody is marked yet.
			assert.ok((await home.count('coach.today')) >= 1, 'a group meets today');
			assert.match(await home.item('coach.today').innerText(), new RegExp(fi('home.unmarked', { n: 2 }).replace('2', '\\d+')), 'the unmarked are counted');

			// The first home link is reached with the keyboard and opens Today.
			const first = home.item('coach.today').locator('a').first();
			await first.focus();
			assert.equal(await page.evaluate('document.activeElement?.closest("li")?.dataset.item'), 'coach.today');
			await page.keyboard.press('Enter');
			await page.waitForURL(/\/provider\/[0-9a-f-]{36}\/today$/);

			// The workspace's own home has the same items under the coach's role.
			await page.goBack();
			await page.waitForURL(`${BASE}/`);
			const referrals = await home.count('coach.referrals');
			await home.open('coach.referrals');
			await page.waitForURL(/\/referrals\?status=waiting$/);
			await expectAccessible(page, 'referrals from the home (coach, phone)');
			assert.equal(await page.locator('#main ul.rows > li.row').count(), referrals, 'the list has as many rows as the home said');
		} finally {
			await page.context().close();
		}
	});

	it("the case officer's home: notices to decide lead to the filtered list; the unread count is in the bar; notifications name their contract; the menu closes", async () => {
		const page = await newPage(browser());
		try {
			await new SignInPage(page).signIn(demoUser('case_officer', 'pohjanmaa'), { axe: false });
			const home = new WhatNeedsMe(page);
			await home.item('officer.notices').waitFor();
			await expectAccessible(page, 'home (case officer, phone)');
			await expectNoHorizontalScroll(page, 'home (case officer, phone)');
			const notices = await home.count('officer.notices');
			assert.ok(notices >= 1, 'the demo has notices to decide');
			await home.open('officer.notices');
			await page.waitForURL(/\/notices\?undecided=1&mine=1$/);
			assert.equal(await page.locator('#main ul.rows > li.row').count(), notices, 'the list has as many rows as the home said');

			// On the phone the menu is closed and the unread count is still in sight.
			const bar = new TopBar(page);
			assert.equal(await bar.nav().isVisible(), false, 'the menu is closed');
			await bar.unread().waitFor();
			const unread = Number((await bar.unread().innerText()).trim());
			assert.ok(unread >= 1);
			assert.match((await bar.unread().getAttribute('aria-label')) ?? '', anyLanguage('notifications.unread', { n: unread }));

			// The menu closes once a page is chosen.
			await bar.menuToggle().click();
			await bar.nav().waitFor();
			await bar
				.nav()
				.getByRole('link', { name: anyLanguage('notifications.title') })
				.click();
			await page.waitForURL(/\/notifications$/);
			await bar.nav().waitFor({ state: 'hidden' });
			assert.equal(await bar.menuToggle().getAttribute('aria-expanded'), 'false');

			// The customers the coach accepted on the group contract are one line that names the contract.
			const groupText = new RegExp(anyLanguage('notificationGroup.referral_accepted', { n: 999 }).source.replaceAll('999', '\\d+'));
			const grouped = page.locator('#main ul.rows > li.row').filter({ hasText: 'POH-2026-041' }).filter({ hasText: groupText });
			await grouped.first().waitFor();
			await expectAccessible(page, 'notifications (phone)');
			await expectNoHorizontalScroll(page, 'notifications (phone)');

			// Opening an unread line leads to its object and marks it read: the count in the bar goes down.
			const unreadLine = page
				.locator('#main ul.rows > li.row')
				.filter({ has: page.locator('.badge') })
				.first();
			const before = Number((await bar.unread().innerText()).trim());
			const label = (await unreadLine.locator('a').innerText()).replace(anyLanguage('notifications.new'), '').trim();
			await unreadLine.locator('a').click();
			await page.waitForURL((u) => !u.pathname.startsWith('/notifications'));
			await page.goto(`${BASE}/notifications`);
			const after = (await bar.unread().isVisible()) ? Number((await bar.unread().innerText()).trim()) : 0;
			assert.ok(after < before, `the unread count went down (${before} → ${after})`);
			const sameLine = page.locator('#main ul.rows > li.row').filter({ hasText: label }).first();
			assert.equal(await sameLine.locator('.badge').count(), 0, 'the opened line is no longer new');
		} finally {
			await page.context().close();
		}
	});

	it("the coach's past days still open for marking lead to Today for that day", async () => {
		const page = await newPage(browser());
		try {
			await new SignInPage(page).signIn(demoUser('coach', 'pohjola'), { axe: false });
			const home = new WhatNeedsMe(page);
			const item = home.item('coach.pastUnmarked');
			await item.waitFor();
			await expectAccessible(page, 'home with past days (coach, phone)');
			await expectNoHorizontalScroll(page, 'home with past days (coach, phone)');
			// The demo coach has a meeting left unmarked on a past day whose deadline has not passed.
			assert.ok((await home.count('coach.pastUnmarked')) >= 1, 'a past day is still open for marking');
			await home.open('coach.pastUnmarked');
			await page.waitForURL(/\/today\?day=\d{4}-\d{2}-\d{2}$/);
			await expectAccessible(page, 'Today for a past day from the home (coach, phone)');
		} finally {
			await page.context().close();
		}
	});

	it('the auditor follows a search of the log and its new entries show on the home, with a link to them', async () => {
		const page = await newPage(browser());
		try {
			await new SignInPage(page).signIn(demoUser('auditor', 'pohjanmaa'), { axe: false });
			const home = new WhatNeedsMe(page);
			await home.item('auditor.follows').waitFor();
			assert.match(await home.item('auditor.follows').innerText(), anyLanguage('home.noFollows'));
			await expectAccessible(page, 'home (auditor, phone)');
			await expectNoHorizontalScroll(page, 'home (auditor, phone)');

			// Search the log by an action and follow that search.
			await home.open('auditor.follows');
			await page.waitForURL(/\/audit$/);
			await page.locator('input[name="action"]').fill('audit.search');
			await page.locator('form.filters button[type="submit"]').click();
			await page.waitForURL(/action=audit.search/);
			await page.getByRole('button', { name: anyLanguage('audit.followSearch') }).click();
			await page
				.getByRole('status')
				.filter({ hasText: anyLanguage('audit.followed') })
				.waitFor();
			await expectAccessible(page, 'audit log with a follow (phone)');
			await expectNoHorizontalScroll(page, 'audit log with a follow (phone)');

			// Looking at the log is itself an audit.search entry: the home now has something new there.
			await page.goto(`${BASE}/`);
			await home.item('auditor.follows').waitFor();
			assert.ok((await home.count('auditor.follows')) >= 1, 'new entries of the followed search');
			await home.item('auditor.follows').locator('.home-days a').first().click();
			await page.waitForURL(/\/audit\?follow=[0-9a-f-]{36}$/);
			assert.ok((await page.locator('#main table tbody tr').count()) >= 1, 'the new entries are listed');
		} finally {
			await page.context().close();
		}
	});
});

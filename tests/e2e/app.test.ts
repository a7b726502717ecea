/**
 * End to end against the built server on a fresh embedded database with demo data, in Debian's
 * chromium: sign-in with TOTP on both sides, language switch, sign-out, a denied foreign URL,
 * axe-core on every page visited, a 360 px phone, keyboard use, and PWA installability.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/lib/server/demo/users';
import { LOCALES, translate, type MessageKey } from '../../src/lib/i18n';
import { isScheduledDay } from '../../src/lib/domain/attendance';
import { addDays, helsinkiDate } from '../../src/lib/domain/clock';
import { formatDate } from '../../src/lib/i18n/format';
import {
	BASE,
	expectAccessible,
	expectNoHorizontalScroll,
	launchBrowser,
	launchPersistent,
	startServer,
	totpNow
} from './harness';

type DemoUser = (typeof DEMO_USERS)[number];
function demoUser(role: string, org?: string): DemoUser {
	const u = DEMO_USERS.find((x) => x.memberships.some((m) => m.roles.includes(role as never) && (!org || m.org === org)));
	if (!u) throw new Error(`no demo user with role ${role}`);
	return u;
}

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;

before(async () => {
	server = await startServer();
	browser = await launchBrowser();
});
after(async () => {
	await browser?.close();
	// SIGTERM closes the HTTP server and the database, and the process exits by itself.
	const { graceful } = await server.stop();
	assert.ok(graceful, 'the server exits cleanly within 10 s of SIGTERM');
});

async function newPhonePage(): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fi-FI', isMobile: true, hasTouch: true });
	return context.newPage();
}

async function signIn(page: Page, user: DemoUser) {
	await page.goto(`${BASE}/login`);
	await expectAccessible(page, 'login');
	await page.getByLabel('Sähköposti').fill(user.email);
	await page.getByLabel('Salasana').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
	await page.waitForURL(/\/login\/2fa/);
	// From here on the page speaks the person's own language (which an earlier test may have changed).
	await expectAccessible(page, 'second factor');
	await page.getByLabel(anyLanguage('mfa.code')).fill(await totpNow(user.totpSecret));
	await page.getByRole('button', { name: anyLanguage('mfa.submit') }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login/2fa') || url.search.startsWith('?/'), { waitUntil: 'load' }).catch(() => undefined);
	// If sign-in did not land on the home page, say where it went and what the page said.
	assert.equal(new URL(page.url()).pathname, '/', `sign-in of ${user.email} ended at ${page.url()}: ${(await page.locator('main').innerText()).slice(0, 300)}`);
}

function anyLanguage(key: MessageKey, params?: Record<string, string | number>): RegExp {
	return new RegExp(LOCALES.map((l) => translate(l, key, params).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

async function workspaceLinks(page: Page): Promise<string[]> {
	return page.locator('#main .cards a.card').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
}

describe('attendance on a phone, offline too', () => {
	it('a coach marks a cohort, marks more offline, reloads offline, and the server gets every mark once; the officer sees the notice', async () => {
		// The day to mark: today, or on a weekend or holiday the latest weekday (the demo leaves it unmarked).
		let day = helsinkiDate(new Date());
		while (!isScheduledDay({ startDate: '2000-01-01', endDate: '2100-01-01', weekdays: [1, 2, 3, 4, 5] }, day)) day = addDays(day, -1);
		const fi = (key: MessageKey, params?: Record<string, string | number>) => translate('fi', key, params);

		const { context, close } = await launchPersistent({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'fi-FI' });
		try {
			const page = await context.newPage();
			const answers: { clientKey: string; ok: boolean; outcome?: string }[] = [];
			page.on('response', async (r) => {
				if (r.request().method() === 'POST' && /\/attendance$/.test(new URL(r.url()).pathname)) answers.push(...((await r.json()) as { marks: typeof answers }).marks);
			});
			await signIn(page, demoUser('coach', 'pohjola'));
			await page.getByRole('button', { name: 'Suomi' }).click();
			await page.waitForURL(`${BASE}/`);
			const [provider] = (await workspaceLinks(page)).filter((p) => p.startsWith('/provider/'));
			// Today is one tap from the start page.
			assert.equal(await page.getByRole('link', { name: /^Tänään · / }).getAttribute('href'), `${provider}/today`);
			const todayUrl = `${BASE}${provider}/today?day=${day}`;
			await page.goto(todayUrl);
			await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
			// Loaded again under the service worker, which keeps this coach's Today page for offline use.
			await page.reload();
			await assert.doesNotReject(page.getByRole('heading', { name: 'Työnhakuryhmä Vaasa' }).waitFor());
			await expectAccessible(page, 'today (phone)');
			await expectNoHorizontalScroll(page, 'today (phone)');

			const person = (name: string) => page.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) });
			// Online: the whole cohort present in one tap (one request), then an exception.
			await page.getByRole('button', { name: fi('attendance.allPresent', { n: 6 }) }).click();
			await assert.doesNotReject(page.getByText(fi('attendance.markedOf', { marked: 6, total: 6 })).waitFor());
			await assert.doesNotReject(page.getByText(/Kaikki merkinnät tallennettu/).waitFor());

			// Offline: two absences are kept on the phone.
			await context.setOffline(true);
			await page.getByRole('button', { name: fi('attendance.markAbsentFor', { name: 'Mikko Heikkinen' }) }).click();
			await expectAccessible(page, 'today, absence reasons open');
			await page.getByRole('group', { name: fi('attendance.reasonFor', { name: 'Mikko Heikkinen' }) }).getByLabel(fi('absence.reason.unexcused'), { exact: true }).check();
			await page.getByRole('button', { name: fi('attendance.saveAbsence') }).click();
			await page.getByRole('button', { name: fi('attendance.markAbsentFor', { name: 'Tiina Laaksonen' }) }).click();
			await page.getByRole('group', { name: fi('attendance.reasonFor', { name: 'Tiina Laaksonen' }) }).getByLabel(fi('absence.reason.sick'), { exact: true }).check();
			await page.getByRole('button', { name: fi('attendance.saveAbsence') }).click();
			await assert.doesNotReject(page.getByText(fi('attendance.waiting', { n: 2 })).waitFor());
			await assert.doesNotReject(page.getByText(fi('attendance.offline')).waitFor());

			// A reload without a network: the cached page and the queued marks are still there.
			await page.reload();
			await assert.doesNotReject(page.getByText(fi('attendance.waiting', { n: 2 })).waitFor());
			assert.match(await person('Mikko Heikkinen').innerText(), new RegExp(`${fi('attendance.absent')}: ${fi('absence.reason.unexcused')}`));
			assert.match(await person('Mikko Heikkinen').innerText(), new RegExp(fi('attendance.pendingBadge')));

			// Back online: the queue is sent by itself.
			await context.setOffline(false);
			await assert.doesNotReject(page.getByText(/Kaikki merkinnät tallennettu/).waitFor({ timeout: 30_000 }));

			// The server's own page now shows exactly what was marked.
			await page.goto(todayUrl);
			await assert.doesNotReject(page.getByText(fi('attendance.markedOf', { marked: 6, total: 6 })).waitFor());
			assert.match(await person('Mikko Heikkinen').innerText(), new RegExp(`${fi('attendance.absent')}: ${fi('absence.reason.unexcused')}`));
			assert.match(await person('Tiina Laaksonen').innerText(), new RegExp(`${fi('attendance.absent')}: ${fi('absence.reason.sick')}`));
			assert.match(await person('Sari Niemi').innerText(), new RegExp(fi('attendance.present')));
			// Every mark made was saved once: 6 + 2 keys, each answered "saved" exactly once…
			const saved = answers.filter((a) => a.ok && a.outcome === 'saved').map((a) => a.clientKey);
			assert.equal(saved.length, 8, JSON.stringify(answers));
			assert.equal(new Set(saved).size, 8);
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
			await close();
		}

		// The case officer finds the unexcused absence in the notice queue.
		const officer = demoUser('case_officer', 'pohjanmaa');
		const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' })).newPage();
		await signIn(desk, officer);
		const [area] = (await workspaceLinks(desk)).filter((p) => p.startsWith('/area/'));
		await desk.goto(`${BASE}${area}/participations`);
		await expectAccessible(desk, 'participations (area)');
		await desk.goto(`${BASE}${area}/notices`);
		await expectAccessible(desk, 'notice queue');
		assert.ok(await desk.getByText('Mikko Heikkinen').first().isVisible());
		assert.ok((await desk.locator('main').innerText()).includes(formatDate(day, 'fi')) || (await desk.locator('main').innerText()).includes(formatDate(day, 'sv')), 'the queue shows the day of the absence');
		// The officer opens it and records a decision with a comment back to the provider.
		// (The officer's own language is Swedish, unless an earlier test switched the account to Finnish.)
		const exactly = (key: MessageKey) => new RegExp(`^(${anyLanguage(key).source})$`);
		await desk.getByRole('link', { name: /Mikko Heikkinen/ }).first().click();
		await desk.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
		await expectAccessible(desk, 'notice (officer)');
		await desk.getByRole('radio', { name: exactly('notices.decision.customer_contacted') }).check();
		await desk.getByLabel(anyLanguage('notices.comment')).fill('Kunden har kontaktats via telefon.');
		await desk.getByRole('button', { name: exactly('notices.decide') }).click();
		await assert.doesNotReject(desk.getByText('Kunden har kontaktats via telefon.').first().waitFor());
		assert.ok(await desk.getByText(anyLanguage('notices.decision.customer_contacted')).first().isVisible());
		await desk.context().close();
	});
});

describe('Today without JavaScript', () => {
	it('an absence is a link to the page with that one person’s reason form, and the form saves the mark', async () => {
		let day = helsinkiDate(new Date());
		while (!isScheduledDay({ startDate: '2000-01-01', endDate: '2100-01-01', weekdays: [1, 2, 3, 4, 5] }, day)) day = addDays(day, -1);
		const fi = (key: MessageKey, params?: Record<string, string | number>) => translate('fi', key, params);
		// Signed in with JavaScript (the sign-in helper checks each page with axe), then the same session without it.
		const signing = await browser.newContext({ locale: 'fi-FI' });
		const first = await signing.newPage();
		await signIn(first, demoUser('coach', 'pohjola'));
		await first.getByRole('button', { name: 'Suomi' }).click();
		await first.waitForURL(`${BASE}/`);
		const [provider] = (await workspaceLinks(first)).filter((p) => p.startsWith('/provider/'));
		const storageState = await signing.storageState();
		await signing.close();
		const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fi-FI', viewport: { width: 360, height: 740 }, storageState });
		try {
			const page = await context.newPage();
			const todayUrl = `${BASE}${provider}/today?day=${day}`;
			await page.goto(todayUrl);
			// No reason form is sent until one is asked for: the page of a big group stays small.
			assert.equal(await page.getByRole('radio').count(), 0);
			await page.getByRole('link', { name: fi('attendance.markAbsentFor', { name: 'Sari Niemi' }) }).click();
			await page.waitForURL(/[?&]absent=/);
			const group = page.getByRole('group', { name: fi('attendance.reasonFor', { name: 'Sari Niemi' }) });
			assert.equal(await page.getByRole('group').filter({ has: page.getByRole('radio') }).count(), 1, 'only her form is open');
			// (axe and the scroll check run scripts in the page, which this context does not allow: the same form is checked with axe in the attendance test.)
			await group.getByLabel(fi('absence.reason.agreed_leave'), { exact: true }).check();
			await page.getByRole('button', { name: fi('attendance.saveAbsence') }).click();
			await page.waitForLoadState('load');
			await page.goto(todayUrl);
			const sari = page.getByRole('listitem').filter({ has: page.getByText('Sari Niemi', { exact: true }) });
			assert.match(await sari.innerText(), new RegExp(`${fi('attendance.absent')}: ${fi('absence.reason.agreed_leave')}`));
		} finally {
			await context.close();
		}
	});
});

describe('ARVI on a phone, offline draft too', () => {
	it('a coach completes a participation and writes the ARVI (offline, then online), the officer returns it, the coach resubmits, the officer accepts; the PDF downloads', async () => {
		const fi = (key: MessageKey, params?: Record<string, string | number>) => translate('fi', key, params);
		const exactly = (key: MessageKey) => new RegExp(`^(${anyLanguage(key).source})$`);
		const { context, close } = await launchPersistent({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'fi-FI', acceptDownloads: true });
		const officer = demoUser('case_officer', 'pohjanmaa');
		const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI', acceptDownloads: true })).newPage();
		try {
			const page = await context.newPage();
			await signIn(page, demoUser('coach', 'pohjola'));
			await page.getByRole('button', { name: 'Suomi' }).click();
			await page.waitForURL(`${BASE}/`);
			const [provider] = (await workspaceLinks(page)).filter((p) => p.startsWith('/provider/'));

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
			await assert.doesNotReject(page.getByLabel(fi('arvi.doc.activities')).waitFor());
			await expectAccessible(page, 'ARVI form (phone)');
			await expectNoHorizontalScroll(page, 'ARVI form (phone)');

			// Offline: what is typed is kept on the phone, and survives a reload without a network.
			await context.setOffline(true);
			const activities = 'Ryhmävalmennus kolmena päivänä viikossa: CV, työhakemukset ja haastatteluharjoitukset.';
			await page.getByLabel(fi('arvi.doc.activities')).fill(activities);
			await assert.doesNotReject(page.getByText(fi('arvi.autosave.device')).waitFor());
			await page.reload();
			await assert.doesNotReject(page.getByText(fi('arvi.autosave.restored')).waitFor());
			assert.equal(await page.getByLabel(fi('arvi.doc.activities')).inputValue(), activities);
			// Back online: the draft goes to the server by itself.
			await context.setOffline(false);
			await page.evaluate('window.dispatchEvent(new Event("online"))');
			await assert.doesNotReject(page.getByText(/Luonnos tallennettu/).waitFor({ timeout: 30_000 }));

			// Sending an incomplete ARVI says what is missing, field by field.
			await page.getByRole('button', { name: fi('arvi.submit') }).click();
			await assert.doesNotReject(page.getByText(fi('arvi.error.incomplete')).waitFor());
			assert.ok((await page.getByText(fi('errors.arviRequired')).count()) >= 5);
			await expectAccessible(page, 'ARVI form with errors (phone)');

			const today = helsinkiDate(new Date());
			await page.getByLabel(fi('arvi.doc.skills')).fill('Asiakaspalvelu, tiimityö, tarkkuus.');
			await page.getByLabel(fi('arvi.doc.suitableWork')).fill('Myyjä, asiakaspalvelutehtävät.');
			await page.getByLabel(fi('arvi.doc.readiness')).selectOption('ready');
			// (A label around a select also holds the options' text, so the short ones are found by name.)
			await page.locator('select[name="situation"]').selectOption('job_seeker');
			await page.getByLabel(fi('arvi.doc.situationFrom')).fill(today);
			await page.getByLabel(fi('arvi.doc.nextStep.kind')).selectOption('job');
			await page.getByLabel(fi('arvi.doc.nextStep.reason')).fill('Hakee myyjän paikkoja; valmiudet ovat hyvät.');
			await page.getByLabel(fi('arvi.doc.customerView')).fill('Sain paljon varmuutta haastatteluihin.');
			await page.getByLabel(fi('arvi.doc.reviewedOn'), { exact: true }).fill(today);
			await page.locator('select[name="reviewedHow"]').selectOption('in_person');
			await page.getByRole('button', { name: fi('arvi.submit') }).click();
			await assert.doesNotReject(page.getByText(fi('arvi.submitted')).waitFor());
			await assert.doesNotReject(page.getByText(fi('arvi.status.submitted'), { exact: true }).first().waitFor());

			// The case officer finds it in the inbox and returns it with a comment (one is required).
			await signIn(desk, officer);
			const [area] = (await workspaceLinks(desk)).filter((p) => p.startsWith('/area/'));
			await desk.goto(`${BASE}${area}/arvi`);
			await expectAccessible(desk, 'ARVI inbox (area)');
			await desk.getByRole('link', { name: /Sari Niemi/ }).click();
			await desk.waitForURL(/\/arvi\/[0-9a-f-]{36}$/);
			await expectAccessible(desk, 'ARVI review (area)');
			assert.ok((await desk.locator('main').innerText()).includes(activities), 'the officer reads what the coach wrote');
			await desk.getByRole('button', { name: exactly('arvi.return') }).click();
			await assert.doesNotReject(desk.getByText(anyLanguage('arvi.error.commentRequired')).first().waitFor());
			await desk.getByLabel(anyLanguage('arvi.comment')).fill('Lisää suositukseen, millaisia työpaikkoja asiakas hakee.');
			await desk.getByRole('button', { name: exactly('arvi.return') }).click();
			await assert.doesNotReject(desk.getByText(anyLanguage('arvi.returnedDone')).waitFor());

			// The coach sees the comment, corrects and sends again: version 2.
			await page.goto(arviUrl);
			await assert.doesNotReject(page.getByText('Lisää suositukseen, millaisia työpaikkoja asiakas hakee.').first().waitFor());
			await expectAccessible(page, 'ARVI returned (phone)');
			await page.getByLabel(fi('arvi.doc.nextStep.reason')).fill('Hakee myyjän ja kassan paikkoja Vaasan keskustan liikkeistä.');
			await page.getByRole('button', { name: fi('arvi.submit') }).click();
			await assert.doesNotReject(page.getByText(fi('arvi.submitted')).waitFor());
			await assert.doesNotReject(page.getByText(fi('arvi.versionShort', { n: 2 }), { exact: true }).waitFor());

			// The officer accepts version 2; version 1 stays readable; the PDF downloads.
			await desk.reload();
			assert.ok((await desk.locator('main').innerText()).includes('Vaasan keskustan liikkeistä'));
			await desk.getByRole('button', { name: exactly('arvi.accept') }).click();
			await assert.doesNotReject(desk.getByText(anyLanguage('arvi.acceptedDone')).waitFor());
			const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('link', { name: anyLanguage('arvi.pdf') }).click()]);
			const path = await download.path();
			const { readFile } = await import('node:fs/promises');
			assert.equal((await readFile(path)).subarray(0, 5).toString(), '%PDF-');
			assert.match(download.suggestedFilename(), /^ARVI-.*-v2\.pdf$/);
			await desk.getByRole('link', { name: anyLanguage('arvi.viewVersion', { n: 1 }) }).click();
			await assert.doesNotReject(desk.getByText(anyLanguage('arvi.showingVersion', { n: 1 })).waitFor());
			assert.ok((await desk.locator('main').innerText()).includes('Hakee myyjän paikkoja; valmiudet ovat hyvät.'), 'version 1 reads as it was sent');
			await expectAccessible(desk, 'ARVI earlier version (area)');
		} finally {
			await desk.context().close();
			await close();
		}
	});
});

describe('invoices', () => {
	it('finance submits an invoice computed from the records, the reviewer returns it, finance resubmits, the reviewer checks, another person approves; the e-invoices download and validate', async () => {
		const exactly = (key: MessageKey) => new RegExp(`^(${anyLanguage(key).source})$`);
		const today = helsinkiDate(new Date());
		const lastMonthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
		const lastMonth = { from: `${lastMonthEnd.slice(0, 7)}-01`, until: lastMonthEnd };
		const finance = await newPhonePage();
		const reviewer = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' })).newPage();
		const approver = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI', acceptDownloads: true })).newPage();
		try {
			await signIn(finance, demoUser('finance', 'pohjola'));
			const [provider] = (await workspaceLinks(finance)).filter((p) => p.startsWith('/provider/'));
			await finance.goto(`${BASE}${provider}/invoices`);
			await expectAccessible(finance, 'invoices (provider, phone)');
			await expectNoHorizontalScroll(finance, 'invoices (provider, phone)');
			// Last month of the group contract: its days present and starts are on the invoice.
			const contractRow = finance.locator('li.row').filter({ hasText: 'POH-2026-041' });
			await contractRow.locator('select[name="period"]').selectOption(`${lastMonth.from}_${lastMonth.until}`);
			await contractRow.getByRole('button', { name: exactly('invoices.open.submit') }).click();
			await finance.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
			const invoiceUrl = finance.url();
			assert.ok((await finance.locator('main').innerText()).includes('Valmennuspäivä ryhmässä'), 'a line for the days present');
			await expectAccessible(finance, 'invoice draft (provider, phone)');
			await expectNoHorizontalScroll(finance, 'invoice draft (provider, phone)');
			await finance.getByRole('button', { name: exactly('invoices.submit') }).click();
			await assert.doesNotReject(finance.getByText(anyLanguage('invoices.done.submitted')).waitFor());

			// The reviewer opens it next to its specification and returns it with a comment.
			await signIn(reviewer, demoUser('invoice_reviewer', 'pohjanmaa'));
			const [area] = (await workspaceLinks(reviewer)).filter((p) => p.startsWith('/area/'));
			await reviewer.goto(`${BASE}${area}/invoices`);
			await expectAccessible(reviewer, 'invoices (area)');
			await reviewer.locator('ul.rows li.row a').first().click();
			await reviewer.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
			const areaInvoiceUrl = reviewer.url();
			await expectAccessible(reviewer, 'invoice (reviewer)');
			await reviewer.getByRole('link', { name: anyLanguage('invoices.specificationLink') }).first().click();
			await reviewer.waitForURL(/\/specification$/);
			assert.ok((await reviewer.locator('main').innerText()).includes('Sari Niemi'), 'the specification names the customers');
			await expectAccessible(reviewer, 'invoice specification (reviewer)');
			await reviewer.goto(areaInvoiceUrl);
			await reviewer.getByLabel(anyLanguage('invoices.review.comment')).fill('Tarkistakaa lokakuun sairauspoissaolo.');
			await reviewer.getByRole('button', { name: exactly('invoices.review.return') }).click();
			await assert.doesNotReject(reviewer.getByText(anyLanguage('invoices.done.returned')).waitFor());

			// Finance sees the comment and sends it again.
			await finance.goto(invoiceUrl);
			await assert.doesNotReject(finance.getByText('Tarkistakaa lokakuun sairauspoissaolo.').first().waitFor());
			await finance.getByRole('button', { name: exactly('invoices.resubmit') }).click();
			await assert.doesNotReject(finance.getByText(anyLanguage('invoices.done.submitted')).waitFor());

			await reviewer.goto(areaInvoiceUrl);
			await reviewer.getByRole('button', { name: exactly('invoices.review.check') }).click();
			await assert.doesNotReject(reviewer.getByText(anyLanguage('invoices.done.checked')).waitFor());

			// A different person approves; the exports download and are valid e-invoices.
			await signIn(approver, demoUser('invoice_approver', 'pohjanmaa'));
			await approver.goto(areaInvoiceUrl);
			await expectAccessible(approver, 'invoice (approver)');
			await approver.getByRole('button', { name: exactly('invoices.approve.submit') }).click();
			await assert.doesNotReject(approver.getByText(anyLanguage('invoices.done.approved')).waitFor());
			// The approver's list also takes the finance system's payments file.
			await approver.goto(`${BASE}${area}/invoices`);
			await assert.doesNotReject(approver.getByLabel(anyLanguage('invoices.payments.file')).waitFor());
			await expectAccessible(approver, 'invoices with payments import (approver)');
			await approver.goto(areaInvoiceUrl);
			const { readFile, writeFile, mkdtemp } = await import('node:fs/promises');
			const { existsSync } = await import('node:fs');
			const { execFileSync } = await import('node:child_process');
			const { tmpdir } = await import('node:os');
			const { join } = await import('node:path');
			const shared = new URL('../../../shared/einvoice/', import.meta.url).pathname;
			const dir = await mkdtemp(join(tmpdir(), 'ptp-einvoice-'));
			for (const key of ['invoices.export.finvoice', 'invoices.export.ubl', 'invoices.export.csv'] as const) {
				const [download] = await Promise.all([approver.waitForEvent('download'), approver.getByRole('link', { name: anyLanguage(key) }).click()]);
				const file = join(dir, download.suggestedFilename());
				await writeFile(file, await readFile(await download.path()));
				const text = await readFile(file, 'utf8');
				assert.ok(!text.includes('Sari Niemi') && !text.includes('VAA-10301'), `${key}: no customer in the document`);
				if (key === 'invoices.export.csv') {
					assert.match(text, /Valmennuspäivä ryhmässä/);
				} else if (existsSync(shared)) {
					if (key === 'invoices.export.finvoice') execFileSync('xmllint', ['--noout', '--schema', join(shared, 'finvoice/Finvoice3.0.xsd'), file], { stdio: 'pipe' });
					else execFileSync('bash', [join(shared, 'validate-ubl.sh'), file], { stdio: 'pipe' });
				} else {
					console.warn(`${shared} not found: the downloaded ${key} was not schema-validated here`);
				}
			}
		} finally {
			await finance.context().close();
			await reviewer.context().close();
			await approver.context().close();
		}
	});
});

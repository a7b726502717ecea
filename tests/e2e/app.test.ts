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

describe('contracts', () => {
	it('an area admin creates a contract with a price and a cohort; the provider’s coach reads it on a phone', async () => {
		const admin = demoUser('area_admin', 'pohjanmaa');
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
		const page = await context.newPage();
		await signIn(page, admin);
		const [area] = (await workspaceLinks(page)).filter((p) => p.startsWith('/area/'));

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
		await page.getByLabel('Palveluntuottaja').selectOption({ label: 'Valmennus Pohjola Oy' });
		await page.getByLabel('Sopimusnumero').fill('POH-E2E-001');
		await page.getByLabel('Nimi', { exact: true }).fill('Ammatillinen koulutus: logistiikka');
		await page.locator('select[name=serviceType]').selectOption('vocational_training');
		await page.getByLabel('Alkaa').fill('2026-01-01');
		await page.getByLabel('Päättyy').fill('2026-12-31');
		await page.getByLabel('Enimmäismäärä ryhmää kohden').fill('12');
		// Bad input first: a budget that is not money is refused with a message and nothing is created.
		await page.getByLabel('Sidottu määräraha (euroa)').fill('paljon');
		await page.getByRole('button', { name: 'Luo sopimus' }).click();
		await assert.doesNotReject(page.getByText('Anna summa euroina, esim. 12 500,00.').waitFor());
		await page.getByLabel('Sidottu määräraha (euroa)').fill('150 000,00');
		await page.getByRole('button', { name: 'Luo sopimus' }).click();
		await page.waitForURL(/\/contracts\/[0-9a-f-]{36}\?saved=1$/);
		const contractPath = new URL(page.url()).pathname;
		await expectAccessible(page, 'contract page (area admin)');

		await page.getByText('Lisää hinta').first().click();
		await page.locator('select[name=unit]').selectOption('participant_day');
		await page.getByLabel('Kuvaus').fill('Opiskelijatyöpäivä');
		await page.getByLabel('Yksikköhinta (euroa, ilman ALV:ia)').fill('88,50');
		await page.getByLabel('ALV-prosentti').fill('0');
		await page.getByRole('button', { name: 'Lisää hinta' }).click();
		await assert.doesNotReject(page.getByText(/88,50\s€ \/ opiskelijatyöpäivä/).waitFor());

		await page.getByText('Lisää ryhmä').first().click();
		await page.getByLabel('Ryhmän nimi').fill('Logistiikka syksy');
		const cohortForm = page.locator('form[action="?/add_cohort"]');
		await cohortForm.getByLabel('Alkaa', { exact: true }).fill('2026-08-17');
		await cohortForm.getByLabel('Päättyy', { exact: true }).fill('2026-12-18');
		await cohortForm.getByLabel('Paikka', { exact: true }).fill('Vaasa');
		// More places than the contract allows per cohort: refused, explained.
		await cohortForm.getByLabel('Kapasiteetti', { exact: true }).fill('13');
		await cohortForm.getByRole('button', { name: 'Lisää ryhmä' }).click();
		await assert.doesNotReject(page.getByText('Ryhmän koko ylittää sopimuksen enimmäismäärän ryhmää kohden.').waitFor());
		await cohortForm.getByLabel('Kapasiteetti', { exact: true }).fill('12');
		await cohortForm.getByRole('button', { name: 'Lisää ryhmä' }).click();
		await assert.doesNotReject(page.getByText('Logistiikka syksy').first().waitFor());
		assert.ok((await page.getByText('Ryhmä lisättiin').count()) >= 1, 'the change log shows the cohort');
		await expectAccessible(page, 'contract page after changes');
		await context.close();

		// The coach of that provider, assigned to the area, reads the same contract on a phone.
		const coach = demoUser('coach', 'pohjola');
		const phone = await newPhonePage();
		await signIn(phone, coach);
		// The first test left this coach's account in English; back to Finnish for the assertions.
		await phone.getByRole('button', { name: 'Suomi' }).click();
		await phone.waitForURL(`${BASE}/`);
		const [provider] = (await workspaceLinks(phone)).filter((p) => p.startsWith('/provider/'));
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
		await phone.context().close();
	});

	it('a provider admin assigns a coach to a contract on a phone', async () => {
		const padmin = demoUser('provider_admin', 'pohjola');
		const page = await newPhonePage();
		await signIn(page, padmin);
		const [provider] = (await workspaceLinks(page)).filter((p) => p.startsWith('/provider/'));
		await page.goto(`${BASE}${provider}/assignments`);
		await expectAccessible(page, 'assignments');
		await expectNoHorizontalScroll(page, 'assignments');
		await page.getByLabel('Työntekijä').selectOption({ label: 'Eero Lehtonen' });
		await page.locator('select[name=contractId]').selectOption({ label: 'KS-2026-005 Uravalmennus, Jyväskylä' });
		await page.getByRole('button', { name: 'Tallenna kohdistus' }).click();
		await assert.doesNotReject(page.getByText('Kohdistus tallennettiin.').waitFor());
		assert.ok((await page.getByText('KS-2026-005 Uravalmennus, Jyväskylä').count()) >= 1);
		await page.context().close();
	});
});

describe('referrals', () => {
	it('officer refers, the provider admin accepts on a phone with a coach, the coach sees the customer, the officer sees the answer', async () => {
		const officer = demoUser('case_officer', 'pohjanmaa');
		const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' })).newPage();
		await signIn(desk, officer);
		// This officer works in Swedish; the assertions below read Finnish.
		await desk.getByRole('button', { name: 'Suomi' }).click();
		await desk.waitForURL(`${BASE}/`);
		const [area] = (await workspaceLinks(desk)).filter((p) => p.startsWith('/area/'));
		await desk.goto(`${BASE}${area}/referrals/new`);
		await expectAccessible(desk, 'new referral');
		await desk.locator('select[name=contractId]').selectOption({ label: 'POH-2026-014 Työnhakuvalmennus, Vaasan seutu' });
		await desk.getByLabel('Asiakasnumero').fill('VAA-E2E-1');
		await desk.getByLabel('Nimi', { exact: true }).fill('Aino Esimerkki');
		await desk.getByLabel('Puhelin').fill('soita aamulla');
		await desk.getByLabel('Tarpeet lyhyesti').fill('Työnhaun suunnitelma ja CV');
		await desk.getByLabel('Mitä suostumus kattaa').fill('Yhteystiedot ja tarpeet palveluntuottajalle');
		// A phone number that is not one: refused, explained, nothing sent, what was typed kept.
		await desk.getByRole('button', { name: 'Lähetä ohjaus' }).click();
		await assert.doesNotReject(desk.getByText('Puhelinnumero ei ole kelvollinen.').waitFor());
		assert.equal(await desk.getByLabel('Asiakasnumero').inputValue(), 'VAA-E2E-1');
		await desk.getByLabel('Puhelin').fill('+358 40 765 4321');
		await desk.getByRole('button', { name: 'Lähetä ohjaus' }).click();
		await desk.waitForURL(/\/referrals\/[0-9a-f-]{36}\?created=1$/);
		const referralPath = new URL(desk.url()).pathname;
		assert.ok(await desk.getByText('Odottaa vastausta').first().isVisible());
		await expectAccessible(desk, 'referral (officer)');

		const padmin = demoUser('provider_admin', 'pohjola');
		const phone = await newPhonePage();
		await signIn(phone, padmin);
		const [provider] = (await workspaceLinks(phone)).filter((p) => p.startsWith('/provider/'));
		await phone.goto(`${BASE}${provider}/referrals`);
		await expectAccessible(phone, 'incoming referrals (phone)');
		await expectNoHorizontalScroll(phone, 'incoming referrals (phone)');
		await phone.getByRole('link', { name: 'Aino Esimerkki' }).click();
		await phone.waitForURL(/\/provider\/.*\/referrals\/[0-9a-f-]{36}$/);
		await expectAccessible(phone, 'referral (provider, phone)');
		await expectNoHorizontalScroll(phone, 'referral (provider, phone)');
		await phone.getByLabel('Aloituspäivä').fill('2026-11-30');
		await phone.locator('select[name=coachId]').selectOption({ label: 'Eero Lehtonen' });
		await phone.getByRole('button', { name: 'Hyväksy', exact: true }).click();
		await assert.doesNotReject(phone.getByText('Ohjaus hyväksyttiin.').waitFor());
		await phone.context().close();

		const coach = demoUser('coach', 'pohjola');
		const coachPhone = await newPhonePage();
		await signIn(coachPhone, coach);
		await coachPhone.getByRole('button', { name: 'Suomi' }).click();
		await coachPhone.waitForURL(`${BASE}/`);
		const [coachProvider] = (await workspaceLinks(coachPhone)).filter((p) => p.startsWith('/provider/'));
		await coachPhone.goto(`${BASE}${coachProvider}/referrals?status=accepted`);
		await coachPhone.getByRole('link', { name: 'Aino Esimerkki' }).click();
		await assert.doesNotReject(coachPhone.getByText(/Osallistuminen alkaa 30\.11\.2026, vastuuvalmentaja Eero Lehtonen/).waitFor());
		await coachPhone.context().close();

		await desk.goto(`${BASE}${referralPath}`);
		assert.ok(await desk.getByText('Hyväksytty').first().isVisible());
		assert.ok(await desk.getByText(/vastuuvalmentaja Eero Lehtonen/).isVisible());
		await desk.context().close();
	});

	it('an area admin refers two customers to a cohort in one go', async () => {
		const admin = demoUser('area_admin', 'pohjanmaa');
		const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' })).newPage();
		await signIn(page, admin);
		const [area] = (await workspaceLinks(page)).filter((p) => p.startsWith('/area/'));
		await page.goto(`${BASE}${area}/referrals/import`);
		await expectAccessible(page, 'referral import');
		await page.goto(`${BASE}${area}/referrals/group`);
		await expectAccessible(page, 'group referral');
		await page.locator('select[name=contractId]').selectOption({ label: 'POH-2026-021 Kotoutumiskoulutus / Integrationsutbildning, ruotsinkielinen' });
		await page.locator('select[name=cohortId]').selectOption({ label: 'Integration Jakobstad, höst' });
		await page.getByLabel('Mitä suostumus kattaa').fill('Yhteystiedot kouluttajalle');
		const row = (n: number) => page.getByRole('group', { name: `Asiakas ${n}` });
		await row(1).getByLabel('Asiakasnumero').fill('GR-1');
		await row(1).getByLabel('Nimi').fill('Ahmed Ali');
		await row(2).getByLabel('Asiakasnumero').fill('GR-2');
		await row(2).getByLabel('Nimi').fill('Olena Koval');
		await page.getByRole('button', { name: 'Lähetä ohjaus' }).click();
		await page.waitForURL(/\/referrals\?created=2$/);
		assert.ok(await page.getByText('Ohjauksia lähetettiin: 2.').isVisible());
		assert.ok(await page.getByRole('link', { name: 'Olena Koval' }).isVisible());
		await page.context().close();
	});
});

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

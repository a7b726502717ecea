/**
 * Forms check themselves in the browser with the action's own schema (issue 17): on a 360 px phone the area's
 * admin fills the new contract form with a budget that is not money and a payment term too long. The messages appear next to the fields at once, the first wrong field gets the focus, and nothing
 * is sent. Without JavaScript the same input goes to the server, which answers the same messages.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { BASE, expectAccessible, expectNoHorizontalScroll, hydrated, serverAndBrowser } from './harness';
import { demoUser, newPage, PHONE } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { fi } from './pages/text';

const { browser } = serverAndBrowser();

const BAD = {
	contractNumber: 'E2E-TARKISTUS',
	title: 'Selaimen tarkistus',
	startDate: '2026-06-01',
	endDate: '2026-05-01',
	budget: 'paljon',
	paymentTermDays: '999'
};
const EXPECTED = { budget: fi('errors.moneyInvalid'), paymentTermDays: fi('errors.daysInvalid') };

async function fillBadContract(page: Page) {
	for (const [name, value] of Object.entries(BAD)) await page.locator(`[name="${name}"]`).fill(value);
}

/** The message tied to a field by `aria-describedby` (what a screen reader reads with it). */
async function messageOf(page: Page, name: string): Promise<string> {
	const field = page.locator(`[name="${name}"]`);
	assert.equal(await field.getAttribute('aria-invalid'), 'true', `${name} is marked invalid`);
	const ids = (await field.getAttribute('aria-describedby'))?.split(' ') ?? [];
	const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
	return texts.join(' ');
}

describe('forms checked in the browser', () => {
	it('shows the action’s messages without a round trip, and the server answers the same without JavaScript', async () => {
		const page = await newPage(browser());
		const posts: string[] = [];
		page.on('request', (r) => {
			if (r.method() === 'POST') posts.push(r.url());
		});
		try {
			const area = await (await new SignInPage(page).signIn(demoUser('area_admin', 'pohjanmaa'), { axe: false })).workspace('area');
			const newContract = `${BASE}${area}/contracts/new`;
			await page.goto(newContract);
			await page.getByRole('heading', { level: 1, name: fi('contracts.new') }).waitFor();
			await fillBadContract(page);
			posts.length = 0;
			await page.getByRole('button', { name: fi('contracts.create') }).click();
			await page.waitForSelector('input[name=budget][aria-invalid=true]');
			assert.deepEqual(posts, [], 'nothing was sent');
			for (const [name, text] of Object.entries(EXPECTED)) assert.match(await messageOf(page, name), new RegExp(text), name);
			await page.getByText(fi('errors.checkFields')).waitFor();
			// The first wrong field in the form's order has the focus: the budget.
			assert.equal(await page.evaluate('document.activeElement?.getAttribute("name")'), 'budget');
			await expectAccessible(page, 'new contract with messages (phone)');
			await expectNoHorizontalScroll(page, 'new contract with messages');

			// Fixing a field and leaving it takes its message away; the others stay.
			await page.locator('[name=budget]').fill('120 000');
			await page.locator('[name=budget]').press('Tab');
			await page.waitForSelector('input[name=budget]:not([aria-invalid])');
			assert.equal(await page.locator('[name=paymentTermDays]').getAttribute('aria-invalid'), 'true');
			assert.deepEqual(posts, [], 'still nothing was sent');

			// The same session without JavaScript: the browser sends the form, the server answers the same messages.
			const storageState = await page.context().storageState();
			const noJs = await browser().newContext({ ...PHONE, javaScriptEnabled: false, storageState });
			try {
				const plain = await noJs.newPage();
				await plain.goto(newContract);
				await fillBadContract(plain);
				await Promise.all([plain.waitForNavigation(), plain.getByRole('button', { name: fi('contracts.create') }).click()]);
				for (const [name, text] of Object.entries(EXPECTED)) assert.match(await messageOf(plain, name), new RegExp(text), `${name} (server)`);
				await plain.getByText(fi('errors.checkFields')).waitFor();
				assert.equal(await plain.locator('[name=contractNumber]').inputValue(), BAD.contractNumber, 'what was typed is kept');
			} finally {
				await noJs.close();
			}
		} finally {
			await page.context().close();
		}
	});

	it('a coach’s assignment whose period ends before it starts is stopped in the browser with the action’s message', async () => {
		const page = await newPage(browser());
		const posts: string[] = [];
		page.on('request', (r) => {
			if (r.method() === 'POST') posts.push(r.url());
		});
		try {
			const provider = await (await new SignInPage(page).signIn(demoUser('provider_admin', 'pohjola'), { axe: false })).workspace('provider');
			await page.goto(`${BASE}${provider}/assignments`);
			await page.getByRole('heading', { level: 1, name: fi('assignments.title') }).waitFor();
			await page.locator('select[name=contractId]').selectOption({ index: 1 });
			await page.locator('[name=validFrom]').fill('2027-01-01');
			await page.locator('[name=validUntil]').fill('2026-12-01');
			posts.length = 0;
			// Leaving the field tells at once; sending from the keyboard is stopped and the focus goes back to the field.
			await page.locator('[name=validUntil]').blur();
			await page.waitForSelector('input[name=validUntil][aria-invalid=true]');
			assert.match(await messageOf(page, 'validUntil'), new RegExp(fi('errors.periodInvalid')));
			await page.getByRole('button', { name: fi('assignments.create') }).press('Enter');
			await page.getByText(fi('errors.checkFields')).waitFor();
			// The wrong field gets the focus (waited for: the page moves it once the messages are drawn).
			await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'validUntil', undefined, { timeout: 5000 });
			assert.deepEqual(posts, [], 'nothing was sent');
			await expectAccessible(page, 'assignment with a message (phone)');
			await expectNoHorizontalScroll(page, 'assignment with a message');
		} finally {
			await page.context().close();
		}
	});
	it('a form section opened on a slow phone before the page’s script has started stays open when the script starts', async () => {
		const page = await newPage(browser());
		try {
			const provider = await (await new SignInPage(page).signIn(demoUser('coach', 'pohjola'), { axe: false })).workspace('provider');
			await page.goto(`${BASE}${provider}/participations?mine=0`);
			const participation = await page.getByRole('link', { name: 'Sari Niemi' }).getAttribute('href');
			// The app's scripts are held back, as on a slow connection: the server's page is on screen and works alone.
			let release = () => {};
			const held = new Promise<void>((resolve) => (release = resolve));
			await page.route('**/_app/immutable/**/*.js', async (route) => {
				await held;
				await route.continue();
			});
			await page.goto(`${BASE}${participation}`, { waitUntil: 'commit' });
			await page.getByText(fi('participations.completeTitle')).click();
			const submit = page.getByRole('button', { name: fi('participations.completeSubmit') });
			await submit.waitFor();
			release();
			await hydrated(page);
			assert.ok(await submit.isVisible(), 'the section the person opened is still open');
		} finally {
			await page.context().close();
		}
	});
});

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

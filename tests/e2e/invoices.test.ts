/**
 * Invoices: finance opens last month's invoice of the group contract on a phone (computed from the records)
 * and submits it; the reviewer reads it with its specification and returns it; finance resubmits; the
 * reviewer checks; another person approves; the Finvoice, UBL and CSV exports download, name no customer,
 * and the e-invoices pass the official schemas (../shared/einvoice, required unless opted out).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../src/lib/domain/clock';
import { SHARED_EINVOICE, sharedEinvoice } from '../shared-einvoice';
import { BASE, DEMO_DAY, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { InvoicePage, ProviderInvoicesPage } from './pages/invoices';
import { demoUser, DESKTOP, newPage } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { anyLanguage } from './pages/text';

// Missing, this file fails (unless PTP_ALLOW_MISSING_EINVOICE=1, which skips the schema checks knowingly).
const validate = sharedEinvoice();
const { browser } = serverAndBrowser();

const FULL_CYCLE =
	'finance submits an invoice computed from the records, the reviewer returns it, finance resubmits, the reviewer checks, ' +
	'another person approves; the e-invoices download and validate';

describe('invoices', () => {
	it(FULL_CYCLE, async () => {
		// Last month: February, ended and recorded by the demo.
		const until = addDays(`${DEMO_DAY.slice(0, 7)}-01`, -1);
		const lastMonth = { from: `${until.slice(0, 7)}-01`, until };
		const finance = await newPage(browser());
		const reviewer = await newPage(browser(), DESKTOP);
		const approver = await newPage(browser(), { ...DESKTOP, acceptDownloads: true });
		const dir = await mkdtemp(join(tmpdir(), 'ptp-einvoice-'));
		try {
			const provider = await (await new SignInPage(finance).signIn(demoUser('finance', 'pohjola'))).workspace('provider');
			await finance.goto(`${BASE}${provider}/invoices`);
			await expectAccessible(finance, 'invoices (provider, phone)');
			await expectNoHorizontalScroll(finance, 'invoices (provider, phone)');
			// Last month of the group contract: its days present and starts are on the invoice.
			const invoices = new ProviderInvoicesPage(finance);
			await invoices.toOpening();
			await expectAccessible(finance, 'opening invoices (provider, phone)');
			await expectNoHorizontalScroll(finance, 'opening invoices (provider, phone)');
			await invoices.open('POH-2026-041', lastMonth);
			const invoiceUrl = finance.url();
			const draft = new InvoicePage(finance);
			assert.ok((await draft.text()).includes('Valmennuspäivä ryhmässä'), 'a line for the days present');
			await expectAccessible(finance, 'invoice draft (provider, phone)');
			await expectNoHorizontalScroll(finance, 'invoice draft (provider, phone)');
			await draft.act('invoices.submit', 'invoices.done.submitted');

			// The reviewer opens it next to its specification and returns it with a comment.
			const area = await (await new SignInPage(reviewer).signIn(demoUser('invoice_reviewer', 'pohjanmaa'))).workspace('area');
			await reviewer.goto(`${BASE}${area}/invoices`);
			await expectAccessible(reviewer, 'invoices (area)');
			await reviewer.locator('ul.rows li.row a').first().click();
			await reviewer.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
			const areaInvoiceUrl = reviewer.url();
			await expectAccessible(reviewer, 'invoice (reviewer)');
			await reviewer
				.getByRole('link', { name: anyLanguage('invoices.specificationLink') })
				.first()
				.click();
			await reviewer.waitForURL(/\/specification$/);
			assert.ok((await reviewer.locator('main').innerText()).includes('Sari Niemi'), 'the specification names the customers');
			await expectAccessible(reviewer, 'invoice specification (reviewer)');
			await reviewer.goto(areaInvoiceUrl);
			const review = new InvoicePage(reviewer);
			await review.returnWith('Tarkistakaa helmikuun sairauspoissaolo.');

			// Finance sees the comment and sends it again.
			await finance.goto(invoiceUrl);
			await assert.doesNotReject(finance.getByText('Tarkistakaa helmikuun sairauspoissaolo.').first().waitFor());
			await draft.act('invoices.resubmit', 'invoices.done.submitted');

			await reviewer.goto(areaInvoiceUrl);
			await review.act('invoices.review.check', 'invoices.done.checked');

			// A different person approves; the exports download and are valid e-invoices.
			await new SignInPage(approver).signIn(demoUser('invoice_approver', 'pohjanmaa'));
			await approver.goto(areaInvoiceUrl);
			await expectAccessible(approver, 'invoice (approver)');
			const approval = new InvoicePage(approver);
			await approval.act('invoices.approve.submit', 'invoices.done.approved');
			// The approver's list also takes the finance system's payments file.
			await approver.goto(`${BASE}${area}/invoices`);
			await assert.doesNotReject(approver.getByLabel(anyLanguage('invoices.payments.file')).waitFor());
			await expectAccessible(approver, 'invoices with payments import (approver)');
			await approver.goto(areaInvoiceUrl);
			for (const key of ['invoices.export.finvoice', 'invoices.export.ubl', 'invoices.export.csv'] as const) {
				const { name, path } = await approval.download(key);
				const file = join(dir, name);
				await writeFile(file, await readFile(path));
				const text = await readFile(file, 'utf8');
				assert.ok(!text.includes('Sari Niemi') && !text.includes('VAA-10301'), `${key}: no customer in the document`);
				if (key === 'invoices.export.csv') assert.match(text, /Valmennuspäivä ryhmässä/);
				else if (!validate) console.warn(`${key}: schema validation skipped (PTP_ALLOW_MISSING_EINVOICE=1)`);
				else if (key === 'invoices.export.finvoice')
					execFileSync('xmllint', ['--noout', '--schema', join(SHARED_EINVOICE, 'finvoice/Finvoice3.0.xsd'), file], { stdio: 'pipe' });
				else execFileSync('bash', [join(SHARED_EINVOICE, 'validate-ubl.sh'), file], { stdio: 'pipe' });
			}
		} finally {
			await finance.context().close();
			await reviewer.context().close();
			await approver.context().close();
			await rm(dir, { recursive: true, force: true });
		}
	});
});

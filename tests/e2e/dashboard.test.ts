/**
 * The area's dashboard and the provider scorecard (issue 18) on a 360 px phone: the area's admin reads the months'
 * trends (a chart with its table) on the overview, opens the contracts' view, narrows the selection by keyboard, follows a figure to how it is computed,
 * downloads a table as CSV (nothing below 5 in it) and opens a provider's scorecard; the provider's admin sees
 * only its own contracts. axe and no sideways scrolling on each page.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, expectAccessible, expectNoHorizontalScroll, serverAndBrowser } from './harness';
import { DashboardPage } from './pages/dashboard';
import { demoUser, PHONE } from './pages/people';
import { SignInPage } from './pages/sign-in';
import { fi } from './pages/text';

const { browser } = serverAndBrowser();

/** Every people count shown is "<5" or at least 5. */
function noSmallCounts(cells: string[], label: string) {
	for (const c of cells) {
		if (c === '<5' || c.startsWith('<5') || c === '–' || c.startsWith('–')) continue;
		assert.ok(Number(c.replace(/\s/g, '')) >= 5, `${label}: ${c}`);
	}
}

describe('the dashboard and the scorecard', () => {
	it('the area reads trends, narrows by keyboard, learns how a figure is computed and downloads CSV', async () => {
		const context = await browser().newContext({ ...PHONE, acceptDownloads: true });
		const page = await context.newPage();
		try {
			const home = await new SignInPage(page).signIn(demoUser('area_admin', 'pohjanmaa'), { axe: false });
			const area = (await home.workspaces()).find((p) => p.startsWith('/area/'))!;
			const dashboard = await new DashboardPage(page).openFrom(area);
			await expectAccessible(page, 'dashboard');
			await expectNoHorizontalScroll(page, 'dashboard');

			// The trends chart is an image with a name, and its table has the same months.
			await page.getByRole('img', { name: new RegExp(fi('dashboard.trendsChart')) }).waitFor();
			const months = await dashboard.column('trends-table', fi('dashboard.month'));
			assert.ok(months.includes('2026-02'), 'February is a row of the trends table');
			noSmallCounts(await dashboard.column('trends-table', fi('dashboard.indicator.referrals')), 'referrals by month');

			// The contracts' view, from the views' links.
			await dashboard.openView(fi('dashboard.byContract'));
			noSmallCounts(await dashboard.column('contracts-table', fi('dashboard.indicator.starts')), 'starts by contract');
			await expectAccessible(page, 'dashboard by contract');
			await expectNoHorizontalScroll(page, 'dashboard by contract');

			// The service type, then "Show" by keyboard: the page stays in the contracts' view.
			await page.locator('select[name=serviceType]').selectOption('vocational_training');
			await page.getByRole('button', { name: fi('dashboard.apply') }).focus();
			await page.keyboard.press('Enter');
			await page.waitForURL(/serviceType=vocational_training.*view=contracts|view=contracts.*serviceType=vocational_training/);
			assert.equal(await page.locator('select[name=serviceType]').inputValue(), 'vocational_training', 'the filter still shows the chosen type');
			const contracts = await dashboard.column('contracts-table', fi('dashboard.contract'));
			assert.deepEqual(
				contracts.map((c) => c.split(' · ')[0]),
				['POH-2026-033'],
				'only the vocational training contract'
			);
			await expectAccessible(page, 'dashboard, narrowed');

			// A figure's header leads to how it is computed.
			await page
				.locator('#contracts-table thead')
				.getByRole('link', { name: fi('dashboard.indicator.attendancePct') })
				.click();
			await page.waitForURL(/#how-attendancePct$/);
			assert.ok(await page.locator('#how-attendancePct + dd').isVisible(), 'the explanation is shown');

			// Back to the overview with the same selection; the months' table as CSV: every people count "<5" or at least 5.
			await dashboard.openView(fi('dashboard.view.overview'));
			assert.match(page.url(), /serviceType=vocational_training/, 'the overview keeps the selection');
			const [download] = await Promise.all([
				page.waitForEvent('download'),
				page.locator('#trends-table').locator('xpath=../following-sibling::p[1]').getByRole('link').click()
			]);
			const csv = await readFile((await download.path())!, 'utf8');
			const rows = csv
				.replace(/^\uFEFF/, '')
				.trim()
				.split('\r\n');
			assert.ok(rows.length > 2, 'the CSV has months');
			for (const row of rows.slice(1))
				for (const cell of row.split(',').slice(1, 5)) if (cell !== '<5' && cell !== '') assert.ok(Number(cell) >= 5, `CSV cell ${cell}`);

			// A provider's scorecard from the providers' table.
			await page.goto(page.url().replace(/\?.*$/, ''));
			await dashboard.openView(fi('dashboard.byProvider'));
			await page.locator('#providers-table tbody').getByRole('link').first().click();
			await page.getByRole('heading', { level: 1, name: /^Tuloskortti/ }).waitFor();
			await page
				.getByRole('columnheader', { name: fi('dashboard.areaAverage') })
				.first()
				.waitFor();
			await expectAccessible(page, 'area scorecard');
			await expectNoHorizontalScroll(page, 'area scorecard');
		} finally {
			await context.close();
		}
	});

	it("the provider's admin sees its own scorecard and nothing of other providers", async () => {
		const context = await browser().newContext(PHONE);
		const page = await context.newPage();
		try {
			const home = await new SignInPage(page).signIn(demoUser('provider_admin', 'pohjola'), { axe: false });
			const provider = await home.workspace('provider');
			await page.goto(`${BASE}${provider}`);
			await page.getByRole('link', { name: new RegExp(fi('dashboard.scorecard')) }).click();
			await page.getByRole('heading', { level: 1, name: /^Tuloskortti/ }).waitFor();
			const captions = await page.locator('table.scorecard caption').allInnerTexts();
			assert.ok(
				captions.some((c) => c.startsWith('POH-2026-041')),
				'its own contract'
			);
			assert.ok(!captions.some((c) => c.startsWith('POH-2026-033') || c.startsWith('POH-2026-030')), "no other provider's contract");
			await expectAccessible(page, 'provider scorecard');
			await expectNoHorizontalScroll(page, 'provider scorecard');
		} finally {
			await context.close();
		}
	});
});

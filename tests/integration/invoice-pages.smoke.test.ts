/**
 * The invoice pages called as SvelteKit would: the provider opens the invoice of an ended month with marks,
 * edits and submits it; the area's reviewer returns it (a comment is required) and checks the resubmitted
 * one; a different approver approves; the specification is audited; the print view names no customer; an
 * invoice under another organisation's URL is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, contracts, invoices, organisations, priceLines } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { parseQuantity } from '../../src/lib/server/invoices/pages';
import { load as providerList } from '../../src/routes/provider/[orgId=uuid]/invoices/+page.server';
import { actions as openActions, load as openPage } from '../../src/routes/provider/[orgId=uuid]/invoices/open/+page.server';
import { actions as providerActions, load as providerPage } from '../../src/routes/provider/[orgId=uuid]/invoices/[invoiceId=uuid]/+page.server';
import { load as providerSpecification } from '../../src/routes/provider/[orgId=uuid]/invoices/[invoiceId=uuid]/specification/+page.server';
import { load as providerPrint } from '../../src/routes/provider/[orgId=uuid]/invoices/[invoiceId=uuid]/print/+page.server';
import { load as areaList } from '../../src/routes/area/[orgId=uuid]/invoices/+page.server';
import { actions as areaActions, load as areaPage } from '../../src/routes/area/[orgId=uuid]/invoices/[invoiceId=uuid]/+page.server';
import { load as areaSpecification } from '../../src/routes/area/[orgId=uuid]/invoices/[invoiceId=uuid]/specification/+page.server';
import type { Actor } from '../../src/lib/server/policy';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeUser, testClock } from './helpers/fixtures';
import { mark, participationSetting } from './helpers/participations';

let database: Database;
const c = testClock('2026-10-02T13:00:00Z');
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

/** Runs a handler that is expected to redirect; returns where to. */
async function redirected(run: () => unknown): Promise<{ status: number; location: string }> {
	try {
		await run();
	} catch (e) {
		const r = e as { status?: number; location?: string };
		if (r.status && r.location) return { status: r.status, location: r.location };
		throw e;
	}
	throw new Error('no redirect');
}

type Out = { status?: number; data?: { form?: string; message?: string; errors?: Record<string, string> } } & Record<string, unknown>;
const call = async (fn: unknown, ev: unknown) => (await (fn as (e: unknown) => Promise<unknown>)(ev)) as Out;
const invoiceRow = async (id: string) => (await database.db.select().from(invoices).where(eq(invoices.id, id)))[0];

type Page = {
	invoice: { status: string; version: number; grossCents: number; netCents: number; number: string | null };
	lines: { id: string; kind: string; quantityHundredths: number }[];
	can: Record<string, boolean>;
	returnComment: { comment: string } | null;
};

/**
 * One invoice from the provider to the approver, one step per `it` so that a failure names the step. The
 * steps share the invoice; after a failed step the later ones are skipped (they would only fail after it).
 */
describe.sequential('invoice pages, provider to approver', () => {
	let s: Awaited<ReturnType<typeof participationSetting>>;
	let finance: Actor, reviewer: Actor, approver: Actor;
	let reviewerUserId: string;
	let P: { orgId: string }, A: { orgId: string };
	let invoiceId: string;
	let PI: Record<string, string>, AI: Record<string, string>;
	let p: Page;
	let customerNames: string[];
	let failed: string | null = null;
	const ev = (actor: Actor, params: Record<string, string>, form?: Record<string, string>, url?: string) =>
		makeEvent({ actor, clock: c.clock, params, form, url });
	const page = async (fn: unknown, actor: Actor, params: Record<string, string>) => (await call(fn, ev(actor, params))) as unknown as Page;

	/** A step: skipped once an earlier one failed (it would fail only because of that one). */
	const step = (name: string, fn: () => Promise<void>) =>
		it(name, async (ctx) => {
			if (failed) ctx.skip(`an earlier step failed: ${failed}`);
			try {
				await fn();
			} catch (e) {
				failed = name;
				throw e;
			}
		});

	beforeAll(async () => {
		// October: two training customers present on two days; a day costs 100 € + 25.5 % VAT.
		s = await participationSetting(database, c.clock, { customers: 2, cohort: true, start: '2026-10-01' });
		await database.db.insert(priceLines).values({
			contractId: s.contractId,
			unit: 'participant_day',
			description: 'Opiskelijatyöpäivä',
			unitPriceCents: 10_000,
			vatRateBp: 2550,
			validFrom: '2026-01-01'
		});
		const marks = s.participationIds.flatMap((id) => [mark(id, '2026-10-01', 'present'), mark(id, '2026-10-02', 'present')]);
		const recorded = await recordAttendance(database.db, s.cctx, await s.coachActor(), { marks });
		expect(recorded.marks.every((m) => m.ok)).toBe(true);
		c.set('2026-11-23T08:00:00Z');

		const financeUser = await makeUser(database.db, { org: s.providerId, roles: ['finance'] });
		const reviewerUser = await makeUser(database.db, { org: s.area.id, roles: ['invoice_reviewer', 'invoice_approver'] });
		const approverUser = await makeUser(database.db, { org: s.area.id, roles: ['invoice_approver'] });
		reviewerUserId = reviewerUser.id;
		finance = await loadActor(database.db, financeUser.id, TODAY);
		reviewer = await loadActor(database.db, reviewerUser.id, TODAY);
		approver = await loadActor(database.db, approverUser.id, TODAY);
		P = { orgId: s.providerId };
		A = { orgId: s.area.id };
	});

	step('the list links finance to opening invoices; that page offers the ended months only, and a period not offered is a field error', async () => {
		expect(((await call(providerList, ev(finance, P))) as unknown as { canOpen: boolean }).canOpen).toBe(true);
		const list = (await call(openPage, ev(finance, P))) as unknown as { openable: { contractId: string; periods: { from: string; until: string }[] }[] };
		const offered = list.openable.find((x) => x.contractId === s.contractId)!;
		expect(offered.periods.map((x) => x.from)).toContain('2026-10-01');
		expect(offered.periods.map((x) => x.from)).not.toContain('2026-11-01');
		// A period that is not one of the choices is a field error, not a server error.
		expect(await statusOf(() => openActions.open(ev(finance, P, { contractId: s.contractId, period: 'x' }) as never))).toBe(400);
	});

	step('opening October leads to its draft, computed from the marks', async () => {
		const opened = await redirected(() => openActions.open(ev(finance, P, { contractId: s.contractId, period: '2026-10-01_2026-10-31' }) as never));
		expect(opened.status).toBe(303);
		invoiceId = opened.location.split('/').pop()!;
		expect(opened.location).toBe(`/provider/${s.providerId}/invoices/${invoiceId}`);
		PI = { ...P, invoiceId };
		AI = { ...A, invoiceId };
		p = await page(providerPage, finance, PI);
		expect(p.invoice).toMatchObject({ status: 'draft', netCents: 40_000, grossCents: 50_200, number: null });
		expect(p.lines).toMatchObject([{ kind: 'recorded', quantityHundredths: 400 }]);
		expect(p.can).toMatchObject({ edit: true, submit: true, credit: false, review: false, export: false });
	});

	step('a manual line needs a justification and valid numbers; a valid one is added, and removed with the version seen', async () => {
		const noWhy = await call(
			providerActions.addLine,
			ev(finance, PI, { version: String(p.invoice.version), description: 'Materiaalit', quantity: '1', unitPrice: '50,00', vatRate: '2550', justification: '' })
		);
		expect(noWhy.status).toBe(400);
		expect(noWhy.data?.errors).toMatchObject({ justification: 'invoices.error.justificationRequired' });
		const badNumbers = await call(
			providerActions.addLine,
			ev(finance, PI, { version: String(p.invoice.version), description: 'Materiaalit', quantity: '0', unitPrice: '-5', vatRate: '7', justification: 'x' })
		);
		expect(badNumbers.data?.errors).toMatchObject({ quantity: 'invoices.error.quantityInvalid', unitPrice: 'errors.moneyInvalid', vatRate: 'errors.choose' });
		expect(
			await call(
				providerActions.addLine,
				ev(finance, PI, {
					version: String(p.invoice.version),
					description: 'Materiaalit',
					quantity: '1',
					unitPrice: '50,00',
					vatRate: '2550',
					justification: 'Sovittu sähköpostilla'
				})
			)
		).toMatchObject({ form: 'addLine', success: 'invoices.done.lineAdded' });
		p = await page(providerPage, finance, PI);
		const manual = p.lines.find((l) => l.kind === 'manual')!;
		expect(manual).toBeDefined();
		// The version the person saw: an old one is a conflict.
		expect((await call(providerActions.removeLine, ev(finance, PI, { version: '1', lineId: manual.id }))).status).toBe(409);
		expect(await call(providerActions.removeLine, ev(finance, PI, { version: String(p.invoice.version), lineId: manual.id }))).toMatchObject({
			success: 'invoices.done.lineRemoved'
		});
		p = await page(providerPage, finance, PI);
		expect(p.lines.some((l) => l.kind === 'manual')).toBe(false);
	});

	step('the list’s month filter works for a 30-day month too', async () => {
		const inOctober = (await call(providerList, ev(finance, P, undefined, 'http://localhost/?period=2026-10'))) as unknown as { invoices: { id: string }[] };
		expect(inOctober.invoices.map((i) => i.id)).toEqual([invoiceId]);
		const inNovember = (await call(providerList, ev(finance, P, undefined, 'http://localhost/?period=2026-11'))) as unknown as { invoices: { id: string }[] };
		expect(inNovember.invoices).toEqual([]);
	});

	step('finance submits it: it gets its number', async () => {
		expect(await call(providerActions.submit, ev(finance, PI, { version: String(p.invoice.version) }))).toMatchObject({ success: 'invoices.done.submitted' });
		expect(await invoiceRow(invoiceId)).toMatchObject({ status: 'submitted', number: '2026-0001' });
	});

	step('the area lists and opens it; the same id under the provider’s URL, or another area’s, is 404; the provider cannot review', async () => {
		const areaRows = (await call(areaList, ev(reviewer, A))) as unknown as {
			invoices: { id: string; status: string }[];
			contracts: unknown[];
			providers: unknown[];
		};
		expect(areaRows.invoices).toMatchObject([{ id: invoiceId, status: 'submitted' }]);
		// The filters: the area's contract by number and title, its provider once by name; nothing more per contract.
		const [contract] = await database.db.select().from(contracts).where(eq(contracts.id, s.contractId));
		const [provider] = await database.db.select().from(organisations).where(eq(organisations.id, s.providerId));
		expect(areaRows.contracts).toEqual([{ id: s.contractId, label: `${contract.contractNumber} ${contract.title}` }]);
		expect(areaRows.providers).toEqual([{ id: s.providerId, name: provider.name }]);
		expect(((await call(providerList, ev(finance, P))) as unknown as { providers: unknown[] }).providers).toEqual([]);
		p = await page(areaPage, reviewer, AI);
		expect(p.can).toMatchObject({ review: true, approve: false, edit: false });
		expect(await statusOf(() => providerPage(ev(reviewer, PI) as never))).toBe(404);
		expect(await statusOf(() => areaPage(ev(finance, { orgId: s.providerId, invoiceId }) as never))).toBe(404);
		const other = await participationSetting(database, c.clock);
		const stranger = await makeUser(database.db, { org: other.area.id, roles: ['invoice_reviewer'] });
		expect(await statusOf(async () => areaPage(ev(await loadActor(database.db, stranger.id, TODAY), { orgId: other.area.id, invoiceId }) as never))).toBe(404);
		expect(await statusOf(() => areaActions.check(ev(finance, AI, { version: String(p.invoice.version) }) as never))).toBe(404);
	});

	step('returning needs a comment; with one, finance sees it and submits again', async () => {
		const noComment = await call(areaActions.return, ev(reviewer, AI, { version: String(p.invoice.version), comment: '  ' }));
		expect(noComment.status).toBe(400);
		expect(noComment.data?.errors).toMatchObject({ comment: 'invoices.error.commentRequired' });
		expect(
			await call(areaActions.return, ev(reviewer, AI, { version: String(p.invoice.version), comment: 'Lokakuun 2. päivä puuttuu listalta.' }))
		).toMatchObject({ success: 'invoices.done.returned' });
		p = await page(providerPage, finance, PI);
		expect(p.invoice.status).toBe('returned');
		expect(p.returnComment).toMatchObject({ comment: 'Lokakuun 2. päivä puuttuu listalta.' });
		expect(await call(providerActions.submit, ev(finance, PI, { version: String(p.invoice.version) }))).toMatchObject({ success: 'invoices.done.submitted' });
	});

	step('a check on a stale version is a conflict; on the current one it is checked', async () => {
		p = await page(areaPage, reviewer, AI);
		expect((await call(areaActions.check, ev(reviewer, AI, { version: String(p.invoice.version - 1) }))).status).toBe(409);
		expect(await call(areaActions.check, ev(reviewer, AI, { version: String(p.invoice.version) }))).toMatchObject({ success: 'invoices.done.checked' });
	});

	step('the reviewer (also an approver) may not approve what they checked; a different approver does; both submissions stay readable', async () => {
		p = await page(areaPage, reviewer, AI);
		expect(p.can.approve).toBe(true);
		const same = await call(areaActions.approve, ev(reviewer, AI, { version: String(p.invoice.version) }));
		expect(same.status).toBe(403);
		expect(same.data?.message).toBe('invoices.error.sameReviewer');
		expect(await call(areaActions.approve, ev(approver, AI, { version: String(p.invoice.version) }))).toMatchObject({ success: 'invoices.done.approved' });
		p = await page(areaPage, approver, AI);
		expect(p.invoice.status).toBe('approved');
		const sent = (p as unknown as { events: { kind: string; sent: { grossCents: number; lines: unknown[] } | null }[] }).events.filter(
			(e) => e.kind === 'submitted'
		);
		expect(sent).toHaveLength(2);
		expect(sent.every((e) => e.sent !== null && e.sent.lines.length > 0 && e.sent.grossCents > 0)).toBe(true);
		expect(p.can).toMatchObject({ export: true, pay: true, approve: false });
	});

	step('the specification names the customers and is audited in the same request, once', async () => {
		const spec = (await call(areaSpecification, ev(reviewer, AI))) as unknown as {
			lines: { customers: { name: string; items: { day: string }[] }[] }[];
			customerCount: number;
		};
		expect(spec.customerCount).toBe(2);
		expect(spec.lines[0].customers.map((x) => x.items.map((i) => i.day))).toEqual([
			['2026-10-01', '2026-10-02'],
			['2026-10-01', '2026-10-02']
		]);
		customerNames = spec.lines[0].customers.map((x) => x.name);
		const audits = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'customer.read'), eq(auditLog.userId, reviewerUserId)));
		expect(audits).toHaveLength(1);
		expect(audits[0]).toMatchObject({ targetType: 'invoice_specification', targetIds: [invoiceId], areaId: s.area.id });
		expect([...audits[0].customerIds].sort()).toEqual([...s.customerIds].sort());
		expect(await statusOf(() => providerSpecification(ev(finance, PI) as never))).toBe(200);
	});

	step('the print view carries the specification id and no customer', async () => {
		const printed = JSON.stringify(await call(providerPrint, ev(finance, PI)));
		expect(printed).toContain((await invoiceRow(invoiceId)).specificationId);
		expect(customerNames.length).toBeGreaterThan(0);
		for (const name of customerNames) expect(printed).not.toContain(name);
	});

	step('a payment dated tomorrow is refused; today it is paid', async () => {
		const paidTomorrow = await call(areaActions.pay, ev(approver, AI, { version: String(p.invoice.version), paidOn: '2026-11-24' }));
		expect(paidTomorrow.data?.errors).toMatchObject({ paidOn: 'invoices.error.paidInFuture' });
		expect(await call(areaActions.pay, ev(approver, AI, { version: String(p.invoice.version), paidOn: TODAY }))).toMatchObject({
			success: 'invoices.done.paid'
		});
	});

	step('a credit note opens on its own page, once; it credits every line in full and no line can be removed from it', async () => {
		const credit = await redirected(() => providerActions.credit(ev(finance, PI, {}) as never));
		const noteId = credit.location.split('/').pop()!;
		expect(await invoiceRow(noteId)).toMatchObject({ kind: 'credit_note', creditOf: invoiceId, status: 'draft', grossCents: 50_200 });
		expect((await call(providerActions.credit, ev(finance, PI, {}))).data?.message).toBe('invoices.error.creditExists');
		const note = await page(providerPage, finance, { ...P, invoiceId: noteId });
		expect(note.can).toMatchObject({ edit: false, submit: true });
		expect(
			(await call(providerActions.removeLine, ev(finance, { ...P, invoiceId: noteId }, { version: String(note.invoice.version), lineId: note.lines[0].id })))
				.status
		).toBe(404);
	});
});

describe('quantities', () => {
	it('reads quantities people type', () => {
		expect(parseQuantity('2,5')).toBe(250);
		expect(parseQuantity('-1')).toBe(-100);
		expect(parseQuantity('0.25')).toBe(25);
		expect(parseQuantity('0')).toBeNull();
		expect(parseQuantity('1,234')).toBeNull();
		expect(parseQuantity('abc')).toBeNull();
	});
});

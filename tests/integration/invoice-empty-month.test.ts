/**
 * The empty month that trapped a contract: the provider's invoice list proposes the earliest ended period
 * that has billable records and no invoice (not January), offers no period with nothing recorded, and a draft
 * can be discarded (audited, version-checked, drafts only, the provider's finance only) so that it no longer
 * blocks the contract's other periods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, contracts, invoiceLines, invoices, priceLines } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { discardInvoice, openInvoice, submitInvoice } from '../../src/lib/server/invoices/service';
import { actions as openActions, load as openLoad } from '../../src/routes/provider/[orgId=uuid]/invoices/open/+page.server';
import { actions as invoiceActions, load as invoiceLoad } from '../../src/routes/provider/[orgId=uuid]/invoices/[invoiceId=uuid]/+page.server';
import type { Actor } from '../../src/lib/server/policy';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { ctxFor, makeUser, testClock } from './helpers/fixtures';
import { mark, participationSetting } from './helpers/participations';

let database: Database;
const c = testClock('2026-10-02T13:00:00Z');
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

type Openable = { contractId: string; periods: { from: string; until: string }[]; openInvoiceId: string | null }[];

/** A contract running all year whose only records are two customers present on 1–2 October. */
async function octoberOnly() {
	c.set('2026-10-02T13:00:00Z');
	const s = await participationSetting(database, c.clock, { customers: 2, cohort: true, start: '2026-10-01' });
	await database.db.insert(priceLines).values({
		contractId: s.contractId,
		unit: 'participant_day',
		description: 'Opiskelijatyöpäivä',
		unitPriceCents: 10_000,
		vatRateBp: 2550,
		validFrom: '2026-01-01'
	});
	const marks = s.participationIds.flatMap((p) => [mark(p, '2026-10-01', 'present'), mark(p, '2026-10-02', 'present')]);
	expect((await recordAttendance(database.db, s.cctx, await s.coachActor(), { marks })).marks.every((m) => m.ok)).toBe(true);
	c.set('2026-11-23T08:00:00Z');
	const financeUser = await makeUser(database.db, { org: s.providerId, roles: ['finance'] });
	const finance = await loadActor(database.db, financeUser.id, TODAY);
	const fctx = ctxFor(c.clock, financeUser.id, s.providerId);
	const ev = (actor: Actor, params: Record<string, string>, form?: Record<string, string>) => makeEvent({ actor, clock: c.clock, params, form });
	const openable = async () =>
		((await openLoad(ev(finance, { orgId: s.providerId }) as never)) as unknown as { openable: Openable }).openable.find((x) => x.contractId === s.contractId)!;
	return { ...s, finance, fctx, ev, openable };
}

async function redirected(run: () => unknown): Promise<string> {
	try {
		await run();
	} catch (e) {
		const r = e as { status?: number; location?: string };
		if (r.status === 303 && r.location) return r.location;
		throw e;
	}
	throw new Error('no redirect');
}

describe('the provider’s invoice list', () => {
	it('proposes October, the first month with records, and offers no empty month', async () => {
		const s = await octoberOnly();
		const offered = await s.openable();
		expect(offered.periods).toEqual([{ from: '2026-10-01', until: '2026-10-31' }]);
	});

	it('offers a month whose only records are absences the contract pays, but not absences it does not pay', async () => {
		const s = await octoberOnly();
		c.set('2026-11-02T13:00:00Z'); // Monday: both customers away sick, nothing else in November
		const marks = s.participationIds.map((p) => mark(p, '2026-11-02', 'absent'));
		expect((await recordAttendance(database.db, s.cctx, await s.coachActor(), { marks })).marks.every((m) => m.ok)).toBe(true);
		c.set('2026-12-03T08:00:00Z'); // November has ended
		expect((await s.openable()).periods.map((p) => p.from)).toEqual(['2026-10-01']);
		await database.db
			.update(contracts)
			.set({ billableAbsences: ['sick'] })
			.where(eq(contracts.id, s.contractId));
		expect((await s.openable()).periods.map((p) => p.from)).toEqual(['2026-10-01', '2026-11-01']);
	});

	it('offers every ended month of a contract with a lump sum, recorded or not', async () => {
		const s = await octoberOnly();
		await database.db.insert(priceLines).values({
			contractId: s.contractId,
			unit: 'lump_sum',
			description: 'Kiinteä kuukausimaksu',
			unitPriceCents: 50_000,
			vatRateBp: 2550,
			validFrom: '2026-01-01'
		});
		const offered = (await s.openable()).periods.map((p) => p.from);
		expect(offered[0]).toBe('2026-01-01');
		expect(offered).toContain('2026-10-01');
		expect(offered).toHaveLength(10); // January–October; November has not ended on 23 November
	});

	it('refuses to open an empty January from the list, with a reason, and creates no invoice', async () => {
		const s = await octoberOnly();
		const out = (await openActions.open(s.ev(s.finance, { orgId: s.providerId }, { contractId: s.contractId, period: '2026-01-01_2026-01-31' }) as never)) as {
			status: number;
			data: { errors: Record<string, string> };
		};
		expect(out.status).toBe(400);
		expect(out.data.errors).toEqual({ period: 'invoices.open.nothingRecorded' });
		expect(await database.db.select().from(invoices).where(eq(invoices.contractId, s.contractId))).toEqual([]);
	});
});

describe('discarding a draft', () => {
	it('frees a contract trapped by an empty draft: audited, and the next period opens', async () => {
		const s = await octoberOnly();
		// The trap as it was: an empty January draft blocks every other period of the contract.
		const trapped = await openInvoice(database.db, s.fctx, s.finance, s.contractId, { from: '2026-01-01', until: '2026-01-31' });
		if (!trapped.ok) throw new Error(trapped.error);
		expect(await openInvoice(database.db, s.fctx, s.finance, s.contractId, { from: '2026-10-01', until: '2026-10-31' })).toEqual({
			ok: false,
			error: 'openInvoiceExists'
		});
		expect((await s.openable()).openInvoiceId).toBe(trapped.invoiceId);

		const P = { orgId: s.providerId, invoiceId: trapped.invoiceId };
		const page = (await invoiceLoad(s.ev(s.finance, P) as never)) as unknown as { can: { discard: boolean }; invoice: { version: number } };
		expect(page.can.discard).toBe(true);
		// A stale page is told to reload and nothing is discarded.
		expect(await statusOf(() => invoiceActions.discard(s.ev(s.finance, P, { version: String(page.invoice.version + 1) }) as never))).toBe(409);
		const to = await redirected(() => invoiceActions.discard(s.ev(s.finance, P, { version: String(page.invoice.version) }) as never));
		expect(to).toBe(`/provider/${s.providerId}/invoices?discarded=1`);

		expect(await database.db.select().from(invoices).where(eq(invoices.id, trapped.invoiceId))).toEqual([]);
		expect(await database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, trapped.invoiceId))).toEqual([]);
		const audit = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'invoice.discarded'), eq(auditLog.userId, s.finance.userId)));
		expect(audit.map((a) => a.targetIds)).toEqual([[trapped.invoiceId]]);
		expect((await s.openable()).openInvoiceId).toBeNull();
		const october = await openInvoice(database.db, s.fctx, s.finance, s.contractId, { from: '2026-10-01', until: '2026-10-31' });
		expect(october.ok).toBe(true);
	});

	it('only a draft, and only by the provider’s finance or admin of that invoice', async () => {
		const s = await octoberOnly();
		const opened = await openInvoice(database.db, s.fctx, s.finance, s.contractId, { from: '2026-10-01', until: '2026-10-31' });
		if (!opened.ok) throw new Error(opened.error);
		const P = { orgId: s.providerId, invoiceId: opened.invoiceId };
		const coach = await s.coachActor();
		expect(await statusOf(() => invoiceActions.discard(s.ev(coach, P, { version: '1' }) as never))).toBe(404);
		const other = await octoberOnly();
		expect(
			await statusOf(() => invoiceActions.discard(s.ev(other.finance, { orgId: other.providerId, invoiceId: opened.invoiceId }, { version: '1' }) as never))
		).toBe(404);
		expect(await discardInvoice(database.db, other.fctx, other.finance, opened.invoiceId, 1)).toEqual({ ok: false, error: 'notFound' });

		expect(await submitInvoice(database.db, s.fctx, s.finance, opened.invoiceId, 1)).toEqual({ ok: true });
		const [sent] = await database.db.select().from(invoices).where(eq(invoices.id, opened.invoiceId));
		expect(await discardInvoice(database.db, s.fctx, s.finance, opened.invoiceId, sent.version)).toEqual({ ok: false, error: 'wrongStatus' });
		const page = (await invoiceLoad(s.ev(s.finance, P) as never)) as unknown as { can: { discard: boolean } };
		expect(page.can.discard).toBe(false);
		expect(await database.db.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, opened.invoiceId))).toEqual([{ status: 'submitted' }]);
	});
});

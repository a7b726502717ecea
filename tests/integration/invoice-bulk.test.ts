/**
 * "Open the next period of every contract": the provider's finance opens, in one action, the proposed period
 * of each of its contracts, each in its own transaction; the answer says per contract what happened (a draft
 * with its amount, already open, nothing to bill); every draft is audited; a second run opens nothing new;
 * only the provider's own finance people may do it. Also the credit page's form (the path without JavaScript):
 * an over-credit answers a message per line and stores nothing; a valid one leads to the new credit note.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, contracts, invoices, priceLines } from '../../src/lib/server/db/schema';
import { approveInvoice, reviewInvoice, submitInvoice } from '../../src/lib/server/invoices/service';
import { creditPageActions, loadCreditPage } from '../../src/lib/server/invoices/credit-pages';
import { openInvoiceActions } from '../../src/lib/server/invoices/open-pages';
import type { BulkOutcome } from '../../src/lib/server/invoices/bulk';
import type { Actor } from '../../src/lib/server/policy';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { testClock } from './helpers/fixtures';
import { OCTOBER, PRICE, TODAY, invoiceSetting, linesOf, type InvoiceSetting } from './helpers/invoices';

let database: Database;
const c = testClock(`${TODAY}T08:00:00Z`);

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(async () => {
	await database.close();
});

/** Another contract of the same provider and area, copied from the setting's (no records of its own). */
async function sibling(t: InvoiceSetting, suffix: string, lumpSumCents?: number) {
	const [base] = await database.db.select().from(contracts).where(eq(contracts.id, t.contractId));
	const id = randomUUID();
	await database.db.insert(contracts).values({ ...base, id, contractNumber: `${base.contractNumber}-${suffix}`, version: 1 });
	if (lumpSumCents)
		await database.db
			.insert(priceLines)
			.values({ contractId: id, unit: 'lump_sum', description: 'Kuukausikorvaus', unitPriceCents: lumpSumCents, vatRateBp: 0, validFrom: '2026-01-01' });
	return { id, contractNumber: `${base.contractNumber}-${suffix}` };
}

const openAll = (actor: Actor | null, orgId: string) => openInvoiceActions.openAll(makeEvent({ actor, clock: c.clock, params: { orgId }, form: {} }));
const resultOf = (out: unknown) => (out as { bulk: BulkOutcome[] }).bulk;

describe('opening the next period of every contract', () => {
	it('opens a draft per contract with billable records, says what happened to each, audits each draft, and opens nothing new when run again', async () => {
		c.set(`${TODAY}T08:00:00Z`);
		const t = await invoiceSetting(database, c);
		const empty = await sibling(t, 'TYHJA');
		const lump = await sibling(t, 'KK', 150_000);

		const first = resultOf(await openAll(t.finance.actor, t.providerId));
		const by = (id: string) => first.find((r) => r.contractId === id)!;
		expect(first).toHaveLength(3);
		// October of the recorded contract: the earliest billable period, at what the records come to.
		expect(by(t.contractId)).toMatchObject({ result: 'opened', period: OCTOBER, grossCents: 99_187 });
		// The lump-sum contract: its first period (January), 1 500 € at 0 %.
		expect(by(lump.id)).toMatchObject({ result: 'opened', period: { from: '2026-01-01', until: '2026-01-31' }, grossCents: 150_000 });
		expect(by(empty.id)).toMatchObject({ result: 'nothing' });
		const drafts = await database.db.select().from(invoices).where(eq(invoices.providerId, t.providerId));
		expect(drafts.map((d) => d.status)).toEqual(['draft', 'draft']);
		for (const d of drafts) {
			const audited = await database.db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'invoice.created'), sql`${d.id} = any(${auditLog.targetIds})`));
			expect(audited).toHaveLength(1);
		}

		// Idempotent: the drafts are reported as open, nothing else is opened.
		const second = resultOf(await openAll(t.finance.actor, t.providerId));
		expect(second.map((r) => [r.contractId, r.result])).toEqual(first.map((r) => [r.contractId, r.result === 'opened' ? 'alreadyOpen' : r.result]));
		expect(second.find((r) => r.contractId === t.contractId)).toMatchObject({ invoiceId: (by(t.contractId) as { invoiceId: string }).invoiceId });
		expect(await database.db.select().from(invoices).where(eq(invoices.providerId, t.providerId))).toHaveLength(2);

		// Once October is submitted, nothing else of that contract has ended with records: nothing new.
		const october = (by(t.contractId) as { invoiceId: string }).invoiceId;
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, october, 1)).toEqual({ ok: true });
		const third = resultOf(await openAll(t.finance.actor, t.providerId));
		expect(third.find((r) => r.contractId === t.contractId)).toMatchObject({ result: 'nothing' });
		expect(third.find((r) => r.contractId === lump.id)).toMatchObject({ result: 'alreadyOpen' });
	});

	it('is for the provider’s own finance people: a coach, an area approver and another provider’s finance are refused and nothing is opened', async () => {
		c.set(`${TODAY}T08:00:00Z`);
		const t = await invoiceSetting(database, c);
		const other = await invoiceSetting(database, c);
		const coach = await t.s.coachActor();
		expect(await statusOf(() => openAll(coach, t.providerId))).toBe(403);
		expect(await statusOf(() => openAll(t.approver.actor, t.providerId))).toBe(403);
		expect(await statusOf(() => openAll(other.finance.actor, t.providerId))).toBe(403);
		expect(await statusOf(() => openAll(null, t.providerId))).toBe(401);
		expect(await database.db.select().from(invoices).where(eq(invoices.providerId, t.providerId))).toHaveLength(0);
		// Another provider's run touches only its own contracts.
		const theirs = resultOf(await openAll(other.finance.actor, other.providerId));
		expect(theirs.map((r) => r.contractId)).toEqual([other.contractId]);
		expect(await database.db.select().from(invoices).where(eq(invoices.providerId, t.providerId))).toHaveLength(0);
	});
});

describe('the credit page form', () => {
	it('an over-credit answers a message on the line and stores nothing; a valid choice leads to the new credit note', async () => {
		c.set(`${TODAY}T08:00:00Z`);
		const t = await invoiceSetting(database, c);
		const [opened] = resultOf(await openAll(t.finance.actor, t.providerId));
		const id = (opened as { invoiceId: string }).invoiceId;
		expect(await submitInvoice(database.db, t.finance.ctx, t.finance.actor, id, 1)).toEqual({ ok: true });
		expect(await reviewInvoice(database.db, t.reviewer.ctx, t.reviewer.actor, id, 2, { kind: 'check' })).toEqual({ ok: true });
		expect(await approveInvoice(database.db, t.approver.ctx, t.approver.actor, id, 3)).toEqual({ ok: true });
		const days = (await linesOf(database, id)).find((l) => l.unitPriceCents === PRICE.dayFrom16Oct)!;
		const params = { orgId: t.providerId, invoiceId: id };
		const post = (form: Record<string, string>) => creditPageActions.default(makeEvent({ actor: t.finance.actor, clock: c.clock, params, form }));

		const page = await loadCreditPage(makeEvent({ actor: t.finance.actor, clock: c.clock, params }));
		expect(page.lines.find((l) => l.id === days.id)).toMatchObject({ remainingCents: 27_390, creditable: true });

		const over = (await post({ [`line:${days.id}`]: '1', [`by:${days.id}`]: 'quantity', [`value:${days.id}`]: '4', reason: 'Liikaa' })) as {
			status: number;
			data: Record<string, unknown>;
		};
		expect(over.status).toBe(400);
		expect(over.data).toMatchObject({ message: 'errors.checkFields', errors: { [`value:${days.id}`]: 'credit.lineError.overCredit' } });
		const bad = (await post({ [`line:${days.id}`]: '1', [`by:${days.id}`]: 'amount', [`value:${days.id}`]: '-5', reason: '' })) as {
			status: number;
			data: Record<string, unknown>;
		};
		expect(bad.status).toBe(400);
		expect(bad.data).toMatchObject({ errors: { reason: 'credit.reasonRequired', [`value:${days.id}`]: 'credit.lineError.invalid' } });
		const none = (await post({ reason: 'Ei mitään' })) as { status: number; data: Record<string, unknown> };
		expect(none.data).toMatchObject({ message: 'invoices.error.nothingToCredit' });
		expect(await database.db.select().from(invoices).where(eq(invoices.creditOf, id))).toHaveLength(0);

		// Another provider's finance cannot reach the page or the form.
		const other = await invoiceSetting(database, c);
		expect(await statusOf(() => loadCreditPage(makeEvent({ actor: other.finance.actor, clock: c.clock, params })))).toBe(404);

		const redirected = await statusOf(() =>
			post({ [`line:${days.id}`]: '1', [`by:${days.id}`]: 'quantity', [`value:${days.id}`]: '1,5', reason: 'Puolitoista päivää liikaa' })
		);
		expect(redirected).toBe(303);
		const [note] = await database.db.select().from(invoices).where(eq(invoices.creditOf, id));
		expect(note).toMatchObject({ kind: 'credit_note', status: 'draft', netCents: 13_695 });
	});
});

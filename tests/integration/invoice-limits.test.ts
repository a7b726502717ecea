/** The area admin sets each invoice approver's own limit from the invoice list page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { approvalLimits, auditLog } from '../../src/lib/server/db/schema';
import { actions, load } from '../../src/routes/area/[orgId=uuid]/invoices/+page.server';
import { loadActor } from '../../src/lib/server/auth/actor';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const c = testClock('2026-11-23T08:00:00Z');
beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

describe('approval limits', () => {
	it('are set and cleared by the area admin only, for the area own approvers, with clear messages for bad input', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const otherArea = await makeOrganisation(database.db, 'area');
		const admin = await loadActor(database.db, (await makeUser(database.db, { org: area.id, roles: ['area_admin'] })).id, '2026-11-23');
		const approver = await makeUser(database.db, { org: area.id, roles: ['invoice_approver'] });
		const officer = await makeUser(database.db, { org: area.id, roles: ['case_officer'] });
		const strangerApprover = await makeUser(database.db, { org: otherArea.id, roles: ['invoice_approver'] });
		const ev = (actor: typeof admin, form?: Record<string, string>) => makeEvent({ actor, clock: c.clock, params: { orgId: area.id }, form });
		const limitOf = async () =>
			(
				await database.db
					.select()
					.from(approvalLimits)
					.where(and(eq(approvalLimits.areaId, area.id), eq(approvalLimits.userId, approver.id)))
			)[0]?.maxCents ?? null;

		const page = (await load(ev(admin))) as { approvers: { userId: string; maxCents: number | null }[] };
		expect(page.approvers).toEqual([expect.objectContaining({ userId: approver.id, maxCents: null })]);
		expect(await actions.setLimit(ev(admin, { userId: approver.id, limit: '12 500,50' }) as never)).toMatchObject({ success: 'invoices.limits.saved' });
		expect(await limitOf()).toBe(1_250_050);
		expect(await actions.setLimit(ev(admin, { userId: approver.id, limit: 'paljon' }) as never)).toMatchObject({
			status: 400,
			data: { errors: { limit: 'errors.moneyInvalid' } }
		});
		expect(await limitOf()).toBe(1_250_050);
		// Not an approver here: nothing to set.
		expect(await actions.setLimit(ev(admin, { userId: officer.id, limit: '100' }) as never)).toMatchObject({ status: 404 });
		expect(await actions.setLimit(ev(admin, { userId: strangerApprover.id, limit: '100' }) as never)).toMatchObject({ status: 404 });
		// Only the admin: an approver cannot raise their own limit.
		const self = await loadActor(database.db, approver.id, '2026-11-23');
		expect(await statusOf(() => actions.setLimit(ev(self, { userId: approver.id, limit: '999999' }) as never))).toBe(403);
		expect(((await load(ev(self))) as { approvers: unknown }).approvers).toBeNull();
		expect(await actions.setLimit(ev(admin, { userId: approver.id, limit: '' }) as never)).toMatchObject({ success: 'invoices.limits.saved' });
		expect(await limitOf()).toBeNull();
		expect(
			(await database.db.select().from(auditLog).where(eq(auditLog.action, 'invoice.approval_limit'))).filter((a) => a.targetIds.includes(approver.id))
		).toHaveLength(2);
	});

	it('the payments import asks for a file, and is for those who record payments only', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const approver = await loadActor(database.db, (await makeUser(database.db, { org: area.id, roles: ['invoice_approver'] })).id, '2026-11-23');
		const reviewer = await loadActor(database.db, (await makeUser(database.db, { org: area.id, roles: ['invoice_reviewer'] })).id, '2026-11-23');
		const ev = (actor: typeof approver, form?: Record<string, string>) => makeEvent({ actor, clock: c.clock, params: { orgId: area.id }, form });
		expect(await actions.importPayments(ev(approver, { file: '' }) as never)).toMatchObject({ status: 400, data: { message: 'invoices.payments.noFile' } });
		expect(await statusOf(() => actions.importPayments(ev(reviewer, { file: '' }) as never))).toBe(403);
		expect(((await load(ev(reviewer))) as { canImportPayments: boolean }).canImportPayments).toBe(false);
	});
});

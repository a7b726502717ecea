/**
 * Retention: the area admin's rules and dry run, the nightly run that anonymises what has passed its time, and the
 * owner's audit-log maintenance. What a person notices: names, contact data and free texts gone, the invoice and
 * the dashboard figures unchanged, the dry run's counts equal to what the run removed, every run in the audit log
 * with counts and no names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import {
	arvis,
	arviVersions,
	attendance,
	auditLog,
	consents,
	customers,
	emailOutbox,
	participations,
	referrals,
	remarkAttachments,
	remarks,
	retentionRules,
	retentionRuns
} from '../../src/lib/server/db/schema';
import { approveInvoice, payInvoice } from '../../src/lib/server/invoices/service';
import { statRows } from '../../src/lib/server/dashboard/read';
import { planRetention, rulesOf, runRetentionForArea, runRetentionJob } from '../../src/lib/server/retention/service';
import { removeExpiredAuditEntries } from '../../src/lib/server/retention/audit-maintenance';
import { RETENTION_DEFAULTS, keptFrom, type RetentionCounts } from '../../src/lib/domain/retention';
import { emptyArvi } from '../../src/lib/domain/arvi';
import { actions as retentionActions } from '../../src/routes/area/[orgId=uuid]/retention/+page.server';
import { loadRetention } from '../../src/lib/server/retention/pages';
import { loadActor } from '../../src/lib/server/auth/actor';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { makeUser, testClock } from './helpers/fixtures';
import { checkedOctober, invoiceRow, invoiceSetting, linesOf, type InvoiceSetting } from './helpers/invoices';

let database: Database;
const c = testClock('2026-11-23T08:00:00Z');

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

/**
 * October invoiced, approved and paid; P1 and P2 ended on 30 October (P3 never started and is still waiting to
 * start); P1 has texts of every kind: referral needs, a free-text absence reason, an ARVI, a remark with an attachment.
 */
async function endedAndPaid(): Promise<{ t: InvoiceSetting; invoiceId: string }> {
	const t = await invoiceSetting(database, c);
	const invoiceId = await checkedOctober(database, t);
	expect(await approveInvoice(database.db, t.approver.ctx, t.approver.actor, invoiceId, 3)).toEqual({ ok: true });
	expect(await payInvoice(database.db, t.approver.ctx, t.approver.actor, invoiceId, 4, '2026-11-30')).toEqual({ ok: true });
	const [p1, p2] = t.s.participationIds;
	const [c1] = t.s.customerIds;
	const db = database.db;
	await db
		.update(participations)
		.set({ status: 'completed', endDate: '2026-10-30' })
		.where(inArray(participations.id, [p1, p2]));
	await db.update(customers).set({ phone: '+358401234567', email: 'osallistuja@example.fi' }).where(eq(customers.id, c1));
	// A feedback invitation sent to the customer's address.
	await db.insert(emailOutbox).values({ toAddress: 'Osallistuja@example.fi', subject: 'Palaute', body: 'Linkki', createdAt: c.clock(), sentAt: c.clock() });
	await db.update(referrals).set({ needs: 'Tarvitsee tukea kielitaidossa' }).where(eq(referrals.customerId, c1));
	await db
		.update(attendance)
		.set({ reasonText: 'Flunssa ja kuumetta' })
		.where(and(eq(attendance.participationId, p1), eq(attendance.day, '2026-10-05')));
	const content = {
		...emptyArvi('Valmentaja Eero'),
		activities: 'Harjoiteltiin työhakemuksia',
		situation: 'employed' as const,
		situationText: 'Työssä Vaasan satamassa',
		qualifications: [{ kind: 'card' as const, name: 'Työturvallisuuskortti', date: '2026-10-20' }]
	};
	const [arvi] = await db
		.insert(arvis)
		.values({
			participationId: p1,
			areaId: t.areaId,
			providerId: t.providerId,
			contractId: t.contractId,
			customerId: c1,
			status: 'accepted',
			language: 'fi',
			dueOn: '2026-11-13',
			content,
			outcome: 'employed',
			createdAt: c.clock()
		})
		.returning({ id: arvis.id });
	await db.insert(arviVersions).values({ arviId: arvi.id, number: 1, content, submittedAt: c.clock(), submittedBy: t.s.coach.id, comment: 'Hyvä' });
	const [remark] = await db
		.insert(remarks)
		.values({
			areaId: t.areaId,
			providerId: t.providerId,
			contractId: t.contractId,
			participationId: p1,
			customerId: c1,
			number: '2026-0001',
			category: 'customer_treatment',
			description: 'Asiakasta kohdeltiin huonosti',
			observedOn: '2026-10-10',
			responseDays: 5,
			dueOn: '2026-10-20',
			filedAt: c.clock(),
			filedBy: t.s.officer.id
		})
		.returning({ id: remarks.id });
	await db.insert(remarkAttachments).values({
		remarkId: remark.id,
		filename: 'liite.pdf',
		mediaType: 'application/pdf',
		size: 4,
		content: Buffer.from('%PDF'),
		uploadedBy: t.s.officer.id,
		uploadedAt: c.clock()
	});
	return { t, invoiceId };
}

const figures = async (t: InvoiceSetting, invoiceId: string) => ({
	invoice: await invoiceRow(database, invoiceId).then((r) => ({ net: r.netCents, vat: r.vatCents, gross: r.grossCents, status: r.status })),
	lines: (await linesOf(database, invoiceId)).map((l) => [l.description, l.quantityHundredths, l.netCents, l.details]),
	dashboard: await statRows(database.db, [t.contractId], { from: '2026-09', to: '2026-12' })
});

const auditCount = async () => Number((await database.db.select({ n: sql<number>`count(*)` }).from(auditLog))[0].n);

describe('the retention run', () => {
	it('anonymises what has passed its time, as the dry run said, without changing the invoice or the dashboard; audited with counts', async () => {
		const { t, invoiceId } = await endedAndPaid();
		const [c1, c2, c3] = t.s.customerIds;
		const [p1] = t.s.participationIds;
		const before = await figures(t, invoiceId);
		const auditBefore = await auditCount();

		// Two years and a month after the end: the customers' time (24 months) has passed, the consents' (36) not.
		c.set('2028-12-01T01:00:00Z');
		const rules = await rulesOf(database.db, t.areaId);
		const expected: RetentionCounts = { customers: 2, consents: 0, referralTexts: 1, absenceReasons: 1, arviTexts: 1, remarkAttachments: 1 };
		expect(await planRetention(database.db, t.areaId, '2028-12-01', rules)).toEqual(expected);

		expect(await runRetentionForArea(database.db, c.clock, t.areaId)).toEqual({ ran: true, counts: expected });

		const people = await database.db
			.select()
			.from(customers)
			.where(inArray(customers.id, [c1, c2, c3]));
		const one = people.find((p) => p.id === c1)!;
		expect(one.name).toMatch(/^ANON-/);
		expect(one.customerNumber).not.toMatch(/^OS-/);
		expect([one.phone, one.email, one.personalIdEncrypted]).toEqual([null, null, null]);
		expect(one.anonymisedAt).not.toBeNull();
		expect(
			await database.db
				.select()
				.from(emailOutbox)
				.where(sql`lower(${emailOutbox.toAddress}) = 'osallistuja@example.fi'`)
		).toEqual([]);
		// The customer who has not started yet keeps everything.
		expect(people.find((p) => p.id === c3)!.name).toMatch(/^Osallistuja/);

		const [ref] = await database.db.select().from(referrals).where(eq(referrals.customerId, c1));
		expect(ref.needs).toBeNull();
		const [sick] = await database.db
			.select()
			.from(attendance)
			.where(and(eq(attendance.participationId, p1), eq(attendance.day, '2026-10-05'), eq(attendance.current, true)));
		// The text goes; the reason code stays (billable absences and the figures count it).
		expect([sick.reasonText, sick.reason, sick.status]).toEqual([null, 'sick', 'absent']);
		const [arvi] = await database.db.select().from(arvis).where(eq(arvis.participationId, p1));
		expect([arvi.content.activities, arvi.content.situationText, arvi.content.reviewedBy, arvi.content.qualifications[0].name]).toEqual(['', '', '', '']);
		expect([arvi.content.situation, arvi.outcome, arvi.content.qualifications[0].kind]).toEqual(['employed', 'employed', 'card']);
		const [version] = await database.db.select().from(arviVersions).where(eq(arviVersions.arviId, arvi.id));
		expect([version.content.activities, version.comment]).toEqual(['', null]);
		const [remark] = await database.db.select().from(remarks).where(eq(remarks.customerId, c1));
		expect(remark.description).toBe('');
		expect(await database.db.select().from(remarkAttachments).where(eq(remarkAttachments.remarkId, remark.id))).toEqual([]);

		// Totals unchanged: the invoice, its lines and every dashboard figure.
		expect(await figures(t, invoiceId)).toEqual(before);

		// One audit entry, with counts and no person; nothing of the log removed.
		const entries = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'retention.run'), eq(auditLog.areaId, t.areaId)));
		expect(entries).toHaveLength(1);
		expect(entries[0].customerIds).toEqual([]);
		expect(entries[0].changes).toEqual({
			customers: { from: null, to: '2' },
			consents: { from: null, to: '0' },
			referralTexts: { from: null, to: '1' },
			absenceReasons: { from: null, to: '1' },
			arviTexts: { from: null, to: '1' },
			remarkAttachments: { from: null, to: '1' }
		});
		expect(JSON.stringify(entries[0])).not.toContain('Osallistuja');
		expect(await auditCount()).toBe(auditBefore + 1);

		// The next run finds nothing; a year later the consents' time has passed too.
		expect((await runRetentionForArea(database.db, c.clock, t.areaId)).counts).toEqual({
			customers: 0,
			consents: 0,
			referralTexts: 0,
			absenceReasons: 0,
			arviTexts: 0,
			remarkAttachments: 0
		});
		c.set('2029-11-02T01:00:00Z');
		expect((await runRetentionJob(database.db, c.clock)).areas).toBeGreaterThan(0);
		const left = await database.db
			.select()
			.from(consents)
			.where(inArray(consents.customerId, [c1, c2, c3]));
		expect(left.map((k) => k.customerId)).toEqual([c3]);
		const runs = await database.db.select().from(retentionRuns).where(eq(retentionRuns.areaId, t.areaId));
		expect(runs.map((r) => r.counts.consents).sort()).toEqual([0, 0, 2]);
		expect(await figures(t, invoiceId)).toEqual(before);
	});

	it('keeps a customer whose invoice is not yet paid, however old', async () => {
		const t = await invoiceSetting(database, c);
		await checkedOctober(database, t);
		await database.db
			.update(participations)
			.set({ status: 'completed', endDate: '2026-10-30' })
			.where(inArray(participations.id, t.s.participationIds.slice(0, 2)));
		c.set('2030-01-01T01:00:00Z');
		const counts = await planRetention(database.db, t.areaId, '2030-01-01', RETENTION_DEFAULTS);
		expect(counts.customers).toBe(0);
		await runRetentionForArea(database.db, c.clock, t.areaId);
		const names = await database.db.select({ name: customers.name }).from(customers).where(inArray(customers.id, t.s.customerIds));
		expect(names.every((n) => n.name.startsWith('Osallistuja'))).toBe(true);
		c.set('2026-11-23T08:00:00Z');
	});
});

describe('the retention page', () => {
	it('shows the area admin the defaults, the dry run and the runs; refuses bad months without saving; saves and audits good ones', async () => {
		const { t } = await endedAndPaid();
		c.set('2028-12-01T01:00:00Z');
		await runRetentionForArea(database.db, c.clock, t.areaId);
		c.set('2026-11-23T08:00:00Z');
		const admin = await makeUser(database.db, { org: t.areaId, roles: ['area_admin'] });
		const actor = await loadActor(database.db, admin.id, '2026-11-23');
		const params = { orgId: t.areaId };
		const page = await loadRetention(makeEvent({ actor, clock: c.clock, params }));
		expect(page.saved).toBe(false);
		expect(page.values.customerMonths).toBe(String(RETENTION_DEFAULTS.customerMonths));
		expect(page.runs).toHaveLength(1);
		expect(page.next.customers).toBe(0);

		const good = { customerMonths: '18', consentMonths: '36', referralTextMonths: '6', absenceReasonMonths: '6', arviTextMonths: '24', auditMonths: '60' };
		const bad = await retentionActions.default(makeEvent({ actor, clock: c.clock, params, form: { ...good, customerMonths: '0', auditMonths: '6' } }));
		expect(bad).toMatchObject({ status: 400, data: { errors: { customerMonths: 'errors.monthsInvalid', auditMonths: 'errors.auditMonthsInvalid' } } });
		expect(await database.db.select().from(retentionRules).where(eq(retentionRules.areaId, t.areaId))).toEqual([]);

		expect(await retentionActions.default(makeEvent({ actor, clock: c.clock, params, form: good }))).toMatchObject({ success: 'retention.saved' });
		expect(await rulesOf(database.db, t.areaId)).toMatchObject({ customerMonths: 18, referralTextMonths: 6, saved: true });
		const [entry] = await database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'retention.rules_update'), eq(auditLog.areaId, t.areaId)));
		expect(entry.changes).toMatchObject({ customerMonths: { from: null, to: '18' } });
		// The same values again: nothing changed, nothing audited.
		expect(await retentionActions.default(makeEvent({ actor, clock: c.clock, params, form: good }))).toMatchObject({ success: 'errors.nothingChanged' });
		expect(
			await database.db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.action, 'retention.rules_update'), eq(auditLog.areaId, t.areaId)))
		).toHaveLength(1);
	});
});

describe('the audit log’s maintenance (owner only)', () => {
	it('removes entries past their area’s audit period and records itself; the log stays append-only for everything else', async () => {
		const { t } = await endedAndPaid();
		await database.db.insert(retentionRules).values({ areaId: t.areaId, ...RETENTION_DEFAULTS, auditMonths: 12, updatedAt: c.clock() });
		const at = (iso: string) => new Date(iso);
		await database.db.insert(auditLog).values([
			{ at: at('2024-01-10T10:00:00Z'), action: 'customer.read', areaId: t.areaId },
			{ at: at('2026-01-10T10:00:00Z'), action: 'customer.read', areaId: t.areaId },
			{ at: at('2021-01-10T10:00:00Z'), action: 'auth.login' }
		]);
		const oldOfArea = async () =>
			(
				await database.db
					.select()
					.from(auditLog)
					.where(and(eq(auditLog.areaId, t.areaId), sql`${auditLog.at} < '2025-11-23'`))
			).length;
		expect(await oldOfArea()).toBe(1);

		// 23 Nov 2026: the area keeps 12 months (from 23 Nov 2025), entries of no area the default 60 (from 23 Nov 2021).
		const { removed } = await removeExpiredAuditEntries(database.db, c.clock);
		expect(removed).toBeGreaterThanOrEqual(2);
		expect(await oldOfArea()).toBe(0);
		expect(
			await database.db
				.select()
				.from(auditLog)
				.where(and(eq(auditLog.areaId, t.areaId), sql`${auditLog.at} = '2026-01-10T10:00:00Z'`))
		).toHaveLength(1);
		expect(
			await database.db
				.select()
				.from(auditLog)
				.where(eq(auditLog.action, 'auth.login' as never))
		).toEqual([]);
		const [record] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'audit.maintenance'));
		expect(record.changes).toEqual({ removed: { from: null, to: String(removed) } });

		// The append-only trigger is back on.
		await expect(database.db.execute(sql`delete from audit_log where id = ${record.id}`)).rejects.toThrow();
		expect(keptFrom('2026-11-23', 12)).toBe('2025-11-23');
	});

	it('cannot be run by the app’s role (not the owner, UPDATE/DELETE/TRUNCATE revoked as the README says)', async () => {
		// PGlite has roles too: the same grants as the README's production set-up.
		const role = `ptp_app_${Math.random().toString(36).slice(2, 8)}`;
		await database.db.execute(sql.raw(`create role ${role}`));
		await database.db.execute(sql.raw(`grant select, insert, update, delete on all tables in schema public to ${role}`));
		await database.db.execute(sql.raw(`revoke update, delete, truncate on audit_log from ${role}`));
		const asApp = (statement: string) =>
			database.db.transaction(async (tx) => {
				await tx.execute(sql.raw(`set local role ${role}`));
				await tx.execute(sql.raw(statement));
			});
		await expect(asApp('alter table audit_log disable trigger audit_log_no_update_delete')).rejects.toThrow();
		await expect(asApp(`delete from audit_log where at < now()`)).rejects.toThrow();
		expect(await auditCount()).toBeGreaterThan(0);
		// Roles belong to the whole server: leave none behind.
		await database.db.execute(sql.raw(`drop owned by ${role}`));
		await database.db.execute(sql.raw(`drop role ${role}`));
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/lib/server/db/client';
import { emailOutbox, notifications, users } from '../../src/lib/server/db/schema';
import { runDeadlineReminderJob } from '../../src/lib/server/notifications/reminders';
import { createTestDatabase } from './helpers/db';
import { testClock } from './helpers/fixtures';
import { participationSetting } from './helpers/participations';

let database: Database;
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

/** Mon 14 Dec 2026 10:00 in Helsinki. */
const setup = testClock('2026-12-14T08:00:00Z');

async function kindsOf(userId: string): Promise<string[]> {
	const rows = await database.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, userId));
	return rows
		.map((r) => r.kind)
		.filter((k) => /_due_soon$|_overdue$/.test(k))
		.sort();
}

/** A notice, an ARVI form and a quality remark waiting on the setting's participation, with the deadlines given. */
async function waiting(due: { notice: string; arvi: string; remark: string }) {
	const s = await participationSetting(database, setup.clock);
	const [p] = rowsOf<{ id: string; customer_id: string; contract_id: string }>(
		await database.db.execute(sql`select id, customer_id, contract_id from participations where id = ${s.participationIds[0]}`)
	);
	const common = sql`${s.area.id}, ${s.providerId}, ${p.contract_id}`;
	const [notice] = rowsOf<{ id: string }>(
		await database.db
			.execute(sql`insert into notices (area_id, provider_id, contract_id, participation_id, customer_id, officer_id, kind, day, status, due_on, created_at, created_by)
		values (${common}, ${p.id}, ${p.customer_id}, ${s.officer.id}, 'unexcused_absence', '2026-12-07', 'open', ${due.notice}, now(), ${s.coach.id}) returning id`)
	);
	// A decided notice with the same deadline: nothing waits on it.
	await database.db
		.execute(sql`insert into notices (area_id, provider_id, contract_id, participation_id, customer_id, officer_id, kind, day, status, due_on, created_at, created_by)
		values (${common}, ${p.id}, ${p.customer_id}, ${s.officer.id}, 'unexcused_absence', '2026-12-08', 'decided', ${due.notice}, now(), ${s.coach.id})`);
	const [arvi] = rowsOf<{ id: string }>(
		await database.db
			.execute(sql`insert into arvis (participation_id, area_id, provider_id, contract_id, customer_id, status, language, due_on, content, created_at)
		values (${p.id}, ${common}, ${p.customer_id}, 'draft', 'fi', ${due.arvi}, '{}'::jsonb, now()) returning id`)
	);
	const remarkNumber = `2026-${Math.random().toString().slice(2, 6)}`;
	const [remark] = rowsOf<{ id: string }>(
		await database.db
			.execute(sql`insert into remarks (area_id, provider_id, contract_id, participation_id, customer_id, number, category, description, observed_on, status, response_days, due_on, filed_at, filed_by)
		values (${common}, ${p.id}, ${p.customer_id}, ${remarkNumber}, 'service_content', 'Valmentaja ei ollut paikalla', '2026-12-01', 'open', 5, ${due.remark}, now(), ${s.officer.id}) returning id`)
	);
	return { ...s, noticeId: notice.id, arviId: arvi.id, remarkId: remark.id };
}

describe('deadline reminders (notices, ARVI forms, quality remarks)', () => {
	it('remind the right people the day before and once overdue, each once however often and however many times at once the job runs', async () => {
		const s = await waiting({ notice: '2026-12-15', arvi: '2026-12-10', remark: '2026-12-15' });
		const monday = testClock('2026-12-14T08:00:00Z').clock;
		const first = await runDeadlineReminderJob(database.db, monday);
		expect(first.ran).toBe(true);
		expect(await kindsOf(s.officer.id)).toEqual(['notice_due_soon']);
		expect(await kindsOf(s.coach.id)).toEqual(['arvi_overdue']);
		expect(await kindsOf(s.admin.id)).toEqual(['arvi_overdue', 'remark_due_soon']);

		// Again, and twice at once (two processes): nothing more.
		await Promise.all([runDeadlineReminderJob(database.db, monday), runDeadlineReminderJob(database.db, monday)]);
		await runDeadlineReminderJob(database.db, testClock('2026-12-14T20:00:00Z').clock);
		expect(await kindsOf(s.officer.id)).toEqual(['notice_due_soon']);
		expect(await kindsOf(s.admin.id)).toEqual(['arvi_overdue', 'remark_due_soon']);

		// Wednesday: the notice and the remark are overdue (once), the ARVI form was reminded of already.
		const wednesday = testClock('2026-12-16T06:00:00Z').clock;
		await Promise.all([runDeadlineReminderJob(database.db, wednesday), runDeadlineReminderJob(database.db, wednesday)]);
		await runDeadlineReminderJob(database.db, wednesday);
		expect(await kindsOf(s.officer.id)).toEqual(['notice_due_soon', 'notice_overdue']);
		expect(await kindsOf(s.coach.id)).toEqual(['arvi_overdue']);
		expect(await kindsOf(s.admin.id)).toEqual(['arvi_overdue', 'remark_due_soon', 'remark_overdue']);

		// The links lead to the work; the e-mails say only that something waits (no customer's name).
		const links = await database.db
			.select({ kind: notifications.kind, link: notifications.link })
			.from(notifications)
			.where(eq(notifications.userId, s.admin.id));
		expect(links.find((l) => l.kind === 'remark_overdue')?.link).toBe(`/provider/${s.providerId}/remarks/${s.remarkId}`);
		expect(links.find((l) => l.kind === 'arvi_overdue')?.link).toBe(`/provider/${s.providerId}/arvi/${s.arviId}`);
		const emails = (
			await database.db
				.select({ email: users.email })
				.from(users)
				.where(inArray(users.id, [s.officer.id, s.admin.id, s.coach.id]))
		).map((u) => u.email);
		const mails = await database.db.select().from(emailOutbox).where(inArray(emailOutbox.toAddress, emails));
		const reminderMails = mails.filter((m) => m.body.includes(`/notices/${s.noticeId}`) || m.body.includes(s.arviId) || m.body.includes(s.remarkId));
		// officer 2 (notice soon, overdue), coach 1 (ARVI), admin 3 (ARVI, remark soon, remark overdue)
		expect(reminderMails).toHaveLength(6);
		for (const m of reminderMails) expect(m.subject + m.body).not.toMatch(/Osallistuja|Valmentaja ei ollut/);
	});

	it('a new deadline is reminded of again; handled work is not', async () => {
		const s = await waiting({ notice: '2026-12-22', arvi: '2026-12-22', remark: '2026-12-16' });
		await runDeadlineReminderJob(database.db, testClock('2026-12-15T08:00:00Z').clock);
		expect(await kindsOf(s.admin.id)).toEqual(['remark_due_soon']);
		// The area asks for more, with a new deadline; the officer decides the notice and the provider sends the ARVI.
		await database.db.execute(sql`update remarks set status = 'more_requested', due_on = '2026-12-21' where id = ${s.remarkId}`);
		await database.db.execute(sql`update notices set status = 'decided' where id = ${s.noticeId}`);
		await database.db.execute(sql`update arvis set status = 'submitted' where id = ${s.arviId}`);
		const friday = testClock('2026-12-20T08:00:00Z').clock;
		const r = await runDeadlineReminderJob(database.db, friday);
		expect(r.sent.remark).toEqual({ due_soon: 1, overdue: 0 });
		expect(await kindsOf(s.admin.id)).toEqual(['remark_due_soon', 'remark_due_soon']);
		await runDeadlineReminderJob(database.db, testClock('2026-12-23T08:00:00Z').clock);
		expect(await kindsOf(s.officer.id)).toEqual([]);
		expect(await kindsOf(s.coach.id)).toEqual([]);
		expect(await kindsOf(s.admin.id)).toEqual(['remark_due_soon', 'remark_due_soon', 'remark_overdue']);
	});

	it('a backlog goes in batches: each run sends the next ones, none twice', async () => {
		const s = await waiting({ notice: '2026-11-30', arvi: '2026-11-30', remark: '2026-11-30' });
		const second = await waiting({ notice: '2026-11-30', arvi: '2026-11-30', remark: '2026-11-30' });
		const day = testClock('2026-12-28T08:00:00Z').clock;
		const totals = { notice: 0, arvi: 0, remark: 0 };
		for (let run = 0; run < 6; run++) {
			const r = await runDeadlineReminderJob(database.db, day, { batch: 1 });
			// One of each kind a run, while there are any left.
			if (run === 0) expect([r.sent.notice.overdue, r.sent.arvi.overdue, r.sent.remark.overdue]).toEqual([1, 1, 1]);
			for (const t of ['notice', 'arvi', 'remark'] as const) totals[t] += r.sent[t].overdue;
		}
		expect(totals).toEqual({ notice: 2, arvi: 2, remark: 2 });
		for (const x of [s, second]) {
			expect(await kindsOf(x.officer.id)).toEqual(['notice_overdue']);
			expect(await kindsOf(x.admin.id)).toEqual(['arvi_overdue', 'remark_overdue']);
		}
	});

	it('runs on the queue that migration 0032 created, on the schedule the worker registers', async () => {
		const queues = rowsOf<{ name: string; policy: string }>(
			await database.db.execute(sql`select name, policy from pgboss.queue where name = 'deadline_reminders'`)
		);
		expect(queues).toEqual([{ name: 'deadline_reminders', policy: 'singleton' }]);
		const { SCHEDULES } = await import('../../src/lib/server/jobs/worker');
		expect(SCHEDULES).toContainEqual({ queue: 'deadline_reminders', cron: '*/10 * * * *' });
	});
});

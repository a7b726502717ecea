/**
 * The national-scale generator (bench/lib/national-data.ts) at a tiny scale: the data it makes must keep the
 * domain rules a user would notice. Runs on PGlite and on PostgreSQL (plain SQL through drizzle).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/lib/server/db/client';
import { fillNationalData, type FillResult } from '../../bench/lib/national-data';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password';
import { loadActor } from '../../src/lib/server/auth/actor';
import { isoWeekday, isWorkingDay } from '../../src/lib/domain/working-days';
import { createFinnishReference, isValidFinnishReference } from '../../src/lib/domain/identifiers';
import { arviProblems, parseArvi } from '../../src/lib/domain/arvi';
import { lineNetCents } from '../../src/lib/domain/invoicing/money';
import { priceInvoice, totalsOf, vatBreakdown, type OutcomeCondition, type PriceLine } from '../../src/lib/domain/invoicing/pricing';
import type { AbsenceReason } from '../../src/lib/domain/attendance';
import type { PriceUnit } from '../../src/lib/domain/contracts';
import { createTestDatabase } from './helpers/db';
import { notifications } from '../../src/lib/server/db/schema';
import { runDeadlineReminderJob } from '../../src/lib/server/notifications/reminders';
import { testClock } from './helpers/fixtures';

const TODAY = '2026-03-11'; // a Wednesday, not a holiday
const PASSWORD = 'Kesä-Lounas-Tori-2026';
type R = Record<string, unknown>;

let database: Database;
let result: FillResult;
const rows = async <T = R>(text: string): Promise<T[]> => rowsOf<T>(await database.db.execute(sql.raw(text)));
const one = async (text: string) => Number(Object.values((await rows(text))[0])[0]);

beforeAll(async () => {
	database = await createTestDatabase();
	result = await fillNationalData({
		scale: 0.003,
		today: TODAY,
		exec: (text) => rows(text),
		passwordHash: await hashPassword(PASSWORD),
		vacuum: false
	});
}, 120_000);
afterAll(() => database?.close());

describe('national-scale generator (tiny scale)', () => {
	it('fills every table and shares one working password hash', async () => {
		for (const t of [
			'organisations',
			'users',
			'contracts',
			'price_lines',
			'cohorts',
			'participations',
			'meetings',
			'attendance',
			'arvis',
			'invoices',
			'invoice_lines',
			'invoice_events',
			'period_locks',
			'audit_log',
			'notifications'
		]) {
			expect(result.facts.counts[t], t).toBeGreaterThan(0);
		}
		// Every notification goes to a member of the organisation its link leads into, in a kind the app knows,
		// and what is unread is recent.
		expect(
			await one(`select count(*)::int from notifications n where not exists (select 1 from memberships m
				where m.user_id = n.user_id and m.organisation_id = split_part(n.link, '/', 3)::uuid)`)
		).toBe(0);
		const kinds = (await rows<{ kind: string }>(`select distinct kind from notifications`)).map((r) => r.kind);
		expect(kinds.filter((k) => !(notifications.kind.enumValues as readonly string[]).includes(k))).toEqual([]);
		expect(await one(`select count(*)::int from notifications where read_at is null and created_at < date '${TODAY}' - 14`)).toBe(0);
		const hashes = await rows<{ password_hash: string | null }>(`select distinct password_hash from users`);
		expect(hashes).toHaveLength(1);
		expect(hashes[0].password_hash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(hashes[0].password_hash!, PASSWORD)).toBe(true);
		const roles = (await rows<{ role: string }>(`select distinct role from memberships`)).map((r) => r.role).sort();
		expect(roles).toEqual(['area_admin', 'auditor', 'case_officer', 'coach', 'finance', 'invoice_approver', 'invoice_reviewer', 'provider_admin']);
		// Every customer has the consent their referral records (else the provider would see none of them).
		expect(
			await one(`select count(*)::int from customers c where not exists (select 1 from consents k where k.customer_id = c.id and k.revoked_on is null)`)
		).toBe(0);
		// The schema b scratch tables are gone.
		expect(await one(`select count(*)::int from information_schema.schemata where schema_name = 'b'`)).toBe(0);
	});

	it('keeps participations inside their contract and attendance on scheduled, non-holiday days inside the participation', async () => {
		expect(
			await one(`select count(*)::int from participations p join contracts c on c.id = p.contract_id
				where p.start_date < c.start_date or coalesce(p.end_date, p.planned_end_date, p.start_date) > c.end_date
				   or (p.end_date is not null and p.end_date < p.start_date)`)
		).toBe(0);
		expect(
			await one(`select count(*)::int from attendance a join participations p on p.id = a.participation_id left join cohorts co on co.id = a.cohort_id
				where a.meeting_id is null and (co.id is null or a.cohort_id is distinct from p.cohort_id
				   or not (extract(isodow from a.day)::int = any(co.weekdays)) or a.day < co.start_date or a.day > co.end_date
				   or a.day < p.start_date or a.day > coalesce(p.end_date, date '${TODAY}'))`)
		).toBe(0);
		expect(await one(`select count(*)::int from attendance where meeting_id is null`)).toBeGreaterThan(1000);
		const days = (await rows<{ day: string }>(`select distinct day::text as day from attendance where meeting_id is null`)).map((r) => r.day);
		const onHolidays = days.filter((d) => isoWeekday(d) <= 5 && !isWorkingDay(d));
		expect(onHolidays).toEqual([]);
		// Meeting marks: on the meeting's day, inside the participation, never for a cancelled meeting.
		expect(
			await one(`select count(*)::int from attendance a join meetings m on m.id = a.meeting_id join participations p on p.id = a.participation_id
				where a.day <> m.day or m.cancelled_at is not null or a.day < p.start_date or a.day > coalesce(p.end_date, date '${TODAY}')`)
		).toBe(0);
		expect(await one(`select count(*)::int from attendance where day > date '${TODAY}'`)).toBe(0);
	});

	it('has at most one current mark per participation and day (and per meeting)', async () => {
		expect(
			await one(
				`select count(*)::int from (select 1 from attendance where current and meeting_id is null group by participation_id, day having count(*) > 1) x`
			)
		).toBe(0);
		expect(
			await one(`select count(*)::int from (select 1 from attendance where current and meeting_id is not null group by meeting_id having count(*) > 1) x`)
		).toBe(0);
		// History rows are replaced by a current row of the same day.
		expect(
			await one(`select count(*)::int from attendance h where not h.current and not exists
				(select 1 from attendance c where c.current and c.replaces_id = h.id and c.participation_id = h.participation_id and c.day = h.day)`)
		).toBe(0);
	});

	it('invoices: lines priced from the records, totals and VAT per rate agree, numbers unique, references valid', async () => {
		const invoices =
			await rows<R>(`select id, kind, status, contract_id, provider_id, credit_of, period_from::text as period_from, period_until::text as period_until,
			number, payment_reference, vat, net_cents::bigint as net, vat_cents::bigint as vat_cents, gross_cents::bigint as gross, submitted_at from invoices`);
		const lines =
			await rows<R>(`select invoice_id, position, unit, price_line_id, quantity_hundredths as qty, unit_price_cents as price, vat_rate_bp as vat, net_cents::bigint as net
			from invoice_lines order by invoice_id, position`);
		const byInvoice = new Map<string, R[]>();
		for (const l of lines) byInvoice.set(String(l.invoice_id), [...(byInvoice.get(String(l.invoice_id)) ?? []), l]);
		const statuses = new Set(invoices.map((i) => String(i.status)));
		for (const s of ['draft', 'submitted', 'returned', 'checked', 'approved', 'paid']) expect(statuses, s).toContain(s);
		expect(invoices.some((i) => i.kind === 'credit_note')).toBe(true);

		for (const inv of invoices) {
			const ls = (byInvoice.get(String(inv.id)) ?? []).map((l) => ({
				qty: Number(l.qty),
				price: Number(l.price),
				vatRateBp: Number(l.vat),
				netCents: Number(l.net)
			}));
			expect(ls.length, String(inv.id)).toBeGreaterThan(0);
			for (const l of ls) expect(l.netCents).toBe(lineNetCents(l.qty, l.price));
			const vat = vatBreakdown(ls);
			const totals = totalsOf(ls, vat);
			expect(inv.vat, JSON.stringify([inv.vat, vat])).toEqual(vat);
			expect([Number(inv.net), Number(inv.vat_cents), Number(inv.gross)]).toEqual([totals.netCents, totals.vatCents, totals.grossCents]);
			if (inv.submitted_at) {
				expect(isValidFinnishReference(String(inv.payment_reference)), String(inv.payment_reference)).toBe(true);
				expect(inv.payment_reference).toBe(createFinnishReference(String(inv.number).replace(/\D/g, '')));
			} else expect(inv.number).toBeNull();
		}
		const numbered = invoices.filter((i) => i.number);
		expect(new Set(numbered.map((i) => `${i.provider_id}|${i.number}`)).size).toBe(numbered.length);
		// Numbers run 1..n per provider and year, as the service would continue them.
		const perYear = new Map<string, number[]>();
		for (const i of numbered) {
			const [y, n] = String(i.number).split('-');
			perYear.set(`${i.provider_id}|${y}`, [...(perYear.get(`${i.provider_id}|${y}`) ?? []), Number(n)]);
		}
		for (const ns of perYear.values()) expect(ns.sort((a, b) => a - b)).toEqual(ns.map((_, i) => i + 1));

		// Every invoice's lines are what the pricing engine makes of the records of its period.
		const prices = await rows<R>(
			`select id, contract_id, unit, description, unit_price_cents, vat_rate_bp, valid_from::text as valid_from, condition from price_lines`
		);
		const contracts = new Map(
			(await rows<R>(`select id, billable_absences from contracts`)).map((c) => [String(c.id), c.billable_absences as AbsenceReason[]])
		);
		for (const inv of invoices.filter((i) => i.kind === 'invoice')) {
			const c = String(inv.contract_id);
			const from = String(inv.period_from);
			const until = String(inv.period_until);
			const marks = await rows<R>(`select participation_id, day::text as day, status, reason from attendance
				where contract_id = '${c}' and current and meeting_id is null and day between '${from}' and '${until}'`);
			const meetings = await rows<R>(`select m.id, m.participation_id, m.day::text as day, m.duration_minutes,
				exists (select 1 from attendance a where a.meeting_id = m.id and a.current and a.status = 'present') as held
				from meetings m where m.contract_id = '${c}' and m.cancelled_at is null and m.day between '${from}' and '${until}'`);
			const starts = await rows<R>(`select id, start_date::text as day from participations where contract_id = '${c}' and status <> 'starting'
				and start_date between '${from}' and '${until}'`);
			const outcomes = await rows<R>(`select participation_id, outcome, ((decided_at at time zone 'Europe/Helsinki')::date)::text as day from arvis
				where contract_id = '${c}' and status = 'accepted' and (decided_at at time zone 'Europe/Helsinki')::date between '${from}' and '${until}'`);
			const priceLines: PriceLine[] = prices
				.filter((p) => p.contract_id === c)
				.map((p) => ({
					id: String(p.id),
					unit: p.unit as PriceUnit,
					description: String(p.description),
					unitPriceCents: Number(p.unit_price_cents),
					vatRateBp: Number(p.vat_rate_bp),
					validFrom: String(p.valid_from),
					condition: (p.condition as string | null) ?? null
				}));
			const priced = priceInvoice({
				period: { from, until },
				priceLines,
				billableAbsences: contracts.get(c) ?? [],
				marks: marks.map((m) => ({
					participationId: String(m.participation_id),
					day: String(m.day),
					status: m.status as 'present' | 'absent',
					reason: (m.reason as AbsenceReason | null) ?? null
				})),
				meetings: meetings.map((m) => ({
					meetingId: String(m.id),
					participationId: String(m.participation_id),
					day: String(m.day),
					minutes: Number(m.duration_minutes),
					status: m.held ? ('held' as const) : ('not_held' as const)
				})),
				starts: starts.map((s) => ({ participationId: String(s.id), day: String(s.day) })),
				outcomes: outcomes.map((o) => ({ participationId: String(o.participation_id), day: String(o.day), outcome: o.outcome as OutcomeCondition }))
			});
			expect(priced.ok).toBe(true);
			if (!priced.ok) continue;
			const stored = (byInvoice.get(String(inv.id)) ?? []).map((l) => [l.unit, l.price_line_id, Number(l.qty), Number(l.net)]);
			expect(stored, `${c} ${from}`).toEqual(priced.lines.map((l) => [l.unit, l.priceLineId, l.quantityHundredths, l.netCents]));
			expect(Number(inv.gross)).toBe(priced.totals.grossCents);
		}
		// A credit note credits its invoice's lines in full.
		for (const note of invoices.filter((i) => i.kind === 'credit_note')) {
			const orig = byInvoice.get(String(note.credit_of))!.map((l) => [l.unit, l.price_line_id, l.qty, l.net]);
			expect(byInvoice.get(String(note.id))!.map((l) => [l.unit, l.price_line_id, l.qty, l.net])).toEqual(orig);
		}
		// Submitted invoices lock their month, and every mark of a locked month was in before the lock.
		expect(
			await one(`select count(*)::int from invoices i where i.kind = 'invoice' and i.submitted_at is not null
			and not exists (select 1 from period_locks l where l.invoice_id = i.id and l.start_date = i.period_from and l.end_date = i.period_until)`)
		).toBe(0);
		expect(await one(`select count(*)::int from period_locks l join invoices i on i.id = l.invoice_id where i.submitted_at is null`)).toBe(0);
		expect(
			await one(`select count(*)::int from attendance a join period_locks l on l.contract_id = a.contract_id and a.day between l.start_date and l.end_date
			where a.received_at > l.locked_at and not a.correction`)
		).toBe(0);
		// One open (draft or returned) invoice per contract at most; events for every step.
		expect(
			await one(`select count(*)::int from (select contract_id from invoices where status in ('draft', 'returned') group by 1 having count(*) > 1) x`)
		).toBe(0);
		expect(
			await one(`select count(*)::int from invoices i where not exists (select 1 from invoice_events e where e.invoice_id = i.id and e.kind = 'created')
			or (i.submitted_at is not null and not exists (select 1 from invoice_events e where e.invoice_id = i.id and e.kind = 'submitted' and e.snapshot is not null))
			or (i.approved_at is not null and i.approved_by = i.checked_by)`)
		).toBe(0);
	});

	it('gives every ended participation an ARVI, complete and valid once submitted', async () => {
		expect(
			await one(
				`select count(*)::int from participations p where p.status in ('completed', 'interrupted') and not exists (select 1 from arvis a where a.participation_id = p.id)`
			)
		).toBe(0);
		expect(
			await one(`select count(*)::int from arvis a join participations p on p.id = a.participation_id where p.status not in ('completed', 'interrupted')`)
		).toBe(0);
		const arvis = await rows<R>(`select a.status, a.content, a.outcome, p.start_date::text as start_date, p.end_date::text as end_date,
			(select count(*)::int from arvi_versions v where v.arvi_id = a.id) as versions
			from arvis a join participations p on p.id = a.participation_id`);
		expect(new Set(arvis.map((a) => a.status))).toEqual(new Set(['draft', 'submitted', 'returned', 'accepted']));
		for (const a of arvis) {
			const parsed = parseArvi(a.content);
			expect(parsed.ok).toBe(true);
			if (!parsed.ok || a.status === 'draft') continue;
			expect(arviProblems(parsed.value, { startDate: String(a.start_date), endDate: String(a.end_date), today: TODAY })).toEqual({});
			expect(Number(a.versions)).toBeGreaterThan(0);
			if (a.status === 'accepted') expect(a.outcome).toBe(parsed.value.situation);
			else expect(a.outcome).toBeNull();
		}
	});

	it('has a busiest coach with valid assignments, cohorts and meetings today, and a ~100-participant month', async () => {
		const coach = result.facts.busiestCoach;
		expect(coach.openParticipations).toBeGreaterThanOrEqual(80);
		expect(coach.cohortsToday).toBeGreaterThan(0);
		expect(coach.meetingsToday).toBeGreaterThan(0);
		const actor = await loadActor(database.db, coach.userId, TODAY);
		expect(actor.assignments.length).toBeGreaterThan(0);
		// Every open participation of theirs is covered by an assignment valid today.
		const open = await rows<R>(`select c.area_id, c.provider_id from participations p join contracts c on c.id = p.contract_id
			where p.coach_id = '${coach.userId}' and p.status in ('starting', 'active')`);
		for (const p of open)
			expect(actor.assignments.some((a) => a.areaId === p.area_id && a.providerId === p.provider_id && a.validFrom <= TODAY && TODAY <= a.validUntil)).toBe(
				true
			);
		const m = result.facts.invoiceMonth;
		expect(m.participantsPresent).toBeGreaterThanOrEqual(70);
		expect(m.participantsPresent).toBeLessThanOrEqual(160);
	});

	it('makes participant feedback: an invitation per ended participation, one anonymous answer per answered one', async () => {
		const ended = await one(`select count(*) from participations where status in ('completed', 'interrupted')`);
		expect(await one(`select count(*) from feedback_invitations where kind = 'end'`)).toBe(ended);
		const answered = await one(`select count(*) from feedback_invitations where answered`);
		expect(answered).toBeGreaterThan(0);
		expect(await one(`select count(*) from feedback_answers`)).toBe(answered);
		for (const kind of ['end', 'midpoint'])
			expect(await one(`select count(*) from feedback_answers where kind = '${kind}'`)).toBe(
				await one(`select count(*) from feedback_invitations where answered and kind = '${kind}'`)
			);
		// Some open invitations were sent to the customer, by e-mail or SMS.
		expect(await one(`select count(*) from feedback_invitations where sent_at is not null and sent_via in ('email', 'sms') and not answered`)).toBeGreaterThan(
			0
		);
		// An answered invitation keeps no token; an open one keeps only a hash.
		expect(await one(`select count(*) from feedback_invitations where answered and token_hash is not null`)).toBe(0);
		expect(await one(`select count(*) from feedback_invitations where not answered and token_hash !~ '^[0-9a-f]{64}$'`)).toBe(0);
		// Each answer's contract and cohort are those of an invitation (what the figures are grouped by).
		expect(
			await one(`select count(*) from feedback_answers a where not exists (select 1 from feedback_invitations i
				where i.contract_id = a.contract_id and i.cohort_id is not distinct from a.cohort_id and i.answered)`)
		).toBe(0);
	});

	it('makes mid-point invitations only where the contract says so, for participations longer than its weeks that passed their mid-point', async () => {
		expect(await one(`select count(*) from contracts where midpoint_feedback_weeks is not null`)).toBeGreaterThan(0);
		const midpoints = await one(`select count(*) from feedback_invitations where kind = 'midpoint'`);
		expect(midpoints).toBeGreaterThan(0);
		// Every one fits the rule the sweep (feedback/midpoints.ts) applies.
		expect(
			await one(`select count(*) from feedback_invitations i join participations p on p.id = i.participation_id join contracts c on c.id = p.contract_id
				where i.kind = 'midpoint' and not (c.midpoint_feedback_weeks is not null and p.planned_end_date - p.start_date > c.midpoint_feedback_weeks * 7
				      and p.start_date + (p.planned_end_date - p.start_date) / 2 <= date '${TODAY}')`)
		).toBe(0);
		// At most one per participation and kind (the table's unique key holds it).
		expect(await one(`select count(*) from (select participation_id from feedback_invitations group by participation_id, kind having count(*) > 1) d`)).toBe(0);
	});

	it('is in steady state for the deadline reminders: the job finds the overdue and due ARVIs and remarks already reminded', async () => {
		// The data has forms and remarks past their deadline, each recorded as reminded once in its current stage.
		expect(await one(`select count(*)::int from deadline_reminders where stage = 'overdue' and object_type = 'arvi'`)).toBeGreaterThan(0);
		const waitingArvis = await one(`select count(*)::int from arvis where status in ('draft', 'returned') and due_on < '${TODAY}'`);
		expect(await one(`select count(*)::int from deadline_reminders where object_type = 'arvi' and stage = 'overdue'`)).toBe(waitingArvis);
		const before = await one(`select count(*)::int from notifications`);
		const run = await runDeadlineReminderJob(database.db, testClock(`${TODAY}T08:00:00Z`).clock);
		expect(run.ran).toBe(true);
		expect(run.sent).toEqual({ notice: { due_soon: 0, overdue: 0 }, arvi: { due_soon: 0, overdue: 0 }, remark: { due_soon: 0, overdue: 0 } });
		expect(await one(`select count(*)::int from notifications`)).toBe(before);
	});
});

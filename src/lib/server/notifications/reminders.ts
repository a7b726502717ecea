import { sql, type SQL } from 'drizzle-orm';
import { addDays, helsinkiDate, type Clock } from '$lib/domain/clock';
import { rowsOf, type DbOrTx, type Db } from '../db/client';
import { notify, type NotificationKind } from './service';

/**
 * At most this many reminders of each kind of object a run: the first run after a deployment may find thousands
 * of overdue ARVI forms at national scale (5,578 in ptp_scale), which would make one long transaction; the
 * next run (10 minutes later) sends the next ones.
 */
const REMINDER_BATCH = 500;

/** An arbitrary but fixed key: the reminder job's advisory lock (another than the referral job's). */
const REMINDER_JOB_LOCK = 7_204_312;

type ObjectType = 'notice' | 'arvi' | 'remark';
type Stage = 'due_soon' | 'overdue';

interface Due {
	id: string;
	stage: Stage;
	area_id: string;
	provider_id: string;
	contract_id: string;
	cohort_id: string | null;
	participation_id: string | null;
	officer_id: string | null;
	coach_id: string | null;
}

/**
 * What waits for someone, by deadline: a notice the case officer has not decided, an ARVI form the provider
 * has not sent (a draft or one returned for changes), a quality remark the provider has not answered (new, or
 * more requested). Each query gives the object's id, its deadline and what the recipients are found from.
 */
const WAITING: Record<ObjectType, SQL> = {
	notice: sql`select n.id, n.due_on, n.area_id, n.provider_id, n.contract_id, null::uuid as cohort_id, n.participation_id, n.officer_id, null::uuid as coach_id
		from notices n where n.status in ('open', 'acknowledged')`,
	arvi: sql`select a.id, a.due_on, a.area_id, a.provider_id, a.contract_id, p.cohort_id, a.participation_id, null::uuid as officer_id, p.coach_id
		from arvis a join participations p on p.id = a.participation_id where a.status in ('draft', 'returned')`,
	remark: sql`select r.id, r.due_on, r.area_id, r.provider_id, r.contract_id, r.cohort_id, r.participation_id, null::uuid as officer_id, null::uuid as coach_id
		from remarks r where r.status in ('open', 'more_requested')`
};

const KIND: Record<ObjectType, Record<Stage, NotificationKind>> = {
	notice: { due_soon: 'notice_due_soon', overdue: 'notice_overdue' },
	arvi: { due_soon: 'arvi_due_soon', overdue: 'arvi_overdue' },
	remark: { due_soon: 'remark_due_soon', overdue: 'remark_overdue' }
};

/** The page where the recipient does the work (the same links as the notifications that made the work). */
function linkOf(type: ObjectType, d: Due): string {
	if (type === 'notice') return `/area/${d.area_id}/notices/${d.id}`;
	if (type === 'arvi') return `/provider/${d.provider_id}/arvi/${d.id}`;
	return `/provider/${d.provider_id}/remarks/${d.id}`;
}

/**
 * The provider's admins whose assignment valid on `today` covers the object's contract and group; for a remark
 * about the contract as a whole (no participation), every admin of the provider (as remarks/access.ts does).
 */
async function providerAdmins(tx: DbOrTx, d: Due, today: string, anyAdmin: boolean): Promise<string[]> {
	const rows = await tx.execute(sql`
		select distinct m.user_id from memberships m
		where m.organisation_id = ${d.provider_id} and m.role = 'provider_admin'
			and (${anyAdmin} or exists (select 1 from assignments a where a.user_id = m.user_id and a.provider_id = ${d.provider_id} and a.area_id = ${d.area_id}
				and (a.contract_id is null or a.contract_id = ${d.contract_id}) and (a.cohort_id is null or a.cohort_id = ${d.cohort_id}::uuid)
				and a.valid_from <= ${today}::date and a.valid_until >= ${today}::date))`);
	return rowsOf<{ user_id: string }>(rows).map((r) => r.user_id);
}

async function recipients(tx: DbOrTx, type: ObjectType, d: Due, today: string): Promise<string[]> {
	if (type === 'notice') return d.officer_id ? [d.officer_id] : [];
	if (type === 'arvi') return [...(d.coach_id ? [d.coach_id] : []), ...(await providerAdmins(tx, d, today, false))];
	return providerAdmins(tx, d, today, d.participation_id === null);
}

export type ReminderCounts = Record<ObjectType, Record<Stage, number>>;

/**
 * The deadline reminder job (queue `deadline_reminders`, every 10 minutes; at most `REMINDER_BATCH` of each kind a run). The day before the deadline a
 * "due tomorrow" reminder, after the deadline an "overdue" one, each once per object and deadline: the row in
 * `deadline_reminders` is written in the same transaction as the notifications and e-mails (which say only that
 * something waits, and link to it), and a second run or a second process finds it and sends nothing. The
 * transaction-level advisory lock lets one process work at a time.
 */
export async function runDeadlineReminderJob(db: Db, clock: Clock, options: { batch?: number } = {}): Promise<{ ran: boolean; sent: ReminderCounts }> {
	const batch = options.batch ?? REMINDER_BATCH;
	const sent: ReminderCounts = {
		notice: { due_soon: 0, overdue: 0 },
		arvi: { due_soon: 0, overdue: 0 },
		remark: { due_soon: 0, overdue: 0 }
	};
	return db.transaction(async (tx) => {
		const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${REMINDER_JOB_LOCK}) as ok`));
		if (!lock?.ok) return { ran: false, sent };
		const now = clock();
		const today = helsinkiDate(now);
		const tomorrow = addDays(today, 1);
		for (const type of Object.keys(WAITING) as ObjectType[]) {
			const due = rowsOf<Due>(
				await tx.execute(sql`
				with waiting as (${WAITING[type]}),
				due as (
					select x.* from (
						select w.*, case when w.due_on < ${today}::date then 'overdue' else 'due_soon' end as stage
						from waiting w where w.due_on < ${today}::date or w.due_on = ${tomorrow}::date
					) x
					where not exists (select 1 from deadline_reminders s where s.object_type = ${type} and s.object_id = x.id and s.stage = x.stage and s.due_on = x.due_on)
					order by x.due_on, x.id limit ${batch}
				),
				sent as (
					insert into deadline_reminders (object_type, object_id, stage, due_on, sent_at)
					select ${type}, due.id, due.stage, due.due_on, ${now.toISOString()}::timestamptz from due
					on conflict do nothing
					returning object_id, stage
				)
				select due.* from due join sent on sent.object_id = due.id and sent.stage = due.stage
				order by due.id`)
			);
			for (const d of due) {
				await notify(tx, clock, await recipients(tx, type, d, today), KIND[type][d.stage], linkOf(type, d));
				sent[type][d.stage]++;
			}
		}
		return { ran: true, sent };
	});
}

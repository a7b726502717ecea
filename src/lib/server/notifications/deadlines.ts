import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { addDays, helsinkiDate, type Clock } from '$lib/domain/clock';
import { rowsOf, type Db } from '../db/client';
import { referrals } from '../db/schema';
import { notify, providerRecipients, referralLink } from './service';

/** An arbitrary but fixed key: the deadline job's advisory lock. */
const DEADLINE_JOB_LOCK = 7_204_311;

/**
 * The referral deadline job. Several app processes may run it at the same moment: the transaction-level
 * advisory lock lets exactly one of them work, and the notified-at columns make every reminder go once.
 * A reminder goes the day before the due day to the provider's staff; once the due day has passed, an
 * overdue notice goes to them and to the case officer.
 */
export async function runReferralDeadlineJob(db: Db, clock: Clock): Promise<{ ran: boolean; dueSoon: number; overdue: number }> {
	return db.transaction(async (tx) => {
		const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${DEADLINE_JOB_LOCK}) as ok`));
		if (!lock?.ok) return { ran: false, dueSoon: 0, overdue: 0 };
		const now = clock();
		const today = helsinkiDate(now);
		const soon = await tx
			.update(referrals)
			.set({ dueSoonNotifiedAt: now })
			.where(and(eq(referrals.status, 'waiting'), eq(referrals.answerDue, addDays(today, 1)), isNull(referrals.dueSoonNotifiedAt)))
			.returning({ id: referrals.id, providerId: referrals.providerId });
		for (const r of soon) {
			await notify(tx, clock, await providerRecipients(tx, r.id, today), 'referral_due_soon', referralLink('provider', r.providerId, r.id));
		}
		const late = await tx
			.update(referrals)
			.set({ overdueNotifiedAt: now })
			.where(and(eq(referrals.status, 'waiting'), lt(referrals.answerDue, today), isNull(referrals.overdueNotifiedAt)))
			.returning({ id: referrals.id, providerId: referrals.providerId, areaId: referrals.areaId, officerId: referrals.officerId });
		for (const r of late) {
			await notify(tx, clock, await providerRecipients(tx, r.id, today), 'referral_overdue', referralLink('provider', r.providerId, r.id));
			await notify(tx, clock, [r.officerId], 'referral_overdue', referralLink('area', r.areaId, r.id));
		}
		return { ran: true, dueSoon: soon.length, overdue: late.length };
	});
}

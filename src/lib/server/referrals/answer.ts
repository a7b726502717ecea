/**
 * Answering a waiting referral: the provider accepts or declines it, the area withdraws it. Each is a state change
 * from `waiting` at the version the person saw, audited and notified in the same transaction.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { helsinkiDate, helsinkiLocalToInstant } from '$lib/domain/clock';
import { recordAudit, type AuditContext } from '../audit';
import { loadActor } from '../auth/actor';
import type { Db, DbOrTx } from '../db/client';
import { cohorts, contracts, participations, referrals, type Referral } from '../db/schema';
import { markObjectHandled, notify, referralLink, type NotificationKind } from '../notifications/service';
import { openParticipation } from '../participations/lifecycle';
import { coveredByAssignment } from '../policy';
import type { ReferralError } from './create';

/**
 * A state change: only from `waiting`, and only at the version the person saw. The UPDATE … WHERE is the
 * lock: of two answers at the same moment exactly one changes the row, the other gets 'conflict'.
 */
async function transition(tx: DbOrTx, referralId: string, version: number, set: Partial<Referral>): Promise<Referral | undefined> {
	const [row] = await tx
		.update(referrals)
		.set({ ...set, version: sql`${referrals.version} + 1` })
		.where(and(eq(referrals.id, referralId), eq(referrals.version, version), eq(referrals.status, 'waiting')))
		.returning();
	return row;
}

/** What asked someone to answer a referral: read once it is answered or withdrawn. */
const REFERRAL_WAITING_KINDS: NotificationKind[] = ['referral_new', 'referral_due_soon', 'referral_overdue'];

export async function withdrawReferral(db: Db, ctx: AuditContext, referralId: string, version: number, reason: string) {
	return db.transaction(async (tx) => {
		const row = await transition(tx, referralId, version, { status: 'withdrawn', withdrawReason: reason, answeredAt: ctx.clock(), answeredBy: ctx.userId });
		if (!row) return { ok: false, error: 'conflict' } as const;
		await recordAudit(tx, ctx, { action: 'referral.withdraw', areaId: row.areaId, targetType: 'referral', targetIds: [row.id], customerIds: [row.customerId] });
		await markObjectHandled(tx, ctx.clock, row.id, REFERRAL_WAITING_KINDS);
		return { ok: true } as const;
	});
}

export async function declineReferral(
	db: Db,
	ctx: AuditContext,
	referralId: string,
	version: number,
	input: { reason: (typeof referrals.$inferSelect)['declineReason']; text: string }
) {
	return db.transaction(async (tx) => {
		const row = await transition(tx, referralId, version, {
			status: 'declined',
			declineReason: input.reason,
			declineText: input.text || null,
			answeredAt: ctx.clock(),
			answeredBy: ctx.userId
		});
		if (!row) return { ok: false, error: 'conflict' } as const;
		await recordAudit(tx, ctx, { action: 'referral.decline', areaId: row.areaId, targetType: 'referral', targetIds: [row.id], customerIds: [row.customerId] });
		await markObjectHandled(tx, ctx.clock, row.id, REFERRAL_WAITING_KINDS);
		await notify(tx, ctx.clock, [row.officerId], 'referral_declined', referralLink('area', row.areaId, row.id));
		return { ok: true } as const;
	});
}

/**
 * Accept: the responsible coach must be one of the provider's people whose assignment covers the referral,
 * the start must fall within the contract, and the contract's (and cohort's) capacity must not be full.
 * Creates the customer's participation (status "starting").
 */
export async function acceptReferral(
	db: Db,
	ctx: AuditContext,
	referralId: string,
	version: number,
	input: { startDate: string; coachId: string; firstMeeting: string | null }
): Promise<{ ok: true } | { ok: false; error: ReferralError }> {
	return db.transaction(async (tx) => {
		const [current] = await tx.select().from(referrals).where(eq(referrals.id, referralId));
		if (!current) return { ok: false, error: 'notFound' } as const;
		const [contract] = await tx.select().from(contracts).where(eq(contracts.id, current.contractId)).for('update');
		if (input.startDate < contract.startDate || input.startDate > contract.endDate) return { ok: false, error: 'startOutsideContract' } as const;
		const coach = await loadActor(tx, input.coachId, helsinkiDate(ctx.clock()));
		if (!coach.memberships.some((m) => m.organisationId === current.providerId) || !coveredByAssignment(coach, { ...current, consentRevoked: false })) {
			// (consentRevoked: the coach's own eligibility; whether the consent is in force the caller's scope decided.)
			return { ok: false, error: 'coachNotAssigned' } as const;
		}
		// Capacity counts customers who are starting or taking part; the contract row lock serialises accepts.
		const taking = (extra: SQL | undefined) =>
			tx
				.select({ n: sql<number>`count(*)::int` })
				.from(participations)
				.where(and(eq(participations.contractId, contract.id), inArray(participations.status, ['starting', 'active']), extra));
		if (contract.capacityTotal !== null && (await taking(undefined))[0].n >= contract.capacityTotal) return { ok: false, error: 'noCapacity' } as const;
		let plannedEndDate: string | null = null;
		if (current.cohortId) {
			const [cohort] = await tx.select({ capacity: cohorts.capacity, endDate: cohorts.endDate }).from(cohorts).where(eq(cohorts.id, current.cohortId));
			plannedEndDate = cohort.endDate;
			if ((await taking(eq(participations.cohortId, current.cohortId)))[0].n >= cohort.capacity) return { ok: false, error: 'noCapacity' } as const;
		}
		const row = await transition(tx, referralId, version, { status: 'accepted', answeredAt: ctx.clock(), answeredBy: ctx.userId });
		if (!row) return { ok: false, error: 'conflict' } as const;
		await openParticipation(tx, {
			referralId: row.id,
			customerId: row.customerId,
			contractId: row.contractId,
			cohortId: row.cohortId,
			coachId: input.coachId,
			startDate: input.startDate,
			plannedEndDate,
			firstMeetingAt: input.firstMeeting ? helsinkiLocalToInstant(input.firstMeeting) : null,
			createdAt: ctx.clock()
		});
		await recordAudit(tx, ctx, { action: 'referral.accept', areaId: row.areaId, targetType: 'referral', targetIds: [row.id], customerIds: [row.customerId] });
		await markObjectHandled(tx, ctx.clock, row.id, REFERRAL_WAITING_KINDS);
		await notify(tx, ctx.clock, [row.officerId], 'referral_accepted', referralLink('area', row.areaId, row.id));
		return { ok: true } as const;
	});
}

/**
 * Mid-point feedback of long trainings, "if the contract says so": a contract may set `midpointFeedbackWeeks`;
 * every participation under it that is planned longer than that many weeks gets a feedback invitation of kind
 * `midpoint` once it passes its mid-point (the day halfway from its start to its planned end). The sweep runs on
 * the `feedback_midpoints` queue (jobs/worker.ts); it makes each invitation once (the unique participation + kind
 * of `feedback_invitations`, `on conflict do nothing`), so that a run repeated, retried or run by two processes
 * at once changes nothing more.
 */
import { and, eq, isNotNull, notExists, sql } from 'drizzle-orm';
import { FEEDBACK_VALID_DAYS } from '$lib/domain/feedback';
import { helsinkiDate, type Clock } from '$lib/domain/clock';
import { recordAudits, type AuditContext, type AuditEvent } from '../audit';
import { hashToken, randomToken } from '../auth/tokens';
import { rowsOf, type Db } from '../db/client';
import { contracts, feedbackInvitations, participations } from '../db/schema';

/** An arbitrary but fixed key: the sweep's advisory lock (one run at a time). */
const MIDPOINT_JOB_LOCK = 7_204_319;

/** Invitations made per statement. */
const BATCH = 500;

const DAY_MS = 86_400_000;

/** Who acts in the sweep: the system (no user, no address). */
function systemContext(clock: Clock): AuditContext {
	return { userId: null, organisationId: null, ip: null, userAgent: null, requestId: 'job:feedback_midpoints', clock };
}

/**
 * Makes the mid-point invitations due today (Europe/Helsinki) for active participations: those planned longer
 * than their contract's `midpointFeedbackWeeks` whose mid-point day has come, and which have none yet. Each
 * creation is audited (per area, naming the participations and customers) in the same transaction.
 */
export async function runMidpointFeedbackJob(db: Db, clock: Clock): Promise<{ ran: boolean; created: number }> {
	return db.transaction(async (tx) => {
		const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${MIDPOINT_JOB_LOCK}) as ok`));
		if (!lock?.ok) return { ran: false, created: 0 };
		const now = clock();
		const today = helsinkiDate(now);
		const expiresAt = new Date(now.getTime() + FEEDBACK_VALID_DAYS * DAY_MS);
		// Dates minus dates are whole days in SQL; the mid-point day is start + floor(length / 2).
		const due = await tx
			.select({
				id: participations.id,
				customerId: participations.customerId,
				contractId: participations.contractId,
				cohortId: participations.cohortId,
				areaId: contracts.areaId,
				providerId: contracts.providerId
			})
			.from(participations)
			.innerJoin(contracts, eq(contracts.id, participations.contractId))
			.where(
				and(
					isNotNull(contracts.midpointFeedbackWeeks),
					eq(participations.status, 'active'),
					isNotNull(participations.plannedEndDate),
					sql`${participations.plannedEndDate} - ${participations.startDate} > ${contracts.midpointFeedbackWeeks} * 7`,
					sql`${participations.startDate} + (${participations.plannedEndDate} - ${participations.startDate}) / 2 <= ${today}::date`,
					notExists(
						tx
							.select({ one: sql`1` })
							.from(feedbackInvitations)
							.where(and(eq(feedbackInvitations.participationId, participations.id), eq(feedbackInvitations.kind, 'midpoint')))
					)
				)
			);
		let created = 0;
		for (let i = 0; i < due.length; i += BATCH) {
			const batch = due.slice(i, i + BATCH);
			const made = await tx
				.insert(feedbackInvitations)
				.values(
					batch.map((p) => ({
						participationId: p.id,
						areaId: p.areaId,
						providerId: p.providerId,
						contractId: p.contractId,
						cohortId: p.cohortId,
						kind: 'midpoint' as const,
						// Never shown: the coach or the area gets a fresh token when they show or send it.
						tokenHash: hashToken(randomToken()),
						createdAt: now,
						expiresAt
					}))
				)
				.onConflictDoNothing({ target: [feedbackInvitations.participationId, feedbackInvitations.kind] })
				.returning({ participationId: feedbackInvitations.participationId });
			const madeIds = new Set(made.map((m) => m.participationId));
			const byArea = new Map<string, { targetIds: string[]; customerIds: string[] }>();
			for (const p of batch) {
				if (!madeIds.has(p.id)) continue;
				const entry = byArea.get(p.areaId) ?? { targetIds: [], customerIds: [] };
				entry.targetIds.push(p.id);
				entry.customerIds.push(p.customerId);
				byArea.set(p.areaId, entry);
			}
			const events: AuditEvent[] = [...byArea].map(([areaId, e]) => ({ action: 'feedback.invitation_create', areaId, targetType: 'participation', ...e }));
			await recordAudits(tx, systemContext(clock), events);
			created += made.length;
		}
		return { ran: true, created };
	});
}

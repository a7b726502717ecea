/**
 * A participation's life: the one module that writes its status, start, end and planned end. It owns the
 * transition table, checks every change against it, records the participation event (and its audit row)
 * in the caller's transaction and returns what happened. It never decides what follows from that (a
 * notice, an ARVI): `./reactions.ts` does, from the outcome.
 */
import { eq, sql } from 'drizzle-orm';
import type { InterruptionReason, ParticipationEventKind, ParticipationStatus } from '$lib/domain/attendance';
import { recordAudit, type AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import { participationEvents, participations, type Participation } from '../db/schema';
import type { ParticipationContext } from './context';

/** A change of a participation's life, as the provider, the area or a first attendance mark asks for it. */
export type Transition =
	| { kind: 'start'; day: string }
	| { kind: 'interrupt'; day: string; reason: InterruptionReason; text: string | null }
	| { kind: 'complete'; day: string }
	| { kind: 'requestExtension'; until: string; text: string }
	| { kind: 'approveExtension'; until: string; comment: string | null }
	| { kind: 'declineExtension'; day: string; comment: string | null }
	| { kind: 'resume'; day: string; comment: string | null };

export type TransitionKind = Transition['kind'];

const ANY: readonly ParticipationStatus[] = ['starting', 'active', 'completed', 'interrupted'];

/**
 * The transition table: from which statuses each change is allowed, the status it leads to (`null`: the
 * status stays), and the event it records. An extension is the area's decision on a request made while the
 * participation ran; it is applied whatever the participation's status is by the time the area decides.
 */
export const TRANSITIONS: Record<TransitionKind, { from: readonly ParticipationStatus[]; to: ParticipationStatus | null; event: ParticipationEventKind }> = {
	start: { from: ['starting'], to: 'active', event: 'started' },
	interrupt: { from: ['starting', 'active'], to: 'interrupted', event: 'interrupted' },
	complete: { from: ['active'], to: 'completed', event: 'completed' },
	requestExtension: { from: ['starting', 'active'], to: null, event: 'extension_requested' },
	approveExtension: { from: ANY, to: null, event: 'extension_approved' },
	declineExtension: { from: ANY, to: null, event: 'extension_declined' },
	resume: { from: ['interrupted'], to: 'active', event: 'resumed' }
};

/** Does the table allow this change from this status? */
export function allows(status: ParticipationStatus, kind: TransitionKind): boolean {
	return TRANSITIONS[kind].from.includes(status);
}

/** What happened: the participation as it is now, the change and the event recorded. */
export type LifecycleOutcome = { ok: true; p: ParticipationContext; transition: Transition; event: ParticipationEventKind; from: ParticipationStatus };

export type LifecycleResult = LifecycleOutcome | { ok: false; error: 'wrongStatus' };

/**
 * The dates (and end reason) a change writes besides the table's status and the version; `null` when the row
 * does not change at all (a declined extension changes nothing but the record of the decision).
 */
function datesOf(t: Transition): Partial<Pick<Participation, 'startDate' | 'endDate' | 'endReason' | 'plannedEndDate'>> | null {
	switch (t.kind) {
		case 'start':
			return { startDate: t.day };
		case 'interrupt':
			return { endDate: t.day, endReason: t.reason };
		case 'complete':
			return { endDate: t.day, endReason: null };
		case 'approveExtension':
			return { plannedEndDate: t.until };
		case 'resume':
			return { endDate: null, endReason: null };
		case 'requestExtension':
			// Nothing but the version: a second request made on the same page view is a conflict.
			return {};
		case 'declineExtension':
			return null;
	}
}

/** The event's own fields: the day it is about, and the reason or text it carries. */
function eventOf(t: Transition): { day: string; reason: InterruptionReason | null; text: string | null } {
	switch (t.kind) {
		case 'start':
		case 'complete':
			return { day: t.day, reason: null, text: null };
		case 'interrupt':
			return { day: t.day, reason: t.reason, text: t.text };
		case 'requestExtension':
			return { day: t.until, reason: null, text: t.text };
		case 'approveExtension':
			return { day: t.until, reason: null, text: t.comment };
		case 'declineExtension':
		case 'resume':
			return { day: t.day, reason: null, text: t.comment };
	}
}

/**
 * Applies one change in the caller's transaction (which holds the participation's row lock): refused with
 * no write when the table does not allow it from the current status; otherwise the row is updated, the
 * event and its audit row recorded, and `p` (the caller's copy) brought up to date.
 */
export async function transition(tx: DbOrTx, ctx: AuditContext, p: ParticipationContext, t: Transition): Promise<LifecycleResult> {
	const rule = TRANSITIONS[t.kind];
	if (!allows(p.status, t.kind)) return { ok: false, error: 'wrongStatus' };
	const from = p.status;
	const dates = datesOf(t);
	const columns = dates && { ...dates, ...(rule.to ? { status: rule.to } : {}) };
	if (columns)
		await tx
			.update(participations)
			.set({ ...columns, version: sql`${participations.version} + 1` })
			.where(eq(participations.id, p.id));
	const e = eventOf(t);
	await tx.insert(participationEvents).values({ participationId: p.id, kind: rule.event, ...e, recordedBy: ctx.userId!, recordedAt: ctx.clock() });
	await recordAudit(tx, ctx, {
		action: `participation.${rule.event}`,
		areaId: p.areaId,
		targetType: 'participation',
		targetIds: [p.id],
		customerIds: [p.customerId]
	});
	if (columns) Object.assign(p, columns, { version: p.version + 1 });
	return { ok: true, p, transition: t, event: rule.event, from };
}

/**
 * A new participation (the provider accepted a referral): "starting", from the planned start day to the
 * planned end (a cohort's last day, or open-ended).
 */
export async function openParticipation(
	tx: DbOrTx,
	values: {
		referralId: string;
		customerId: string;
		contractId: string;
		cohortId: string | null;
		coachId: string;
		startDate: string;
		plannedEndDate: string | null;
		firstMeetingAt: Date | null;
		createdAt: Date;
	}
) {
	await tx.insert(participations).values({ ...values, status: 'starting' });
}

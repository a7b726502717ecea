/**
 * Anonymous participant feedback: the invitation (made when a participation ends, in the reaction's
 * transaction), its single-use token (only a SHA-256 is kept, like sessions), showing it as a QR code or sending
 * it to the customer, and the answer, which is stored without any link to the invitation, the participation or
 * the customer: the invitation is only marked answered (no time) and its token hash erased.
 */
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { FEEDBACK_VALID_DAYS, type FeedbackKind, type FeedbackQuestion } from '$lib/domain/feedback';
import { helsinkiDate, type Clock } from '$lib/domain/clock';
import { translate } from '$lib/i18n';
import { recordAudit, type AuditContext } from '../audit';
import { consumeLimit, type Limit } from '../auth/rate-limit';
import { hashToken, randomToken } from '../auth/tokens';
import type { DbOrTx } from '../db/client';
import { customers, feedbackAnswers, feedbackInvitations } from '../db/schema';
import { queueEmail } from '../email';
import type { FeedbackChannel } from '$lib/forms/feedback';
import type { ErrorCode } from '../forms';
import type { CustomerScope } from '../policy';
import { sendSmsAfterCommit, smsSender } from './sms';

/** What an invitation is made from: the participation's scope (participations/context.ts). */
export interface FeedbackParticipation extends CustomerScope {
	id: string;
	customerId: string;
	contractId: string;
}

const DAY_MS = 86_400_000;

/**
 * The participation's feedback invitation, valid for 30 days from now. Made again for a participation that
 * ends again after being resumed: the same row, open for another 30 days unless it was already answered.
 */
export async function createFeedbackInvitation(tx: DbOrTx, ctx: AuditContext, p: FeedbackParticipation, kind: FeedbackKind): Promise<void> {
	if (!p.providerId) return;
	const now = ctx.clock();
	const expiresAt = new Date(now.getTime() + FEEDBACK_VALID_DAYS * DAY_MS);
	// The token is not shown to anyone now: the coach or the area gets a fresh one when they show or send it.
	const [row] = await tx
		.insert(feedbackInvitations)
		.values({
			participationId: p.id,
			areaId: p.areaId,
			providerId: p.providerId,
			contractId: p.contractId,
			cohortId: p.cohortId,
			kind,
			tokenHash: hashToken(randomToken()),
			createdAt: now,
			expiresAt
		})
		.onConflictDoUpdate({
			target: [feedbackInvitations.participationId, feedbackInvitations.kind],
			set: { expiresAt },
			setWhere: sql`not ${feedbackInvitations.answered}`
		})
		.returning({ id: feedbackInvitations.id });
	if (!row) return;
	await recordAudit(tx, ctx, {
		action: 'feedback.invitation_create',
		areaId: p.areaId,
		targetType: 'participation',
		targetIds: [p.id],
		customerIds: [p.customerId]
	});
}

/** Which of a participation's invitations comes first: the end's over the mid-point's, then the newest. */
const NEWEST_FIRST = [sql`${feedbackInvitations.kind} = 'end' desc`, desc(feedbackInvitations.createdAt)];

/** The participation's invitation as its page shows it (an open one first): can it still be answered, and until when. */
export async function feedbackInvitationOf(db: DbOrTx, participationId: string, now: Date) {
	const [row] = await db
		.select({
			kind: feedbackInvitations.kind,
			answered: feedbackInvitations.answered,
			expiresAt: feedbackInvitations.expiresAt,
			sentAt: feedbackInvitations.sentAt,
			sentVia: feedbackInvitations.sentVia
		})
		.from(feedbackInvitations)
		.where(eq(feedbackInvitations.participationId, participationId))
		.orderBy(sql`not ${feedbackInvitations.answered} and ${feedbackInvitations.expiresAt} > ${now.toISOString()}::timestamptz desc`, ...NEWEST_FIRST)
		.limit(1);
	if (!row) return null;
	return {
		kind: row.kind,
		open: !row.answered && row.expiresAt > now,
		expiresOn: helsinkiDate(row.expiresAt),
		sentAt: row.sentAt?.toISOString() ?? null,
		sentVia: row.sentVia
	};
}

/** The participation's newest open invitation (the end's over the mid-point's), locked for the change. */
async function openInvitation(tx: DbOrTx, participationId: string, now: Date) {
	const [row] = await tx
		.select({ id: feedbackInvitations.id })
		.from(feedbackInvitations)
		.where(and(eq(feedbackInvitations.participationId, participationId), sql`not ${feedbackInvitations.answered}`, gt(feedbackInvitations.expiresAt, now)))
		.orderBy(...NEWEST_FIRST)
		.limit(1)
		.for('update');
	return row ?? null;
}

/**
 * A new token for the participation's open invitation (the earlier one stops working), or null. A participation
 * may have two open at once (the mid-point's and the end's): the newest gets it.
 */
async function reissueToken(tx: DbOrTx, participationId: string, now: Date, sent?: 'email' | 'sms') {
	const open = await openInvitation(tx, participationId, now);
	if (!open) return null;
	const token = randomToken();
	const [row] = await tx
		.update(feedbackInvitations)
		.set({ tokenHash: hashToken(token), ...(sent ? { sentAt: now, sentVia: sent } : {}) })
		.where(and(eq(feedbackInvitations.id, open.id), sql`not ${feedbackInvitations.answered}`, gt(feedbackInvitations.expiresAt, now)))
		.returning({ id: feedbackInvitations.id, expiresAt: feedbackInvitations.expiresAt });
	return row ? { token, expiresOn: helsinkiDate(row.expiresAt) } : null;
}

/** The public short link of a token. */
export const feedbackLink = (origin: string, token: string) => `${origin}/f/${token}`;

export type FeedbackResult<T> = ({ ok: true } & T) | { ok: false; error: ErrorCode };

/** The coach shows the invitation on the phone: a fresh token (the one shown before stops working). */
export async function showFeedbackInvitation(
	db: DbOrTx,
	ctx: AuditContext,
	p: FeedbackParticipation,
	origin: string
): Promise<FeedbackResult<{ link: string; expiresOn: string }>> {
	return db.transaction(async (tx) => {
		const issued = await reissueToken(tx, p.id, ctx.clock());
		if (!issued) return { ok: false, error: 'feedbackUnavailable' };
		await recordAudit(tx, ctx, {
			action: 'feedback.invitation_show',
			areaId: p.areaId,
			targetType: 'participation',
			targetIds: [p.id],
			customerIds: [p.customerId]
		});
		return { ok: true, link: feedbackLink(origin, issued.token), expiresOn: issued.expiresOn };
	});
}

/**
 * The channels the area can choose for sending the invitation: e-mail when the customer has an e-mail address on
 * record, a text message when they have a phone number and SMS is configured. Only whether, never the address.
 */
export async function feedbackChannelsOf(db: DbOrTx, customerId: string): Promise<{ email: boolean; sms: boolean; phone: boolean; smsOn: boolean }> {
	const [c] = await db.select({ email: customers.email, phone: customers.phone }).from(customers).where(eq(customers.id, customerId));
	const smsOn = smsSender() !== null;
	return { email: !!c?.email, sms: !!c?.phone && smsOn, phone: !!c?.phone, smsOn };
}

/**
 * The area sends the invitation to the customer's contact on record through the channel it chose: by e-mail
 * (through the mail outbox and its job, in this transaction) or as a text message through the SMS sender (after
 * commit). A channel without an address on record, or SMS when it is not configured, is refused and changes nothing.
 */
export async function sendFeedbackInvitation(
	db: DbOrTx,
	ctx: AuditContext,
	p: FeedbackParticipation,
	origin: string,
	channel: FeedbackChannel
): Promise<FeedbackResult<{ via: FeedbackChannel }>> {
	let sms: { to: string; text: string } | null = null;
	const sender = smsSender();
	if (channel === 'sms' && !sender) return { ok: false, error: 'feedbackSmsOff' };
	const result = await db.transaction(async (tx): Promise<FeedbackResult<{ via: FeedbackChannel }>> => {
		const [c] = await tx
			.select({ email: customers.email, phone: customers.phone, language: customers.language })
			.from(customers)
			.where(eq(customers.id, p.customerId));
		if (!c) return { ok: false, error: 'notFound' };
		if (channel === 'email' && !c.email) return { ok: false, error: 'feedbackNoEmail' };
		if (channel === 'sms' && !c.phone) return { ok: false, error: 'feedbackNoPhone' };
		const via = channel;
		const issued = await reissueToken(tx, p.id, ctx.clock(), via);
		if (!issued) return { ok: false, error: 'feedbackUnavailable' };
		const params = { link: feedbackLink(origin, issued.token), until: issued.expiresOn.split('-').reverse().join('.') };
		if (via === 'email') {
			await queueEmail(tx, ctx.clock, { to: c.email!, locale: c.language, subjectKey: 'feedback.mail.subject', bodyKey: 'feedback.mail.body', params });
		} else {
			sms = { to: c.phone!, text: translate(c.language, 'feedback.sms', params) };
		}
		await recordAudit(tx, ctx, {
			action: 'feedback.invitation_send',
			areaId: p.areaId,
			targetType: 'participation',
			targetIds: [p.id],
			customerIds: [p.customerId],
			// The channel only, never the address.
			changes: { channel: { from: null, to: via } }
		});
		return { ok: true, via };
	});
	if (sms && sender) await sendSmsAfterCommit(sender, sms);
	return result;
}

/**
 * The public page's limits: per token (a participant loading, switching language and sending) and per address
 * (a classroom behind one address sends one answer each). The same for unknown, used and expired tokens.
 */
export const FEEDBACK_LIMITS = {
	token: { max: 12, windowMs: 15 * 60_000 },
	address: { max: 120, windowMs: 15 * 60_000 }
} satisfies Record<string, Limit>;

/** Uses one unit of both limits (both are counted, whichever fails); false when either is used up. */
export async function throttleFeedback(db: DbOrTx, clock: Clock, token: string, address: string | null): Promise<boolean> {
	// The token's hash, never the token itself, names its counter.
	const perToken = await consumeLimit(db, clock, `feedback:token:${hashToken(token)}`, FEEDBACK_LIMITS.token);
	const perAddress = await consumeLimit(db, clock, `feedback:ip:${address ?? 'unknown'}`, FEEDBACK_LIMITS.address);
	return perToken && perAddress;
}

/** Can this token be answered now? (The same false for unknown, used and expired ones.) */
export async function feedbackTokenUsable(db: DbOrTx, token: string, now: Date): Promise<boolean> {
	const [row] = await db
		.select({ id: feedbackInvitations.id })
		.from(feedbackInvitations)
		.where(and(eq(feedbackInvitations.tokenHash, hashToken(token)), sql`not ${feedbackInvitations.answered}`, gt(feedbackInvitations.expiresAt, now)));
	return !!row;
}

export type FeedbackScores = Record<FeedbackQuestion, number>;

/**
 * Stores one answer for a usable token, once: the invitation is claimed in one statement (two answers sent at
 * once cannot both pass) and keeps no token and no time. The audit entry names the contract only, and no
 * address: nothing in it leads to the participant.
 */
export async function answerFeedback(db: DbOrTx, ctx: AuditContext, token: string, scores: FeedbackScores, freeText: string | null): Promise<boolean> {
	const now = ctx.clock();
	return db.transaction(async (tx) => {
		const [inv] = await tx
			.update(feedbackInvitations)
			.set({ answered: true, tokenHash: null })
			.where(and(eq(feedbackInvitations.tokenHash, hashToken(token)), sql`not ${feedbackInvitations.answered}`, gt(feedbackInvitations.expiresAt, now)))
			.returning({
				areaId: feedbackInvitations.areaId,
				providerId: feedbackInvitations.providerId,
				contractId: feedbackInvitations.contractId,
				cohortId: feedbackInvitations.cohortId,
				kind: feedbackInvitations.kind
			});
		if (!inv) return false;
		await tx.insert(feedbackAnswers).values({
			...inv,
			answeredMonth: helsinkiDate(now).slice(0, 7),
			...scores,
			freeText,
			textStatus: freeText ? 'pending' : 'none'
		});
		await recordAudit(
			tx,
			{ ...ctx, userId: null, ip: null, userAgent: null },
			{
				action: 'feedback.answer',
				areaId: inv.areaId,
				targetType: 'contract',
				targetIds: [inv.contractId]
			}
		);
		return true;
	});
}

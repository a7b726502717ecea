/**
 * Feedback results: averages, answer counts and response rates per cohort, contract, provider or the whole
 * organisation, counted in SQL within the actor's scope and shown only where at least 5 answers exist; free texts
 * once the area has released them. `feedbackFigures` is what the provider scorecard uses.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { averageOf, FEEDBACK_MIN_ANSWERS, FEEDBACK_QUESTIONS, responseRate, type FeedbackLevel, type FeedbackQuestion } from '$lib/domain/feedback';
import { recordAudit, type AuditContext } from '../audit';
import type { DbOrTx } from '../db/client';
import { cohorts, contracts, feedbackAnswers, feedbackInvitations, organisations } from '../db/schema';
import type { ErrorCode } from '../forms';
import { canInOrg, type Actor } from '../policy';
import { feedbackAnswerScope, feedbackInvitationScope } from '../policy/scope';

export type { FeedbackLevel };

export interface FeedbackFigure {
	/** What the row is about (null above its level: a contract row has no cohort, the organisation row nothing). */
	providerId: string | null;
	providerName: string | null;
	contractId: string | null;
	contractNumber: string | null;
	contractTitle: string | null;
	cohortId: string | null;
	cohortName: string | null;
	/** At least 5 answers: only then are the figures below given (otherwise all null: "fewer than 5 answers"). */
	enough: boolean;
	answers: number | null;
	invited: number | null;
	/** Whole percent of the invited who answered. */
	responseRate: number | null;
	/** Per question, 1–5 with one decimal. */
	averages: Record<FeedbackQuestion, number> | null;
}

export interface FeedbackFilter {
	by: FeedbackLevel;
	contractId?: string;
	providerId?: string;
}

interface Group {
	providerId: string;
	providerName: string;
	contractId: string;
	contractNumber: string;
	contractTitle: string;
	cohortId: string | null;
	cohortName: string | null;
	answers: number;
	invited: number;
	sums: Record<FeedbackQuestion, number>;
}

const keyOf = (by: FeedbackLevel, g: { providerId: string; contractId: string; cohortId: string | null }) =>
	by === 'organisation' ? '' : by === 'provider' ? g.providerId : by === 'contract' ? g.contractId : `${g.contractId}|${g.cohortId ?? ''}`;

/**
 * The feedback figures the actor may see in one of their organisations (the area's answers, or the provider's own),
 * grouped `by` cohort, contract, provider or the whole organisation; optionally of one contract or provider.
 * Rows with fewer than 5 answers say only that (`enough: false`). An actor without the right gets no rows.
 */
export async function feedbackFigures(db: DbOrTx, actor: Actor, organisationId: string, filter: FeedbackFilter): Promise<FeedbackFigure[]> {
	if (!canInOrg(actor, 'feedback.results', organisationId)) return [];
	const answerWhere = and(
		feedbackAnswerScope(actor, organisationId),
		filter.contractId ? eq(feedbackAnswers.contractId, filter.contractId) : undefined,
		filter.providerId ? eq(feedbackAnswers.providerId, filter.providerId) : undefined
	) as SQL;
	const invitationWhere = and(
		feedbackInvitationScope(actor, organisationId),
		filter.contractId ? eq(feedbackInvitations.contractId, filter.contractId) : undefined,
		filter.providerId ? eq(feedbackInvitations.providerId, filter.providerId) : undefined
	) as SQL;
	const answerRows = await db
		.select({
			providerId: feedbackAnswers.providerId,
			contractId: feedbackAnswers.contractId,
			cohortId: feedbackAnswers.cohortId,
			answers: sql<number>`count(*)::int`,
			content: sql<number>`sum(${feedbackAnswers.content})::int`,
			coachSupport: sql<number>`sum(${feedbackAnswers.coachSupport})::int`,
			usefulness: sql<number>`sum(${feedbackAnswers.usefulness})::int`,
			recommend: sql<number>`sum(${feedbackAnswers.recommend})::int`
		})
		.from(feedbackAnswers)
		.where(answerWhere)
		.groupBy(feedbackAnswers.providerId, feedbackAnswers.contractId, feedbackAnswers.cohortId);
	// Counted per cohort first, then named: an area has thousands of invitations but a few hundred groups, and the
	// names are looked up (and sorted by) once a group instead of once an invitation.
	const counted = db
		.select({
			providerId: feedbackInvitations.providerId,
			contractId: feedbackInvitations.contractId,
			cohortId: feedbackInvitations.cohortId,
			invited: sql<number>`count(*)::int`.as('invited')
		})
		.from(feedbackInvitations)
		.where(invitationWhere)
		.groupBy(feedbackInvitations.providerId, feedbackInvitations.contractId, feedbackInvitations.cohortId)
		.as('counted');
	const invitationRows = await db
		.select({
			providerId: counted.providerId,
			contractId: counted.contractId,
			cohortId: counted.cohortId,
			invited: counted.invited,
			providerName: organisations.name,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			cohortName: cohorts.name
		})
		.from(counted)
		.innerJoin(contracts, eq(contracts.id, counted.contractId))
		.innerJoin(organisations, eq(organisations.id, counted.providerId))
		.leftJoin(cohorts, eq(cohorts.id, counted.cohortId))
		.orderBy(asc(organisations.name), asc(contracts.contractNumber), asc(cohorts.name));

	// Every answer has had an invitation (the answer keeps its cohort), so the invitations name every group.
	const cohortKey = (g: { contractId: string; cohortId: string | null }) => `${g.contractId}|${g.cohortId ?? ''}`;
	const answersOf = new Map(answerRows.map((a) => [cohortKey(a), a]));
	const groups = new Map<string, Group>();
	for (const inv of invitationRows) {
		const a = answersOf.get(cohortKey(inv));
		const key = keyOf(filter.by, inv);
		const g = groups.get(key) ?? {
			providerId: inv.providerId,
			providerName: inv.providerName,
			contractId: inv.contractId,
			contractNumber: inv.contractNumber,
			contractTitle: inv.contractTitle,
			cohortId: inv.cohortId,
			cohortName: inv.cohortName,
			answers: 0,
			invited: 0,
			sums: { content: 0, coachSupport: 0, usefulness: 0, recommend: 0 }
		};
		g.invited += inv.invited;
		if (a) {
			g.answers += a.answers;
			for (const q of FEEDBACK_QUESTIONS) g.sums[q] += a[q];
		}
		groups.set(key, g);
	}
	return [...groups.values()].map((g) => {
		const enough = g.answers >= FEEDBACK_MIN_ANSWERS;
		const level = filter.by;
		return {
			providerId: level === 'organisation' ? null : g.providerId,
			providerName: level === 'organisation' ? null : g.providerName,
			contractId: level === 'contract' || level === 'cohort' ? g.contractId : null,
			contractNumber: level === 'contract' || level === 'cohort' ? g.contractNumber : null,
			contractTitle: level === 'contract' || level === 'cohort' ? g.contractTitle : null,
			cohortId: level === 'cohort' ? g.cohortId : null,
			cohortName: level === 'cohort' ? g.cohortName : null,
			enough,
			answers: enough ? g.answers : null,
			invited: enough ? g.invited : null,
			responseRate: enough ? responseRate(g.answers, g.invited) : null,
			averages: enough ? (Object.fromEntries(FEEDBACK_QUESTIONS.map((q) => [q, averageOf(g.sums[q], g.answers)!])) as Record<FeedbackQuestion, number>) : null
		};
	});
}

export interface FeedbackText {
	id: string;
	text: string;
	contractNumber: string;
	cohortName: string | null;
	providerName: string;
	answeredMonth: string;
}

/** At least 5 answers in the answer's own group (its contract and cohort): only then is a released text shown. */
const groupHasEnough = sql`(select count(*) from ${feedbackAnswers} b where b.contract_id = ${feedbackAnswers.contractId}
	and b.cohort_id is not distinct from ${feedbackAnswers.cohortId}) >= ${FEEDBACK_MIN_ANSWERS}`;

/**
 * The free texts the actor may read: released ones (in groups of 5+ answers) for everyone with the results right,
 * and those waiting for review for the area's admins, who release (maybe redacted) or withhold them. A text may
 * still hold a name or health detail until reviewed, so every read of them is audited.
 */
export async function feedbackTexts(
	db: DbOrTx,
	ctx: AuditContext,
	actor: Actor,
	organisationId: string
): Promise<{ pending: FeedbackText[]; released: FeedbackText[] }> {
	if (!canInOrg(actor, 'feedback.results', organisationId)) return { pending: [], released: [] };
	const columns = {
		id: feedbackAnswers.id,
		text: sql<string>`${feedbackAnswers.freeText}`,
		contractNumber: contracts.contractNumber,
		cohortName: cohorts.name,
		providerName: organisations.name,
		answeredMonth: feedbackAnswers.answeredMonth,
		status: feedbackAnswers.textStatus
	};
	const reviewer = canInOrg(actor, 'feedback.reviewText', organisationId);
	const rows = await db
		.select(columns)
		.from(feedbackAnswers)
		.innerJoin(contracts, eq(contracts.id, feedbackAnswers.contractId))
		.innerJoin(organisations, eq(organisations.id, feedbackAnswers.providerId))
		.leftJoin(cohorts, eq(cohorts.id, feedbackAnswers.cohortId))
		.where(
			and(
				feedbackAnswerScope(actor, organisationId),
				reviewer
					? sql`(${feedbackAnswers.textStatus} = 'pending' or (${feedbackAnswers.textStatus} = 'released' and ${groupHasEnough}))`
					: sql`${feedbackAnswers.textStatus} = 'released' and ${groupHasEnough}`
			)
		)
		.orderBy(asc(contracts.contractNumber), asc(cohorts.name), asc(feedbackAnswers.answeredMonth), asc(feedbackAnswers.id));
	if (rows.length > 0) {
		await recordAudit(db, ctx, { action: 'feedback.texts_read', targetType: 'feedback_answer', targetIds: rows.map((r) => r.id) });
	}
	const strip = ({ status: _s, ...r }: (typeof rows)[number]): FeedbackText => r;
	return { pending: rows.filter((r) => r.status === 'pending').map(strip), released: rows.filter((r) => r.status === 'released').map(strip) };
}

/**
 * The area's admin releases a free text (as written, or with a name or health detail removed: the edited text
 * replaces the original, which is not kept) or withholds it (the text is erased). A text released earlier may be
 * edited again or withheld. Another area's answer is not found.
 */
export async function reviewFeedbackText(
	db: DbOrTx,
	ctx: AuditContext,
	actor: Actor,
	areaId: string,
	answerId: string,
	decision: { kind: 'release'; text: string } | { kind: 'withhold' }
): Promise<{ ok: true } | { ok: false; error: ErrorCode }> {
	if (!canInOrg(actor, 'feedback.reviewText', areaId)) return { ok: false, error: 'notFound' };
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(feedbackAnswers)
			.set({
				freeText: decision.kind === 'release' ? decision.text : null,
				textStatus: decision.kind === 'release' ? 'released' : 'withheld',
				textReviewedAt: ctx.clock(),
				textReviewedBy: actor.userId
			})
			.where(and(eq(feedbackAnswers.id, answerId), eq(feedbackAnswers.areaId, areaId), sql`${feedbackAnswers.textStatus} in ('pending', 'released')`))
			.returning({ id: feedbackAnswers.id });
		if (!row) return { ok: false, error: 'notFound' };
		await recordAudit(tx, ctx, {
			action: decision.kind === 'release' ? 'feedback.text_release' : 'feedback.text_withhold',
			areaId,
			targetType: 'feedback_answer',
			targetIds: [answerId]
		});
		return { ok: true };
	});
}

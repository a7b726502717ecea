import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { FEEDBACK_KINDS, FEEDBACK_TEXT_STATUSES } from '../../../domain/feedback';
import { inList } from './attendance';
import { cohorts, contracts } from './contracts';
import { organisations } from './organisations';
import { participations } from './referrals';
import { users } from './users';

/**
 * A participant's invitation to give feedback, made when the participation ends (participations/reactions.ts).
 * Only the SHA-256 of its single-use token is kept, and only until it is used: a new token replaces the old one
 * each time the coach shows it or the area sends it. The answer is stored apart, without any link back here.
 */
export const feedbackInvitations = pgTable(
	'feedback_invitations',
	{
		id: uuid().primaryKey().defaultRandom(),
		participationId: uuid()
			.notNull()
			.references(() => participations.id),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		cohortId: uuid().references(() => cohorts.id),
		kind: text({ enum: FEEDBACK_KINDS }).notNull(),
		/** sha256 of the live token; null once answered (nothing is left to look up). */
		tokenHash: text().unique(),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		/** Answered: no time is kept, so that the answer cannot be matched to it by when it came. */
		answered: boolean().notNull().default(false),
		/** The last time the area sent it to the customer, and how. */
		sentAt: timestamp({ withTimezone: true }),
		sentVia: text({ enum: ['email', 'sms'] })
	},
	(t) => [
		unique('feedback_invitations_participation_kind').on(t.participationId, t.kind),
		index('feedback_invitations_area_idx').on(t.areaId, t.contractId),
		index('feedback_invitations_provider_idx').on(t.providerId, t.contractId),
		check('feedback_invitations_kind_check', sql`${t.kind} in (${inList(FEEDBACK_KINDS)})`)
	]
);

/**
 * One anonymous answer: whose service it was about (area, provider, contract, cohort) and the month, never the
 * participation, the customer or the token. The free text is shown only after the area has released it.
 */
export const feedbackAnswers = pgTable(
	'feedback_answers',
	{
		id: uuid().primaryKey().defaultRandom(),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		cohortId: uuid().references(() => cohorts.id),
		kind: text({ enum: FEEDBACK_KINDS }).notNull(),
		/** yyyy-mm: the month only, so that the time of the answer does not point to a person. */
		answeredMonth: text().notNull(),
		content: smallint().notNull(),
		coachSupport: smallint().notNull(),
		usefulness: smallint().notNull(),
		recommend: smallint().notNull(),
		freeText: text(),
		textStatus: text({ enum: FEEDBACK_TEXT_STATUSES }).notNull().default('none'),
		textReviewedAt: timestamp({ withTimezone: true }),
		textReviewedBy: uuid().references(() => users.id)
	},
	(t) => [
		index('feedback_answers_area_idx').on(t.areaId, t.contractId),
		index('feedback_answers_provider_idx').on(t.providerId, t.contractId),
		check(
			'feedback_answers_scale_check',
			sql`${t.content} between 1 and 5 and ${t.coachSupport} between 1 and 5 and ${t.usefulness} between 1 and 5 and ${t.recommend} between 1 and 5`
		),
		check('feedback_answers_text_status_check', sql`${t.textStatus} in (${inList(FEEDBACK_TEXT_STATUSES)})`)
	]
);

export type FeedbackInvitation = typeof feedbackInvitations.$inferSelect;
export type FeedbackAnswer = typeof feedbackAnswers.$inferSelect;

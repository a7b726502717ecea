import { date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * In-app notifications. They carry a kind and a link target, never personal data: the text is translated
 * when shown, and the linked page decides (through the policy) what the reader may see.
 */
export const notifications = pgTable(
	'notifications',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text({
			enum: [
				'referral_new',
				'referral_accepted',
				'referral_declined',
				'referral_due_soon',
				'referral_overdue',
				'notice_new',
				'notice_decided',
				'arvi_submitted',
				'arvi_returned',
				'arvi_accepted',
				'invoice_submitted',
				'invoice_returned',
				'invoice_checked',
				'invoice_approved',
				'provider_bank_changed',
				'provider_linked',
				'remark_new',
				'remark_answered',
				'remark_more_requested',
				'remark_closed',
				'notice_due_soon',
				'notice_overdue',
				'arvi_due_soon',
				'arvi_overdue',
				'remark_due_soon',
				'remark_overdue'
			]
		}).notNull(),
		/** A same-site path, e.g. /provider/:id/referrals/:referralId. */
		link: text().notNull(),
		/**
		 * What it is about, so that handling the thing marks its notifications read and similar ones group:
		 * the kind of object and its id, and a label without personal data (a contract or invoice number).
		 */
		objectType: text({ enum: ['referral', 'notice', 'arvi', 'invoice', 'provider', 'remark'] }),
		objectId: uuid(),
		subject: text(),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		readAt: timestamp({ withTimezone: true })
	},
	(t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt), index('notifications_object_idx').on(t.objectId)]
);

export type Notification = typeof notifications.$inferSelect;

/**
 * The deadline reminders sent (src/lib/server/notifications/reminders.ts): one row per object, stage and
 * deadline, so that each reminder goes once however often the job runs and however many processes run it;
 * a new deadline (a remark with more requested, an ARVI returned) is reminded of again.
 */
export const deadlineReminders = pgTable(
	'deadline_reminders',
	{
		objectType: text({ enum: ['notice', 'arvi', 'remark'] }).notNull(),
		objectId: uuid().notNull(),
		stage: text({ enum: ['due_soon', 'overdue'] }).notNull(),
		dueOn: date({ mode: 'string' }).notNull(),
		sentAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.objectType, t.objectId, t.stage, t.dueOn] })]
);

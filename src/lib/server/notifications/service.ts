import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import { isLocale, type MessageKey } from '$lib/i18n';
import { preparedOnce, rowsOf, type Db, type DbOrTx } from '../db/client';
import { recordAudit, type AuditContext } from '../audit';
import { memberships, notifications, users, type Notification } from '../db/schema';
import { queueEmail } from '../email';
import { config } from '../config';
import { queuePush } from './push';

export type NotificationKind = Notification['kind'];

const MAIL: Record<NotificationKind, { subject: MessageKey; body: MessageKey }> = {
	referral_new: { subject: 'notify.referral_new.subject', body: 'notify.referral_new.body' },
	referral_accepted: { subject: 'notify.referral_accepted.subject', body: 'notify.referral_accepted.body' },
	referral_declined: { subject: 'notify.referral_declined.subject', body: 'notify.referral_declined.body' },
	referral_due_soon: { subject: 'notify.referral_due_soon.subject', body: 'notify.referral_due_soon.body' },
	referral_overdue: { subject: 'notify.referral_overdue.subject', body: 'notify.referral_overdue.body' },
	notice_new: { subject: 'notify.notice_new.subject', body: 'notify.notice_new.body' },
	notice_decided: { subject: 'notify.notice_decided.subject', body: 'notify.notice_decided.body' },
	arvi_submitted: { subject: 'notify.arvi_submitted.subject', body: 'notify.arvi_submitted.body' },
	arvi_returned: { subject: 'notify.arvi_returned.subject', body: 'notify.arvi_returned.body' },
	arvi_accepted: { subject: 'notify.arvi_accepted.subject', body: 'notify.arvi_accepted.body' },
	invoice_submitted: { subject: 'notify.invoice_submitted.subject', body: 'notify.invoice_submitted.body' },
	invoice_returned: { subject: 'notify.invoice_returned.subject', body: 'notify.invoice_returned.body' },
	invoice_checked: { subject: 'notify.invoice_checked.subject', body: 'notify.invoice_checked.body' },
	invoice_approved: { subject: 'notify.invoice_approved.subject', body: 'notify.invoice_approved.body' },
	provider_bank_changed: { subject: 'notify.provider_bank_changed.subject', body: 'notify.provider_bank_changed.body' },
	provider_linked: { subject: 'notify.provider_linked.subject', body: 'notify.provider_linked.body' },
	remark_new: { subject: 'notify.remark_new.subject', body: 'notify.remark_new.body' },
	remark_answered: { subject: 'notify.remark_answered.subject', body: 'notify.remark_answered.body' },
	remark_more_requested: { subject: 'notify.remark_more_requested.subject', body: 'notify.remark_more_requested.body' },
	remark_closed: { subject: 'notify.remark_closed.subject', body: 'notify.remark_closed.body' },
	notice_due_soon: { subject: 'notify.notice_due_soon.subject', body: 'notify.notice_due_soon.body' },
	notice_overdue: { subject: 'notify.notice_overdue.subject', body: 'notify.notice_overdue.body' },
	arvi_due_soon: { subject: 'notify.arvi_due_soon.subject', body: 'notify.arvi_due_soon.body' },
	arvi_overdue: { subject: 'notify.arvi_overdue.subject', body: 'notify.arvi_overdue.body' },
	remark_due_soon: { subject: 'notify.remark_due_soon.subject', body: 'notify.remark_due_soon.body' },
	remark_overdue: { subject: 'notify.remark_overdue.subject', body: 'notify.remark_overdue.body' }
};

export const isNotificationKind = (k: string | null): k is NotificationKind => k !== null && Object.hasOwn(MAIL, k);

export type NotificationObjectType = NonNullable<Notification['objectType']>;

const OBJECT_OF_KIND: Record<NotificationKind, NotificationObjectType> = {
	referral_new: 'referral',
	referral_accepted: 'referral',
	referral_declined: 'referral',
	referral_due_soon: 'referral',
	referral_overdue: 'referral',
	notice_new: 'notice',
	notice_decided: 'notice',
	arvi_submitted: 'arvi',
	arvi_returned: 'arvi',
	arvi_accepted: 'arvi',
	invoice_submitted: 'invoice',
	invoice_returned: 'invoice',
	invoice_checked: 'invoice',
	invoice_approved: 'invoice',
	provider_bank_changed: 'provider',
	provider_linked: 'provider',
	remark_new: 'remark',
	remark_answered: 'remark',
	remark_more_requested: 'remark',
	remark_closed: 'remark',
	notice_due_soon: 'notice',
	notice_overdue: 'notice',
	arvi_due_soon: 'arvi',
	arvi_overdue: 'arvi',
	remark_due_soon: 'remark',
	remark_overdue: 'remark'
};

const UUID_IN_PATH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * What a notification is about: the kind says the type, and every link names its object's id last
 * (/area/:a/referrals/:referralId, /provider/:p/organisation for the provider itself).
 */
export function notificationObject(kind: NotificationKind, link: string): { type: NotificationObjectType; id: string | null } {
	const ids = link.match(UUID_IN_PATH);
	return { type: OBJECT_OF_KIND[kind], id: ids ? ids[ids.length - 1].toLowerCase() : null };
}

/**
 * The object's label without personal data: the contract number of a referral, notice or ARVI, the
 * invoice's number (or its contract's before it has one), the provider's name, the remark's number.
 */
async function subjectOf(tx: DbOrTx, type: NotificationObjectType, id: string): Promise<string | null> {
	const query = {
		referral: sql`select c.contract_number as s from referrals x join contracts c on c.id = x.contract_id where x.id = ${id}`,
		notice: sql`select c.contract_number as s from notices x join contracts c on c.id = x.contract_id where x.id = ${id}`,
		arvi: sql`select c.contract_number as s from arvis x join contracts c on c.id = x.contract_id where x.id = ${id}`,
		invoice: sql`select coalesce(x.number, c.contract_number) as s from invoices x join contracts c on c.id = x.contract_id where x.id = ${id}`,
		provider: sql`select o.name as s from organisations o where o.id = ${id}`,
		remark: sql`select x.number::text as s from remarks x where x.id = ${id}`
	}[type];
	const [row] = rowsOf<{ s: string | null }>(await tx.execute(query));
	return row?.s ?? null;
}

/**
 * Tells people, in the caller's transaction: an in-app notification each and an e-mail in their own
 * language that says what is waiting, names its object by its label (contract or invoice number, provider,
 * remark number) and links to it (never a customer's name). The
 * notification keeps its object, so that handling the object marks it read (`markObjectHandled`).
 */
export async function notify(tx: DbOrTx, clock: Clock, userIds: string[], kind: NotificationKind, link: string): Promise<void> {
	const unique = [...new Set(userIds)];
	if (unique.length === 0) return;
	const now = clock();
	const object = notificationObject(kind, link);
	const subject = object.id ? await subjectOf(tx, object.type, object.id) : null;
	await tx
		.insert(notifications)
		.values(unique.map((userId) => ({ userId, kind, link, createdAt: now, objectType: object.type, objectId: object.id, subject })));
	await queuePush(tx, clock, unique, `notificationKind.${kind}`, link, subject);
	const people = await tx
		.select({ email: users.email, locale: users.locale })
		.from(users)
		.where(and(inArray(users.id, unique), eq(users.active, true)));
	for (const p of people) {
		await queueEmail(tx, clock, {
			to: p.email,
			locale: isLocale(p.locale) ? p.locale : 'fi',
			subjectKey: MAIL[kind].subject,
			bodyKey: MAIL[kind].body,
			params: { link: `${config.publicOrigin}${link}` },
			about: subject
		});
	}
}

/** Provider staff (admins and coaches) whose assignment valid on `today` covers the referral. */
export async function providerRecipients(tx: DbOrTx, referralId: string, today: string): Promise<string[]> {
	const rows = await tx.execute<{ user_id: string }>(sql`
		select distinct a.user_id from referrals r
		join assignments a on a.provider_id = r.provider_id and a.area_id = r.area_id
			and (a.contract_id is null or a.contract_id = r.contract_id)
			and (a.cohort_id is null or a.cohort_id = r.cohort_id)
			and a.valid_from <= ${today}::date and a.valid_until >= ${today}::date
		join ${memberships} m on m.user_id = a.user_id and m.organisation_id = r.provider_id and m.role in ('provider_admin', 'coach')
		where r.id = ${referralId}`);
	return rowsOf<{ user_id: string }>(rows).map((r) => r.user_id);
}

export function referralLink(kind: 'area' | 'provider', orgId: string, referralId: string): string {
	return `/${kind}/${orgId}/referrals/${referralId}`;
}

export async function unreadCount(db: DbOrTx, userId: string): Promise<number> {
	const query = preparedOnce(db, 'unread_count', (d) =>
		d
			.select({ n: count() })
			.from(notifications)
			.where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
			.prepare('unread_count')
	);
	const [row] = await query.execute({ userId });
	return row.n;
}

export function listNotifications(db: DbOrTx, userId: string, limit = 50) {
	return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(desc(notifications.createdAt)).limit(limit);
}

/**
 * The object was handled (a referral answered, a notice decided, an invoice checked…): the notifications
 * of these kinds about it, which asked someone to do that work, are read for everyone who got them.
 * In the handling change's transaction; one indexed update.
 */
export async function markObjectHandled(tx: DbOrTx, clock: Clock, objectId: string, kinds: NotificationKind[]): Promise<void> {
	await tx
		.update(notifications)
		.set({ readAt: clock() })
		.where(and(eq(notifications.objectId, objectId), inArray(notifications.kind, kinds), isNull(notifications.readAt)));
}

/** A group of similar notifications: the same kind about objects with the same label, read or unread alike. */
export interface NotificationGroup {
	kind: NotificationKind;
	subject: string | null;
	link: string;
	count: number;
	unread: number;
	latestAt: Date;
}

/**
 * The newest notifications in groups: similar ones (same kind and label, e.g. three referrals accepted on
 * one contract) are one line that links to the newest's object, or to the list when they are several.
 */
export function groupNotifications(rows: Notification[]): NotificationGroup[] {
	const groups = new Map<string, NotificationGroup>();
	for (const n of rows) {
		const unread = !n.readAt;
		const key = `${n.kind}\u0000${n.subject ?? ''}\u0000${unread ? 'u' : 'r'}`;
		const g = groups.get(key);
		if (!g) groups.set(key, { kind: n.kind, subject: n.subject, link: n.link, count: 1, unread: unread ? 1 : 0, latestAt: n.createdAt });
		else {
			g.count++;
			if (unread) g.unread++;
			if (g.link !== n.link) g.link = listLinkOf(n.link);
		}
	}
	return [...groups.values()];
}

/** The list a notification's object is in: /area/:a/referrals/:id → /area/:a/referrals. */
function listLinkOf(link: string): string {
	return link.replace(/\/[0-9a-f-]{36}$/i, '');
}

/** Marks every unread notification of the person read, audited in the same transaction. */
export async function markAllRead(db: Db, ctx: AuditContext, userId: string): Promise<void> {
	await db.transaction(async (tx) => {
		const read = await tx
			.update(notifications)
			.set({ readAt: ctx.clock() })
			.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
			.returning({ id: notifications.id });
		if (read.length) await recordAudit(tx, ctx, { action: 'notification.read_all', targetType: 'notification', targetIds: read.map((r) => r.id) });
	});
}

/**
 * Opening a line of the notifications page: the person's unread notifications of that kind and label (the
 * line's group) are read from now on, audited in the same transaction, and the answer is where the line
 * leads (the object, or its list when the group has several). The link comes from the stored rows, never
 * from the request, so this cannot send anyone elsewhere. Undefined when the person has no such notification.
 */
export async function openNotificationGroup(
	db: Db,
	ctx: AuditContext,
	userId: string,
	kind: NotificationKind,
	subject: string | null
): Promise<string | undefined> {
	return db.transaction(async (tx) => {
		const same = and(
			eq(notifications.userId, userId),
			eq(notifications.kind, kind),
			subject === null ? isNull(notifications.subject) : eq(notifications.subject, subject)
		);
		const read = await tx
			.update(notifications)
			.set({ readAt: ctx.clock() })
			.where(and(same, isNull(notifications.readAt)))
			.returning();
		if (read.length) {
			await recordAudit(tx, ctx, { action: 'notification.read', targetType: 'notification', targetIds: read.map((r) => r.id) });
			return groupNotifications(read)[0].link;
		}
		// Already read (a second click): the newest such notification's place.
		const [latest] = await tx.select().from(notifications).where(same).orderBy(desc(notifications.createdAt)).limit(1);
		return latest?.link;
	});
}

/** The notifications page's link for a group: through `openNotificationGroup`, which marks it read. */
export function openLink(kind: NotificationKind, subject: string | null): string {
	return `/notifications/open?${new URLSearchParams(subject === null ? { kind } : { kind, subject })}`;
}

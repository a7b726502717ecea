import nodemailer, { type Transporter } from 'nodemailer';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { config } from '../config';
import type { Db, DbOrTx } from '../db/client';
import { emailOutbox } from '../db/schema';
import { logger } from '../logger';

export interface Mail {
	to: string;
	locale: Locale;
	subjectKey: MessageKey;
	bodyKey: MessageKey;
	params?: Record<string, string | number>;
}

/**
 * Queues a mail in the caller's transaction; `deliverOutbox` sends it after commit. Mails never carry
 * customer data: they say that something is waiting and link to it.
 */
export async function queueEmail(db: DbOrTx, clock: Clock, mail: Mail): Promise<void> {
	await db.insert(emailOutbox).values({
		toAddress: mail.to,
		subject: translate(mail.locale, mail.subjectKey, mail.params),
		body: translate(mail.locale, mail.bodyKey, mail.params),
		createdAt: clock()
	});
}

let transporter: Transporter | undefined;

/**
 * Sends queued mails through SMTP; without SMTP configured they stay in the development outbox.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so several app processes never send the same mail.
 */
export async function deliverOutbox(db: Db, clock: Clock, send?: (mail: { to: string; subject: string; text: string }) => Promise<unknown>): Promise<number> {
	if (!send) {
		if (!config.smtpUrl) return 0;
		transporter ??= nodemailer.createTransport(config.smtpUrl);
		const t = transporter;
		send = (m) => t.sendMail({ from: config.mailFrom, ...m });
	}
	const deliver = send;
	return db.transaction(async (tx) => {
		const pending = await tx
			.select()
			.from(emailOutbox)
			.where(and(isNull(emailOutbox.sentAt), isNull(emailOutbox.error)))
			.orderBy(emailOutbox.createdAt)
			.limit(20)
			.for('update', { skipLocked: true });
		let sent = 0;
		for (const mail of pending) {
			try {
				await deliver({ to: mail.toAddress, subject: mail.subject, text: mail.body });
				await tx.update(emailOutbox).set({ sentAt: clock() }).where(eq(emailOutbox.id, mail.id));
				sent++;
			} catch (e) {
				logger.error({ err: e, mailId: mail.id }, 'sending mail failed');
				await tx
					.update(emailOutbox)
					.set({ error: String(e).slice(0, 500) })
					.where(eq(emailOutbox.id, mail.id));
			}
		}
		return sent;
	});
}

/** The development outbox, newest first. */
export function listOutbox(db: DbOrTx, limit = 100) {
	return db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
}

/** A reset, invitation or feedback link carries a live single-use token: whoever reads it can use it. */
const TOKEN_LINK = /(\/reset-password\/|\/f\/)[^\s]+/g;

export function maskTokens(text: string): string {
	return text.replace(TOKEN_LINK, '$1…');
}

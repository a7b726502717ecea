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

/** Sends queued mails through SMTP; without SMTP configured they stay in the development outbox. */
export async function deliverOutbox(db: Db, clock: Clock): Promise<number> {
	if (!config.smtpUrl) return 0;
	transporter ??= nodemailer.createTransport(config.smtpUrl);
	const pending = await db
		.select()
		.from(emailOutbox)
		.where(and(isNull(emailOutbox.sentAt), isNull(emailOutbox.error)))
		.limit(50);
	let sent = 0;
	for (const mail of pending) {
		try {
			await transporter.sendMail({ from: config.mailFrom, to: mail.toAddress, subject: mail.subject, text: mail.body });
			await db.update(emailOutbox).set({ sentAt: clock() }).where(eq(emailOutbox.id, mail.id));
			sent++;
		} catch (e) {
			logger.error({ err: e, mailId: mail.id }, 'sending mail failed');
			await db.update(emailOutbox).set({ error: String(e).slice(0, 500) }).where(eq(emailOutbox.id, mail.id));
		}
	}
	return sent;
}

/** The development outbox, newest first. */
export function listOutbox(db: DbOrTx, limit = 100) {
	return db.select().from(emailOutbox).orderBy(desc(emailOutbox.createdAt)).limit(limit);
}

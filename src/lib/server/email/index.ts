import nodemailer, { type Transporter } from 'nodemailer';
import { desc, eq } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { config } from '../config';
import type { Db, DbOrTx } from '../db/client';
import { emailOutbox } from '../db/schema';
import { enqueue } from '../jobs/queue';

export interface Mail {
	to: string;
	locale: Locale;
	subjectKey: MessageKey;
	bodyKey: MessageKey;
	params?: Record<string, string | number>;
	/** What the mail is about, without personal data (a contract or invoice number, a provider): a line of the body. */
	about?: string | null;
}

/**
 * Queues a mail in the caller's transaction: the outbox row and its `mail` job commit (or roll back) with the
 * change that caused it; a worker sends it after commit (`deliverMail`). Mails never carry customer data: they
 * say that something is waiting and link to it.
 */
export async function queueEmail(db: DbOrTx, clock: Clock, mail: Mail): Promise<void> {
	const [row] = await db
		.insert(emailOutbox)
		.values({
			toAddress: mail.to,
			subject: translate(mail.locale, mail.subjectKey, mail.params),
			body: mail.about
				? `${translate(mail.locale, mail.bodyKey, mail.params)}\n\n${translate(mail.locale, 'notifications.subject', { subject: mail.about })}`
				: translate(mail.locale, mail.bodyKey, mail.params),
			createdAt: clock()
		})
		.returning({ id: emailOutbox.id });
	await enqueue(db, 'mail', { mailId: row.id });
}

export type MailSender = (mail: { to: string; subject: string; text: string }) => Promise<unknown>;

let transporter: Transporter | undefined;

/** SMTP when configured; without it mails stay in the development outbox (undefined). */
export function smtpSender(): MailSender | undefined {
	if (!config.smtpUrl) return undefined;
	transporter ??= nodemailer.createTransport(config.smtpUrl);
	const t = transporter;
	return (m) => t.sendMail({ from: config.mailFrom, ...m });
}

/**
 * The `mail` job: sends one queued mail. SMTP is called outside any transaction (no row locks held while a
 * server answers); the queue gives a job to one worker at a time. A failure is written on the row and thrown,
 * so the queue retries with backoff; a mail already sent is not sent again.
 */
export async function deliverMail(db: Db, clock: Clock, mailId: string, send: MailSender | undefined = smtpSender()): Promise<'sent' | 'kept' | 'gone'> {
	if (!send) return 'kept';
	const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, mailId));
	if (!mail || mail.sentAt) return 'gone';
	try {
		await send({ to: mail.toAddress, subject: mail.subject, text: mail.body });
	} catch (e) {
		await db
			.update(emailOutbox)
			.set({ error: String(e).slice(0, 500) })
			.where(eq(emailOutbox.id, mail.id));
		throw e;
	}
	await db.update(emailOutbox).set({ sentAt: clock(), error: null }).where(eq(emailOutbox.id, mail.id));
	return 'sent';
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

/**
 * Text messages: behind an interface, off unless configured. With `SMS_WEBHOOK_URL` set, a message is POSTed
 * there as JSON `{ to, text }` (the operator's gateway); without it there is no SMS sender at all and the area
 * sends feedback invitations by e-mail only. Tests plug in their own sender.
 */
import { config } from '../config';
import { logger } from '../logger';

export interface SmsSender {
	send(message: { to: string; text: string }): Promise<void>;
}

function webhookSender(url: string): SmsSender {
	return {
		async send(message) {
			const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
			if (!res.ok) throw new Error(`sms gateway answered ${res.status}`);
		}
	};
}

let override: SmsSender | null | undefined;

/** The configured sender, or null when SMS is off. */
export function smsSender(): SmsSender | null {
	if (override !== undefined) return override;
	return config.smsWebhookUrl ? webhookSender(config.smsWebhookUrl) : null;
}

/** Tests: use this sender (null: SMS off; undefined: back to the configuration). */
export function setSmsSenderForTests(sender: SmsSender | null | undefined): void {
	override = sender;
}

/** Sends after the change has committed; a failure is logged (without the number or the text) and not retried. */
export function sendSmsAfterCommit(sender: SmsSender, message: { to: string; text: string }): Promise<void> {
	return sender.send(message).catch((err: unknown) => logger.error({ err: err instanceof Error ? err.message : 'error' }, 'sending an SMS failed'));
}

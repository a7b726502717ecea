import { auditContext, recordAudit } from '$lib/server/audit';
import { config } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { listOutbox, maskTokens } from '$lib/server/email';
import { authorizeOnPlatform } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

/**
 * The development outbox: mails that were not sent through SMTP (platform admins only). Off when SMTP
 * is configured; links with tokens are shown only in development/demo mode (a platform admin must not
 * be able to take over an account by reading its reset link).
 */
export const load: PageServerLoad = async (event) => {
	authorizeOnPlatform(event.locals.actor, 'outbox.read');
	if (config.smtpUrl) return { enabled: false, tokensHidden: true, mails: [] };
	const db = await getDb();
	const mails = await listOutbox(db);
	await recordAudit(db, auditContext(event), { action: 'outbox.read', targetType: 'email', targetIds: mails.map((m) => m.id) });
	const showTokens = config.runtime.demo;
	return {
		enabled: true,
		tokensHidden: !showTokens,
		mails: mails.map((m) => ({
			id: m.id,
			to: m.toAddress,
			subject: m.subject,
			body: showTokens ? m.body : maskTokens(m.body),
			createdAt: m.createdAt.toISOString(),
			sent: !!m.sentAt
		}))
	};
};

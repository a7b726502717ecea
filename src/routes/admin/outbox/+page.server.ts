import { auditContext, recordAudit } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { listOutbox } from '$lib/server/email';
import { authorizeOnPlatform } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

/** The development outbox: mails that were not sent through SMTP (platform admins only). */
export const load: PageServerLoad = async (event) => {
	authorizeOnPlatform(event.locals.actor, 'outbox.read');
	const db = await getDb();
	const mails = await listOutbox(db);
	await recordAudit(db, auditContext(event), { action: 'outbox.read', targetType: 'email', targetIds: mails.map((m) => m.id) });
	return {
		mails: mails.map((m) => ({ id: m.id, to: m.toAddress, subject: m.subject, body: m.body, createdAt: m.createdAt.toISOString(), sent: !!m.sentAt }))
	};
};

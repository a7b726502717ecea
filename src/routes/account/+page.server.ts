import { desc, eq } from 'drizzle-orm';
import { fail, redirect } from '@sveltejs/kit';
import { auditContext, recordAudit } from '$lib/server/audit';
import { issueRecoveryCodes } from '$lib/server/auth/service';
import { getDb } from '$lib/server/db';
import { sessions } from '$lib/server/db/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor || !locals.user || !locals.session) redirect(303, '/login');
	const db = await getDb();
	const mine = await db
		.select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, userAgent: sessions.userAgent })
		.from(sessions)
		.where(eq(sessions.userId, locals.user.id))
		.orderBy(desc(sessions.lastSeenAt));
	const current = locals.session.id;
	return {
		account: { name: locals.user.name, email: locals.user.email, locale: locals.user.locale, enrolled: !!locals.user.totpKeyEncrypted },
		sessions: mine.map((s) => ({ current: s.id === current, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), userAgent: s.userAgent })),
		recoveryUsed: url.searchParams.get('recoveryUsed') === '1'
	};
};

export const actions: Actions = {
	recoveryCodes: async (event) => {
		const { user, actor } = event.locals;
		if (!user || !actor) redirect(303, '/login');
		if (!user.totpKeyEncrypted) return fail(400, { message: 'errors.notEnrolled' as const });
		const db = await getDb();
		const codes = await db.transaction(async (tx) => {
			const c = await issueRecoveryCodes(tx, user.id);
			await recordAudit(tx, auditContext(event), { action: 'auth.recovery_codes_issued', targetType: 'user', targetIds: [user.id] });
			return c;
		});
		return { recoveryCodes: codes };
	}
};

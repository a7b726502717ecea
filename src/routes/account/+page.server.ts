import { fail, redirect } from '@sveltejs/kit';
import { auditContext, recordAudit } from '$lib/server/audit';
import { endOtherSessions, endOwnSession, listOwnSessions } from '$lib/server/auth/account-sessions';
import { listPasskeys, PASSKEY_NAME_MAX, removePasskey, signedInRecently } from '$lib/server/auth/passkeys';
import { issueRecoveryCodes } from '$lib/server/auth/service';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { getDb } from '$lib/server/db';
import { field } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.actor || !locals.user || !locals.session) redirect(303, '/login');
	const db = await getDb();
	const mine = await listPasskeys(db, locals.user.id);
	return {
		account: { name: locals.user.name, email: locals.user.email, locale: locals.user.locale, enrolled: !!locals.user.totpKeyEncrypted },
		sessions: await listOwnSessions(db, locals.clock, locals.user.id, locals.session.id),
		passkeys: mine.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null })),
		/** Adding a passkey needs a recent sign-in; otherwise the page offers to sign in again first. */
		canAddPasskey: signedInRecently(locals.session, locals.clock),
		passkeyNameMax: PASSKEY_NAME_MAX,
		recoveryUsed: url.searchParams.get('recoveryUsed') === '1',
		passkeyAdded: url.searchParams.get('passkeyAdded') === '1'
	};
};

/** The signed-in person (both factors done) and their session, or off to sign in. */
function signedIn(locals: App.Locals) {
	const { user, actor, session } = locals;
	if (!user || !actor || !session) redirect(303, '/login');
	return { user, actor, session };
}

export const actions: Actions = {
	recoveryCodes: async (event) => {
		const { user } = signedIn(event.locals);
		if (!user.totpKeyEncrypted) return fail(400, { message: 'errors.notEnrolled' as const });
		const db = await getDb();
		const codes = await db.transaction(async (tx) => {
			const c = await issueRecoveryCodes(tx, user.id);
			await recordAudit(tx, auditContext(event), { action: 'auth.recovery_codes_issued', targetType: 'user', targetIds: [user.id] });
			return c;
		});
		return { recoveryCodes: codes };
	},

	removePasskey: async (event) => {
		const { actor } = signedIn(event.locals);
		const passkeyId = field(await event.request.formData(), 'passkeyId');
		const result = await removePasskey(await getDb(), auditContext(event), actor, passkeyId);
		if (!result.ok) {
			return result.reason === 'notFound' ? fail(404, { message: 'errors.notFound' as const }) : fail(400, { message: 'errors.lastPasskey' as const });
		}
		return { done: 'account.passkeyRemoved' as const };
	},

	endSession: async (event) => {
		const { actor, session } = signedIn(event.locals);
		const sessionId = field(await event.request.formData(), 'sessionId');
		const result = await endOwnSession(await getDb(), auditContext(event), actor, session.id, sessionId);
		if (!result.ok) return fail(404, { message: 'errors.notFound' as const });
		return { done: 'account.sessionEnded' as const };
	},

	endOtherSessions: async (event) => {
		const { user, session } = signedIn(event.locals);
		await endOtherSessions(await getDb(), auditContext(event), user.id, session.id);
		return { done: 'account.otherSessionsEnded' as const };
	},

	/** "Sign in again" before adding a passkey: this session ends, and sign-in comes back here. */
	reauth: async (event) => {
		const { session } = signedIn(event.locals);
		const db = await getDb();
		await db.transaction(async (tx) => {
			await invalidateSession(tx, session.id);
			await recordAudit(tx, auditContext(event), { action: 'auth.logout' });
		});
		deleteSessionCookie(event.cookies);
		redirect(303, `/login?next=${encodeURIComponent('/account#passkeys')}`);
	}
};

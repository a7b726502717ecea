import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import type { Locale } from '$lib/i18n';
import { recordAudit, type AuditContext } from '../audit';
import { config } from '../config';
import type { Db, DbOrTx } from '../db/client';
import { emailTokens, memberships, recoveryCodes, users, type User } from '../db/schema';
import { queueEmail } from '../email';
import { decrypt, encrypt } from './encryption';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword, type PasswordProblem } from './password';
import { consumeLimit, LOGIN_LIMITS, refundLimit, resetLimit } from './rate-limit';
import { createSession, generateSessionToken, invalidateSession, invalidateUserSessions } from './session';
import { hashToken, randomToken } from './tokens';
import { verifyTotp } from './totp';
import { requiresMfa } from '../policy';
import { isRole } from '$lib/domain/roles';

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function userNeedsMfa(db: DbOrTx, userId: string): Promise<boolean> {
	const rows = await db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, userId));
	return requiresMfa(rows.map((r) => r.role).filter(isRole));
}

export type LoginResult = { ok: true; token: string; user: User; needsMfa: boolean } | { ok: false; reason: 'invalid' | 'throttled' };

/**
 * Password step. The answer is the same whether or not the account exists ('invalid'), and a hash is
 * verified either way so that timing does not tell. Every attempt is counted per account and per client
 * address before the hash is verified (parallel guesses cannot all pass a check); a success resets the
 * account's count and gives the address its unit back, so an office behind one address counts failures only.
 */
export async function loginWithPassword(db: Db, ctx: AuditContext, input: { email: string; password: string }): Promise<LoginResult> {
	const email = normaliseEmail(input.email);
	const accountKey = `login:account:${email}`;
	const ipKey = `login:ip:${ctx.ip ?? 'unknown'}`;
	const { clock } = ctx;
	const accountOk = await consumeLimit(db, clock, accountKey, LOGIN_LIMITS.account);
	const ipOk = await consumeLimit(db, clock, ipKey, LOGIN_LIMITS.ip);
	if (!accountOk || !ipOk) {
		await recordAudit(db, ctx, { action: 'auth.login_throttled' });
		return { ok: false, reason: 'throttled' };
	}
	const [user] = await db.select().from(users).where(eq(users.email, email));
	const valid =
		user && user.active && user.passwordHash
			? await verifyPassword(user.passwordHash, input.password)
			: await verifyAgainstDummy(input.password).then(() => false);
	if (!valid || !user) {
		await recordAudit(db, { ...ctx, userId: user?.id ?? null }, { action: 'auth.login_failed' });
		return { ok: false, reason: 'invalid' };
	}
	await resetLimit(db, accountKey);
	await refundLimit(db, ipKey);
	const needsMfa = await userNeedsMfa(db, user.id);
	const token = generateSessionToken();
	await db.transaction(async (tx) => {
		await createSession(tx, clock, token, user.id, {
			twoFactorVerified: false,
			ip: ctx.ip,
			userAgent: ctx.userAgent
		});
		await recordAudit(tx, { ...ctx, userId: user.id }, { action: needsMfa ? 'auth.password_ok' : 'auth.login' });
	});
	return { ok: true, token, user, needsMfa };
}

/**
 * Second factor done: the session is replaced by a new one (new id) that is marked verified, so a
 * token seen before the privilege change is worthless afterwards.
 */
async function rotateToVerified(tx: DbOrTx, ctx: AuditContext, oldSessionId: string, userId: string): Promise<string> {
	await invalidateSession(tx, oldSessionId);
	const token = generateSessionToken();
	await createSession(tx, ctx.clock, token, userId, { twoFactorVerified: true, ip: ctx.ip, userAgent: ctx.userAgent });
	return token;
}

export type SecondFactorResult = { ok: true; token: string } | { ok: false; reason: 'invalid' | 'throttled' | 'notEnrolled' };

export async function verifySecondFactor(db: Db, ctx: AuditContext, input: { sessionId: string; user: User; code: string }): Promise<SecondFactorResult> {
	const { user, clock } = { user: input.user, clock: ctx.clock };
	if (!user.totpKeyEncrypted) return { ok: false, reason: 'notEnrolled' };
	const key = `totp:${user.id}`;
	if (!(await consumeLimit(db, clock, key, LOGIN_LIMITS.totp))) return { ok: false, reason: 'throttled' };
	const step = verifyTotp(decrypt(user.totpKeyEncrypted), input.code.trim());
	const result = await db.transaction(async (tx) => {
		if (step === null || !(await acceptTotpStep(tx, user.id, step))) {
			await recordAudit(tx, ctx, { action: 'auth.mfa_failed' });
			return { ok: false, reason: 'invalid' } as const;
		}
		const token = await rotateToVerified(tx, ctx, input.sessionId, user.id);
		await recordAudit(tx, ctx, { action: 'auth.login' });
		return { ok: true, token } as const;
	});
	if (result.ok) await resetLimit(db, key);
	return result;
}

/**
 * Records `step` as the last accepted TOTP step unless that step (or a later one) was accepted already,
 * in this or any other session: one conditional UPDATE, so of two requests with one code only one wins.
 */
async function acceptTotpStep(tx: DbOrTx, userId: string, step: number): Promise<boolean> {
	const updated = await tx
		.update(users)
		.set({ totpLastStep: step })
		.where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
		.returning({ id: users.id });
	return updated.length === 1;
}

export async function verifyRecoveryCode(db: Db, ctx: AuditContext, input: { sessionId: string; user: User; code: string }): Promise<SecondFactorResult> {
	const key = `totp:${input.user.id}`;
	if (!(await consumeLimit(db, ctx.clock, key, LOGIN_LIMITS.totp))) return { ok: false, reason: 'throttled' };
	const hash = hashToken(input.code.replace(/[\s-]/g, ''));
	return db.transaction(async (tx) => {
		const used = await tx
			.update(recoveryCodes)
			.set({ usedAt: ctx.clock() })
			.where(and(eq(recoveryCodes.userId, input.user.id), eq(recoveryCodes.codeHash, hash), isNull(recoveryCodes.usedAt)))
			.returning({ id: recoveryCodes.id });
		if (used.length === 0) {
			await recordAudit(tx, ctx, { action: 'auth.mfa_failed' });
			return { ok: false, reason: 'invalid' } as const;
		}
		const token = await rotateToVerified(tx, ctx, input.sessionId, input.user.id);
		await recordAudit(tx, ctx, { action: 'auth.login_recovery_code' });
		return { ok: true, token } as const;
	});
}

export const RECOVERY_CODE_COUNT = 10;

/** Replaces the user's recovery codes; returns the plain codes to show once. */
export async function issueRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomToken(10).slice(0, 16));
	await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
	await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashToken(c) })));
	return codes.map((c) => c.replace(/(.{4})(?=.)/g, '$1-'));
}

export type EnrolResult = { ok: true; token: string; recoveryCodes: string[] } | { ok: false; reason: 'invalid' };

/**
 * TOTP enrolment: the key shown as a QR code must produce the code typed in before it is stored; that
 * code's step counts as used, so it cannot sign anyone in afterwards.
 */
export async function enrolTotp(db: Db, ctx: AuditContext, input: { sessionId: string; userId: string; key: Uint8Array; code: string }): Promise<EnrolResult> {
	const step = input.key.length === 20 ? verifyTotp(input.key, input.code.trim()) : null;
	if (step === null) return { ok: false, reason: 'invalid' };
	return db.transaction(async (tx) => {
		if (!(await acceptTotpStep(tx, input.userId, step))) return { ok: false, reason: 'invalid' } as const;
		await tx
			.update(users)
			.set({ totpKeyEncrypted: encrypt(input.key) })
			.where(eq(users.id, input.userId));
		const codes = await issueRecoveryCodes(tx, input.userId);
		await invalidateUserSessions(tx, input.userId, input.sessionId);
		const token = await rotateToVerified(tx, ctx, input.sessionId, input.userId);
		await recordAudit(tx, ctx, { action: 'auth.totp_enrolled', targetType: 'user', targetIds: [input.userId] });
		return { ok: true, token, recoveryCodes: codes } as const;
	});
}

const TOKEN_TTL_MS = { reset: 60 * 60_000, invite: 7 * 24 * 60 * 60_000 };

/** Creates a single-use e-mail token (only its hash is kept) and queues the mail in the same transaction. */
export async function sendEmailToken(
	tx: DbOrTx,
	clock: Clock,
	user: { id: string; email: string; locale: Locale },
	purpose: 'reset' | 'invite',
	params: Record<string, string> = {}
): Promise<void> {
	const token = randomToken();
	await tx.insert(emailTokens).values({
		tokenHash: hashToken(token),
		userId: user.id,
		purpose,
		expiresAt: new Date(clock().getTime() + TOKEN_TTL_MS[purpose])
	});
	const link = `${config.publicOrigin}/reset-password/${token}`;
	await queueEmail(tx, clock, {
		to: user.email,
		locale: user.locale,
		subjectKey: purpose === 'reset' ? 'email.reset.subject' : 'email.invite.subject',
		bodyKey: purpose === 'reset' ? 'email.reset.body' : 'email.invite.body',
		params: { link, ...params }
	});
}

/** Forgot password: always the same answer to the caller; a mail only when the account exists. */
export async function requestPasswordReset(db: Db, ctx: AuditContext, emailInput: string): Promise<'sent' | 'throttled'> {
	const email = normaliseEmail(emailInput);
	const keys = [`reset:account:${email}`, `reset:ip:${ctx.ip ?? 'unknown'}`];
	for (const k of keys) if (!(await consumeLimit(db, ctx.clock, k, LOGIN_LIMITS.reset))) return 'throttled';
	const [user] = await db.select().from(users).where(eq(users.email, email));
	if (!user || !user.active) return 'sent';
	await db.transaction(async (tx) => {
		await sendEmailToken(tx, ctx.clock, user, 'reset');
		await recordAudit(tx, { ...ctx, userId: user.id }, { action: 'auth.reset_requested', targetType: 'user', targetIds: [user.id] });
	});
	return 'sent';
}

export async function findEmailToken(db: DbOrTx, clock: Clock, token: string) {
	const [row] = await db
		.select({ purpose: emailTokens.purpose, user: users })
		.from(emailTokens)
		.innerJoin(users, eq(emailTokens.userId, users.id))
		.where(and(eq(emailTokens.tokenHash, hashToken(token)), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, clock())));
	return row;
}

export type ResetResult = { ok: true } | { ok: false; reason: 'invalidToken' | PasswordProblem };

/** Sets a new password through an e-mailed token; every session of the user ends. */
export async function resetPassword(db: Db, ctx: AuditContext, token: string, password: string): Promise<ResetResult> {
	const found = await findEmailToken(db, ctx.clock, token);
	if (!found) return { ok: false, reason: 'invalidToken' };
	const problem = checkPasswordPolicy(password, [found.user.email, found.user.name]);
	if (problem) return { ok: false, reason: problem };
	const passwordHash = await hashPassword(password);
	return db.transaction(async (tx) => {
		const used = await tx
			.update(emailTokens)
			.set({ usedAt: ctx.clock() })
			.where(and(eq(emailTokens.tokenHash, hashToken(token)), isNull(emailTokens.usedAt)))
			.returning({ userId: emailTokens.userId });
		if (used.length === 0) return { ok: false, reason: 'invalidToken' } as const;
		await tx.update(users).set({ passwordHash }).where(eq(users.id, found.user.id));
		await invalidateUserSessions(tx, found.user.id);
		await recordAudit(
			tx,
			{ ...ctx, userId: found.user.id },
			{
				action: found.purpose === 'invite' ? 'auth.invite_accepted' : 'auth.password_reset',
				targetType: 'user',
				targetIds: [found.user.id]
			}
		);
		return { ok: true } as const;
	});
}

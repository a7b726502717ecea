/**
 * WebAuthn passkeys (@simplewebauthn/server): a signed-in person adds and removes their own; anyone signs
 * in with one alone (a discoverable credential with user verification, which counts as both factors).
 * Challenges live in the database, are good for CHALLENGE_TTL_MS and are used once (consumed with
 * DELETE … RETURNING before the answer is verified, so a second try with the same answer finds nothing).
 * The relying party is the configured ORIGIN: its host name is the RP ID.
 */
import { and, asc, count, eq, lt, ne, sql } from 'drizzle-orm';
import {
	generateAuthenticationOptions,
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type PublicKeyCredentialCreationOptionsJSON,
	type PublicKeyCredentialRequestOptionsJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import { decodeClientDataJSON, isoBase64URL } from '@simplewebauthn/server/helpers';
import * as v from 'valibot';
import { error } from '@sveltejs/kit';
import type { Clock } from '$lib/domain/clock';
import { recordAudit, type AuditContext } from '../audit';
import { config } from '../config';
import type { Db, DbOrTx } from '../db/client';
import { passkeys, users, webauthnChallenges, type Session, type User } from '../db/schema';
import { ownedBy, type Actor } from '../policy';
import { consumeLimit, LOGIN_LIMITS, refundLimit, resetLimit } from './rate-limit';
import { userNeedsMfa } from './service';
import { createSession, generateSessionToken, invalidateSession } from './session';

export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Adding a passkey needs a sign-in this recent (both factors, or a passkey): a forgotten open session is not enough. */
export const RECENT_SIGN_IN_MS = 10 * 60_000;
export const MAX_PASSKEYS = 10;
export const PASSKEY_NAME_MAX = 60;

export function relyingParty() {
	const origin = new URL(config.publicOrigin);
	return { id: origin.hostname, origin: origin.origin, name: 'Palveluntuottajaportaali' };
}

export function signedInRecently(session: Pick<Session, 'createdAt'>, clock: Clock): boolean {
	return clock().getTime() - session.createdAt.getTime() <= RECENT_SIGN_IN_MS;
}

// What the browser sends back, checked before anything reads it (the library trusts its input's shape).
const b64url = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max), v.regex(/^[A-Za-z0-9_-]+$/));
const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;
const extensions = v.optional(v.record(v.string(), v.unknown()), {});

const authenticationResponse = v.object({
	id: b64url(1024),
	rawId: b64url(1024),
	type: v.literal('public-key'),
	response: v.object({
		clientDataJSON: b64url(4096),
		authenticatorData: b64url(4096),
		signature: b64url(2048),
		userHandle: v.optional(v.union([b64url(128), v.literal('')]))
	}),
	clientExtensionResults: extensions,
	authenticatorAttachment: v.optional(v.picklist(['platform', 'cross-platform']))
});

const registrationResponse = v.object({
	id: b64url(1024),
	rawId: b64url(1024),
	type: v.literal('public-key'),
	response: v.object({
		clientDataJSON: b64url(4096),
		attestationObject: b64url(32_768),
		transports: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(20))), v.maxLength(10)))
	}),
	clientExtensionResults: extensions,
	authenticatorAttachment: v.optional(v.picklist(['platform', 'cross-platform']))
});

export const registrationInput = v.object({
	name: v.pipe(v.string(), v.trim(), v.minLength(1, 'passkeyNameMissing'), v.maxLength(PASSKEY_NAME_MAX, 'tooLong')),
	response: registrationResponse
});

export const signInInput = v.object({
	response: authenticationResponse,
	next: v.optional(v.pipe(v.string(), v.maxLength(2000)))
});

/** The challenge the browser signed, from its client data (null when that is not readable). */
function signedChallenge(clientDataJSON: string): string | null {
	try {
		const c = decodeClientDataJSON(clientDataJSON).challenge;
		return typeof c === 'string' && c.length > 0 && c.length <= 200 ? c : null;
	} catch {
		return null;
	}
}

async function storeChallenge(db: DbOrTx, clock: Clock, challenge: string, purpose: 'register' | 'authenticate', userId: string | null) {
	const now = clock();
	// Expired ones go as new ones come: the table holds only the last few minutes' challenges.
	await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
	await db.insert(webauthnChallenges).values({ challenge, purpose, userId, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) });
}

/** Uses a challenge up: true only for one that was issued for this purpose (and person) and has not expired. */
async function consumeChallenge(db: DbOrTx, clock: Clock, challenge: string, purpose: 'register' | 'authenticate', userId: string | null): Promise<boolean> {
	const [row] = await db
		.delete(webauthnChallenges)
		.where(
			and(
				eq(webauthnChallenges.challenge, challenge),
				eq(webauthnChallenges.purpose, purpose),
				userId ? eq(webauthnChallenges.userId, userId) : sql`${webauthnChallenges.userId} is null`
			)
		)
		.returning({ expiresAt: webauthnChallenges.expiresAt });
	return !!row && row.expiresAt.getTime() > clock().getTime();
}

// ── Adding and removing (the signed-in person's own) ──────────────────────────────────────────────────

export type OptionsResult<T> = { ok: true; options: T } | { ok: false; reason: 'reauth' | 'tooMany' | 'throttled' };

export async function registrationOptions(
	db: Db,
	clock: Clock,
	user: Pick<User, 'id' | 'email' | 'name'>,
	session: Pick<Session, 'createdAt'>
): Promise<OptionsResult<PublicKeyCredentialCreationOptionsJSON>> {
	if (!signedInRecently(session, clock)) return { ok: false, reason: 'reauth' };
	const mine = await db.select({ id: passkeys.credentialId, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, user.id));
	if (mine.length >= MAX_PASSKEYS) return { ok: false, reason: 'tooMany' };
	const rp = relyingParty();
	const options = await generateRegistrationOptions({
		rpName: rp.name,
		rpID: rp.id,
		userName: user.email,
		userDisplayName: user.name,
		// The user handle a discoverable credential gives back at sign-in: the account's id.
		userID: new TextEncoder().encode(user.id),
		attestationType: 'none',
		excludeCredentials: mine.map((p) => ({ id: p.id, transports: p.transports })),
		authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
		timeout: CHALLENGE_TTL_MS - 30_000
	});
	await storeChallenge(db, clock, options.challenge, 'register', user.id);
	return { ok: true, options };
}

export type RegisterResult = { ok: true; passkeyId: string } | { ok: false; reason: 'reauth' | 'invalid' | 'duplicate' | 'tooMany' };

export async function registerPasskey(
	db: Db,
	ctx: AuditContext,
	input: { user: Pick<User, 'id'>; session: Pick<Session, 'createdAt'>; name: string; response: v.InferOutput<typeof registrationResponse> }
): Promise<RegisterResult> {
	const { user, clock } = { user: input.user, clock: ctx.clock };
	if (!signedInRecently(input.session, clock)) return { ok: false, reason: 'reauth' };
	const challenge = signedChallenge(input.response.response.clientDataJSON);
	if (!challenge || !(await consumeChallenge(db, clock, challenge, 'register', user.id))) return { ok: false, reason: 'invalid' };
	const rp = relyingParty();
	let info;
	try {
		const verified = await verifyRegistrationResponse({
			response: input.response as RegistrationResponseJSON,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.id,
			requireUserVerification: true
		});
		if (!verified.verified) return { ok: false, reason: 'invalid' };
		info = verified.registrationInfo;
	} catch {
		return { ok: false, reason: 'invalid' };
	}
	const { credential } = info;
	return db.transaction(async (tx) => {
		// One at a time per person, so that two additions at once cannot pass the limit together.
		await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for('update');
		const [{ n }] = await tx.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, user.id));
		if (n >= MAX_PASSKEYS) return { ok: false, reason: 'tooMany' } as const;
		const [row] = await tx
			.insert(passkeys)
			.values({
				userId: user.id,
				credentialId: credential.id,
				publicKey: isoBase64URL.fromBuffer(credential.publicKey),
				counter: credential.counter,
				transports: (credential.transports ?? []).filter((t) => (TRANSPORTS as readonly string[]).includes(t)),
				name: input.name,
				backedUp: info.credentialBackedUp,
				createdAt: clock()
			})
			.onConflictDoNothing({ target: passkeys.credentialId })
			.returning({ id: passkeys.id });
		if (!row) return { ok: false, reason: 'duplicate' } as const;
		await recordAudit(tx, ctx, { action: 'auth.passkey_added', targetType: 'passkey', targetIds: [row.id] });
		return { ok: true, passkeyId: row.id } as const;
	});
}

export async function listPasskeys(db: DbOrTx, userId: string) {
	return db
		.select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt })
		.from(passkeys)
		.where(eq(passkeys.userId, userId))
		.orderBy(asc(passkeys.createdAt));
}

/** Can the person still sign in without passkeys? A password, and TOTP where their roles need a second factor. */
async function hasPasswordFallback(tx: DbOrTx, user: Pick<User, 'id' | 'passwordHash' | 'totpKeyEncrypted'>): Promise<boolean> {
	if (!user.passwordHash) return false;
	return !!user.totpKeyEncrypted || !(await userNeedsMfa(tx, user.id));
}

export type RemoveResult = { ok: true } | { ok: false; reason: 'notFound' | 'lastPasskey' };

/**
 * Removes one of the actor's own passkeys (anyone else's is "not found"). The last one goes only when the
 * person has a password and TOTP to sign in with instead; the person's row is locked so that two removals
 * at once cannot take the last two.
 */
export async function removePasskey(db: Db, ctx: AuditContext, actor: Actor, passkeyId: string): Promise<RemoveResult> {
	if (!v.is(v.pipe(v.string(), v.uuid()), passkeyId)) return { ok: false, reason: 'notFound' };
	return db.transaction(async (tx) => {
		const [user] = await tx.select().from(users).where(eq(users.id, actor.userId)).for('update');
		const [pk] = await tx.select({ id: passkeys.id, userId: passkeys.userId }).from(passkeys).where(eq(passkeys.id, passkeyId));
		if (!user || !ownedBy(actor, pk)) return { ok: false, reason: 'notFound' } as const;
		const [{ others }] = await tx
			.select({ others: count() })
			.from(passkeys)
			.where(and(eq(passkeys.userId, user.id), ne(passkeys.id, passkeyId)));
		if (others === 0 && !(await hasPasswordFallback(tx, user))) return { ok: false, reason: 'lastPasskey' } as const;
		await tx.delete(passkeys).where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, user.id)));
		await recordAudit(tx, ctx, { action: 'auth.passkey_removed', targetType: 'passkey', targetIds: [passkeyId] });
		return { ok: true } as const;
	});
}

// ── Signing in ────────────────────────────────────────────────────────────────────────────────────────

/** Options for a sign-in without typing the e-mail: no allowed credentials listed, so the browser offers the site's passkeys. */
export async function authenticationOptions(db: Db, ctx: AuditContext): Promise<OptionsResult<PublicKeyCredentialRequestOptionsJSON>> {
	if (!(await consumeLimit(db, ctx.clock, `passkey-options:ip:${ctx.ip ?? 'unknown'}`, LOGIN_LIMITS.passkeyOptions))) {
		return { ok: false, reason: 'throttled' };
	}
	const options = await generateAuthenticationOptions({
		rpID: relyingParty().id,
		userVerification: 'required',
		timeout: CHALLENGE_TTL_MS - 30_000
	});
	await storeChallenge(db, ctx.clock, options.challenge, 'authenticate', null);
	return { ok: true, options };
}

export type PasskeySignInResult = { ok: true; token: string; user: User } | { ok: false; reason: 'invalid' | 'throttled' | 'expired' | 'refused' };

/**
 * Sign-in with a passkey alone. Throttled like the password: the client address's unit before anything
 * else, the account's (the same `login:account:<e-mail>` counter) as soon as the passkey names it, both
 * before the signature is verified. A deactivated person is refused like at the password. The signature
 * counter must move forward when both the stored and the new value are non-zero: a counter that does not is
 * a possible cloned authenticator, refused and audited. On success the session is created as after both
 * factors (a new id; `replaceSessionId`, a half-finished password sign-in on this browser, ends).
 */
export async function signInWithPasskey(
	db: Db,
	ctx: AuditContext,
	input: { response: v.InferOutput<typeof authenticationResponse>; replaceSessionId?: string | null }
): Promise<PasskeySignInResult> {
	const { clock } = ctx;
	const ipKey = `login:ip:${ctx.ip ?? 'unknown'}`;
	if (!(await consumeLimit(db, clock, ipKey, LOGIN_LIMITS.ip))) {
		await recordAudit(db, ctx, { action: 'auth.login_throttled' });
		return { ok: false, reason: 'throttled' };
	}
	const { response } = input;
	const challenge = signedChallenge(response.response.clientDataJSON);
	if (!challenge || !(await consumeChallenge(db, clock, challenge, 'authenticate', null))) return { ok: false, reason: 'expired' };

	const [found] = await db
		.select({ pk: passkeys, user: users })
		.from(passkeys)
		.innerJoin(users, eq(passkeys.userId, users.id))
		.where(eq(passkeys.credentialId, response.id));
	if (!found) {
		await recordAudit(db, ctx, { action: 'auth.login_failed', targetType: 'passkey' });
		return { ok: false, reason: 'invalid' };
	}
	const { pk, user } = found;
	const failCtx = { ...ctx, userId: user.id };
	const accountKey = `login:account:${user.email}`;
	if (!(await consumeLimit(db, clock, accountKey, LOGIN_LIMITS.account))) {
		await recordAudit(db, failCtx, { action: 'auth.login_throttled' });
		return { ok: false, reason: 'throttled' };
	}
	const handle = response.response.userHandle;
	const handleMatches = !handle || isoBase64URL.toUTF8String(handle) === user.id;
	if (!user.active || !handleMatches) {
		await recordAudit(db, failCtx, { action: 'auth.login_failed', targetType: 'passkey', targetIds: [pk.id] });
		return { ok: false, reason: 'invalid' };
	}
	const rp = relyingParty();
	let newCounter: number;
	try {
		const verified = await verifyAuthenticationResponse({
			response: response as AuthenticationResponseJSON,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.id,
			// The counter is checked below, atomically with its update, and audited as a possible clone.
			credential: { id: pk.credentialId, publicKey: isoBase64URL.toBuffer(pk.publicKey), counter: 0, transports: pk.transports },
			requireUserVerification: true
		});
		if (!verified.verified) throw new Error('not verified');
		newCounter = verified.authenticationInfo.newCounter;
	} catch {
		await recordAudit(db, failCtx, { action: 'auth.login_failed', targetType: 'passkey', targetIds: [pk.id] });
		return { ok: false, reason: 'invalid' };
	}
	const result = await db.transaction(async (tx) => {
		const [moved] = await tx
			.update(passkeys)
			.set({ counter: sql`greatest(${passkeys.counter}, ${newCounter})`, lastUsedAt: clock() })
			.where(and(eq(passkeys.id, pk.id), sql`(${passkeys.counter} = 0 or ${newCounter} = 0 or ${passkeys.counter} < ${newCounter})`))
			.returning({ id: passkeys.id });
		if (!moved) {
			await recordAudit(tx, failCtx, { action: 'auth.passkey_clone_suspected', targetType: 'passkey', targetIds: [pk.id] });
			return { ok: false, reason: 'refused' } as const;
		}
		if (input.replaceSessionId) await invalidateSession(tx, input.replaceSessionId);
		const token = generateSessionToken();
		await createSession(tx, clock, token, user.id, { twoFactorVerified: true, ip: ctx.ip, userAgent: ctx.userAgent });
		await recordAudit(tx, failCtx, { action: 'auth.login', targetType: 'passkey', targetIds: [pk.id] });
		return { ok: true, token, user } as const;
	});
	if (result.ok) {
		await resetLimit(db, accountKey);
		await refundLimit(db, ipKey);
	}
	return result;
}

/** The options endpoints take no input: an empty JSON object, anything else is refused before a challenge is made. */
export async function readEmptyBody(request: Request): Promise<void> {
	if (!v.is(v.strictObject({}), await request.json())) error(400, 'errors.invalidInput');
}

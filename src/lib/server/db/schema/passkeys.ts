import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * A person's WebAuthn passkeys (discoverable credentials, user verification required): one sign-in
 * with a passkey counts as both factors. `credentialId` and `publicKey` are base64url as the browser
 * and @simplewebauthn hand them over; `counter` is the authenticator's signature counter (0 when the
 * authenticator does not count, as synced passkeys do).
 */
export const passkeys = pgTable(
	'passkeys',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		credentialId: text().notNull().unique(),
		publicKey: text().notNull(),
		counter: bigint({ mode: 'number' }).notNull().default(0),
		transports: text().array().notNull().default([]),
		/** The person's own name for it ("Työpuhelin"). */
		name: text().notNull(),
		backedUp: boolean().notNull().default(false),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		lastUsedAt: timestamp({ withTimezone: true })
	},
	(t) => [index('passkeys_user_idx').on(t.userId)]
);

/**
 * WebAuthn challenges, kept server-side: each is used once (consumed with DELETE … RETURNING, whether the
 * answer then verifies or not) and expires after a few minutes. A registration challenge belongs to the
 * person who asked for it; a sign-in challenge to nobody yet (the passkey says whose it is).
 */
export const webauthnChallenges = pgTable(
	'webauthn_challenges',
	{
		challenge: text().primaryKey(),
		purpose: text({ enum: ['register', 'authenticate'] }).notNull(),
		userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [
		index('webauthn_challenges_expires_idx').on(t.expiresAt),
		check('webauthn_challenges_purpose_check', sql`${t.purpose} in ('register', 'authenticate')`)
	]
);

export type Passkey = typeof passkeys.$inferSelect;

import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';

export const users = pgTable(
	'users',
	{
		id: uuid().primaryKey().defaultRandom(),
		/** Always stored lower-case. */
		email: text().notNull().unique(),
		name: text().notNull(),
		/** argon2id; null until the invited user sets a password. */
		passwordHash: text(),
		locale: text({ enum: ['fi', 'sv', 'en'] })
			.notNull()
			.default('fi'),
		/** TOTP key, AES-256-GCM encrypted with the configured key; null until enrolled. */
		totpKeyEncrypted: text(),
		/** The TOTP time step (unix seconds / 30) of the last code accepted: a code is good once (RFC 6238 §5.2). */
		totpLastStep: bigint({ mode: 'number' }),
		active: boolean().notNull().default(true),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [check('users_locale_check', sql`${t.locale} in ('fi', 'sv', 'en')`)]
);

export const memberships = pgTable(
	'memberships',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid()
			.notNull()
			.references(() => organisations.id),
		role: text().notNull()
	},
	(t) => [
		unique('memberships_user_org_role').on(t.userId, t.organisationId, t.role),
		index('memberships_org_idx').on(t.organisationId),
		check(
			'memberships_role_check',
			sql`${t.role} in ('area_admin', 'case_officer', 'invoice_reviewer', 'invoice_approver', 'auditor', 'provider_admin', 'coach', 'finance', 'platform_admin')`
		)
	]
);

/**
 * An organisation's invitation to a person who already has an account (in another organisation): the
 * roles apply only after the person accepts it, signed in. One pending invitation per person and
 * organisation; answering deletes it (the audit log keeps what happened).
 */
export const membershipInvitations = pgTable(
	'membership_invitations',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		organisationId: uuid()
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		roles: text().array().notNull(),
		invitedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [unique('membership_invitations_user_org').on(t.userId, t.organisationId)]
);

export const sessions = pgTable(
	'sessions',
	{
		/** hex(SHA-256(token)); the token itself is never stored. */
		id: text().primaryKey(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		lastSeenAt: timestamp({ withTimezone: true }).notNull(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		twoFactorVerified: boolean().notNull().default(false),
		ip: text(),
		userAgent: text(),
		/** What the person's own session list calls the session: never the id (the token's hash). */
		publicId: uuid().notNull().unique().defaultRandom(),
		/** A short, non-identifying device label made at creation: `browser|os` (e.g. `Chrome|Android`), see auth/device.ts. */
		device: text()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Single-use tokens sent by e-mail: password reset and invitation. Only the hash is stored. */
export const emailTokens = pgTable('email_tokens', {
	tokenHash: text().primaryKey(),
	userId: uuid()
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	purpose: text({ enum: ['reset', 'invite'] }).notNull(),
	expiresAt: timestamp({ withTimezone: true }).notNull(),
	usedAt: timestamp({ withTimezone: true })
});

export const recoveryCodes = pgTable(
	'recovery_codes',
	{
		id: uuid().primaryKey().defaultRandom(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: text().notNull(),
		usedAt: timestamp({ withTimezone: true })
	},
	(t) => [index('recovery_codes_user_idx').on(t.userId)]
);

/** Fixed-window counters for login throttling; in Postgres so that several app processes share them. */
export const rateLimits = pgTable('rate_limits', {
	key: text().primaryKey(),
	count: integer().notNull(),
	windowStart: timestamp({ withTimezone: true }).notNull()
});

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;

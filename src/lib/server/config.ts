import { env } from 'node:process';

function int(name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number.parseInt(raw, 10);
	if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
	return n;
}

const production = env.NODE_ENV === 'production';

/** All runtime configuration, read once from the environment. README lists every variable. */
export const config = {
	production,
	databaseUrl: env.DATABASE_URL || undefined,
	dataDir: env.PGLITE_DIR || 'data/pglite',
	dbPoolSize: int('DB_POOL_SIZE', 10),
	/** Fill an empty database with demo organisations and users (always on for the embedded database). */
	seedDemo: env.SEED_DEMO === '1' || (!env.DATABASE_URL && env.SEED_DEMO !== '0'),
	sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30),
	sessionMaxHours: int('SESSION_MAX_HOURS', 12),
	/** 32 bytes as 64 hex chars; encrypts TOTP keys (and later henkilötunnus) at rest. */
	encryptionKey: env.ENCRYPTION_KEY || undefined,
	publicOrigin: env.ORIGIN || 'http://localhost:3000',
	smtpUrl: env.SMTP_URL || undefined,
	mailFrom: env.MAIL_FROM || 'Palveluntuottajaportaali <noreply@localhost>',
	oidc: {
		issuer: env.OIDC_ISSUER || undefined,
		clientId: env.OIDC_CLIENT_ID || undefined,
		clientSecret: env.OIDC_CLIENT_SECRET || undefined,
		/** The claim that identifies an existing user, e.g. `email`. */
		userClaim: env.OIDC_USER_CLAIM || 'email'
	},
	/** Web Push (VAPID); off unless both keys are set (generate with `npx web-push generate-vapid-keys`). */
	vapid: {
		publicKey: env.VAPID_PUBLIC_KEY || undefined,
		privateKey: env.VAPID_PRIVATE_KEY || undefined,
		subject: env.VAPID_SUBJECT || 'mailto:tuki@palveluntuottajaportaali.example'
	},
	logLevel: env.LOG_LEVEL || 'info'
};

export type Config = typeof config;

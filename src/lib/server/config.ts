import { createHash } from 'node:crypto';
import { env } from 'node:process';

function int(name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number.parseInt(raw, 10);
	if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
	return n;
}

type Env = Record<string, string | undefined>;

/**
 * The development encryption key (hex): fixed so that the embedded demo database survives restarts.
 * Public in this repository, so it protects nothing: refused wherever real data could be.
 */
export const DEVELOPMENT_KEY_HEX = createHash('sha256').update('palveluntuottajaportaali-development-key').digest('hex');

function isLocalOrigin(origin: string): boolean {
	try {
		const host = new URL(origin).hostname;
		return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]';
	} catch {
		return false;
	}
}

export interface RuntimeDecision {
	production: boolean;
	/**
	 * Development/demo mode: never with NODE_ENV=production; otherwise when `PTP_DEMO=1` says so, or
	 * implicitly for the embedded database on a local origin (the README's `npm start` on a bare machine).
	 */
	demo: boolean;
	/** ENCRYPTION_KEY unset (or set to the development key). */
	useDevelopmentKey: boolean;
	/** Demo mode on a local origin: the only place the development key may be used. */
	developmentKeyAllowed: boolean;
	/** FAKE_NOW, honoured in demo mode only. */
	fakeNow: string | undefined;
	seedDemo: boolean;
	/** Why the server must not start; empty when it may. */
	refusals: string[];
}

/**
 * What the server may use, decided from the environment alone (pure, unit-tested). Production safety
 * must not depend on remembering NODE_ENV=production: the development key, FAKE_NOW and the demo seed
 * need demo mode, and the development key also a local origin.
 */
export function decideRuntime(e: Env): RuntimeDecision {
	const production = e.NODE_ENV === 'production';
	const localOrigin = isLocalOrigin(e.ORIGIN || 'http://localhost:3000');
	const embedded = !e.DATABASE_URL;
	const demo = !production && (e.PTP_DEMO === '1' || (embedded && localOrigin));
	const useDevelopmentKey = !e.ENCRYPTION_KEY || e.ENCRYPTION_KEY.toLowerCase() === DEVELOPMENT_KEY_HEX;
	const refusals: string[] = [];
	const developmentKeyAllowed = demo && localOrigin;
	if (useDevelopmentKey && !developmentKeyAllowed) {
		if (production) refusals.push('NODE_ENV=production needs an ENCRYPTION_KEY of its own (not the development key)');
		else if (!localOrigin) refusals.push('ORIGIN is not local: set an ENCRYPTION_KEY of its own (not the development key)');
		else refusals.push('set ENCRYPTION_KEY, or PTP_DEMO=1 for a development/demo database');
	}
	const fakeNow = demo && e.FAKE_NOW ? e.FAKE_NOW : undefined;
	if (e.FAKE_NOW && !demo) refusals.push('FAKE_NOW pins the clock: only in development/demo mode (PTP_DEMO=1), never in production');
	if (fakeNow && Number.isNaN(new Date(fakeNow).getTime())) refusals.push('FAKE_NOW must be an ISO date-time');
	const seedAsked = e.SEED_DEMO === '1' || (embedded && e.SEED_DEMO !== '0');
	if (e.SEED_DEMO === '1' && !demo)
		refusals.push('SEED_DEMO=1 creates accounts with a published password: only in development/demo mode (PTP_DEMO=1), never in production');
	return { production, demo, useDevelopmentKey, developmentKeyAllowed, fakeNow, seedDemo: demo && seedAsked, refusals };
}

const runtime = decideRuntime(env);
const production = runtime.production;

/** All runtime configuration, read once from the environment. README lists every variable. */
export const config = {
	production,
	databaseUrl: env.DATABASE_URL || undefined,
	/** The tables' owner, for the migrations at start (README "Deployment"); unset: DATABASE_URL migrates. */
	migrationDatabaseUrl: env.MIGRATION_DATABASE_URL || undefined,
	dataDir: env.PGLITE_DIR || 'data/pglite',
	dbPoolSize: int('DB_POOL_SIZE', 10),
	/** Development/demo mode and what it allows (see `decideRuntime`); `refusals` stop the server at start. */
	runtime,
	/** Fill an empty database with demo organisations and users (demo mode only). */
	seedDemo: runtime.seedDemo,
	sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30),
	sessionMaxHours: int('SESSION_MAX_HOURS', 12),
	/** 32 bytes as 64 hex chars; encrypts TOTP keys (and later henkilötunnus) at rest. */
	encryptionKey: env.ENCRYPTION_KEY || undefined,
	publicOrigin: env.ORIGIN || 'http://localhost:3000',
	smtpUrl: env.SMTP_URL || undefined,
	mailFrom: env.MAIL_FROM || 'Palveluntuottajaportaali <noreply@localhost>',
	/** An SMS gateway that takes `POST {to, text}` as JSON; off (no SMS at all) unless set. */
	smsWebhookUrl: env.SMS_WEBHOOK_URL || undefined,
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
	logLevel: env.LOG_LEVEL || 'info',
	/** Bearer token for `/metrics` (Prometheus); the endpoint answers 404 while it is unset. */
	metricsToken: env.METRICS_TOKEN || undefined
};

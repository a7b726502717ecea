import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import { recordAudit, type AuditContext } from '../audit';
import { hashToken, randomToken } from '../auth/tokens';
import type { Db, DbOrTx } from '../db/client';
import { apiKeys, organisations } from '../db/schema';

export const API_SCOPES = ['referrals:write', 'referrals:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Creates a key and returns it once, in full: `ptp_<prefix>_<secret>`. */
export async function createApiKey(db: Db, ctx: AuditContext, areaId: string, name: string, scopes: ApiScope[]): Promise<string> {
	const prefix = randomToken(5).slice(0, 8);
	const key = `ptp_${prefix}_${randomToken(24)}`;
	await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(apiKeys)
			.values({ areaId, name, prefix, keyHash: hashToken(key), scopes, createdBy: ctx.userId, createdAt: ctx.clock() })
			.returning({ id: apiKeys.id });
		await recordAudit(tx, ctx, { action: 'api_key.create', areaId, targetType: 'api_key', targetIds: [row.id] });
	});
	return key;
}

export async function revokeApiKey(db: Db, ctx: AuditContext, areaId: string, keyId: string): Promise<boolean> {
	return db.transaction(async (tx) => {
		const done = await tx
			.update(apiKeys)
			.set({ revokedAt: ctx.clock() })
			.where(and(eq(apiKeys.id, keyId), eq(apiKeys.areaId, areaId), isNull(apiKeys.revokedAt)))
			.returning({ id: apiKeys.id });
		if (done.length) await recordAudit(tx, ctx, { action: 'api_key.revoke', areaId, targetType: 'api_key', targetIds: [keyId] });
		return done.length > 0;
	});
}

export function listApiKeys(db: DbOrTx, areaId: string) {
	return db
		.select({
			id: apiKeys.id,
			name: apiKeys.name,
			prefix: apiKeys.prefix,
			scopes: apiKeys.scopes,
			createdAt: apiKeys.createdAt,
			lastUsedAt: apiKeys.lastUsedAt,
			revokedAt: apiKeys.revokedAt
		})
		.from(apiKeys)
		.where(eq(apiKeys.areaId, areaId))
		.orderBy(asc(apiKeys.createdAt));
}

export interface ApiCaller {
	keyId: string;
	areaId: string;
	scopes: string[];
}

/** `Authorization: Bearer ptp_…` → the key's area and scopes, or null (unknown, malformed, revoked, or its area deactivated). */
export async function authenticateApiKey(db: DbOrTx, clock: Clock, header: string | null): Promise<ApiCaller | null> {
	const m = /^Bearer (ptp_([a-z2-7]{8})_[a-z2-7]{20,})$/.exec(header?.trim() ?? '');
	if (!m) return null;
	// A deactivated area's systems lose access with its people (platform/organisations.ts).
	const [row] = await db
		.select({ id: apiKeys.id, areaId: apiKeys.areaId, scopes: apiKeys.scopes })
		.from(apiKeys)
		.innerJoin(organisations, eq(organisations.id, apiKeys.areaId))
		.where(and(eq(apiKeys.prefix, m[2]), eq(apiKeys.keyHash, hashToken(m[1])), isNull(apiKeys.revokedAt), isNull(organisations.deactivatedAt)));
	if (!row) return null;
	await db.update(apiKeys).set({ lastUsedAt: clock() }).where(eq(apiKeys.id, row.id));
	return { keyId: row.id, areaId: row.areaId, scopes: row.scopes };
}

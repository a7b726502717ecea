import type { Clock } from '../../../src/lib/domain/clock';
import type { Db } from '../../../src/lib/server/db/client';
import { assignments, memberships, organisations, users } from '../../../src/lib/server/db/schema';
import type { Role } from '../../../src/lib/domain/roles';
import type { AuditContext } from '../../../src/lib/server/audit';

/** A clock the test moves by hand. */
export function testClock(start = '2026-11-23T08:00:00Z') {
	let now = new Date(start).getTime();
	const clock: Clock = () => new Date(now);
	return {
		clock,
		advance(ms: number) {
			now += ms;
		},
		set(iso: string) {
			now = new Date(iso).getTime();
		}
	};
}

let n = 0;
export async function makeOrganisation(db: Db, kind: 'area' | 'provider' | 'platform', name?: string) {
	n++;
	const [org] = await db
		.insert(organisations)
		.values({ kind, name: name ?? `${kind} ${n}` })
		.returning();
	return org;
}

export async function makeUser(db: Db, opts: { org?: string; roles?: Role[]; email?: string; passwordHash?: string | null; totpKeyEncrypted?: string | null }) {
	n++;
	const [user] = await db
		.insert(users)
		.values({
			email: opts.email ?? `user${n}-${Math.random().toString(36).slice(2, 6)}@test.fi`,
			name: `User ${n}`,
			passwordHash: opts.passwordHash ?? null,
			totpKeyEncrypted: opts.totpKeyEncrypted ?? null
		})
		.returning();
	if (opts.org && opts.roles?.length) {
		await db.insert(memberships).values(opts.roles.map((role) => ({ userId: user.id, organisationId: opts.org as string, role })));
	}
	return user;
}

export async function makeAssignment(
	db: Db,
	a: { userId: string; providerId: string; areaId: string; validFrom: string; validUntil: string; contractId?: string; cohortId?: string }
) {
	const [row] = await db.insert(assignments).values(a).returning();
	return row;
}

export function ctxFor(clock: Clock, userId: string | null = null, organisationId: string | null = null): AuditContext {
	return { userId, organisationId, ip: '127.0.0.1', userAgent: 'vitest', requestId: 'test', clock };
}

import { sql } from 'drizzle-orm';
import { addDays, helsinkiDate, type Clock } from '$lib/domain/clock';
import { encrypt } from '../auth/encryption';
import { hashPassword } from '../auth/password';
import { totpKeyFromBase32 } from '../auth/totp';
import type { Db } from '../db/client';
import { assignments, memberships, organisations, users } from '../db/schema';
import { DEMO_ASSIGNMENTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from './users';

/**
 * Fills an empty database with the demo organisations, people and assignments (one transaction).
 * Returns false and does nothing when any organisation exists. Later issues add their demo data here.
 */
export async function seedDemo(db: Db, clock: Clock): Promise<boolean> {
	const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(organisations);
	if (count > 0) return false;
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const today = helsinkiDate(clock());
	await db.transaction(async (tx) => {
		const orgRows = await tx
			.insert(organisations)
			.values(DEMO_ORGANISATIONS.map(({ key: _key, ...o }) => o))
			.returning({ id: organisations.id, name: organisations.name });
		const orgId = new Map(DEMO_ORGANISATIONS.map((o) => [o.key, orgRows.find((r) => r.name === o.name)!.id]));
		const userRows = await tx
			.insert(users)
			.values(
				DEMO_USERS.map((u) => ({
					email: u.email,
					name: u.name,
					locale: u.locale,
					passwordHash,
					totpKeyEncrypted: encrypt(totpKeyFromBase32(u.totpSecret))
				}))
			)
			.returning({ id: users.id, email: users.email });
		const userId = new Map(userRows.map((u) => [u.email, u.id]));
		await tx.insert(memberships).values(
			DEMO_USERS.flatMap((u) =>
				u.memberships.flatMap((m) => m.roles.map((role) => ({ userId: userId.get(u.email)!, organisationId: orgId.get(m.org)!, role })))
			)
		);
		await tx.insert(assignments).values(
			DEMO_ASSIGNMENTS.map((a) => ({
				userId: userId.get(a.email)!,
				providerId: orgId.get(a.provider)!,
				areaId: orgId.get(a.area)!,
				validFrom: addDays(today, a.from),
				validUntil: addDays(today, a.until)
			}))
		);
	});
	return true;
}

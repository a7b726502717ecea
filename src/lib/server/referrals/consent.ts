/** The customer's consent to a referral: recording that they revoked it. */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { recordAudit, type AuditContext } from '../audit';
import type { Db } from '../db/client';
import { consents, referrals } from '../db/schema';

/**
 * Records that the customer revoked their consent: every consent of theirs still in force ends (kept, with
 * the day, who recorded it and why). From this commit on the provider's access to the customer's data ends
 * (`CustomerScope.consentRevoked`); what the area and the invoices keep is in the README.
 */
export async function revokeConsent(db: Db, ctx: AuditContext, referralId: string, revokedOn: string, reason: string) {
	return db.transaction(async (tx) => {
		const [r] = await tx.select({ customerId: referrals.customerId, areaId: referrals.areaId }).from(referrals).where(eq(referrals.id, referralId));
		if (!r) return { ok: false, error: 'notFound' } as const;
		const open = await tx
			.select({ id: consents.id, givenOn: consents.givenOn })
			.from(consents)
			.where(and(eq(consents.customerId, r.customerId), isNull(consents.revokedOn)))
			.orderBy(asc(consents.id))
			.for('update');
		if (open.length === 0) return { ok: false, error: 'notFound' } as const;
		if (open.some((c) => revokedOn < c.givenOn)) return { ok: false, error: 'revokedBeforeGiven' } as const;
		const ids = open.map((c) => c.id);
		await tx.update(consents).set({ revokedOn, revokedBy: ctx.userId, revokeReason: reason }).where(inArray(consents.id, ids));
		await recordAudit(tx, ctx, { action: 'consent.revoke', areaId: r.areaId, targetType: 'consent', targetIds: ids, customerIds: [r.customerId] });
		return { ok: true } as const;
	});
}

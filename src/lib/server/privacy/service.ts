/**
 * A customer as the area keeps them: the customer page's read (audited) and the correction of contact data
 * (GDPR art. 16: with a reason, audited old → new in the same transaction). Access is decided by the caller.
 */
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit, type AuditContext } from '../audit';
import type { Db, DbOrTx } from '../db/client';
import { consents, contracts, customers, organisations, referrals, type AuditChanges } from '../db/schema';
import type { Rectification } from './schemas';

/** The customer page: contact data, consents and referrals of one of the area's customers. The read is audited. */
export async function getCustomer(db: DbOrTx, ctx: AuditContext, areaId: string, customerId: string) {
	const [c] = await db
		.select()
		.from(customers)
		.where(and(eq(customers.id, customerId), eq(customers.areaId, areaId)));
	if (!c) return undefined;
	const [consentRows, referralRows] = await Promise.all([
		db
			.select({ formVersion: consents.formVersion, scope: consents.scope, givenOn: consents.givenOn, revokedOn: consents.revokedOn })
			.from(consents)
			.where(eq(consents.customerId, customerId))
			.orderBy(asc(consents.recordedAt)),
		db
			.select({
				id: referrals.id,
				status: referrals.status,
				referredAt: referrals.referredAt,
				contractNumber: contracts.contractNumber,
				provider: organisations.name
			})
			.from(referrals)
			.innerJoin(contracts, eq(referrals.contractId, contracts.id))
			.innerJoin(organisations, eq(referrals.providerId, organisations.id))
			.where(and(eq(referrals.customerId, customerId), eq(referrals.areaId, areaId)))
			.orderBy(asc(referrals.referredAt))
	]);
	await recordAudit(db, ctx, { action: 'customer.read', areaId, targetType: 'customer', targetIds: [customerId], customerIds: [customerId] });
	return {
		customer: {
			id: c.id,
			customerNumber: c.customerNumber,
			name: c.name,
			phone: c.phone,
			email: c.email,
			language: c.language,
			contactCorrectedAt: c.contactCorrectedAt?.toISOString() ?? null
		},
		consents: consentRows,
		referrals: referralRows.map((r) => ({ ...r, referredAt: r.referredAt.toISOString() }))
	};
}

export type RectifyError = 'notFound' | 'nothingChanged';

/**
 * Corrects the customer's phone and e-mail. The audit entry holds the old and new values and the reason
 * (the log is the record of the correction); the customer row keeps when it was corrected, which the
 * provider's pages show. Nothing changes when the values are the same.
 */
export async function rectifyContact(db: Db, ctx: AuditContext, areaId: string, customerId: string, input: Rectification) {
	return db.transaction(async (tx) => {
		const [c] = await tx
			.select({ phone: customers.phone, email: customers.email })
			.from(customers)
			.where(and(eq(customers.id, customerId), eq(customers.areaId, areaId)))
			.for('update');
		if (!c) return { ok: false, error: 'notFound' } as const;
		const changes: AuditChanges = {};
		if (c.phone !== input.phone) changes.phone = { from: c.phone, to: input.phone };
		if (c.email !== input.email) changes.email = { from: c.email, to: input.email };
		if (Object.keys(changes).length === 0) return { ok: false, error: 'nothingChanged' } as const;
		changes.reason = { from: null, to: input.reason };
		await tx.update(customers).set({ phone: input.phone, email: input.email, contactCorrectedAt: ctx.clock() }).where(eq(customers.id, customerId));
		await recordAudit(tx, ctx, {
			action: 'customer.contact_correct',
			areaId,
			targetType: 'customer',
			targetIds: [customerId],
			customerIds: [customerId],
			changes
		});
		return { ok: true } as const;
	});
}

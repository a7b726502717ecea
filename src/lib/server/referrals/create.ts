/**
 * Making referrals: one customer (the case officer's form, the JSON API) or a group to one contract (the group form,
 * the CSV import), each referral with its customer, consent and audit entry in one transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import { helsinkiDate } from '$lib/domain/clock';
import { deadlineAfter } from '$lib/domain/working-days';
import { recordAudit, type AuditContext } from '../audit';
import { encrypt } from '../auth/encryption';
import type { Db, DbOrTx } from '../db/client';
import { cohorts, consents, contracts, customers, referrals } from '../db/schema';
import { notify, providerRecipients, referralLink } from '../notifications/service';
import type { ReferralInput } from './schemas';

export type ReferralError =
	| 'notFound'
	| 'contractNotActive'
	| 'cohortNotFound'
	| 'personalIdRequired'
	| 'conflict'
	| 'noCapacity'
	| 'coachNotAssigned'
	| 'startOutsideContract'
	| 'duplicateCustomerNumber'
	| 'consentInFuture';

/**
 * The case officer refers a customer: the customer (found by the area's customer number, contact details
 * refreshed), the consent record and the referral are written with its audit entry in one transaction.
 * The answer is due after the contract's rule (working days, Finnish holidays), counted from today.
 */
export function createReferral(db: Db, ctx: AuditContext, areaId: string, input: ReferralInput) {
	return db.transaction((tx) => referIn(tx, ctx, areaId, input));
}

class GroupRefused extends Error {
	constructor(
		readonly row: number,
		readonly error: ReferralError
	) {
		super(error);
	}
}

/**
 * Several customers to one contract/cohort in one go: all of them or none (the first refused row is
 * reported with its number).
 */
export async function createGroupReferral(
	db: Db,
	ctx: AuditContext,
	areaId: string,
	inputs: ReferralInput[]
): Promise<{ ok: true; referralIds: string[] } | { ok: false; row: number; error: ReferralError }> {
	// One customer twice in one group would make two waiting referrals of the same person.
	const seen = new Set<string>();
	for (const [i, input] of inputs.entries()) {
		if (seen.has(input.customerNumber)) return { ok: false, row: i + 1, error: 'duplicateCustomerNumber' };
		seen.add(input.customerNumber);
	}
	try {
		return await db.transaction(async (tx) => {
			const ids: string[] = [];
			for (const [i, input] of inputs.entries()) {
				const r = await referIn(tx, ctx, areaId, input);
				if (!r.ok) throw new GroupRefused(i + 1, r.error);
				ids.push(r.referralId);
			}
			return { ok: true, referralIds: ids } as const;
		});
	} catch (e) {
		if (e instanceof GroupRefused) return { ok: false, row: e.row, error: e.error };
		throw e;
	}
}

async function referIn(
	tx: DbOrTx,
	ctx: AuditContext,
	areaId: string,
	input: ReferralInput
): Promise<{ ok: true; referralId: string } | { ok: false; error: ReferralError }> {
	const [contract] = await tx
		.select()
		.from(contracts)
		.where(and(eq(contracts.id, input.contractId), eq(contracts.areaId, areaId)));
	if (!contract || contract.status !== 'active') return { ok: false, error: 'contractNotActive' } as const;
	if (input.cohortId) {
		const found = await tx
			.select({ id: cohorts.id })
			.from(cohorts)
			.where(and(eq(cohorts.id, input.cohortId), eq(cohorts.contractId, contract.id)));
		if (found.length === 0) return { ok: false, error: 'cohortNotFound' } as const;
	}
	if (contract.requiresPersonalId && !input.personalId) return { ok: false, error: 'personalIdRequired' } as const;
	const now = ctx.clock();
	if (input.consentGivenOn > helsinkiDate(now)) return { ok: false, error: 'consentInFuture' } as const;
	const details = {
		name: input.name,
		phone: input.phone,
		email: input.email,
		language: input.language,
		// Stored only when the contract needs it.
		personalIdEncrypted: contract.requiresPersonalId && input.personalId ? encrypt(new TextEncoder().encode(input.personalId)) : null
	};
	const [customer] = await tx
		.insert(customers)
		.values({ areaId, customerNumber: input.customerNumber, createdAt: now, ...details })
		.onConflictDoUpdate({
			target: [customers.areaId, customers.customerNumber],
			set: { ...details, personalIdEncrypted: sql`coalesce(excluded.personal_id_encrypted, ${customers.personalIdEncrypted})` }
		})
		.returning({ id: customers.id });
	await tx.insert(consents).values({
		customerId: customer.id,
		formVersion: input.consentFormVersion,
		scope: input.consentScope,
		givenOn: input.consentGivenOn,
		recordedBy: ctx.userId,
		recordedAt: now
	});
	const [referral] = await tx
		.insert(referrals)
		.values({
			customerId: customer.id,
			contractId: contract.id,
			cohortId: input.cohortId,
			areaId,
			providerId: contract.providerId,
			officerId: ctx.userId as string,
			needs: input.needs,
			plannedStart: input.plannedStart,
			referredAt: now,
			answerDue: deadlineAfter(helsinkiDate(now), contract.deadlines.referralAnswer ?? { days: 5, count: 'working' })
		})
		.returning({ id: referrals.id });
	await recordAudit(tx, ctx, { action: 'referral.create', areaId, targetType: 'referral', targetIds: [referral.id], customerIds: [customer.id] });
	await notify(
		tx,
		ctx.clock,
		await providerRecipients(tx, referral.id, helsinkiDate(now)),
		'referral_new',
		referralLink('provider', contract.providerId, referral.id)
	);
	return { ok: true, referralId: referral.id } as const;
}

import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { addDays, helsinkiDate, helsinkiLocalToInstant, helsinkiStartOfDay } from '$lib/domain/clock';
import { deadlineAfter } from '$lib/domain/working-days';
import { paged, pageWindow } from '$lib/paging';
import { recordAudit, recordCustomerList, type AuditContext } from '../audit';
import { decrypt, encrypt } from '../auth/encryption';
import { rowsOf, type Db, type DbOrTx } from '../db/client';
import { cohorts, consents, contracts, customers, organisations, participations, referrals, users, type Referral } from '../db/schema';
import { coveredByAssignment, type Actor, type ReferralScope } from '../policy';
import { loadActor } from '../auth/actor';
import { consentRevokedSql, referralCustomerVisible, referralListScope } from '../policy/scope';
import { markObjectHandled, notify, providerRecipients, referralLink, type NotificationKind } from '../notifications/service';
import type { ReferralInput } from './schemas';
import { openParticipation } from '../participations/lifecycle';

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

/**
 * A state change: only from `waiting`, and only at the version the person saw. The UPDATE … WHERE is the
 * lock: of two answers at the same moment exactly one changes the row, the other gets 'conflict'.
 */
async function transition(tx: DbOrTx, referralId: string, version: number, set: Partial<Referral>): Promise<Referral | undefined> {
	const [row] = await tx
		.update(referrals)
		.set({ ...set, version: sql`${referrals.version} + 1` })
		.where(and(eq(referrals.id, referralId), eq(referrals.version, version), eq(referrals.status, 'waiting')))
		.returning();
	return row;
}

/** What asked someone to answer a referral: read once it is answered or withdrawn. */
const REFERRAL_WAITING_KINDS: NotificationKind[] = ['referral_new', 'referral_due_soon', 'referral_overdue'];

export async function withdrawReferral(db: Db, ctx: AuditContext, referralId: string, version: number, reason: string) {
	return db.transaction(async (tx) => {
		const row = await transition(tx, referralId, version, { status: 'withdrawn', withdrawReason: reason, answeredAt: ctx.clock(), answeredBy: ctx.userId });
		if (!row) return { ok: false, error: 'conflict' } as const;
		await recordAudit(tx, ctx, { action: 'referral.withdraw', areaId: row.areaId, targetType: 'referral', targetIds: [row.id], customerIds: [row.customerId] });
		await markObjectHandled(tx, ctx.clock, row.id, REFERRAL_WAITING_KINDS);
		return { ok: true } as const;
	});
}

export async function declineReferral(
	db: Db,
	ctx: AuditContext,
	referralId: string,
	version: number,
	input: { reason: (typeof referrals.$inferSelect)['declineReason']; text: string }
) {
	return db.transaction(async (tx) => {
		const row = await transition(tx, referralId, version, {
			status: 'declined',
			declineReason: input.reason,
			declineText: input.text || null,
			answeredAt: ctx.clock(),
			answeredBy: ctx.userId
		});
		if (!row) return { ok: false, error: 'conflict' } as const;
		await recordAudit(tx, ctx, { action: 'referral.decline', areaId: row.areaId, targetType: 'referral', targetIds: [row.id], customerIds: [row.customerId] });
		await markObjectHandled(tx, ctx.clock, row.id, REFERRAL_WAITING_KINDS);
		await notify(tx, ctx.clock, [row.officerId], 'referral_declined', referralLink('area', row.areaId, row.id));
		return { ok: true } as const;
	});
}

/**
 * Accept: the responsible coach must be one of the provider's people whose assignment covers the referral,
 * the start must fall within the contract, and the contract's (and cohort's) capacity must not be full.
 * Creates the customer's participation (status "starting").
 */
export async function acceptReferral(
	db: Db,
	ctx: AuditContext,
	referralId: string,
	version: number,
	input: { startDate: string; coachId: string; firstMeeting: string | null }
): Promise<{ ok: true } | { ok: false; error: ReferralError }> {
	return db.transaction(async (tx) => {
		const [current] = await tx.select().from(referrals).where(eq(referrals.id, referralId));
		if (!current) return { ok: false, error: 'notFound' } as const;
		const [contract] = await tx.select().from(contracts).where(eq(contracts.id, current.contractId)).for('update');
		if (input.startDate < contract.startDate || input.startDate > contract.endDate) return { ok: false, error: 'startOutsideContract' } as const;
		const coach = await loadActor(tx, input.coachId, helsinkiDate(ctx.clock()));
		if (!coach.memberships.some((m) => m.organisationId === current.providerId) || !coveredByAssignment(coach, { ...current, consentRevoked: false })) {
			// (consentRevoked: the coach's own eligibility; whether the consent is in force the caller's scope decided.)
			return { ok: false, error: 'coachNotAssigned' } as const;
		}
		// Capacity counts customers who are starting or taking part; the contract row lock serialises accepts.
		const taking = (extra: SQL | undefined) =>
			tx
				.select({ n: sql<number>`count(*)::int` })
				.from(participations)
				.where(and(eq(participations.contractId, contract.id), inArray(participations.status, ['starting', 'active']), extra));
		if (contract.capacityTotal !== null && (await taking(undefined))[0].n >= contract.capacityTotal) return { ok: false, error: 'noCapacity' } as const;
		let plannedEndDate: string | null = null;
		if (current.cohortId) {
			const [cohort] = await tx.select({ capacity: cohorts.capacity, endDate: cohorts.endDate }).from(cohorts).where(eq(cohorts.id, current.cohortId));
			plannedEndDate = cohort.endDate;
			if ((await taking(eq(participations.cohortId, current.cohortId)))[0].n >= cohort.capacity) return { ok: false, error: 'noCapacity' } as const;
		}
		const row = await transition(tx, referralId, version, { status: 'accepted', answeredAt: ctx.clock(), answeredBy: ctx.userId });
		if (!row) return { ok: false, error: 'conflict' } as const;
		await openParticipation(tx, {
			referralId: row.id,
			customerId: row.customerId,
			contractId: row.contractId,
			cohortId: row.cohortId,
			coachId: input.coachId,
			startDate: input.startDate,
			plannedEndDate,
			firstMeetingAt: input.firstMeeting ? helsinkiLocalToInstant(input.firstMeeting) : null,
			createdAt: ctx.clock()
		});
		await recordAudit(tx, ctx, { action: 'referral.accept', areaId: row.areaId, targetType: 'referral', targetIds: [row.id], customerIds: [row.customerId] });
		await markObjectHandled(tx, ctx.clock, row.id, REFERRAL_WAITING_KINDS);
		await notify(tx, ctx.clock, [row.officerId], 'referral_accepted', referralLink('area', row.areaId, row.id));
		return { ok: true } as const;
	});
}

export interface ReferralFilters {
	status?: string;
	contractId?: string;
	providerId?: string;
	officerId?: string;
	/** Referred on or after / on or before these Helsinki days. */
	from?: string;
	until?: string;
	overdueOnly?: boolean;
}

/**
 * Referrals of an organisation, scoped in SQL. Waiting ones first by due date (so overdue on top), then the rest. The
 * customer's name is selected only where the actor may see it; the customers shown are audited.
 */
/** The list's condition (scope and filters) on `referrals` alone: the list and the home page's counts share it. */
export function referralListWhere(actor: Actor, organisationId: string, f: ReferralFilters): SQL | undefined {
	const today = actor.today;
	const where: (SQL | undefined)[] = [referralListScope(actor, organisationId)];
	if (f.status) where.push(eq(referrals.status, f.status as Referral['status']));
	if (f.contractId) where.push(eq(referrals.contractId, f.contractId));
	if (f.providerId) where.push(eq(referrals.providerId, f.providerId));
	if (f.officerId) where.push(eq(referrals.officerId, f.officerId));
	if (f.from) where.push(sql`${referrals.referredAt} >= ${helsinkiStartOfDay(f.from).toISOString()}::timestamptz`);
	if (f.until) where.push(sql`${referrals.referredAt} < ${helsinkiStartOfDay(addDays(f.until, 1)).toISOString()}::timestamptz`);
	if (f.overdueOnly) where.push(and(eq(referrals.status, 'waiting'), sql`${referrals.answerDue} < ${today}::date`));
	return and(...where);
}

export async function listReferrals(db: DbOrTx, ctx: AuditContext, actor: Actor, organisationId: string, f: ReferralFilters, page = 1) {
	const { limit, offset } = pageWindow(page);
	const today = actor.today;
	const where = referralListWhere(actor, organisationId, f);
	const visible = referralCustomerVisible(actor, organisationId);
	const rows = await db
		.select({
			id: referrals.id,
			status: referrals.status,
			areaId: referrals.areaId,
			answerDue: referrals.answerDue,
			referredAt: referrals.referredAt,
			contractNumber: contracts.contractNumber,
			contractTitle: contracts.title,
			providerName: organisations.name,
			customerId: sql<string | null>`case when ${visible} then ${customers.id} end`,
			customerName: sql<string | null>`case when ${visible} then ${customers.name} end`,
			overdue: sql<boolean>`${referrals.status} = 'waiting' and ${referrals.answerDue} < ${today}::date`,
			late: sql<boolean>`${referrals.answeredAt} is not null and (${referrals.answeredAt} at time zone 'Europe/Helsinki')::date > ${referrals.answerDue}`
		})
		.from(referrals)
		.innerJoin(contracts, eq(referrals.contractId, contracts.id))
		.innerJoin(organisations, eq(referrals.providerId, organisations.id))
		.innerJoin(customers, eq(referrals.customerId, customers.id))
		.where(where)
		// Waiting ones first, the nearest (or most overdue) deadline on top; the answered ones after, newest first.
		.orderBy(
			desc(sql`${referrals.status} = 'waiting'`),
			asc(sql`case when ${referrals.status} = 'waiting' then ${referrals.answerDue} end`),
			desc(referrals.referredAt),
			asc(referrals.id)
		)
		.limit(limit)
		.offset(offset);
	const shown = paged(rows, page);
	await recordCustomerList(
		db,
		ctx,
		'referral',
		shown.rows.flatMap((r) => (r.customerId ? [{ customerId: r.customerId, areaId: r.areaId }] : []))
	);
	return { rows: shown.rows.map(({ areaId: _areaId, ...r }) => r), paging: shown.paging };
}

export async function referralScopeOf(db: DbOrTx, referralId: string): Promise<(ReferralScope & { id: string; customerId: string }) | undefined> {
	const [row] = await db
		.select({
			id: referrals.id,
			areaId: referrals.areaId,
			providerId: referrals.providerId,
			contractId: referrals.contractId,
			cohortId: referrals.cohortId,
			status: referrals.status,
			customerId: referrals.customerId,
			consentRevoked: consentRevokedSql(referrals.customerId)
		})
		.from(referrals)
		.where(eq(referrals.id, referralId));
	return row;
}

/** One referral with its customer; the caller has checked that the customer may be seen, and this read is audited. */
export async function getReferralWithCustomer(db: DbOrTx, ctx: AuditContext, referralId: string) {
	const [row] = await db
		.select({ referral: referrals, customer: customers, contract: contracts, providerName: organisations.name, officerName: users.name })
		.from(referrals)
		.innerJoin(customers, eq(referrals.customerId, customers.id))
		.innerJoin(contracts, eq(referrals.contractId, contracts.id))
		.innerJoin(organisations, eq(referrals.providerId, organisations.id))
		.innerJoin(users, eq(referrals.officerId, users.id))
		.where(eq(referrals.id, referralId));
	if (!row) return undefined;
	const [cohort] = row.referral.cohortId ? await db.select({ name: cohorts.name }).from(cohorts).where(eq(cohorts.id, row.referral.cohortId)) : [];
	const consent = await db.select().from(consents).where(eq(consents.customerId, row.customer.id)).orderBy(desc(consents.recordedAt)).limit(1);
	const [participation] = await db
		.select({ startDate: participations.startDate, coachName: users.name, firstMeetingAt: participations.firstMeetingAt })
		.from(participations)
		.innerJoin(users, eq(participations.coachId, users.id))
		.where(eq(participations.referralId, referralId));
	await recordAudit(db, ctx, {
		action: 'customer.read',
		areaId: row.referral.areaId,
		targetType: 'referral',
		targetIds: [referralId],
		customerIds: [row.customer.id]
	});
	const { personalIdEncrypted, ...customer } = row.customer;
	return {
		...row,
		customer: { ...customer, hasPersonalId: !!personalIdEncrypted },
		cohortName: cohort?.name ?? null,
		consent: consent[0] ?? null,
		participation: participation ?? null
	};
}

/** The henkilötunnus, shown only on an explicit request, which is audited as such. */
export async function revealPersonalId(db: DbOrTx, ctx: AuditContext, referralId: string): Promise<string | null> {
	const [row] = await db
		.select({ enc: customers.personalIdEncrypted, customerId: customers.id, areaId: referrals.areaId })
		.from(referrals)
		.innerJoin(customers, eq(referrals.customerId, customers.id))
		.where(eq(referrals.id, referralId));
	if (!row?.enc) return null;
	await recordAudit(db, ctx, {
		action: 'customer.reveal_personal_id',
		areaId: row.areaId,
		targetType: 'referral',
		targetIds: [referralId],
		customerIds: [row.customerId]
	});
	return new TextDecoder().decode(decrypt(row.enc));
}

/** The people a provider can name as the responsible coach for this referral (assignment covers it). */
export async function eligibleCoaches(db: DbOrTx, scope: ReferralScope, today: string) {
	const rows = await db.execute<{ id: string; name: string }>(sql`
		select distinct u.id, u.name from users u
		join memberships m on m.user_id = u.id and m.organisation_id = ${scope.providerId} and m.role in ('coach', 'provider_admin')
		join assignments a on a.user_id = u.id and a.provider_id = ${scope.providerId} and a.area_id = ${scope.areaId}
			and (a.contract_id is null or a.contract_id = ${scope.contractId})
			and (a.cohort_id is null or a.cohort_id = ${scope.cohortId})
			and a.valid_from <= ${today}::date and a.valid_until >= ${today}::date
		where u.active order by u.name`);
	return rowsOf<{ id: string; name: string }>(rows);
}

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

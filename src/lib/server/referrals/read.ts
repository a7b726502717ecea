/** Reading referrals: the list (scoped in SQL), one referral with its customer, the henkilötunnus on request, the coaches to name. */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { addDays, helsinkiStartOfDay } from '$lib/domain/clock';
import { paged, pageWindow } from '$lib/paging';
import { recordAudit, recordCustomerList, type AuditContext } from '../audit';
import { decrypt } from '../auth/encryption';
import { byShape, preparedOnce, rowsOf, type DbOrTx, type Params } from '../db/client';
import { cohorts, consents, contracts, customers, organisations, participations, referrals, users, type Referral } from '../db/schema';
import type { Actor, ReferralScope } from '../policy';
import {
	consentRevokedSql,
	participationScopeKind,
	referralCustomerVisible,
	referralListScope,
	SCOPE_PLACEHOLDERS,
	valuesOf,
	type ScopeValues
} from '../policy/scope';

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

/** The filters as the list's condition compares them: the days as the instants they begin and end at. */
type ReferralConditions = Omit<ReferralFilters, 'from' | 'until'> & { referredFrom?: string; referredBefore?: string };

/** The list's condition (scope and filters) on `referrals` alone: the list and the home page's counts share it. */
export function referralListWhere(
	actor: Actor,
	organisationId: string,
	f: Params<ReferralConditions>,
	values: ScopeValues = valuesOf(actor, organisationId)
): SQL | undefined {
	const where: (SQL | undefined)[] = [referralListScope(actor, organisationId, values)];
	if (f.status) where.push(eq(referrals.status, f.status as Referral['status']));
	if (f.contractId) where.push(eq(referrals.contractId, f.contractId));
	if (f.providerId) where.push(eq(referrals.providerId, f.providerId));
	if (f.officerId) where.push(eq(referrals.officerId, f.officerId));
	if (f.referredFrom) where.push(sql`${referrals.referredAt} >= ${f.referredFrom}::timestamptz`);
	if (f.referredBefore) where.push(sql`${referrals.referredAt} < ${f.referredBefore}::timestamptz`);
	if (f.overdueOnly) where.push(and(eq(referrals.status, 'waiting'), sql`${referrals.answerDue} < ${values.today}::date`));
	return and(...where);
}

/**
 * The list's statement, built once per database handle, scope kind and set of filters present, with the values as
 * placeholders (`byShape`). Waiting ones first by due date (so overdue on top), then the rest, newest first. The
 * customer's name is selected only where the actor may see it.
 */
function referralListStatement(db: DbOrTx, actor: Actor, organisationId: string, shape: string, f: Params<ReferralConditions>) {
	// The scope kind decides the whole text: the customer's visibility follows the same membership, and 'none' finds no rows.
	return preparedOnce(db, `referral_list:${participationScopeKind(actor, organisationId)}:${shape}`, (d) => {
		const visible = referralCustomerVisible(actor, organisationId);
		return d
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
				overdue: sql<boolean>`${referrals.status} = 'waiting' and ${referrals.answerDue} < ${SCOPE_PLACEHOLDERS.today}::date`,
				late: sql<boolean>`${referrals.answeredAt} is not null and (${referrals.answeredAt} at time zone 'Europe/Helsinki')::date > ${referrals.answerDue}`
			})
			.from(referrals)
			.innerJoin(contracts, eq(referrals.contractId, contracts.id))
			.innerJoin(organisations, eq(referrals.providerId, organisations.id))
			.innerJoin(customers, eq(referrals.customerId, customers.id))
			.where(referralListWhere(actor, organisationId, f, SCOPE_PLACEHOLDERS))
			.orderBy(
				desc(sql`${referrals.status} = 'waiting'`),
				asc(sql`case when ${referrals.status} = 'waiting' then ${referrals.answerDue} end`),
				desc(referrals.referredAt),
				asc(referrals.id)
			)
			.limit(sql.placeholder('limit'))
			.offset(sql.placeholder('offset'))
			.prepare('referral_list');
	});
}

/** Referrals of an organisation, scoped in SQL, one page of them; the customers shown are audited. */
export async function listReferrals(db: DbOrTx, ctx: AuditContext, actor: Actor, organisationId: string, f: ReferralFilters, page = 1) {
	const { from, until, ...rest } = f;
	const { shape, filters, values } = byShape<ReferralConditions>({
		...rest,
		referredFrom: from && helsinkiStartOfDay(from).toISOString(),
		referredBefore: until && helsinkiStartOfDay(addDays(until, 1)).toISOString()
	});
	const rows = await referralListStatement(db, actor, organisationId, shape, filters).execute({
		...values,
		...pageWindow(page),
		...valuesOf(actor, organisationId)
	});
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

import { eq, sql } from 'drizzle-orm';
import { addDays, helsinkiDate, type Clock } from '$lib/domain/clock';
import { vatNumberFromBusinessId } from '$lib/domain/identifiers';
import { encrypt } from '../auth/encryption';
import { hashPassword } from '../auth/password';
import { totpKeyFromBase32 } from '../auth/totp';
import type { Db, DbOrTx } from '../db/client';
import { areaProviders, assignments, contracts, memberships, organisations, users } from '../db/schema';
import { acceptReferral } from '../referrals/answer';
import { createReferral } from '../referrals/create';
import type { AuditContext } from '../audit';
import { addCohort, addOption, addPriceLine, createContract, uploadDocument } from '../contracts/service';
import { DEFAULT_CONTRACT_TERMS } from '../contracts/schemas';
import { DEMO_CONTRACTS, demoPdf } from './contracts';
import { seedDemoArvi } from './arvi';
import { seedDemoAttendance } from './attendance';
import { seedDemoOversight } from './oversight';
import { seedDemoHistory } from './history';
import { seedDemoRemarks } from './remarks';
import { DEMO_ASSIGNMENTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_REGISTERS, DEMO_USERS } from './users';

/** Any constant: the advisory lock key that serialises concurrent seeding. */
const SEED_LOCK = 740_211_830;

/**
 * Fills an empty database with the demo organisations, people and assignments (one transaction).
 * Returns false and does nothing when any organisation exists. Later issues add their demo data here:
 * the data itself lives in ./users.ts and ./contracts.ts, this file only turns it into rows.
 */
export async function seedDemo(db: Db, clock: Clock): Promise<boolean> {
	if (await hasOrganisations(db)) return false;
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	const today = helsinkiDate(clock());
	const seeded = await db.transaction(async (tx) => {
		// Several app processes may start at once on the same database: only the first one seeds.
		await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK}::bigint)`);
		if (await hasOrganisations(tx)) return false;
		const orgRows = await tx
			.insert(organisations)
			.values(
				DEMO_ORGANISATIONS.map(({ key: _key, ...o }) => ({
					...o,
					vatNumber: o.businessId ? vatNumberFromBusinessId(o.businessId) : null
				}))
			)
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
		await tx
			.insert(memberships)
			.values(
				DEMO_USERS.flatMap((u) =>
					u.memberships.flatMap((m) => m.roles.map((role) => ({ userId: userId.get(u.email)!, organisationId: orgId.get(m.org)!, role })))
				)
			);
		await tx.insert(areaProviders).values(DEMO_REGISTERS.flatMap((r) => r.providers.map((p) => ({ areaId: orgId.get(r.area)!, providerId: orgId.get(p)! }))));
		await tx.insert(assignments).values(
			DEMO_ASSIGNMENTS.map((a) => ({
				userId: userId.get(a.email)!,
				providerId: orgId.get(a.provider)!,
				areaId: orgId.get(a.area)!,
				validFrom: addDays(today, a.from),
				validUntil: addDays(today, a.until)
			}))
		);
		return true;
	});
	if (!seeded) return false;
	await seedDemoContracts(db, clock, today);
	await seedDemoReferrals(db, clock, today);
	await seedDemoAttendance(db, clock, today);
	await seedDemoArvi(db, clock, today);
	await seedDemoOversight(db, clock, today);
	await seedDemoHistory(db, today);
	await seedDemoRemarks(db, clock, today);
	return true;
}

async function hasOrganisations(db: DbOrTx): Promise<boolean> {
	const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(organisations);
	return count > 0;
}

/** Contracts go through the same service as the UI, so that versions and the change log exist too. */
async function seedDemoContracts(db: Db, clock: Clock, today: string) {
	const orgs = await db.select({ id: organisations.id, name: organisations.name }).from(organisations);
	const idOf = (key: string) => orgs.find((o) => o.name === DEMO_ORGANISATIONS.find((d) => d.key === key)!.name)!.id;
	const year = Number(today.slice(0, 4));
	const start = `${year}-01-01`;
	const month = (m: number) => `${year}-${String(m + 1).padStart(2, '0')}-01`;
	const ctx: AuditContext = { userId: null, organisationId: null, ip: null, userAgent: null, requestId: 'demo-seed', clock };
	for (const d of DEMO_CONTRACTS) {
		const created = await createContract(db, ctx, idOf(d.area), idOf(d.provider), {
			contractNumber: d.number,
			diaryNumber: `${d.number.split('-')[0]}/${year}/${d.number.slice(-3)}`,
			title: d.title,
			serviceType: d.serviceType,
			kind: d.kind,
			status: 'active',
			startDate: start,
			endDate: `${year + 1}-12-31`,
			languages: d.languages,
			places: d.places,
			capacityTotal: d.capacityTotal,
			capacityPerCohort: d.capacityPerCohort,
			budget: d.budgetEuros * 100,
			...DEFAULT_CONTRACT_TERMS,
			requiresPersonalId: d.serviceType === 'work_ability_assessment'
		});
		if (!created.ok) throw new Error(`demo contract ${d.number}: ${created.error}`);
		let version = 1;
		const next = async (r: Promise<{ ok: boolean; error?: string }>) => {
			const result = await r;
			if (!result.ok) throw new Error(`demo contract ${d.number}: ${result.error}`);
			version++;
		};
		for (const p of d.prices) {
			await next(
				addPriceLine(db, ctx, created.contractId, version, {
					unit: p.unit,
					description: p.description,
					unitPrice: Math.round(p.euros * 100),
					vatRate: p.vatBp,
					validFrom: month(p.fromMonth ?? 0),
					condition: p.condition ?? null
				})
			);
		}
		for (const c of d.cohorts) {
			const rollingStart = addDays(today, -56) < start ? start : addDays(today, -56);
			await next(
				addCohort(db, ctx, created.contractId, version, {
					name: c.name,
					startDate: c.rolling ? rollingStart : month(c.startMonth),
					endDate: c.rolling ? addDays(today, 112) : addDays(month(c.startMonth + c.months), -1),
					weekdays: [1, 2, 3, 4, 5],
					dailyStart: '08:30',
					dailyEnd: '15:00',
					place: c.place,
					language: c.language,
					capacity: c.capacity
				})
			);
		}
		await next(addOption(db, ctx, created.contractId, version, { startDate: `${year + 2}-01-01`, endDate: `${year + 2}-12-31` }));
		await next(uploadDocument(db, ctx, created.contractId, version, { name: `${d.number}-sopimus.pdf`, content: demoPdf(`${d.number} ${d.title}`) }));
	}
}

/**
 * A few referrals so that both sides have something to look at: waiting (one already past its deadline,
 * referred two weeks ago), one accepted with a coach. Made through the referral service.
 */
async function seedDemoReferrals(db: Db, clock: Clock, today: string) {
	const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'handlaggare@pohjanmaa.demo.fi'));
	const [coach] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'valmentaja@valmennuspohjola.demo.fi'));
	const [contract] = await db.select().from(contracts).where(eq(contracts.contractNumber, 'POH-2026-014'));
	const base = {
		contractId: contract.id,
		cohortId: null,
		phone: null,
		email: null,
		personalId: null,
		plannedStart: null,
		consentFormVersion: 'SUO-2025-1',
		consentScope: 'Yhteystiedot ja tarpeet palveluntuottajalle',
		consentGivenOn: today
	};
	const twoWeeksAgo = new Date(clock().getTime() - 14 * 24 * 3600_000);
	const ctx = (at?: Date): AuditContext => ({
		userId: officer.id,
		organisationId: contract.areaId,
		ip: null,
		userAgent: null,
		requestId: 'demo-seed',
		clock: at ? () => at : clock
	});
	const people = [
		{ customerNumber: 'VAA-10231', name: 'Leena Mäkelä', language: 'fi' as const, needs: 'Työnhaun suunnitelma ja ansioluettelo', at: twoWeeksAgo },
		{ customerNumber: 'VAA-10244', name: 'Johan Sundqvist', language: 'sv' as const, needs: 'Intervjuträning', at: undefined },
		{ customerNumber: 'VAA-10260', name: 'Amina Hassan', language: 'en' as const, needs: 'Finnish CV and job search channels', at: undefined }
	];
	const ids: string[] = [];
	for (const p of people) {
		const { at, ...person } = p;
		const r = await createReferral(db, ctx(at), contract.areaId, { ...base, ...person, consentGivenOn: at ? helsinkiDate(at) : today });
		if (!r.ok) throw new Error(`demo referral: ${r.error}`);
		ids.push(r.referralId);
	}
	const accepted = await acceptReferral(db, { ...ctx(), userId: coach.id, organisationId: contract.providerId }, ids[2], 1, {
		startDate: today,
		coachId: coach.id,
		firstMeeting: null
	});
	if (!accepted.ok) throw new Error(`demo referral: ${accepted.error}`);
}

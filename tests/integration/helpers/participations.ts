import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Clock } from '../../../src/lib/domain/clock';
import type { Database } from '../../../src/lib/server/db/client';
import { contracts } from '../../../src/lib/server/db/schema';
import { loadActor } from '../../../src/lib/server/auth/actor';
import { addCohort } from '../../../src/lib/server/contracts/service';
import type { ContractInput } from '../../../src/lib/server/contracts/schemas';
import { acceptReferral } from '../../../src/lib/server/referrals/answer';
import { createReferral } from '../../../src/lib/server/referrals/create';
import type { MarkInput } from '../../../src/lib/server/attendance/service';
import { ctxFor, makeAssignment, makeOrganisation, makeUser } from './fixtures';
import { providerWithContract } from './contracts';

let n = 0;

/**
 * An area with a case officer, a provider with a contract (and, with `cohort`, a Mon–Fri cohort), a coach
 * assigned to it for the year, and `customers` customers referred and accepted (participations "starting"
 * from `start`). Returns contexts and actors for each side.
 */
export async function participationSetting(
	database: Database,
	clock: Clock,
	opts: { customers?: number; cohort?: boolean; start?: string; contract?: Partial<ContractInput> } = {}
) {
	const area = await makeOrganisation(database.db, 'area');
	const officer = await makeUser(database.db, { org: area.id, roles: ['case_officer'] });
	const octx = ctxFor(clock, officer.id, area.id);
	const { providerId, contractId } = await providerWithContract(database, octx, area.id, {
		serviceType: opts.cohort ? 'vocational_training' : 'job_search_coaching',
		...opts.contract
	});
	const cohortId = opts.cohort ? await addGroup(database, octx, contractId, 'Ryhmä A') : null;
	const admin = await makeUser(database.db, { org: providerId, roles: ['provider_admin'] });
	const coach = await makeUser(database.db, { org: providerId, roles: ['coach'] });
	for (const u of [admin, coach])
		await makeAssignment(database.db, { userId: u.id, providerId, areaId: area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
	const setting = { octx, areaId: area.id, providerId, contractId };
	const { participationIds, customerIds } = await referAndAccept(database, clock, setting, {
		cohortId,
		coachId: coach.id,
		customers: opts.customers ?? 1,
		start: opts.start
	});
	const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(clock());
	return {
		area,
		officer,
		octx,
		providerId,
		contractId,
		cohortId,
		admin,
		coach,
		cctx: ctxFor(clock, coach.id, providerId),
		actx: ctxFor(clock, admin.id, providerId),
		participationIds,
		customerIds,
		coachActor: () => loadActor(database.db, coach.id, today()),
		adminActor: () => loadActor(database.db, admin.id, today()),
		officerActor: () => loadActor(database.db, officer.id, today())
	};
}

/** A Mon–Fri cohort of the whole year on the contract, added by the area (`octx`); returns its id. */
export async function addGroup(database: Database, octx: ReturnType<typeof ctxFor>, contractId: string, name: string): Promise<string> {
	const [{ version }] = await database.db.select({ version: contracts.version }).from(contracts).where(eq(contracts.id, contractId));
	const r = await addCohort(database.db, octx, contractId, version, {
		name,
		startDate: '2026-01-01',
		endDate: '2026-12-31',
		weekdays: [1, 2, 3, 4, 5],
		dailyStart: '09:00',
		dailyEnd: '15:00',
		place: 'Vaasa',
		language: 'fi',
		capacity: 20
	});
	if (!r.ok) throw new Error(r.error);
	return (await database.db.query.cohorts.findFirst({ where: (c, { and, eq }) => and(eq(c.contractId, contractId), eq(c.name, name)) }))!.id;
}

/** `customers` customers referred by the area to the contract (and cohort) and accepted with `coachId` as their coach. */
export async function referAndAccept(
	database: Database,
	clock: Clock,
	setting: { octx: ReturnType<typeof ctxFor>; areaId: string; providerId: string; contractId: string },
	opts: { cohortId: string | null; coachId: string; customers: number; start?: string }
) {
	const { octx, areaId, providerId, contractId } = setting;
	const participationIds: string[] = [];
	const customerIds: string[] = [];
	for (let i = 0; i < opts.customers; i++) {
		n++;
		const r = await createReferral(database.db, octx, areaId, {
			contractId,
			cohortId: opts.cohortId,
			customerNumber: `OS-${n}-${randomUUID().slice(0, 6)}`,
			name: `Osallistuja ${n}`,
			phone: null,
			email: null,
			language: 'fi',
			personalId: null,
			needs: null,
			plannedStart: null,
			consentFormVersion: 'SUO-2025-1',
			consentScope: 'Tietojen luovutus palveluntuottajalle',
			consentGivenOn: '2026-01-02'
		});
		if (!r.ok) throw new Error(r.error);
		const a = await acceptReferral(database.db, ctxFor(clock, opts.coachId, providerId), r.referralId, 1, {
			startDate: opts.start ?? '2026-11-02',
			coachId: opts.coachId,
			firstMeeting: null
		});
		if (!a.ok) throw new Error(a.error);
		const p = await database.db.query.participations.findFirst({ where: (x, { eq }) => eq(x.referralId, r.referralId) });
		participationIds.push(p!.id);
		customerIds.push(p!.customerId);
	}
	return { participationIds, customerIds };
}

/** A mark as a device sends it (a fresh idempotency key unless given). */
export function mark(participationId: string, day: string, status: 'present' | 'absent', extra: Partial<MarkInput> = {}): MarkInput {
	return {
		clientKey: randomUUID(),
		participationId,
		day,
		status,
		reason: status === 'absent' ? 'sick' : null,
		reasonText: null,
		markedAt: null,
		...extra
	};
}

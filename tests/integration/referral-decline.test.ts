/**
 * Declining a referral from its page, as SvelteKit calls the action: no reason is chosen for the person, a
 * decline without one is refused with a message, and a chosen reason first asks "decline for good?" —
 * only the confirmed second post declines (the same two posts with or without JavaScript).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, referrals } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { createReferral } from '../../src/lib/server/referrals/create';
import { actions } from '../../src/routes/provider/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { ctxFor, makeAssignment, makeOrganisation, makeUser, testClock } from './helpers/fixtures';
import { providerWithContract } from './helpers/contracts';

let database: Database;
const c = testClock('2026-12-18T12:00:00Z');
const TODAY = '2026-12-18';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

async function waitingReferral() {
	const area = await makeOrganisation(database.db, 'area');
	const officer = await makeUser(database.db, { org: area.id, roles: ['case_officer'] });
	const octx = ctxFor(c.clock, officer.id, area.id);
	const { providerId, contractId } = await providerWithContract(database, octx, area.id);
	const coachUser = await makeUser(database.db, { org: providerId, roles: ['coach'] });
	await makeAssignment(database.db, { userId: coachUser.id, providerId, areaId: area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
	const r = await createReferral(database.db, octx, area.id, {
		contractId,
		cohortId: null,
		customerNumber: 'AS-1',
		name: 'Maija Meikäläinen',
		phone: null,
		email: null,
		language: 'fi',
		personalId: null,
		needs: null,
		plannedStart: null,
		consentFormVersion: 'SUO-1',
		consentScope: 'Luovutus',
		consentGivenOn: TODAY
	});
	if (!r.ok) throw new Error(r.error);
	const coach = await loadActor(database.db, coachUser.id, TODAY);
	const decline = (form: Record<string, string>) =>
		actions.decline(makeEvent({ actor: coach, clock: c.clock, params: { orgId: providerId, referralId: r.referralId }, form }) as never) as Promise<unknown>;
	const status = async () => (await database.db.select({ status: referrals.status }).from(referrals).where(eq(referrals.id, r.referralId)))[0].status;
	return { referralId: r.referralId, providerId, decline, status };
}

type Failure = { status: number; data: { form?: string; message?: string; errors?: Record<string, string> } };

describe('declining a referral', () => {
	it('without a reason is refused with a message and declines nothing', async () => {
		const s = await waitingReferral();
		const out = (await s.decline({ version: '1', reason: '', text: '', confirm: '1' })) as Failure;
		expect(out.status).toBe(400);
		expect(out.data.errors).toMatchObject({ reason: 'errors.declineReasonRequired' });
		expect(await s.status()).toBe('waiting');
	});

	it('with a reason first asks to confirm, showing the reason, and changes nothing yet', async () => {
		const s = await waitingReferral();
		const out = (await s.decline({ version: '1', reason: 'no_capacity', text: 'Ryhmä täynnä' })) as Record<string, unknown>;
		expect(out).toMatchObject({ form: 'decline', confirm: true, values: { reason: 'no_capacity', text: 'Ryhmä täynnä' } });
		expect(await s.status()).toBe('waiting');
		const audited = await database.db.select().from(auditLog).where(eq(auditLog.action, 'referral.decline'));
		expect(audited.filter((a) => a.targetIds.includes(s.referralId))).toEqual([]);
	});

	it('declines for good only when confirmed, and says so on the list', async () => {
		const s = await waitingReferral();
		let location = '';
		try {
			await s.decline({ version: '1', reason: 'not_suitable', text: '', confirm: '1' });
		} catch (e) {
			location = (e as { location?: string }).location ?? '';
		}
		expect(location).toBe(`/provider/${s.providerId}/referrals?declined=1`);
		expect(await s.status()).toBe('declined');
	});

	it('"other" still needs a few words, at the first step already', async () => {
		const s = await waitingReferral();
		const out = (await s.decline({ version: '1', reason: 'other', text: '' })) as Failure;
		expect(out.status).toBe(400);
		expect(out.data.errors).toMatchObject({ text: 'errors.declineTextRequired' });
		expect(await s.status()).toBe('waiting');
	});
});

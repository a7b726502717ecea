/** The platform admin: deactivating an organisation takes effect at once; creating an area is validated; failed jobs are retried. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { helsinkiDate } from '../../src/lib/domain/clock';
import { rowsOf, type Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, emailOutbox, memberships, organisations, users } from '../../src/lib/server/db/schema';
import { authenticateSession, loadActor } from '../../src/lib/server/auth/actor';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { authenticateApiKey, createApiKey } from '../../src/lib/server/api/keys';
import { actions as orgActions } from '../../src/routes/admin/organisations/+page.server';
import { actions as newAreaActions } from '../../src/routes/admin/organisations/new/+page.server';
import { actions as jobsActions, load as jobsLoad } from '../../src/routes/admin/jobs/+page.server';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { ctxFor, makeAssignment, makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const { clock } = testClock();
const today = helsinkiDate(clock());
let adminEvent: (opts?: { form?: Record<string, string | string[]>; url?: string }) => Promise<ReturnType<typeof makeEvent>>;

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	const platform = await makeOrganisation(database.db, 'platform');
	const admin = await makeUser(database.db, { org: platform.id, roles: ['platform_admin'] });
	adminEvent = async (opts = {}) => makeEvent({ actor: await loadActor(database.db, admin.id, today), clock, ...opts });
});
afterAll(() => database.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an action's answer (data or ActionFailure)
type Answer = any;

async function audits(action: string) {
	return database.db.select().from(auditLog).where(eq(auditLog.action, action));
}

describe('deactivating an organisation', () => {
	it('takes its people’s (and its API keys’) access away at once, and reactivating gives it back; nothing is deleted', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const provider = await makeOrganisation(database.db, 'provider');
		const officer = await makeUser(database.db, { org: area.id, roles: ['case_officer'] });
		const coach = await makeUser(database.db, { org: provider.id, roles: ['coach'] });
		await makeAssignment(database.db, { userId: coach.id, providerId: provider.id, areaId: area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
		const token = generateSessionToken();
		await createSession(database.db, clock, token, officer.id, { twoFactorVerified: true });
		const apiKey = await createApiKey(database.db, ctxFor(clock), area.id, 'Asiakasjärjestelmä', ['referrals:read']);
		expect(await authenticateApiKey(database.db, clock, `Bearer ${apiKey}`)).not.toBeNull();

		const before = await authenticateSession(database.db, clock, token, today);
		expect(before.actor?.memberships.map((m) => m.organisationId)).toEqual([area.id]);
		expect((await loadActor(database.db, coach.id, today)).assignments).toHaveLength(1);

		const out: Answer = await orgActions.deactivate(await adminEvent({ form: { organisationId: area.id } }));
		expect(out).toEqual({ success: 'platform.organisations.deactivated' });

		// The same session, the next request: no role in the area any more.
		const after = await authenticateSession(database.db, clock, token, today);
		expect(after.session).not.toBeNull();
		expect(after.actor?.memberships).toEqual([]);
		// The provider's coach keeps the provider but loses the assignment to the deactivated area.
		const coachActor = await loadActor(database.db, coach.id, today);
		expect(coachActor.memberships.map((m) => m.organisationId)).toEqual([provider.id]);
		expect(coachActor.assignments).toEqual([]);
		// The area's systems too: its API key is refused.
		expect(await authenticateApiKey(database.db, clock, `Bearer ${apiKey}`)).toBeNull();
		// Nothing was deleted.
		expect(await database.db.select().from(memberships).where(eq(memberships.organisationId, area.id))).toHaveLength(1);
		expect(await audits('organisation.deactivate')).toHaveLength(1);

		// Deactivating again changes nothing and audits nothing.
		expect(await orgActions.deactivate(await adminEvent({ form: { organisationId: area.id } }))).toEqual({ success: 'platform.organisations.unchanged' });
		expect(await audits('organisation.deactivate')).toHaveLength(1);

		expect(await orgActions.reactivate(await adminEvent({ form: { organisationId: area.id } }))).toEqual({ success: 'platform.organisations.reactivated' });
		expect((await authenticateSession(database.db, clock, token, today)).actor?.memberships.map((m) => m.organisationId)).toEqual([area.id]);
		expect((await loadActor(database.db, coach.id, today)).assignments).toHaveLength(1);
		expect(await authenticateApiKey(database.db, clock, `Bearer ${apiKey}`)).not.toBeNull();
		expect(await audits('organisation.reactivate')).toHaveLength(1);

		// The provider deactivated: its coach has neither the membership nor the assignment, signed in or not.
		await orgActions.deactivate(await adminEvent({ form: { organisationId: provider.id } }));
		const coachToken = generateSessionToken();
		await createSession(database.db, clock, coachToken, coach.id, { twoFactorVerified: true });
		const coachSession = await authenticateSession(database.db, clock, coachToken, today);
		expect(coachSession.actor?.memberships).toEqual([]);
		expect(coachSession.actor?.assignments).toEqual([]);
		expect((await loadActor(database.db, coach.id, today)).assignments).toEqual([]);
	});

	it('never deactivates the platform itself, and answers a forged id with "not found"', async () => {
		const [platform] = await database.db.select().from(organisations).where(eq(organisations.kind, 'platform'));
		const out: Answer = await orgActions.deactivate(await adminEvent({ form: { organisationId: platform.id } }));
		expect(out.status).toBe(404);
		expect(((await orgActions.deactivate(await adminEvent({ form: { organisationId: 'not-a-uuid' } }))) as Answer).status).toBe(404);
		expect((await database.db.select().from(organisations).where(eq(organisations.id, platform.id)))[0].deactivatedAt).toBeNull();
	});
});

const AREA_FORM = {
	name: 'Lapin työllisyysalue',
	nameSv: 'Lapplands sysselsättningsområde',
	businessId: '2980013-2',
	municipalities: 'Rovaniemi\nKemi, Tornio\nKemi',
	languages: ['fi', 'sv'],
	ovt: '',
	peppolId: '0216:003729800132',
	einvoiceOperator: 'Operaattori Oy',
	adminEmail: 'Paakayttaja@Lappi.test',
	adminName: 'Liisa Lappalainen',
	adminLocale: 'fi'
};

async function createArea(form: Record<string, string | string[]>): Promise<Answer> {
	try {
		return await newAreaActions.default(await adminEvent({ form, url: 'http://localhost/admin/organisations/new' }));
	} catch (e) {
		return e;
	}
}

describe('creating an area', () => {
	it('refuses bad input field by field and creates nothing', async () => {
		const out = await createArea({ ...AREA_FORM, businessId: '2980013-3', municipalities: ' , ', languages: [], peppolId: 'x', adminEmail: 'nope' });
		expect(out.status).toBe(400);
		expect(out.data.errors).toMatchObject({
			businessId: 'errors.businessIdInvalid',
			municipalities: 'errors.municipalitiesRequired',
			languages: 'errors.languagesRequired',
			peppolId: 'errors.peppolInvalid',
			adminEmail: 'errors.emailInvalid'
		});
		expect(out.data.values.name).toBe(AREA_FORM.name);
		expect((await createArea({ ...AREA_FORM, languages: ['de'] })).status).toBe(400);
		expect(await database.db.select().from(organisations).where(eq(organisations.name, AREA_FORM.name))).toHaveLength(0);
	});

	it('creates the area with its details, invites its first admin and audits it; the same Y-tunnus again is refused', async () => {
		const out = await createArea(AREA_FORM);
		expect(out.status).toBe(303);
		const [area] = await database.db.select().from(organisations).where(eq(organisations.businessId, AREA_FORM.businessId));
		expect(area).toMatchObject({
			kind: 'area',
			name: AREA_FORM.name,
			nameSv: AREA_FORM.nameSv,
			municipalities: ['Rovaniemi', 'Kemi', 'Tornio'],
			languages: ['fi', 'sv'],
			peppolId: '0216:003729800132',
			einvoiceOperator: 'Operaattori Oy',
			deactivatedAt: null
		});
		const [admin] = await database.db.select().from(users).where(eq(users.email, 'paakayttaja@lappi.test'));
		expect(
			await database.db
				.select()
				.from(memberships)
				.where(and(eq(memberships.userId, admin.id), eq(memberships.organisationId, area.id)))
		).toEqual([expect.objectContaining({ role: 'area_admin' })]);
		// The invitation mail and its job were written in the same transaction.
		const [mail] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, 'paakayttaja@lappi.test'));
		expect(mail.body).toContain('/reset-password/');
		expect(rowsOf(await database.db.execute(sql`select id from pgboss.job where name = 'mail' and data->>'mailId' = ${mail.id}`))).toHaveLength(1);
		expect((await audits('organisation.create_area')).map((a) => a.areaId)).toEqual([area.id]);

		const again = await createArea({ ...AREA_FORM, name: 'Toinen alue', adminEmail: 'toinen@lappi.test' });
		expect(again.status).toBe(400);
		expect(again.data.message).toBe('errors.businessIdTaken');
		expect(again.data.errors.businessId).toBe('errors.businessIdTaken');
		expect(await database.db.select().from(organisations).where(eq(organisations.name, 'Toinen alue'))).toHaveLength(0);
		expect(await database.db.select().from(users).where(eq(users.email, 'toinen@lappi.test'))).toHaveLength(0);
	});
});

describe('the background work page', () => {
	it('shows a failed job with its error, and a retry puts it back in the queue (audited)', async () => {
		const [job] = rowsOf<{ id: string }>(
			await database.db.execute(
				sql`insert into pgboss.job (name, data, state, retry_count, output, completed_on) values ('push', '{}', 'failed', 5, '{"message":"503 push service unavailable"}', now()) returning id`
			)
		);
		const data: Answer = await jobsLoad(await adminEvent());
		expect(data.queues.find((q: Answer) => q.queue === 'push').counts.failed).toBe(1);
		expect(data.failed).toContainEqual(expect.objectContaining({ id: job.id, queue: 'push', attempts: 6, error: '503 push service unavailable' }));

		expect(await jobsActions.retry(await adminEvent({ form: { queue: 'push', jobId: job.id } }))).toEqual({ success: 'platform.jobs.retried' });
		const [state] = rowsOf<{ state: string }>(await database.db.execute(sql`select state::text as state from pgboss.job where id = ${job.id}`));
		expect(state.state).toBe('retry');
		expect((await audits('jobs.retry')).flatMap((a) => a.targetIds)).toEqual([job.id]);
		// Not failed any more: a second retry finds nothing.
		expect(((await jobsActions.retry(await adminEvent({ form: { queue: 'push', jobId: job.id } }))) as Answer).status).toBe(404);
		expect(((await jobsActions.retry(await adminEvent({ form: { queue: 'nope', jobId: job.id } }))) as Answer).status).toBe(404);
	});
});

/**
 * Issue 15 §3 and issue 16 ("one bad item blocks a phone's whole queue"), case by case: what a person
 * notices when the input is bad. Every request goes through the input hook's checks (see helpers/event).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { arvis, attendance, auditLog, meetings, priceLines, referrals, users } from '../../src/lib/server/db/schema';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { createReferral } from '../../src/lib/server/referrals/create';
import { actions as todayActions } from '../../src/routes/provider/[orgId=uuid]/today/+page.server';
import { POST as syncPost } from '../../src/routes/provider/[orgId=uuid]/attendance/+server';
import { POST as arviDraft } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/draft/+server';
import { actions as groupActions } from '../../src/routes/area/[orgId=uuid]/referrals/group/+page.server';
import { actions as areaReferralActions } from '../../src/routes/area/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { actions as providerReferralActions } from '../../src/routes/provider/[orgId=uuid]/referrals/[referralId=uuid]/+page.server';
import { actions as contractActions } from '../../src/routes/area/[orgId=uuid]/contracts/[contractId=uuid]/+page.server';
import { actions as participationActions } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { actions as loginActions } from '../../src/routes/login/+page.server';
import { POST as languagePost } from '../../src/routes/language/+server';
import { loadActor } from '../../src/lib/server/auth/actor';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeUser, testClock } from './helpers/fixtures';
import { mark, participationSetting } from './helpers/participations';

let database: Database;
// Monday 23 Nov 2026, 10:00 in Helsinki.
const c = testClock('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

const marksOf = (participationId: string) =>
	database.db
		.select()
		.from(attendance)
		.where(and(eq(attendance.participationId, participationId), eq(attendance.day, TODAY)));

describe('one bad item never blocks the rest (offline queue, server side)', () => {
	it('answers a mark whose absence text holds a NUL "invalid" and saves the other marks', async () => {
		const s = await participationSetting(database, c.clock, { customers: 3, cohort: true });
		const actor = await s.coachActor();
		const [a, b, bad] = s.participationIds;
		const nul = mark(bad, TODAY, 'absent', { reason: 'other', reasonText: 'Lääkäri\u0000käynti' });
		const good = [mark(a, TODAY, 'present'), mark(b, TODAY, 'absent', { reason: 'sick', reasonText: 'Flunssa' })];
		const res = (await syncPost(
			makeEvent({
				actor,
				clock: c.clock,
				params: { orgId: s.providerId },
				url: `http://localhost/provider/${s.providerId}/attendance`,
				json: { marks: [good[0], nul, good[1]] }
			})
		)) as Response;
		expect(res.status).toBe(200);
		const results = new Map(((await res.json()) as { marks: { clientKey: string; ok: boolean; error?: string }[] }).marks.map((m) => [m.clientKey, m]));
		expect(results.get(nul.clientKey)).toMatchObject({ ok: false, error: 'invalid' });
		for (const m of good) expect(results.get(m.clientKey)).toMatchObject({ ok: true });
		expect(await marksOf(a)).toHaveLength(1);
		expect(await marksOf(b)).toHaveLength(1);
		expect(await marksOf(bad)).toHaveLength(0);
	});

	it('refuses a meeting of "0x1F" minutes or at 25:00 as invalid instead of saving 31 minutes', async () => {
		const s = await participationSetting(database, c.clock, { customers: 1 });
		const actor = await s.coachActor();
		const meeting = (extra: Record<string, unknown>) => ({
			clientKey: crypto.randomUUID(),
			participationId: s.participationIds[0],
			day: TODAY,
			startTime: '10:00',
			durationMinutes: 45,
			mode: 'in_person',
			...extra
		});
		const res = (await syncPost(
			makeEvent({
				actor,
				clock: c.clock,
				params: { orgId: s.providerId },
				json: { meetings: [meeting({ durationMinutes: '0x1F' }), meeting({ startTime: '25:00' }), meeting({ day: '2026-02-30' })] }
			})
		)) as Response;
		const body = (await res.json()) as { meetings: { ok: boolean; error?: string }[] };
		expect(body.meetings.map((m) => m.ok)).toEqual([false, false, false]);
		expect(await database.db.$count(meetings, eq(meetings.participationId, s.participationIds[0]))).toBe(0);
	});

	it('answers an ARVI draft holding a NUL "invalid" with the field, and keeps the saved text', async () => {
		const s = await participationSetting(database, c.clock, { customers: 1, start: '2026-10-01' });
		const actor = await s.coachActor();
		const p = s.participationIds[0];
		for (const [version, change] of [
			[1, { kind: 'start', day: '2026-10-01' }],
			[2, { kind: 'complete', day: '2026-11-20' }]
		] as const) {
			const r = await changeParticipation(database.db, s.cctx, actor!, p, version, change);
			if (!r.ok) throw new Error(r.error);
		}
		const arvi = (await database.db.query.arvis.findFirst({ where: (x, { eq: e }) => e(x.participationId, p) }))!;
		const res = (await arviDraft(
			makeEvent({
				actor,
				clock: c.clock,
				params: { orgId: s.providerId, arviId: arvi.id },
				json: { content: { activities: 'Valmennus\u0000' }, baseRevision: arvi.draftRevision, device: 'device-123', key: crypto.randomUUID() }
			})
		)) as Response;
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ ok: false, error: 'invalid', problems: { activities: expect.any(String) } });
		const [after] = await database.db.select().from(arvis).where(eq(arvis.id, arvi.id));
		expect(after.draftRevision).toBe(arvi.draftRevision);
		expect(after.content).toEqual(arvi.content);
	});
});

describe('"All present" without JavaScript', () => {
	it('saves the valid marks and says who was refused', async () => {
		const s = await participationSetting(database, c.clock, { customers: 2, cohort: true });
		const other = await participationSetting(database, c.clock, { customers: 1, cohort: true });
		const actor = await s.coachActor();
		const [a, b] = s.participationIds;
		const foreign = other.participationIds[0];
		const form = { day: TODAY, formKey: crypto.randomUUID(), p: [a, 'not-a-participation', foreign] };
		const out = await todayActions.allPresent(makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, form }));
		expect(out).toEqual({
			saved: 1,
			refused: expect.arrayContaining([
				{ participationId: 'not-a-participation', message: 'attendance.error.invalid' },
				{ participationId: foreign, message: 'attendance.error.notFound' }
			])
		});
		expect(await marksOf(a)).toHaveLength(1);
		expect(await marksOf(b)).toHaveLength(0);
		expect(await marksOf(foreign)).toHaveLength(0);
	});

	it('saves a page posted twice (a double tap, a resend) once', async () => {
		const s = await participationSetting(database, c.clock, { customers: 2, cohort: true });
		const actor = await s.coachActor();
		const form = { day: TODAY, formKey: crypto.randomUUID(), p: s.participationIds };
		const post = () => todayActions.allPresent(makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, form }));
		expect(await post()).toEqual({ saved: 2, refused: [] });
		expect(await post()).toEqual({ saved: 2, refused: [] });
		for (const id of s.participationIds) expect(await marksOf(id)).toHaveLength(1);
	});
});

describe('a "present" button without JavaScript', () => {
	const press = async (s: Awaited<ReturnType<typeof participationSetting>>, form: Record<string, string>) => {
		const actor = await s.coachActor();
		return statusOf(() => todayActions.mark(makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, form })));
	};

	it('marks the person its slot names, once however often the same page is posted', async () => {
		const s = await participationSetting(database, c.clock, { customers: 2, cohort: true });
		const [a, b] = s.participationIds;
		const form = { day: TODAY, status: 'present', formKey: crypto.randomUUID(), slot: `d:${a}` };
		expect(await press(s, form)).toBe(200);
		expect(await press(s, form)).toBe(200);
		expect(await marksOf(a)).toHaveLength(1);
		expect(await marksOf(b)).toHaveLength(0);
		// Another load of the page (a new form key) is a new tap.
		expect(await press(s, { ...form, formKey: crypto.randomUUID(), slot: `d:${b}` })).toBe(200);
		expect(await marksOf(b)).toHaveLength(1);
	});

	it('refuses a post without a real form key, or with a slot that names no one, and saves nothing', async () => {
		const s = await participationSetting(database, c.clock, { customers: 1, cohort: true });
		const [a] = s.participationIds;
		expect(await press(s, { day: TODAY, status: 'present', formKey: '', slot: `d:${a}` })).toBe(400);
		expect(await press(s, { day: TODAY, status: 'present', formKey: 'x', slot: `d:${a}` })).toBe(400);
		expect(await press(s, { day: TODAY, status: 'present', formKey: crypto.randomUUID(), slot: `x:${a}` })).toBe(400);
		expect(await marksOf(a)).toHaveLength(0);
	});

	it('refuses more keys than a batch may carry and saves nothing', async () => {
		const s = await participationSetting(database, c.clock, { customers: 1, cohort: true });
		const actor = await s.coachActor();
		const form = { day: TODAY, formKey: crypto.randomUUID(), p: [s.participationIds[0], ...Array.from({ length: 600 }, () => crypto.randomUUID())] };
		expect(await statusOf(() => todayActions.allPresent(makeEvent({ actor, clock: c.clock, params: { orgId: s.providerId }, form })))).toBe(400);
		expect(await marksOf(s.participationIds[0])).toHaveLength(0);
	});
});

describe('referrals', () => {
	const groupForm = (contractId: string, numbers: string[]) => ({
		contractId,
		cohortId: '',
		needs: '',
		plannedStart: '',
		consentFormVersion: 'v1',
		consentScope: 'luovutus',
		consentGivenOn: '2026-11-20',
		...Object.fromEntries(
			numbers.flatMap((n, i) => [
				[`customerNumber:${i}`, n],
				[`name:${i}`, `Asiakas ${n}`],
				[`phone:${i}`, ''],
				[`email:${i}`, ''],
				[`language:${i}`, 'fi']
			])
		)
	});

	it('refuses a group with the same customer number on two rows and creates no referral', async () => {
		const s = await participationSetting(database, c.clock, { customers: 0 });
		const officer = await s.officerActor();
		const before = await database.db.$count(referrals, eq(referrals.contractId, s.contractId));
		const out = await groupActions.default(
			makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id }, form: groupForm(s.contractId, ['G-1', 'G-2', 'G-1']) })
		);
		expect(out).toMatchObject({ status: 400, data: { message: 'errors.checkFields', errors: { 'customerNumber:2': 'errors.duplicateCustomerNumber' } } });
		expect(await database.db.$count(referrals, eq(referrals.contractId, s.contractId))).toBe(before);
	});

	it('answers a version beyond 2^31 "changed meanwhile", and a first meeting on 30 February or at 25:00 "invalid date"', async () => {
		const s = await participationSetting(database, c.clock, { customers: 0 });
		const r = await createReferral(database.db, s.octx, s.area.id, {
			contractId: s.contractId,
			cohortId: null,
			customerNumber: 'V-1',
			name: 'Versio Asiakas',
			phone: null,
			email: null,
			language: 'fi',
			personalId: null,
			needs: null,
			plannedStart: null,
			consentFormVersion: 'v1',
			consentScope: 'luovutus',
			consentGivenOn: '2026-11-20'
		});
		if (!r.ok) throw new Error(r.error);
		const coach = await s.coachActor();
		const accept = (form: Record<string, string>) =>
			providerReferralActions.accept(
				makeEvent({
					actor: coach,
					clock: c.clock,
					params: { orgId: s.providerId, referralId: r.referralId },
					form: { startDate: '2026-11-24', coachId: s.coach.id, firstMeeting: '', version: '1', ...form }
				})
			);
		// The person is told the referral changed meanwhile (reload), as for any stale version.
		expect(await accept({ version: '4294967296' })).toMatchObject({ status: 400, data: { message: 'errors.conflict' } });
		expect(await accept({ firstMeeting: '2026-02-30T10:00' })).toMatchObject({ status: 400, data: { errors: { firstMeeting: 'errors.dateInvalid' } } });
		expect(await accept({ firstMeeting: '2026-11-30T25:00' })).toMatchObject({ status: 400, data: { errors: { firstMeeting: 'errors.dateInvalid' } } });
		expect(await accept({ startDate: '9999-12-31' })).toMatchObject({ status: 400, data: { errors: { startDate: 'errors.dateInvalid' } } });
		const officer = await s.officerActor();
		const withdraw = await areaReferralActions.withdraw(
			makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id, referralId: r.referralId }, form: { reason: 'Muutos', version: '2147483648' } })
		);
		expect(withdraw).toMatchObject({ status: 400, data: { message: 'errors.conflict' } });
		const [row] = await database.db.select().from(referrals).where(eq(referrals.id, r.referralId));
		expect(row).toMatchObject({ status: 'waiting', version: 1 });
	});

	it('refuses consent given in the future', async () => {
		const s = await participationSetting(database, c.clock, { customers: 0 });
		const r = await createReferral(database.db, s.octx, s.area.id, {
			contractId: s.contractId,
			cohortId: null,
			customerNumber: 'F-1',
			name: 'Tuleva Asiakas',
			phone: null,
			email: null,
			language: 'fi',
			personalId: null,
			needs: null,
			plannedStart: null,
			consentFormVersion: 'v1',
			consentScope: 'luovutus',
			consentGivenOn: '2026-11-24'
		});
		expect(r).toEqual({ ok: false, error: 'consentInFuture' });
	});
});

describe('contracts and money', () => {
	it('keeps a unit price of 1,000,000,000 € (beyond the old integer column) and answers a version beyond 2^31 as stale', async () => {
		const s = await participationSetting(database, c.clock, { customers: 0 });
		const admin = await makeUser(database.db, { org: s.area.id, roles: ['area_admin'] });
		const actor = await loadActor(database.db, admin.id, TODAY);
		const post = (form: Record<string, string>) =>
			contractActions.add_priceLine(makeEvent({ actor, clock: c.clock, params: { orgId: s.area.id, contractId: s.contractId }, form }));
		const line = { unit: 'lump_sum', description: 'Kertakorvaus', unitPrice: '1 000 000 000,00', vatRate: '25,5', validFrom: '2026-01-01', condition: '' };
		expect(await post({ ...line, version: '2147483648' })).toMatchObject({ status: 409 });
		const [{ version }] = await database.db.query.contracts.findMany({ where: (x, { eq: e }) => e(x.id, s.contractId), columns: { version: true } });
		const saved = await post({ ...line, version: String(version) });
		expect(saved).not.toMatchObject({ status: expect.any(Number) });
		const [row] = await database.db.select().from(priceLines).where(eq(priceLines.contractId, s.contractId));
		expect(row.unitPriceCents).toBe(100_000_000_000);
	});
});

describe('participations', () => {
	it('refuses a meeting of "0x1F" minutes from the form', async () => {
		const s = await participationSetting(database, c.clock, { customers: 1 });
		const coach = await s.coachActor();
		const out = await participationActions.meeting(
			makeEvent({
				actor: coach,
				clock: c.clock,
				params: { orgId: s.providerId, participationId: s.participationIds[0] },
				form: { clientKey: crypto.randomUUID(), day: TODAY, startTime: '10:00', durationMinutes: '0x1F', mode: 'in_person' }
			})
		);
		expect(out).toMatchObject({ status: 400, data: { errors: { durationMinutes: 'errors.durationInvalid' } } });
		expect(await database.db.$count(meetings, eq(meetings.participationId, s.participationIds[0]))).toBe(0);
	});
});

describe('sign-in and language', () => {
	it('answers a NUL in the sign-in e-mail with a translated 400', async () => {
		const status = await statusOf(() =>
			loginActions.default(makeEvent({ actor: null, clock: c.clock, url: 'http://localhost/login', form: { email: 'maija\u0000@example.fi', password: 'x' } }))
		);
		expect(status).toBe(400);
	});

	it('refuses a redirect with CR/LF before saving the language', async () => {
		const user = await makeUser(database.db, {});
		const actor = { userId: user.id } as never;
		const event = makeEvent({ actor, clock: c.clock, url: 'http://localhost/language', form: { lang: 'sv', redirectTo: '/x\r\nSet-Cookie: a=b' } }) as {
			locals: { user: unknown };
		};
		event.locals.user = { id: user.id, locale: 'fi' };
		expect(await statusOf(() => languagePost(event as never))).toBe(400);
		const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
		expect(row.locale).not.toBe('sv');
		expect(await database.db.$count(auditLog, eq(auditLog.userId, user.id))).toBe(0);
	});
});

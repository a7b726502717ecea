/**
 * ARVI: made when a participation ends, due the contract's deadline after it; drafts saved from devices
 * (duplicates, conflicts); submit with completeness rules; return with a comment and resubmit (versions
 * kept); accept (outcome); two decisions at once; who may see it; the audit trail; the PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { arvis, arviVersions, auditLog, contracts, notifications } from '../../src/lib/server/db/schema';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { arviOutcomes, decideArvi, listArvis, saveArviDraft, submitArvi } from '../../src/lib/server/arvi/service';
import { emptyArvi, type ArviContent } from '../../src/lib/domain/arvi';
import { load as providerList } from '../../src/routes/provider/[orgId=uuid]/arvi/+page.server';
import { load as areaList } from '../../src/routes/area/[orgId=uuid]/arvi/+page.server';
import { actions as providerActions, load as providerPage } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/+page.server';
import { actions as areaActions, load as areaPage } from '../../src/routes/area/[orgId=uuid]/arvi/[arviId=uuid]/+page.server';
import { POST as postDraft } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/draft/+server';
import { GET as areaPdf } from '../../src/routes/area/[orgId=uuid]/arvi/[arviId=uuid]/pdf/+server';
import { loadActor } from '../../src/lib/server/auth/actor';
import type { Actor } from '../../src/lib/server/policy';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeAssignment, makeUser, testClock } from './helpers/fixtures';
import { participationSetting } from './helpers/participations';

let database: Database;
// Monday 23 Nov 2026, 10:00 in Helsinki.
const c = testClock('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());

type Setting = Awaited<ReturnType<typeof participationSetting>>;

/** A participation started on 2 Nov and completed on `end`: its ARVI's id. */
async function ended(s: Setting, end = TODAY, i = 0) {
	const actor = await s.coachActor();
	const pid = s.participationIds[i];
	expect(await changeParticipation(database.db, s.cctx, actor, pid, 1, { kind: 'start', day: '2026-11-02' })).toEqual({ ok: true });
	expect(await changeParticipation(database.db, s.cctx, actor, pid, 2, { kind: 'complete', day: end })).toEqual({ ok: true });
	const [a] = await database.db.select().from(arvis).where(eq(arvis.participationId, pid));
	return a;
}

function complete(overrides: Partial<ArviContent> = {}): ArviContent {
	return {
		...emptyArvi('Valmentaja Testinen'),
		activities: 'Ryhmävalmennus ja kaksi yksilötapaamista.',
		skills: 'Asiakaspalvelu',
		suitableWork: 'Myyjä',
		readiness: 'ready',
		situation: 'employed',
		situationFrom: TODAY,
		nextSteps: [{ kind: 'job', reason: 'Aloittaa työt joulukuussa.' }],
		customerView: 'Hyödyllinen.',
		reviewedOn: TODAY,
		reviewedHow: 'in_person',
		...overrides
	};
}

const form = (content: ArviContent, extra: Record<string, string>): Record<string, string> => ({
	...Object.fromEntries(Object.entries(content).filter((e): e is [string, string] => typeof e[1] === 'string')),
	...Object.fromEntries(content.nextSteps.flatMap((s, i) => [[`nextSteps.${i}.kind`, s.kind], [`nextSteps.${i}.reason`, s.reason]])),
	...extra
});

const ev = (actor: Actor, orgId: string, arviId: string, more: { form?: Record<string, string>; url?: string } = {}) =>
	makeEvent({ actor, clock: c.clock, params: { orgId, arviId }, url: more.url ?? `http://localhost/x/${arviId}`, form: more.form });

describe('ARVI is due after the end', () => {
	it('ending a participation makes one ARVI, due the contract deadline later (calendar or working days), in the customer language', async () => {
		const s = await participationSetting(database, c.clock, { customers: 2 });
		const a = await ended(s, '2026-11-20');
		// The contract form's default: 14 calendar days.
		expect(a).toMatchObject({ status: 'draft', dueOn: '2026-12-04', language: 'fi' });
		await database.db.update(contracts).set({ deadlines: { arvi: { days: 5, count: 'working' } } }).where(eq(contracts.id, s.contractId));
		// Monday 23 Nov + 5 working days (the weekend does not count): Monday 30 Nov.
		const b = await ended(s, TODAY, 1);
		expect(b.dueOn).toBe('2026-11-30');
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'arvi.create'));
		expect(audit.filter((x) => x.targetIds.includes(a.id))).toHaveLength(1);
	});

	it('the provider list shows it, overdue once the due day has passed, and the area sees nothing before it is sent', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await ended(s, '2026-11-06');
		const coach = await s.coachActor();
		const rows = await listArvis(database.db, s.cctx, coach, s.providerId, { overdueOnly: true });
		expect(rows.map((r) => [r.id, r.overdue])).toEqual([[a.id, true]]);
		const list = (await providerList(makeEvent({ actor: coach, clock: c.clock, params: { orgId: s.providerId }, url: 'http://localhost/?overdue=1' }))) as { arvis: { id: string }[] };
		expect(list.arvis.map((r) => r.id)).toEqual([a.id]);
		const officer = await s.officerActor();
		const inbox = (await areaList(makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id }, url: 'http://localhost/?status=any' }))) as { arvis: unknown[] };
		expect(inbox.arvis).toEqual([]);
		expect(await statusOf(() => areaPage(ev(officer, s.area.id, a.id)))).toBe(404);
	});
});

describe('drafts', () => {
	it('a resend is a duplicate, another device on an older text is a conflict, the same device goes on; bad drafts change nothing', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await ended(s);
		const coach = await s.coachActor();
		const save = (content: ArviContent, baseRevision: number, device: string, key: string) => saveArviDraft(database.db, s.cctx, coach, a.id, { content, baseRevision, device, key });
		expect(await save(complete({ skills: 'eka' }), 0, 'phone-0001', 'key-00001')).toEqual({ ok: true, revision: 1, duplicate: false });
		expect(await save(complete({ skills: 'eka' }), 0, 'phone-0001', 'key-00001')).toEqual({ ok: true, revision: 1, duplicate: true });
		// The phone typed on before hearing back: same device, older base, accepted.
		expect(await save(complete({ skills: 'toka' }), 0, 'phone-0001', 'key-00002')).toEqual({ ok: true, revision: 2, duplicate: false });
		// A laptop that loaded revision 1 is told about the newer text.
		const conflict = await save(complete({ skills: 'läppäri' }), 1, 'laptop-001', 'key-00003');
		expect(conflict).toMatchObject({ ok: false, error: 'conflict', current: { revision: 2, content: { skills: 'toka' } } });
		// Keeping its own text: sent again on top of revision 2.
		expect(await save(complete({ skills: 'läppäri' }), 2, 'laptop-001', 'key-00004')).toEqual({ ok: true, revision: 3, duplicate: false });

		const post = async (body: unknown): Promise<Response> =>
			postDraft({ ...(ev(coach, s.providerId, a.id) as object), request: new Request('http://localhost/draft', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) } as never);
		const tooLong = await post({ content: complete({ skills: 'x'.repeat(1001) }), baseRevision: 3, device: 'laptop-001', key: 'key-00005' });
		expect(tooLong.status).toBe(400);
		expect(await tooLong.json()).toMatchObject({ ok: false, problems: { skills: 'tooLong' } });
		expect((await post({ content: 'nope', baseRevision: 3, device: 'laptop-001', key: 'key-00006' })).status).toBe(400);
		const [row] = await database.db.select().from(arvis).where(eq(arvis.id, a.id));
		expect(row).toMatchObject({ draftRevision: 3, content: { skills: 'läppäri' } });
		expect(await post({ content: complete(), baseRevision: 3, device: 'laptop-001', key: 'key-00007' }).then((r) => r.json())).toMatchObject({ ok: true, revision: 4 });
	});
});

describe('submit, return, resubmit, accept', () => {
	it('an incomplete ARVI is refused field by field and nothing is stored', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await ended(s);
		const coach = await s.coachActor();
		const r = await submitArvi(database.db, s.cctx, coach, a.id, a.version, complete({ customerView: '', nextSteps: [], reviewedOn: '2026-11-24' }));
		expect(r).toEqual({ ok: false, error: 'incomplete', problems: { customerView: 'arviRequired', nextSteps: 'arviNextStepRequired', reviewedOn: 'arviFuture' } });
		const res = await providerActions.submit(ev(coach, s.providerId, a.id, { form: form(complete({ skills: '' }), { version: String(a.version) }) }) as never);
		expect(res).toMatchObject({ status: 400, data: { errors: { skills: 'arviRequired' }, message: 'arvi.error.incomplete' } });
		expect(await database.db.select().from(arviVersions).where(eq(arviVersions.arviId, a.id))).toEqual([]);
		expect((await database.db.select().from(arvis).where(eq(arvis.id, a.id)))[0].status).toBe('draft');
	});

	it('goes to the case officer, comes back with a comment, is sent again as version 2 and accepted; version 1 stays as it was', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await ended(s);
		const coach = await s.coachActor();
		const officer = await s.officerActor();
		expect(await providerActions.submit(ev(coach, s.providerId, a.id, { form: form(complete(), { version: String(a.version) }) }) as never)).toMatchObject({ success: 'arvi.submitted' });
		expect(await database.db.select().from(notifications).where(and(eq(notifications.userId, s.officer.id), eq(notifications.kind, 'arvi_submitted')))).toHaveLength(1);

		let page = (await areaPage(ev(officer, s.area.id, a.id))) as { arvi: { version: number; status: string }; canReview: boolean; content: ArviContent };
		expect(page).toMatchObject({ canReview: true, arvi: { status: 'submitted' }, content: { skills: 'Asiakaspalvelu' } });
		// Returning needs a comment; without one nothing changes.
		expect(await areaActions.return(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version), comment: '  ' } }) as never)).toMatchObject({ status: 400, data: { errors: { comment: 'arvi.error.commentRequired' } } });
		expect((await database.db.select().from(arvis).where(eq(arvis.id, a.id)))[0].status).toBe('submitted');
		expect(await areaActions.return(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version), comment: 'Tarkenna jatkosuunnitelma.' } }) as never)).toMatchObject({ success: 'arvi.returnedDone' });

		const mine = (await providerPage(ev(coach, s.providerId, a.id))) as { editable: boolean; arvi: { version: number }; versions: { number: number; comment: string | null }[] };
		expect(mine).toMatchObject({ editable: true, versions: [{ number: 1, comment: 'Tarkenna jatkosuunnitelma.' }] });
		const second = complete({ nextSteps: [{ kind: 'further_training', reason: 'Trukkikortti ennen aloitusta.' }] });
		expect(await submitArvi(database.db, s.cctx, coach, a.id, mine.arvi.version, second)).toEqual({ ok: true, number: 2 });

		page = (await areaPage(ev(officer, s.area.id, a.id))) as typeof page;
		expect(page.content.nextSteps[0].kind).toBe('further_training');
		const v1 = (await areaPage(ev(officer, s.area.id, a.id, { url: `http://localhost/x/${a.id}?version=1` }))) as typeof page & { shownVersion: number };
		expect(v1).toMatchObject({ shownVersion: 1, canReview: false, content: { nextSteps: [{ kind: 'job' }] } });
		expect(await areaActions.accept(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version), comment: '' } }) as never)).toMatchObject({ success: 'arvi.acceptedDone' });
		expect((await database.db.select().from(arvis).where(eq(arvis.id, a.id)))[0]).toMatchObject({ status: 'accepted', outcome: 'employed' });
		expect((await arviOutcomes(database.db, [s.contractId])).get(s.contractId)).toMatchObject({ employed: 1, total: 1 });
		// Accepted: the provider can no longer change it.
		expect(await saveArviDraft(database.db, s.cctx, coach, a.id, { content: complete(), baseRevision: 99, device: 'phone-0001', key: 'late-key-1' })).toEqual({ ok: false, error: 'notEditable' });
		const actions = (await database.db.select().from(auditLog)).filter((x) => x.targetIds.includes(a.id)).map((x) => x.action);
		for (const act of ['arvi.create', 'arvi.submit', 'arvi.return', 'arvi.accept', 'customer.read']) expect(actions, act).toContain(act);
	});

	it('of two decisions at the same moment exactly one happens', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await ended(s);
		expect(await submitArvi(database.db, s.cctx, await s.coachActor(), a.id, a.version, complete())).toMatchObject({ ok: true });
		const second = await makeUser(database.db, { org: s.area.id, roles: ['case_officer'] });
		const [officer, other] = [await s.officerActor(), await loadActor(database.db, second.id, TODAY)];
		const version = a.version + 1;
		const results = await Promise.all([
			decideArvi(database.db, s.octx, officer, a.id, version, { kind: 'accept', comment: null }),
			decideArvi(database.db, s.octx, other, a.id, version, { kind: 'return', comment: 'Korjaa.' })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: expect.stringMatching(/^(stale|wrongStatus)$/) });
		expect(await database.db.select().from(arviVersions).where(and(eq(arviVersions.arviId, a.id)))).toHaveLength(1);
	});
});

describe('who may see an ARVI', () => {
	it('only the provider staff covering the participation and the customer area; the same id elsewhere is not found', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await ended(s);
		expect(await submitArvi(database.db, s.cctx, await s.coachActor(), a.id, a.version, complete())).toMatchObject({ ok: true });
		const other = await participationSetting(database, c.clock);
		const unassigned = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		const reviewer = await makeUser(database.db, { org: s.area.id, roles: ['invoice_reviewer'] });
		const auditor = await makeUser(database.db, { org: s.area.id, roles: ['auditor'] });
		const actor = (id: string) => loadActor(database.db, id, TODAY);
		const cases: [string, Actor, string][] = [
			['coach of another provider', await other.coachActor(), other.providerId],
			['officer of another area', await other.officerActor(), other.area.id],
			['coach without an assignment', await actor(unassigned.id), s.providerId],
			['invoice reviewer', await actor(reviewer.id), s.area.id],
			['auditor', await actor(auditor.id), s.area.id]
		];
		for (const [who, act, org] of cases) {
			const load = org === s.providerId || org === other.providerId ? providerPage : areaPage;
			expect(await statusOf(() => load(ev(act, org, a.id))), who).toBeGreaterThanOrEqual(403);
			expect(await statusOf(() => areaPdf(ev(act, org, a.id))), who).toBeGreaterThanOrEqual(403);
		}
		// The coach is not the area; the officer is not the provider.
		const [coach, officer] = [await s.coachActor(), await s.officerActor()];
		expect(await statusOf(() => areaActions.accept(ev(coach, s.providerId, a.id, { form: { version: '2', comment: '' } }) as never))).toBe(404);
		expect(await statusOf(() => providerActions.submit(ev(officer, s.area.id, a.id, { form: { version: '2' } }) as never))).toBe(404);
		// A covering assignment gives the second coach access.
		await makeAssignment(database.db, { userId: unassigned.id, providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
		expect(await statusOf(() => providerPage(ev(cases[2][1], s.providerId, a.id)))).toBe(404);
		expect(await statusOf(async () => providerPage(ev(await actor(unassigned.id), s.providerId, a.id)))).toBe(200);
	});

	it('the area PDF is a PDF, downloaded only once sent, and audited with the customer', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await ended(s);
		const officer = await s.officerActor();
		expect(await statusOf(() => areaPdf(ev(officer, s.area.id, a.id)))).toBe(404);
		expect(await submitArvi(database.db, s.cctx, await s.coachActor(), a.id, a.version, complete())).toMatchObject({ ok: true });
		const res = await areaPdf(ev(officer, s.area.id, a.id));
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toMatch(/ARVI-.*-v1\.pdf/);
		expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		const pdfAudit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'arvi.pdf'));
		expect(pdfAudit.filter((x) => x.targetIds.includes(a.id)).map((x) => x.customerIds)).toEqual([[a.customerId]]);
	});
});

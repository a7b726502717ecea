/**
 * ARVI (the end-of-service summary), as the people using it notice it: made once when a participation
 * ends and due the contract's deadline later; overdue in the provider's lists; drafts from several devices;
 * submit with completeness rules; return with a comment, resubmit, accept, earlier versions kept; two
 * decisions at once; who may see and do what; the audit trail; the PDF; the outcome figures.
 * Pages, actions and endpoints are the route modules, called as SvelteKit would.
 */
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { arvis, arviVersions, auditLog, contracts, memberships, notices, notifications, participations } from '../../src/lib/server/db/schema';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { decideNotice } from '../../src/lib/server/notices/service';
import { acceptReferral } from '../../src/lib/server/referrals/answer';
import { createReferral } from '../../src/lib/server/referrals/create';
import { decideArvi } from '../../src/lib/server/arvi/decisions';
import { saveArviDraft, submitArvi } from '../../src/lib/server/arvi/drafts';
import { arviOutcomes, listArvis } from '../../src/lib/server/arvi/service';
import { emptyArvi, type ArviContent } from '../../src/lib/domain/arvi';
import { translate } from '../../src/lib/i18n';
import { load as providerList } from '../../src/routes/provider/[orgId=uuid]/arvi/+page.server';
import { load as areaList } from '../../src/routes/area/[orgId=uuid]/arvi/+page.server';
import { actions as providerActions, load as providerPage } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/+page.server';
import { actions as areaActions, load as areaPage } from '../../src/routes/area/[orgId=uuid]/arvi/[arviId=uuid]/+page.server';
import { POST as postDraft } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/draft/+server';
import { GET as providerPdf } from '../../src/routes/provider/[orgId=uuid]/arvi/[arviId=uuid]/pdf/+server';
import { GET as areaPdf } from '../../src/routes/area/[orgId=uuid]/arvi/[arviId=uuid]/pdf/+server';
import { loadActor } from '../../src/lib/server/auth/actor';
import type { Actor } from '../../src/lib/server/policy';
import type { Clock } from '../../src/lib/domain/clock';
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
type Arvi = typeof arvis.$inferSelect;

const arviRow = async (id: string) => (await database.db.select().from(arvis).where(eq(arvis.id, id)))[0];
const arvisOf = (participationId: string) => database.db.select().from(arvis).where(eq(arvis.participationId, participationId));
const versionsOf = (arviId: string) => database.db.select().from(arviVersions).where(eq(arviVersions.arviId, arviId)).orderBy(arviVersions.number);
const auditOf = async (arviId: string) => (await database.db.select().from(auditLog).orderBy(auditLog.id)).filter((x) => x.targetIds.includes(arviId));
const participationVersion = async (id: string) =>
	(await database.db.select({ v: participations.version }).from(participations).where(eq(participations.id, id)))[0].v;

/** Starts the participation on 2 Nov and ends it (completed, or interrupted) on `day`: its ARVI. */
async function endParticipation(s: Setting, opts: { pid?: string; day?: string; how?: 'complete' | 'interrupt'; start?: boolean } = {}): Promise<Arvi> {
	const actor = await s.coachActor();
	const pid = opts.pid ?? s.participationIds[0];
	if (opts.start !== false)
		expect(await changeParticipation(database.db, s.cctx, actor, pid, await participationVersion(pid), { kind: 'start', day: '2026-11-02' })).toEqual({
			ok: true
		});
	const day = opts.day ?? TODAY;
	const change = opts.how === 'interrupt' ? ({ kind: 'interrupt', day, reason: 'employed', text: null } as const) : ({ kind: 'complete', day } as const);
	expect(await changeParticipation(database.db, s.cctx, actor, pid, await participationVersion(pid), change)).toEqual({ ok: true });
	const rows = await arvisOf(pid);
	expect(rows).toHaveLength(1);
	return rows[0];
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

/** The form's fields for some content (list rows as `name.i.field`). */
function formOf(content: ArviContent, extra: Record<string, string> = {}): Record<string, string> {
	const f: Record<string, string> = {};
	for (const [k, v] of Object.entries(content)) if (typeof v === 'string') f[k] = v;
	content.workPeriods.forEach((w, i) =>
		Object.assign(f, { [`workPeriods.${i}.from`]: w.from, [`workPeriods.${i}.until`]: w.until, [`workPeriods.${i}.workplace`]: w.workplace })
	);
	content.qualifications.forEach((q, i) =>
		Object.assign(f, { [`qualifications.${i}.kind`]: q.kind, [`qualifications.${i}.name`]: q.name, [`qualifications.${i}.date`]: q.date })
	);
	content.nextSteps.forEach((s, i) => Object.assign(f, { [`nextSteps.${i}.kind`]: s.kind, [`nextSteps.${i}.reason`]: s.reason }));
	return { ...f, ...extra };
}

const ev = (actor: Actor, orgId: string, arviId: string, more: { form?: Record<string, string>; url?: string; clock?: Clock } = {}) =>
	makeEvent({ actor, clock: more.clock ?? c.clock, params: { orgId, arviId }, url: more.url ?? `http://localhost/arvi/${arviId}`, form: more.form });

const listEv = (actor: Actor, orgId: string, query = '', clock: Clock = c.clock) =>
	makeEvent({ actor, clock, params: { orgId }, url: `http://localhost/arvi${query}` });

/** The device's autosave POST (a string body is sent as such, for malformed JSON). */
function draftEv(actor: Actor, orgId: string, arviId: string, body: unknown) {
	const base = ev(actor, orgId, arviId) as unknown as Record<string, unknown>;
	const request = new Request(`http://localhost/provider/${orgId}/arvi/${arviId}/draft`, {
		method: 'POST',
		body: typeof body === 'string' ? body : JSON.stringify(body),
		headers: { 'content-type': 'application/json' }
	});
	return { ...base, request } as never;
}

type Page = {
	arvi: { id: string; status: string; version: number; draftRevision: number; dueOn: string; language: string; overdue: boolean };
	content: ArviContent;
	shownVersion: number | null;
	versions: { number: number; decision: string | null; comment: string | null }[];
	editable: boolean;
	canReview: boolean;
};
type List = { arvis: { id: string; status: string; overdue: boolean; customerId: string; dueOn: string }[] };

/**
 * The text a PDF shows: pdfkit writes text as glyph ids of an embedded font subset (Identity-H) in
 * Flate-compressed content streams, and a ToUnicode map per font. Enough of PDF to read it back. A ligature's
 * entry in the map holds two letters: read as one, it shifted every later glyph (an intermittent failure when random
 * test data held "fi" or "fl").
 */
function pdfText(pdf: Buffer): string {
	const s = pdf.toString('latin1');
	const objects = new Map<string, { dict: string; data: string | null }>();
	const head = /(\d+) 0 obj\s/g;
	let m: RegExpExecArray | null;
	while ((m = head.exec(s))) {
		const start = head.lastIndex;
		const endobj = s.indexOf('endobj', start);
		const streamAt = s.indexOf('stream\n', start);
		if (streamAt !== -1 && streamAt < endobj) {
			const dict = s.slice(start, streamAt);
			const length = Number(/\/Length (\d+)/.exec(dict)![1]);
			const raw = Buffer.from(s.slice(streamAt + 7, streamAt + 7 + length), 'latin1');
			objects.set(m[1], { dict, data: (dict.includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1') });
			head.lastIndex = streamAt + 7 + length;
		} else {
			objects.set(m[1], { dict: s.slice(start, endobj), data: null });
			head.lastIndex = endobj;
		}
	}
	const cmapOf = (ref: string) => {
		const map = new Map<number, string>();
		for (const r of (objects.get(ref)?.data ?? '').matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
			// An entry is one glyph's UTF-16 units: several for a ligature (`<0066 0069>`, "fi") or a surrogate pair.
			[...r[3].matchAll(/<([0-9a-f ]*)>/gi)].forEach((u, i) =>
				map.set(parseInt(r[1], 16) + i, String.fromCharCode(...(u[1].match(/[0-9a-f]{4}/gi) ?? []).map((h) => parseInt(h, 16))))
			);
		}
		return map;
	};
	const fontCmaps = new Map<string, Map<number, string>>();
	for (const [id, o] of objects) {
		const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(o.dict);
		if (toUnicode) fontCmaps.set(id, cmapOf(toUnicode[1]));
	}
	const fontNames = new Map<string, Map<number, string>>();
	for (const o of objects.values()) for (const f of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) if (fontCmaps.has(f[2])) fontNames.set(f[1], fontCmaps.get(f[2])!);
	const lines: string[] = [];
	for (const o of objects.values()) {
		if (!o.data || !o.data.includes(' Tf')) continue;
		let cmap = new Map<number, string>();
		for (const t of o.data.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
			if (t[1]) cmap = fontNames.get(t[1]) ?? new Map();
			else
				lines.push(
					[...t[2].matchAll(/<([0-9a-f]+)>/gi)]
						.map((h) =>
							h[1]
								.match(/.{4}/g)!
								.map((g) => cmap.get(parseInt(g, 16)) ?? '?')
								.join('')
						)
						.join('')
				);
		}
	}
	return lines.join('\n');
}

describe('an ARVI is made when a participation ends', () => {
	it('completing makes exactly one draft ARVI, due 14 calendar days after the end by default, and audits it', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s, { day: '2026-11-20' });
		expect(a).toMatchObject({
			status: 'draft',
			dueOn: '2026-12-04',
			language: 'fi',
			customerId: s.customerIds[0],
			areaId: s.area.id,
			providerId: s.providerId,
			contractId: s.contractId,
			submittedAt: null
		});
		const created = (await auditOf(a.id)).filter((x) => x.action === 'arvi.create');
		expect(created).toHaveLength(1);
		expect(created[0]).toMatchObject({ customerIds: [s.customerIds[0]], areaId: s.area.id, userId: s.coach.id });
		// The coach sees the due day on the page.
		expect(((await providerPage(ev(await s.coachActor(), s.providerId, a.id))) as Page).arvi).toMatchObject({
			dueOn: '2026-12-04',
			status: 'draft',
			overdue: false
		});
	});

	it('a contract without an ARVI deadline gives 14 calendar days', async () => {
		const s = await participationSetting(database, c.clock, { contract: { arviDays: 3, arviCount: 'working' } });
		const [contract] = await database.db.select().from(contracts).where(eq(contracts.id, s.contractId));
		const { arvi: _arvi, ...others } = contract.deadlines;
		await database.db.update(contracts).set({ deadlines: others }).where(eq(contracts.id, s.contractId));
		expect((await endParticipation(s, { day: '2026-11-20' })).dueOn).toBe('2026-12-04');
	});

	it('interrupting makes one too, by the contract’s calendar-day rule', async () => {
		const s = await participationSetting(database, c.clock, { contract: { arviDays: 10, arviCount: 'calendar' } });
		const a = await endParticipation(s, { day: '2026-11-19', how: 'interrupt' });
		// Thursday 19 Nov + 10 calendar days (the weekends count): Sunday 29 Nov.
		expect(a).toMatchObject({ status: 'draft', dueOn: '2026-11-29' });
		expect((await auditOf(a.id)).filter((x) => x.action === 'arvi.create')).toHaveLength(1);
	});

	it('counts working days without weekends and Christmas holidays', async () => {
		const december = testClock('2026-12-28T08:00:00Z');
		const s = await participationSetting(database, december.clock, { contract: { arviDays: 5, arviCount: 'working' } });
		// Tue 22 Dec + 5 working days: Wed 23, (Christmas Eve, Christmas Day, the weekend), Mon 28, Tue 29, Wed 30, Thu 31 Dec.
		const a = await endParticipation(s, { day: '2026-12-22' });
		expect(a.dueOn).toBe('2026-12-31');
	});

	it('is written in the customer’s language of service', async () => {
		const s = await participationSetting(database, c.clock, { customers: 0, contract: { languages: ['fi', 'sv'] } });
		const pid = await referCustomer(s, { language: 'sv' });
		const a = await endParticipation(s, { pid });
		expect(a.language).toBe('sv');
		expect(((await providerPage(ev(await s.coachActor(), s.providerId, a.id))) as Page).arvi.language).toBe('sv');
	});

	it('an interrupted participation that the area lets continue keeps its one ARVI, hidden and locked until it ends again, then due from the new end', async () => {
		const s = await participationSetting(database, c.clock);
		const coach = await s.coachActor();
		const first = await endParticipation(s, { day: '2026-11-13', how: 'interrupt' });
		expect(first.dueOn).toBe('2026-11-27');
		expect(
			await saveArviDraft(database.db, s.cctx, coach, first.id, {
				content: complete({ skills: 'Keskeytyksen aikana' }),
				baseRevision: 0,
				device: 'phone-0001',
				key: 'key-before-resume'
			})
		).toMatchObject({ ok: true });
		const [notice] = await database.db
			.select()
			.from(notices)
			.where(and(eq(notices.participationId, s.participationIds[0]), eq(notices.kind, 'interruption')));
		expect(
			await decideNotice(database.db, s.octx, await s.officerActor(), notice.id, notice.version, { decision: 'participation_continues', comment: 'Jatkaa.' })
		).toEqual({ ok: true });
		// Running again: no ARVI due in the lists, and it cannot be written or sent.
		expect(((await providerList(listEv(coach, s.providerId))) as List).arvis).toEqual([]);
		expect(
			await saveArviDraft(database.db, s.cctx, coach, first.id, { content: complete(), baseRevision: 1, device: 'phone-0001', key: 'key-while-running' })
		).toEqual({ ok: false, error: 'notEditable' });
		expect(await submitArvi(database.db, s.cctx, coach, first.id, (await arviRow(first.id)).version, complete())).toEqual({ ok: false, error: 'wrongStatus' });
		const again = await endParticipation(s, { start: false });
		expect(again).toMatchObject({ id: first.id, status: 'draft', dueOn: '2026-12-07', content: { skills: 'Keskeytyksen aikana' } });
		expect(((await providerList(listEv(coach, s.providerId))) as List).arvis.map((r) => r.id)).toEqual([first.id]);
	});
});

/** A customer with contact details (and a henkilötunnus when the contract asks for one), referred and accepted. */
async function referCustomer(s: Setting, who: { language?: 'fi' | 'sv' | 'en'; name?: string; phone?: string; email?: string; personalId?: string } = {}) {
	const r = await createReferral(database.db, s.octx, s.area.id, {
		contractId: s.contractId,
		cohortId: null,
		customerNumber: `AS-${Math.random().toString(36).slice(2, 8)}`,
		name: who.name ?? 'Saga Svensson',
		phone: who.phone ?? null,
		email: who.email ?? null,
		language: who.language ?? 'fi',
		personalId: who.personalId ?? null,
		needs: null,
		plannedStart: null,
		consentFormVersion: 'SUO-2025-1',
		consentScope: 'Tietojen luovutus palveluntuottajalle',
		consentGivenOn: '2026-01-02'
	});
	if (!r.ok) throw new Error(r.error);
	const a = await acceptReferral(database.db, s.cctx, r.referralId, 1, { startDate: '2026-11-02', coachId: s.coach.id, firstMeeting: null });
	if (!a.ok) throw new Error(a.error);
	const p = await database.db.query.participations.findFirst({ where: (x, { eq }) => eq(x.referralId, r.referralId) });
	return p!.id;
}

describe('due and overdue', () => {
	it('the coach’s and the provider’s lists flag what is past its due day, and `overdue=1` shows only those', async () => {
		const s = await participationSetting(database, c.clock, { customers: 3 });
		const late = await endParticipation(s, { day: '2026-11-06' }); // due Fri 20 Nov
		const fresh = await endParticipation(s, { pid: s.participationIds[1] }); // due Mon 7 Dec
		const sent = await endParticipation(s, { pid: s.participationIds[2], day: '2026-11-06' });
		const coach = await s.coachActor();
		expect(await submitArvi(database.db, s.cctx, coach, sent.id, sent.version, complete())).toMatchObject({ ok: true });

		const flags = (l: List) => Object.fromEntries(l.arvis.map((r) => [r.id, r.overdue]));
		const expected = { [late.id]: true, [fresh.id]: false, [sent.id]: false };
		expect(flags((await providerList(listEv(coach, s.providerId))) as List)).toEqual(expected);
		expect(flags((await providerList(listEv(await s.adminActor(), s.providerId))) as List)).toEqual(expected);
		expect(((await providerList(listEv(coach, s.providerId, '?overdue=1'))) as List).arvis.map((r) => r.id)).toEqual([late.id]);
		expect((await listArvis(database.db, s.cctx, coach, s.providerId, { overdueOnly: true })).rows.map((r) => [r.id, r.overdue])).toEqual([[late.id, true]]);
		expect(((await providerPage(ev(coach, s.providerId, late.id))) as Page).arvi.overdue).toBe(true);

		// On 8 December the other one is late too.
		const later = testClock('2026-12-08T08:00:00Z');
		const coachLater = await loadActor(database.db, s.coach.id, '2026-12-08');
		const lateList = (await providerList(listEv(coachLater, s.providerId, '?overdue=1', later.clock))) as List;
		expect(lateList.arvis.map((r) => r.id).sort()).toEqual([late.id, fresh.id].sort());
		expect((await listArvis(database.db, s.cctx, coachLater, s.providerId, {})).rows.find((r) => r.id === fresh.id)).toMatchObject({
			overdue: true,
			dueOn: '2026-12-07'
		});
	});

	it('the provider’s list puts its own work first (returned, then drafts by due day), what waits for the area after it', async () => {
		const s = await participationSetting(database, c.clock, { customers: 4 });
		const [coach, officer] = [await s.coachActor(), await s.officerActor()];
		const sent = await endParticipation(s, { pid: s.participationIds[0], day: '2026-11-02' }); // due 16 Nov
		const returned = await endParticipation(s, { pid: s.participationIds[1], day: '2026-11-05' }); // due 19 Nov
		const late = await endParticipation(s, { pid: s.participationIds[2], day: '2026-11-06' }); // due 20 Nov
		const fresh = await endParticipation(s, { pid: s.participationIds[3] }); // due 7 Dec
		for (const x of [sent, returned]) expect(await submitArvi(database.db, s.cctx, coach, x.id, x.version, complete())).toMatchObject({ ok: true });
		expect(await decideArvi(database.db, s.octx, officer, returned.id, returned.version + 1, { kind: 'return', comment: 'Korjaa.' })).toEqual({ ok: true });
		const list = (await providerList(listEv(coach, s.providerId))) as List;
		expect(list.arvis.map((r) => [r.id, r.status, r.overdue])).toEqual([
			[returned.id, 'returned', true],
			[late.id, 'draft', true],
			[fresh.id, 'draft', false],
			[sent.id, 'submitted', false]
		]);
	});

	it('a coach sees only their own customers by default; another assigned coach sees them on asking', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const colleague = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		await makeAssignment(database.db, { userId: colleague.id, providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
		const other = await loadActor(database.db, colleague.id, TODAY);
		expect(((await providerList(listEv(other, s.providerId))) as List).arvis).toEqual([]);
		expect(((await providerList(listEv(other, s.providerId, '?mine=0'))) as List).arvis.map((r) => r.id)).toEqual([a.id]);
	});
});

describe('drafts', () => {
	it('a resend is a duplicate, another device on an older text is a conflict with the newer text, the same device goes on', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const coach = await s.coachActor();
		const save = (content: ArviContent, baseRevision: number, device: string, key: string) =>
			saveArviDraft(database.db, s.cctx, coach, a.id, { content, baseRevision, device, key });

		expect(await save(complete({ skills: 'eka' }), 0, 'phone-0001', 'key-00001')).toEqual({ ok: true, revision: 1, duplicate: false });
		// The same save again (the answer was lost): nothing new.
		expect(await save(complete({ skills: 'eka' }), 0, 'phone-0001', 'key-00001')).toEqual({ ok: true, revision: 1, duplicate: true });
		expect(await arviRow(a.id)).toMatchObject({ draftRevision: 1, content: { skills: 'eka' } });
		expect((await auditOf(a.id)).filter((x) => x.action === 'arvi.draftSave')).toHaveLength(1);

		// The phone typed on before hearing back: same device, older base, accepted.
		expect(await save(complete({ skills: 'toka' }), 0, 'phone-0001', 'key-00002')).toEqual({ ok: true, revision: 2, duplicate: false });
		// A laptop that loaded revision 1 is told about the newer text, and nothing is overwritten.
		const conflict = await save(complete({ skills: 'läppäri' }), 1, 'laptop-001', 'key-00003');
		expect(conflict).toMatchObject({ ok: false, error: 'conflict', current: { revision: 2, content: { skills: 'toka' }, savedByName: s.coach.name } });
		expect(await arviRow(a.id)).toMatchObject({ draftRevision: 2, content: { skills: 'toka' } });
		// Keeping its own text: sent again on top of revision 2.
		expect(await save(complete({ skills: 'läppäri' }), 2, 'laptop-001', 'key-00004')).toEqual({ ok: true, revision: 3, duplicate: false });
		// Now the phone is the other device: its save on revision 2 is a conflict.
		expect(await save(complete({ skills: 'puhelin' }), 2, 'phone-0001', 'key-00005')).toMatchObject({
			ok: false,
			error: 'conflict',
			current: { revision: 3, content: { skills: 'läppäri' } }
		});
		// The page opens on the newest text.
		expect((await providerPage(ev(coach, s.providerId, a.id))) as Page).toMatchObject({
			editable: true,
			arvi: { draftRevision: 3 },
			content: { skills: 'läppäri' }
		});
	});

	it('the draft endpoint answers JSON: saved, duplicate, conflict (409 with the newer text); malformed or too long is 400 and changes nothing', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const coach = await s.coachActor();
		const post = (body: unknown) => postDraft(draftEv(coach, s.providerId, a.id, body));

		const ok = await post({ content: complete({ skills: 'eka' }), baseRevision: 0, device: 'phone-0001', key: 'key-00001' });
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({ ok: true, revision: 1, duplicate: false });
		expect(await (await post({ content: complete({ skills: 'eka' }), baseRevision: 0, device: 'phone-0001', key: 'key-00001' })).json()).toEqual({
			ok: true,
			revision: 1,
			duplicate: true
		});

		const refused: [string, unknown, Record<string, string> | undefined][] = [
			['not JSON', '{"content": ', undefined],
			['no key', { content: complete(), baseRevision: 1, device: 'phone-0001' }, undefined],
			['negative revision', { content: complete(), baseRevision: -1, device: 'phone-0001', key: 'key-00002' }, undefined],
			['content not an object', { content: 'nope', baseRevision: 1, device: 'phone-0001', key: 'key-00003' }, undefined],
			['too long', { content: complete({ skills: 'x'.repeat(1001) }), baseRevision: 1, device: 'phone-0001', key: 'key-00004' }, { skills: 'tooLong' }],
			[
				'too long in a row',
				{ content: complete({ nextSteps: [{ kind: 'job', reason: 'x'.repeat(501) }] }), baseRevision: 1, device: 'phone-0001', key: 'key-00005' },
				{ 'nextSteps.0.reason': 'tooLong' }
			],
			[
				'unknown code',
				{ content: complete({ situation: 'retired' as never }), baseRevision: 1, device: 'phone-0001', key: 'key-00006' },
				{ situation: 'invalidInput' }
			],
			['bad date', { content: complete({ reviewedOn: '2026-11-31' }), baseRevision: 1, device: 'phone-0001', key: 'key-00007' }, { reviewedOn: 'dateInvalid' }]
		];
		for (const [why, body, problems] of refused) {
			const res = await post(body);
			expect(res.status, why).toBe(400);
			const answer = await res.json();
			expect(answer, why).toMatchObject({ ok: false, error: 'invalid' });
			if (problems) expect(answer.problems, why).toEqual(problems);
		}
		expect(await arviRow(a.id)).toMatchObject({ draftRevision: 1, draftKey: 'key-00001', content: { skills: 'eka' } });
		expect((await auditOf(a.id)).filter((x) => x.action === 'arvi.draftSave')).toHaveLength(1);

		const conflict = await post({ content: complete({ skills: 'läppäri' }), baseRevision: 0, device: 'laptop-001', key: 'key-00008' });
		expect(conflict.status).toBe(409);
		expect(await conflict.json()).toMatchObject({ ok: false, error: 'conflict', current: { revision: 1, content: { skills: 'eka' } } });
		expect(await (await post({ content: complete({ skills: 'läppäri' }), baseRevision: 1, device: 'laptop-001', key: 'key-00009' })).json()).toEqual({
			ok: true,
			revision: 2,
			duplicate: false
		});
	});

	it('the form without JavaScript saves too; on an older revision saved elsewhere it is a conflict', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const coach = await s.coachActor();
		expect(
			await providerActions.save(ev(coach, s.providerId, a.id, { form: formOf(complete({ skills: 'lomake' }), { revision: '0' }) }) as never)
		).toMatchObject({ success: 'arvi.saved' });
		expect(await arviRow(a.id)).toMatchObject({ draftRevision: 1, content: { skills: 'lomake' } });
		expect(
			await saveArviDraft(database.db, s.cctx, coach, a.id, {
				content: complete({ skills: 'puhelin' }),
				baseRevision: 1,
				device: 'phone-0001',
				key: 'key-00001'
			})
		).toMatchObject({ ok: true, revision: 2 });
		expect(
			await providerActions.save(ev(coach, s.providerId, a.id, { form: formOf(complete({ skills: 'vanha lomake' }), { revision: '1' }) }) as never)
		).toMatchObject({ status: 409, data: { message: 'arvi.error.conflict' } });
		expect(
			await providerActions.save(ev(coach, s.providerId, a.id, { form: formOf(complete({ readiness: 'sometimes' as never }), { revision: '2' }) }) as never)
		).toMatchObject({ status: 400, data: { errors: { readiness: 'invalidInput' } } });
		expect(await arviRow(a.id)).toMatchObject({ draftRevision: 2, content: { skills: 'puhelin', readiness: 'ready' } });
	});

	it('after a return, a device that never saw the submitted text cannot overwrite it with its older draft', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const coach = await s.coachActor();
		// The phone saved a draft (revision 1) …
		expect(
			await saveArviDraft(database.db, s.cctx, coach, a.id, {
				content: complete({ skills: 'puhelimen luonnos' }),
				baseRevision: 0,
				device: 'phone-0001',
				key: 'key-00001'
			})
		).toMatchObject({ ok: true, revision: 1 });
		// … then the coach finished it on a laptop and submitted from there.
		expect(
			await providerActions.submit(
				ev(coach, s.providerId, a.id, { form: formOf(complete({ skills: 'läppärillä lähetetty' }), { version: String(a.version) }) }) as never
			)
		).toMatchObject({ success: 'arvi.submitted' });
		const sent = await arviRow(a.id);
		expect(await decideArvi(database.db, s.octx, await s.officerActor(), a.id, sent.version, { kind: 'return', comment: 'Tarkenna.' })).toEqual({ ok: true });
		// The phone, still on revision 1, saves again: the newer text came from elsewhere, so it is a conflict.
		const r = await saveArviDraft(database.db, s.cctx, coach, a.id, {
			content: complete({ skills: 'puhelimen vanha jatko' }),
			baseRevision: 1,
			device: 'phone-0001',
			key: 'key-00002'
		});
		expect(r).toMatchObject({ ok: false, error: 'conflict', current: { revision: sent.draftRevision, content: { skills: 'läppärillä lähetetty' } } });
		expect((await arviRow(a.id)).content.skills).toBe('läppärillä lähetetty');
	});

	it('cannot be saved once submitted (nor after acceptance), from any device', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const coach = await s.coachActor();
		expect(await submitArvi(database.db, s.cctx, coach, a.id, a.version, complete())).toEqual({ ok: true, number: 1 });
		const revision = (await arviRow(a.id)).draftRevision;
		expect(
			await saveArviDraft(database.db, s.cctx, coach, a.id, {
				content: complete({ skills: 'myöhässä' }),
				baseRevision: revision,
				device: 'phone-0001',
				key: 'late-key-1'
			})
		).toEqual({ ok: false, error: 'notEditable' });
		const res = await postDraft(
			draftEv(coach, s.providerId, a.id, { content: complete({ skills: 'myöhässä' }), baseRevision: revision, device: 'phone-0001', key: 'late-key-2' })
		);
		expect(res.status).toBe(409);
		expect(await res.json()).toEqual({ ok: false, error: 'notEditable' });
		expect(
			await providerActions.save(ev(coach, s.providerId, a.id, { form: formOf(complete({ skills: 'myöhässä' }), { revision: String(revision) }) }) as never)
		).toMatchObject({ status: 409 });
		expect((await arviRow(a.id)).content.skills).toBe('Asiakaspalvelu');
		expect(((await providerPage(ev(coach, s.providerId, a.id))) as Page).editable).toBe(false);
	});
});

describe('submitting', () => {
	it('an incomplete ARVI is refused field by field and nothing is stored', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const coach = await s.coachActor();
		const before = await arviRow(a.id);
		const r = await submitArvi(database.db, s.cctx, coach, a.id, a.version, complete({ customerView: '', nextSteps: [], reviewedOn: '2026-11-24' }));
		expect(r).toEqual({
			ok: false,
			error: 'incomplete',
			problems: { customerView: 'arviRequired', nextSteps: 'arviNextStepRequired', reviewedOn: 'arviFuture' }
		});
		const form = formOf(
			complete({ skills: '', situation: 'other', reviewedOn: '2026-10-01', workPeriods: [{ from: '2026-10-01', until: '2026-11-30', workplace: 'Kahvila' }] }),
			{ version: String(a.version) }
		);
		const res = await providerActions.submit(ev(coach, s.providerId, a.id, { form }) as never);
		expect(res).toMatchObject({
			status: 400,
			data: {
				message: 'arvi.error.incomplete',
				errors: { skills: 'arviRequired', situationText: 'arviRequired', reviewedOn: 'arviBeforeStart', 'workPeriods.0.from': 'arviOutsidePeriod' }
			}
		});
		expect(await versionsOf(a.id)).toEqual([]);
		expect(await arviRow(a.id)).toEqual(before);
		expect(
			await database.db
				.select()
				.from(notifications)
				.where(and(eq(notifications.userId, s.officer.id), eq(notifications.kind, 'arvi_submitted')))
		).toEqual([]);
		expect((await auditOf(a.id)).map((x) => x.action)).not.toContain('arvi.submit');
	});

	it('a complete one becomes version 1, the case officer is told, and only then the area sees it', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const [coach, officer] = [await s.coachActor(), await s.officerActor()];

		// Before: no page, no PDF, nothing in any list of the area.
		expect(await statusOf(() => areaPage(ev(officer, s.area.id, a.id)))).toBe(404);
		expect(await statusOf(() => areaPdf(ev(officer, s.area.id, a.id)))).toBe(404);
		for (const q of ['', '?status=draft', '?status=any']) expect(((await areaList(listEv(officer, s.area.id, q))) as List).arvis, q).toEqual([]);

		expect(await providerActions.submit(ev(coach, s.providerId, a.id, { form: formOf(complete(), { version: String(a.version) }) }) as never)).toMatchObject({
			success: 'arvi.submitted'
		});
		expect(await versionsOf(a.id)).toMatchObject([{ number: 1, submittedBy: s.coach.id, decision: null, content: complete() }]);
		expect(await arviRow(a.id)).toMatchObject({ status: 'submitted', version: a.version + 1, content: complete() });
		const told = (await database.db.select().from(notifications).where(eq(notifications.userId, s.officer.id))).filter((n) => n.kind.startsWith('arvi_'));
		expect(told).toMatchObject([{ kind: 'arvi_submitted', link: `/area/${s.area.id}/arvi/${a.id}` }]);

		expect(((await areaList(listEv(officer, s.area.id))) as List).arvis).toMatchObject([{ id: a.id, status: 'submitted' }]);
		const page = (await areaPage(ev(officer, s.area.id, a.id))) as Page;
		expect(page).toMatchObject({ canReview: true, editable: false, arvi: { status: 'submitted' }, content: complete(), versions: [{ number: 1 }] });
		// Sending again is not possible: the version the coach's page showed is gone.
		expect(await submitArvi(database.db, s.cctx, coach, a.id, a.version, complete())).toEqual({ ok: false, error: 'stale' });
		expect(await submitArvi(database.db, s.cctx, coach, a.id, a.version + 1, complete())).toEqual({ ok: false, error: 'wrongStatus' });
		expect(await versionsOf(a.id)).toHaveLength(1);
	});
});

describe('return, resubmit, accept', () => {
	it('a return needs a comment; the provider edits and sends version 2; accepted with its situation as outcome; version 1 stays as it was', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const [coach, officer] = [await s.coachActor(), await s.officerActor()];
		const first = complete();
		expect(await submitArvi(database.db, s.cctx, coach, a.id, a.version, first)).toEqual({ ok: true, number: 1 });
		let page = (await areaPage(ev(officer, s.area.id, a.id))) as Page;

		// Without a comment (or with only spaces) nothing changes.
		for (const comment of ['', '   ']) {
			const res = await areaActions.return(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version), comment } }) as never);
			expect(res).toMatchObject({ status: 400, data: { errors: { comment: 'arvi.error.commentRequired' } } });
		}
		expect(await arviRow(a.id)).toMatchObject({ status: 'submitted', version: page.arvi.version });
		expect(await versionsOf(a.id)).toMatchObject([{ decision: null, comment: null }]);

		expect(
			await areaActions.return(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version), comment: 'Tarkenna jatkosuunnitelma.' } }) as never)
		).toMatchObject({ success: 'arvi.returnedDone' });
		expect(await arviRow(a.id)).toMatchObject({ status: 'returned', outcome: null });
		expect(await versionsOf(a.id)).toMatchObject([
			{ number: 1, decision: 'returned', comment: 'Tarkenna jatkosuunnitelma.', decidedBy: s.officer.id, content: first }
		]);
		expect(
			await database.db
				.select()
				.from(notifications)
				.where(and(eq(notifications.userId, s.coach.id), eq(notifications.kind, 'arvi_returned')))
		).toHaveLength(1);
		// Returned: out of the area's default inbox, in the provider's list first.
		expect(((await areaList(listEv(officer, s.area.id))) as List).arvis).toEqual([]);
		expect(((await providerList(listEv(coach, s.providerId))) as List).arvis).toMatchObject([{ id: a.id, status: 'returned' }]);

		let mine = (await providerPage(ev(coach, s.providerId, a.id))) as Page;
		expect(mine).toMatchObject({ editable: true, content: first, versions: [{ number: 1, decision: 'returned', comment: 'Tarkenna jatkosuunnitelma.' }] });
		const second = complete({ situation: 'training', nextSteps: [{ kind: 'further_training', reason: 'Trukkikortti ennen aloitusta.' }] });
		expect(
			await saveArviDraft(database.db, s.cctx, coach, a.id, { content: second, baseRevision: mine.arvi.draftRevision, device: 'phone-0001', key: 'key-v2' })
		).toMatchObject({ ok: true });
		// While the provider edits, the area still reads what was sent.
		expect(((await areaPage(ev(officer, s.area.id, a.id))) as Page).content).toEqual(first);
		mine = (await providerPage(ev(coach, s.providerId, a.id))) as Page;
		expect(
			await providerActions.submit(ev(coach, s.providerId, a.id, { form: formOf(second, { version: String(mine.arvi.version) }) }) as never)
		).toMatchObject({ success: 'arvi.submitted' });
		expect(await versionsOf(a.id)).toMatchObject([
			{ number: 1, decision: 'returned', content: first },
			{ number: 2, decision: null, content: second }
		]);

		page = (await areaPage(ev(officer, s.area.id, a.id))) as Page;
		expect(page).toMatchObject({ canReview: true, content: second, versions: [{ number: 2 }, { number: 1, comment: 'Tarkenna jatkosuunnitelma.' }] });
		for (const [load, org] of [
			[areaPage, s.area.id],
			[providerPage, s.providerId]
		] as const) {
			const v1 = (await load(ev(load === areaPage ? officer : coach, org, a.id, { url: `http://localhost/arvi/${a.id}?version=1` }))) as Page;
			expect(v1).toMatchObject({ shownVersion: 1, canReview: false, editable: false, content: first });
		}

		expect(await areaActions.accept(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version), comment: '' } }) as never)).toMatchObject({
			success: 'arvi.acceptedDone'
		});
		expect(await arviRow(a.id)).toMatchObject({ status: 'accepted', outcome: 'training' });
		expect(await versionsOf(a.id)).toMatchObject([
			{ number: 1, decision: 'returned' },
			{ number: 2, decision: 'accepted', comment: null }
		]);
		expect(
			await database.db
				.select()
				.from(notifications)
				.where(and(eq(notifications.userId, s.coach.id), eq(notifications.kind, 'arvi_accepted')))
		).toHaveLength(1);
		expect((await providerPage(ev(coach, s.providerId, a.id))) as Page).toMatchObject({ editable: false, content: second });
		expect(((await areaPage(ev(officer, s.area.id, a.id))) as Page).canReview).toBe(false);
		// Accepted: the provider can no longer change it.
		const accepted = await arviRow(a.id);
		expect(
			await saveArviDraft(database.db, s.cctx, coach, a.id, {
				content: complete({ skills: 'Hyväksynnän jälkeen' }),
				baseRevision: accepted.draftRevision,
				device: 'phone-0001',
				key: 'late-key-1'
			})
		).toEqual({ ok: false, error: 'notEditable' });
		expect((await arviRow(a.id)).content).toEqual(second);
		// Deciding again is refused.
		expect(
			await areaActions.return(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version + 1), comment: 'Vielä yksi.' } }) as never)
		).toMatchObject({ status: 409 });
		expect((await arviRow(a.id)).status).toBe('accepted');
	});

	it('of two decisions at the same moment exactly one happens', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		expect(await submitArvi(database.db, s.cctx, await s.coachActor(), a.id, a.version, complete())).toMatchObject({ ok: true });
		const second = await makeUser(database.db, { org: s.area.id, roles: ['case_officer'] });
		const [officer, other] = [await s.officerActor(), await loadActor(database.db, second.id, TODAY)];
		const version = (await arviRow(a.id)).version;
		const results = await Promise.all([
			decideArvi(database.db, s.octx, officer, a.id, version, { kind: 'return', comment: 'Korjaa.' }),
			decideArvi(database.db, s.octx, other, a.id, version, { kind: 'accept', comment: null })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: expect.stringMatching(/^(stale|wrongStatus)$/) });
		const winner = results[0].ok ? 'returned' : 'accepted';
		expect(await arviRow(a.id)).toMatchObject({ status: winner, version: version + 1 });
		expect(await versionsOf(a.id)).toMatchObject([{ number: 1, decision: winner }]);
		expect((await auditOf(a.id)).filter((x) => x.action === 'arvi.return' || x.action === 'arvi.accept')).toHaveLength(1);
	});
});

describe('who may see and do what', () => {
	async function submittedSetting() {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		expect(await submitArvi(database.db, s.cctx, await s.coachActor(), a.id, a.version, complete())).toMatchObject({ ok: true });
		return { s, a: await arviRow(a.id) };
	}

	/** Every way in, as `actor` in organisation `orgId`: the statuses. */
	async function everyWayIn(actor: Actor, orgId: string, a: Arvi) {
		const form = { form: formOf(complete({ skills: 'Murto' }), { version: String(a.version), revision: String(a.draftRevision), comment: 'Murto' }) };
		return {
			providerPage: await statusOf(() => providerPage(ev(actor, orgId, a.id))),
			save: await statusOf(() => providerActions.save(ev(actor, orgId, a.id, form) as never)),
			submit: await statusOf(() => providerActions.submit(ev(actor, orgId, a.id, form) as never)),
			draft: await statusOf(() =>
				postDraft(
					draftEv(actor, orgId, a.id, {
						content: complete({ skills: 'Murto' }),
						baseRevision: a.draftRevision,
						device: 'intruder-1',
						key: `k-${Math.random()}`
					})
				)
			),
			providerPdf: await statusOf(() => providerPdf(ev(actor, orgId, a.id))),
			areaPage: await statusOf(() => areaPage(ev(actor, orgId, a.id))),
			return: await statusOf(() => areaActions.return(ev(actor, orgId, a.id, form) as never)),
			accept: await statusOf(() => areaActions.accept(ev(actor, orgId, a.id, form) as never)),
			areaPdf: await statusOf(() => areaPdf(ev(actor, orgId, a.id)))
		};
	}

	it('nobody outside the covering provider staff and the customer’s area gets anything, and nothing changes', async () => {
		const { s, a } = await submittedSetting();
		const other = await participationSetting(database, c.clock);
		const unassigned = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		const reviewer = await makeUser(database.db, { org: s.area.id, roles: ['invoice_reviewer'] });
		const approver = await makeUser(database.db, { org: s.area.id, roles: ['invoice_approver'] });
		const auditor = await makeUser(database.db, { org: s.area.id, roles: ['auditor'] });
		const finance = await makeUser(database.db, { org: s.providerId, roles: ['finance'] });
		await makeAssignment(database.db, { userId: finance.id, providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
		const actor = (id: string) => loadActor(database.db, id, TODAY);
		const outsiders: [string, Actor, string[]][] = [
			['coach of another provider', await other.coachActor(), [other.providerId, s.providerId]],
			['admin of another provider', await other.adminActor(), [other.providerId, s.providerId]],
			['coach of the provider without an assignment', await actor(unassigned.id), [s.providerId]],
			['finance of the provider (assigned)', await actor(finance.id), [s.providerId]],
			['case officer of another area', await other.officerActor(), [other.area.id, s.area.id]],
			['invoice reviewer of the area', await actor(reviewer.id), [s.area.id]],
			['invoice approver of the area', await actor(approver.id), [s.area.id]],
			['auditor of the area', await actor(auditor.id), [s.area.id]]
		];
		for (const [who, act, orgs] of outsiders) {
			for (const org of orgs) {
				const statuses = await everyWayIn(act, org, a);
				for (const [route, status] of Object.entries(statuses))
					expect([403, 404], `${who} in ${org === s.providerId || org === s.area.id ? 'the ARVI’s' : 'their own'} organisation: ${route}`).toContain(status);
			}
		}
		expect(await arviRow(a.id)).toEqual(a);
		expect(await versionsOf(a.id)).toHaveLength(1);
		const outsiderIds = new Set(outsiders.map(([, act]) => act.userId));
		expect((await auditOf(a.id)).filter((x) => x.userId && outsiderIds.has(x.userId))).toEqual([]);
	});

	it('the area cannot use the provider’s actions and the provider cannot decide', async () => {
		const { s, a } = await submittedSetting();
		const [coach, admin, officer] = [await s.coachActor(), await s.adminActor(), await s.officerActor()];
		const form = formOf(complete({ skills: 'Alueen muutos' }), { version: String(a.version), revision: String(a.draftRevision), comment: 'OK' });
		for (const org of [s.area.id, s.providerId]) {
			expect([403, 404], org).toContain(await statusOf(() => providerActions.save(ev(officer, org, a.id, { form }) as never)));
			expect([403, 404], org).toContain(await statusOf(() => providerActions.submit(ev(officer, org, a.id, { form }) as never)));
			expect([403, 404], org).toContain(
				await statusOf(() =>
					postDraft(draftEv(officer, org, a.id, { content: complete(), baseRevision: a.draftRevision, device: 'officer-1', key: 'officer-key-1' }))
				)
			);
		}
		for (const act of [coach, admin]) {
			for (const org of [s.providerId, s.area.id]) {
				expect([403, 404]).toContain(await statusOf(() => areaActions.return(ev(act, org, a.id, { form }) as never)));
				expect([403, 404]).toContain(await statusOf(() => areaActions.accept(ev(act, org, a.id, { form }) as never)));
			}
		}
		// The services say the same when called directly.
		expect(await decideArvi(database.db, s.cctx, coach, a.id, a.version, { kind: 'accept', comment: null })).toEqual({ ok: false, error: 'notFound' });
		expect(
			await saveArviDraft(database.db, s.octx, officer, a.id, { content: complete(), baseRevision: a.draftRevision, device: 'officer-1', key: 'officer-key-2' })
		).toEqual({ ok: false, error: 'notFound' });
		expect(await arviRow(a.id)).toEqual(a);
	});

	it('the covering provider staff and the area’s case officers and admins do get in', async () => {
		const { s, a } = await submittedSetting();
		const colleague = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		// A coach of the provider gets in through an assignment covering the area, not before.
		expect(await statusOf(async () => providerPage(ev(await loadActor(database.db, colleague.id, TODAY), s.providerId, a.id)))).toBe(404);
		await makeAssignment(database.db, { userId: colleague.id, providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
		const areaAdmin = await makeUser(database.db, { org: s.area.id, roles: ['area_admin'] });
		const colleagueOfficer = await makeUser(database.db, { org: s.area.id, roles: ['case_officer'] });
		const actor = (id: string) => loadActor(database.db, id, TODAY);
		for (const act of [await s.coachActor(), await s.adminActor(), await actor(colleague.id)]) {
			expect(await statusOf(() => providerPage(ev(act, s.providerId, a.id)))).toBe(200);
			expect(await statusOf(() => providerPdf(ev(act, s.providerId, a.id)))).toBe(200);
		}
		for (const act of [await s.officerActor(), await actor(areaAdmin.id), await actor(colleagueOfficer.id)]) {
			expect(await statusOf(() => areaPage(ev(act, s.area.id, a.id)))).toBe(200);
			expect(await statusOf(() => areaPdf(ev(act, s.area.id, a.id)))).toBe(200);
		}
		// An assignment that has ended no longer covers.
		const former = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		await makeAssignment(database.db, { userId: former.id, providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-11-22' });
		expect(await statusOf(async () => providerPage(ev(await actor(former.id), s.providerId, a.id)))).toBe(404);
		// The area admin may decide.
		expect(
			await areaActions.accept(ev(await actor(areaAdmin.id), s.area.id, a.id, { form: { version: String(a.version), comment: '' } }) as never)
		).toMatchObject({ success: 'arvi.acceptedDone' });
	});

	it('the same ARVI id under another organisation’s URL is not found, even for someone who works in both', async () => {
		const { s, a } = await submittedSetting();
		const other = await participationSetting(database, c.clock);
		const [otherCoach, otherOfficer] = [await other.coachActor(), await other.officerActor()];
		expect(await statusOf(() => providerPage(ev(otherCoach, other.providerId, a.id)))).toBe(404);
		expect(await statusOf(() => areaPage(ev(otherOfficer, other.area.id, a.id)))).toBe(404);
		// A case officer in both areas, and a coach of both providers assigned in both.
		const officer = await makeUser(database.db, { org: s.area.id, roles: ['case_officer'] });
		await database.db.insert(memberships).values({ userId: officer.id, organisationId: other.area.id, role: 'case_officer' });
		const coach = await makeUser(database.db, { org: s.providerId, roles: ['coach'] });
		await database.db.insert(memberships).values({ userId: coach.id, organisationId: other.providerId, role: 'coach' });
		await makeAssignment(database.db, { userId: coach.id, providerId: s.providerId, areaId: s.area.id, validFrom: '2026-01-01', validUntil: '2026-12-31' });
		await makeAssignment(database.db, {
			userId: coach.id,
			providerId: other.providerId,
			areaId: other.area.id,
			validFrom: '2026-01-01',
			validUntil: '2026-12-31'
		});
		const [both, bothCoach] = [await loadActor(database.db, officer.id, TODAY), await loadActor(database.db, coach.id, TODAY)];
		expect(await statusOf(() => areaPage(ev(both, s.area.id, a.id)))).toBe(200);
		expect(await statusOf(() => areaPage(ev(both, other.area.id, a.id)))).toBe(404);
		expect(await statusOf(() => areaPdf(ev(both, other.area.id, a.id)))).toBe(404);
		expect(await statusOf(() => areaActions.accept(ev(both, other.area.id, a.id, { form: { version: String(a.version), comment: '' } }) as never))).toBe(404);
		expect(await statusOf(() => providerPage(ev(bothCoach, s.providerId, a.id)))).toBe(200);
		expect(await statusOf(() => providerPage(ev(bothCoach, other.providerId, a.id)))).toBe(404);
		expect(await statusOf(() => providerPdf(ev(bothCoach, other.providerId, a.id)))).toBe(404);
		expect(
			await statusOf(() =>
				postDraft(draftEv(bothCoach, other.providerId, a.id, { content: complete(), baseRevision: a.draftRevision, device: 'both-0001', key: 'both-key-1' }))
			)
		).toBe(404);
		expect((await arviRow(a.id)).status).toBe('submitted');
	});
});

describe('the audit trail', () => {
	it('every view, download and list of an ARVI is recorded with the customer; so is every change', async () => {
		const s = await participationSetting(database, c.clock);
		const a = await endParticipation(s);
		const customerId = a.customerId;
		const [coach, officer] = [await s.coachActor(), await s.officerActor()];
		const rows = async (action: string, userId: string) =>
			(
				await database.db
					.select()
					.from(auditLog)
					.where(and(eq(auditLog.action, action), eq(auditLog.userId, userId)))
			).filter((x) => x.action === 'customer.list' || x.targetIds.includes(a.id));

		await providerPage(ev(coach, s.providerId, a.id));
		expect(await rows('customer.read', s.coach.id)).toMatchObject([
			{ targetType: 'arvi', targetIds: [a.id], customerIds: [customerId], areaId: s.area.id, organisationId: s.providerId }
		]);
		await providerPdf(ev(coach, s.providerId, a.id));
		expect(await rows('arvi.pdf', s.coach.id)).toMatchObject([{ targetIds: [a.id], customerIds: [customerId] }]);
		await providerList(listEv(coach, s.providerId));
		expect((await rows('customer.list', s.coach.id)).filter((x) => x.targetType === 'arvi')).toMatchObject([{ customerIds: [customerId], areaId: s.area.id }]);

		expect((await postDraft(draftEv(coach, s.providerId, a.id, { content: complete(), baseRevision: 0, device: 'phone-0001', key: 'key-00001' }))).status).toBe(
			200
		);
		expect(await providerActions.submit(ev(coach, s.providerId, a.id, { form: formOf(complete(), { version: String(a.version) }) }) as never)).toMatchObject({
			success: 'arvi.submitted'
		});
		const officerReadsBefore = (await rows('customer.read', s.officer.id)).length;
		let page = (await areaPage(ev(officer, s.area.id, a.id))) as Page;
		expect(await rows('customer.read', s.officer.id)).toHaveLength(officerReadsBefore + 1);
		await areaPage(ev(officer, s.area.id, a.id, { url: `http://localhost/arvi/${a.id}?version=1` }));
		expect(await rows('customer.read', s.officer.id)).toHaveLength(officerReadsBefore + 2);
		await areaPdf(ev(officer, s.area.id, a.id));
		expect(await rows('arvi.pdf', s.officer.id)).toMatchObject([{ customerIds: [customerId], areaId: s.area.id, organisationId: s.area.id }]);
		await areaList(listEv(officer, s.area.id));
		expect((await rows('customer.list', s.officer.id)).filter((x) => x.targetType === 'arvi')).toMatchObject([{ customerIds: [customerId] }]);
		// An empty list records no customers.
		const emptyArea = await participationSetting(database, c.clock);
		await areaList(listEv(await emptyArea.officerActor(), emptyArea.area.id));
		expect(
			(await database.db.select().from(auditLog).where(eq(auditLog.userId, emptyArea.officer.id))).filter(
				(x) => x.action === 'customer.list' && x.customerIds.length > 0
			)
		).toEqual([]);

		expect(await areaActions.return(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version), comment: 'Korjaa.' } }) as never)).toMatchObject(
			{ success: 'arvi.returnedDone' }
		);
		const mine = (await providerPage(ev(coach, s.providerId, a.id))) as Page;
		expect(await submitArvi(database.db, s.cctx, coach, a.id, mine.arvi.version, complete())).toMatchObject({ ok: true });
		page = (await areaPage(ev(officer, s.area.id, a.id))) as Page;
		expect(await areaActions.accept(ev(officer, s.area.id, a.id, { form: { version: String(page.arvi.version), comment: '' } }) as never)).toMatchObject({
			success: 'arvi.acceptedDone'
		});

		const changes = (await auditOf(a.id)).filter((x) => x.action.startsWith('arvi.') && x.action !== 'arvi.pdf');
		expect(changes.map((x) => [x.action, x.userId])).toEqual([
			['arvi.create', s.coach.id],
			['arvi.draftSave', s.coach.id],
			['arvi.submit', s.coach.id],
			['arvi.return', s.officer.id],
			['arvi.submit', s.coach.id],
			['arvi.accept', s.officer.id]
		]);
		for (const x of changes) expect(x, x.action).toMatchObject({ customerIds: [customerId], areaId: s.area.id, targetType: 'arvi' });
	});
});

describe('the PDF', () => {
	const contact = { phone: '040 7654321', email: 'saga.salainen@example.fi', personalId: '131052-308T' };

	async function swedishCustomer() {
		const s = await participationSetting(database, c.clock, { customers: 0, contract: { languages: ['fi', 'sv'], requiresPersonalId: true } });
		const pid = await referCustomer(s, { language: 'sv', name: 'Saga Svensson', ...contact });
		const a = await endParticipation(s, { pid });
		const customer = (await database.db.query.customers.findFirst({ where: (x, { eq }) => eq(x.id, a.customerId) }))!;
		// The customer record does hold the contact details (and the henkilötunnus, encrypted).
		expect(customer).toMatchObject({ phone: contact.phone, email: contact.email, personalIdEncrypted: expect.any(String) });
		return { s, a, customer };
	}

	it('the area downloads it once submitted: a PDF in the language of service, with the form’s data and no contact details', async () => {
		const { s, a, customer } = await swedishCustomer();
		const officer = await s.officerActor();
		expect(await statusOf(() => areaPdf(ev(officer, s.area.id, a.id)))).toBe(404);
		expect(await submitArvi(database.db, s.cctx, await s.coachActor(), a.id, a.version, complete({ skills: 'Kundservice på svenska' }))).toMatchObject({
			ok: true
		});

		const res = await areaPdf(ev(officer, s.area.id, a.id));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="ARVI-${customer.customerNumber}-v1.pdf"`);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const text = pdfText(bytes);
		expect(text).toContain(translate('sv', 'arvi.doc.title'));
		expect(text).toContain('Saga Svensson');
		expect(text).toContain(customer.customerNumber);
		expect(text).toContain('Kundservice på svenska');
		expect(text).not.toContain(translate('fi', 'arvi.doc.title'));
		const raw = bytes.toString('latin1');
		for (const secret of [contact.phone, contact.email, contact.personalId, '7654321', 'salainen']) {
			expect(text, secret).not.toContain(secret);
			expect(raw, secret).not.toContain(secret);
		}
	});

	it('the provider downloads the working draft before anything is sent, marked as a draft', async () => {
		const { s, a, customer } = await swedishCustomer();
		await saveArviDraft(database.db, s.cctx, await s.coachActor(), a.id, {
			// "fi" and "fl" print as ligatures: one glyph for two letters (a name or a number may hold them too).
			content: complete({ skills: 'Utkast text, finska och flytande' }),
			baseRevision: 0,
			device: 'phone-0001',
			key: 'key-00001'
		});
		const res = await providerPdf(ev(await s.coachActor(), s.providerId, a.id));
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="ARVI-${customer.customerNumber}.pdf"`);
		const text = pdfText(Buffer.from(await res.arrayBuffer()));
		expect(text).toContain(translate('sv', 'arvi.doc.draft'));
		expect(text).toContain('Utkast text, finska och flytande');
		for (const secret of [contact.phone, contact.email, contact.personalId]) expect(text, secret).not.toContain(secret);
	});

	it('`?version=1` prints version 1 as it was sent', async () => {
		const { s, a, customer } = await swedishCustomer();
		const [coach, officer] = [await s.coachActor(), await s.officerActor()];
		expect(await submitArvi(database.db, s.cctx, coach, a.id, a.version, complete({ skills: 'Första versionen' }))).toMatchObject({ ok: true });
		expect(await decideArvi(database.db, s.octx, officer, a.id, a.version + 1, { kind: 'return', comment: 'Komplettera.' })).toEqual({ ok: true });
		expect(await submitArvi(database.db, s.cctx, coach, a.id, a.version + 2, complete({ skills: 'Andra versionen' }))).toEqual({ ok: true, number: 2 });
		const v1 = await areaPdf(ev(officer, s.area.id, a.id, { url: `http://localhost/arvi/${a.id}/pdf?version=1` }));
		expect(v1.headers.get('content-disposition')).toBe(`attachment; filename="ARVI-${customer.customerNumber}-v1.pdf"`);
		const text = pdfText(Buffer.from(await v1.arrayBuffer()));
		expect(text).toContain('Första versionen');
		expect(text).not.toContain('Andra versionen');
		const latest = pdfText(Buffer.from(await (await areaPdf(ev(officer, s.area.id, a.id))).arrayBuffer()));
		expect(latest).toContain('Andra versionen');
	});

	it('the provider’s PDF named after the submitted version prints that version, not unsent edits made after a return', async () => {
		const { s, a, customer } = await swedishCustomer();
		const [coach, officer] = [await s.coachActor(), await s.officerActor()];
		expect(await submitArvi(database.db, s.cctx, coach, a.id, a.version, complete({ skills: 'Skickad text' }))).toMatchObject({ ok: true });
		expect(await decideArvi(database.db, s.octx, officer, a.id, a.version + 1, { kind: 'return', comment: 'Komplettera.' })).toEqual({ ok: true });
		const revision = (await arviRow(a.id)).draftRevision;
		expect(
			await saveArviDraft(database.db, s.cctx, coach, a.id, {
				content: complete({ skills: 'Osänd ändring' }),
				baseRevision: revision,
				device: 'phone-0001',
				key: 'key-after-return'
			})
		).toMatchObject({ ok: true });
		const res = await providerPdf(ev(coach, s.providerId, a.id));
		const name = res.headers.get('content-disposition');
		const text = pdfText(Buffer.from(await res.arrayBuffer()));
		if (name === `attachment; filename="ARVI-${customer.customerNumber}-v1.pdf"`) {
			// Labelled "version 1": it must show what version 1 said.
			expect(text).toContain('Skickad text');
			expect(text).not.toContain('Osänd ändring');
		} else {
			// Or it is the working draft, and says so.
			expect(name).toBe(`attachment; filename="ARVI-${customer.customerNumber}.pdf"`);
			expect(text).toContain(translate('sv', 'arvi.doc.draft'));
		}
	});
});

describe('outcome figures', () => {
	it('count accepted ARVIs per contract by the situation at the end; submitted and drafts do not count', async () => {
		const s = await participationSetting(database, c.clock, { customers: 5 });
		const other = await participationSetting(database, c.clock);
		const [coach, officer] = [await s.coachActor(), await s.officerActor()];
		const situations = ['employed', 'employed', 'training', 'job_seeker', 'other'] as const;
		const made: Arvi[] = [];
		for (let i = 0; i < situations.length; i++) made.push(await endParticipation(s, { pid: s.participationIds[i] }));
		for (let i = 0; i < 4; i++) {
			expect(await submitArvi(database.db, s.cctx, coach, made[i].id, made[i].version, complete({ situation: situations[i] }))).toMatchObject({ ok: true });
		}
		// The fourth is only submitted, the fifth still a draft; the first three are accepted.
		for (let i = 0; i < 3; i++)
			expect(await decideArvi(database.db, s.octx, officer, made[i].id, made[i].version + 1, { kind: 'accept', comment: null })).toEqual({ ok: true });
		const figures = await arviOutcomes(database.db, [s.contractId, other.contractId]);
		expect(figures.get(s.contractId)).toEqual({ employed: 2, training: 1, job_seeker: 0, other: 0, total: 3 });
		expect(figures.get(other.contractId)).toEqual({ employed: 0, training: 0, job_seeker: 0, other: 0, total: 0 });
		expect((await arviOutcomes(database.db, [])).size).toBe(0);

		// Returning the submitted one changes nothing either.
		expect(await decideArvi(database.db, s.octx, officer, made[3].id, made[3].version + 1, { kind: 'return', comment: 'Korjaa.' })).toEqual({ ok: true });
		expect((await arviOutcomes(database.db, [s.contractId])).get(s.contractId)).toMatchObject({ job_seeker: 0, total: 3 });
	});
});

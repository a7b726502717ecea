/**
 * The area's dashboard and the provider scorecard (issue 18) on constructed data: a known set of referrals,
 * participations, marks, notices, ARVIs and invoices gives exact medians and percentages; no figure about fewer
 * than 5 people is shown under any combination of filters, on the page or in the CSV, and no group of figures that
 * add up lets subtraction give a hidden one back; a provider sees only itself, with the area's average only when
 * the area has enough providers.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { arvis, attendance, customers, invoices, notices, participations, referrals } from '../../src/lib/server/db/schema';
import { loadActor } from '../../src/lib/server/auth/actor';
import { load as dashboardLoad } from '../../src/routes/area/[orgId=uuid]/dashboard/+page.server';
import { GET as dashboardExport } from '../../src/routes/area/[orgId=uuid]/dashboard/export/+server';
import { load as areaScorecard } from '../../src/routes/area/[orgId=uuid]/scorecard/[providerId=uuid]/+page.server';
import { load as providerScorecard } from '../../src/routes/provider/[orgId=uuid]/scorecard/+page.server';
import { GET as providerScorecardExport } from '../../src/routes/provider/[orgId=uuid]/scorecard/export/+server';
import { emptyArvi } from '../../src/lib/domain/arvi';
import { COUNT_COLUMNS, TREND_COUNT_COLUMNS, type Figures, type Statistics } from '../../src/lib/domain/dashboard';
import type { Shown } from '../../src/lib/domain/statistics';
import { createTestDatabase } from './helpers/db';
import { makeEvent } from './helpers/event';
import { ctxFor, makeOrganisation, makeUser, testClock } from './helpers/fixtures';
import { providerWithContract } from './helpers/contracts';

let database: Database;
const c = testClock('2026-04-15T09:00:00Z');
const TODAY = '2026-04-15';

let areaId: string;
let officerId: string;
let coachId: string;
let n = 0;

const at = (iso: string) => new Date(iso);

/** One customer referred to a contract, with what happened next (rows inserted as the services would leave them). */
async function person(
	contract: { contractId: string; providerId: string },
	o: {
		referredAt: string;
		answerDue?: string;
		answeredAt?: string | null;
		status?: 'waiting' | 'accepted' | 'declined';
		declineReason?: 'no_capacity' | 'not_suitable' | 'no_response' | 'other';
		participation?: { status: 'starting' | 'active' | 'completed' | 'interrupted'; start: string; end?: string; reason?: 'employed' | 'health' };
		marks?: { present: string[]; absent: string[] };
		notice?: { createdAt: string; decidedAt: string | null };
		arvi?: { dueOn: string; submittedAt: string | null; outcome?: 'employed' | 'job_seeker' | 'training'; decidedAt?: string };
	}
) {
	const db = database.db;
	n++;
	const [cu] = await db
		.insert(customers)
		.values({ areaId, customerNumber: `D-${n}-${randomUUID().slice(0, 4)}`, name: `Asiakas ${n}`, language: 'fi', createdAt: at(o.referredAt) })
		.returning();
	const [r] = await db
		.insert(referrals)
		.values({
			customerId: cu.id,
			contractId: contract.contractId,
			areaId,
			providerId: contract.providerId,
			officerId,
			status: o.status ?? (o.participation ? 'accepted' : 'waiting'),
			referredAt: at(o.referredAt),
			answerDue: o.answerDue ?? o.referredAt.slice(0, 10),
			answeredAt: o.answeredAt ? at(o.answeredAt) : null,
			declineReason: o.declineReason ?? null
		})
		.returning();
	if (!o.participation) return;
	const p = o.participation;
	const [pa] = await db
		.insert(participations)
		.values({
			referralId: r.id,
			customerId: cu.id,
			contractId: contract.contractId,
			coachId,
			status: p.status,
			startDate: p.start,
			endDate: p.end ?? null,
			endReason: p.reason ?? null,
			createdAt: at(o.referredAt)
		})
		.returning();
	const marks = [...(o.marks?.present ?? []).map((d) => [d, 'present'] as const), ...(o.marks?.absent ?? []).map((d) => [d, 'absent'] as const)];
	if (marks.length)
		await db.insert(attendance).values(
			marks.map(([day, status]) => ({
				participationId: pa.id,
				contractId: contract.contractId,
				day,
				status,
				reason: status === 'absent' ? ('sick' as const) : null,
				markedAt: at(`${day}T12:00:00Z`),
				receivedAt: at(`${day}T12:00:00Z`),
				markedBy: coachId,
				clientKey: randomUUID(),
				current: true
			}))
		);
	if (o.notice)
		await db.insert(notices).values({
			areaId,
			providerId: contract.providerId,
			contractId: contract.contractId,
			participationId: pa.id,
			customerId: cu.id,
			officerId,
			kind: 'unexcused_absence',
			day: o.notice.createdAt.slice(0, 10),
			status: o.notice.decidedAt ? 'decided' : 'open',
			dueOn: o.notice.createdAt.slice(0, 10),
			createdAt: at(o.notice.createdAt),
			createdBy: coachId,
			decidedAt: o.notice.decidedAt ? at(o.notice.decidedAt) : null,
			decision: o.notice.decidedAt ? 'no_action' : null
		});
	if (o.arvi)
		await db.insert(arvis).values({
			participationId: pa.id,
			areaId,
			providerId: contract.providerId,
			contractId: contract.contractId,
			customerId: cu.id,
			status: o.arvi.decidedAt ? 'accepted' : o.arvi.submittedAt ? 'submitted' : 'draft',
			language: 'fi',
			dueOn: o.arvi.dueOn,
			content: emptyArvi('Valmentaja'),
			outcome: o.arvi.outcome ?? null,
			submittedAt: o.arvi.submittedAt ? at(o.arvi.submittedAt) : null,
			decidedAt: o.arvi.decidedAt ? at(o.arvi.decidedAt) : null,
			createdAt: at(o.referredAt)
		});
}

const days = (from: number, count: number, month = '2026-03') => Array.from({ length: count }, (_, i) => `${month}-${String(from + i).padStart(2, '0')}`);

let big: { contractId: string; providerId: string; contractNumber: string };
let small: { contractId: string; providerId: string };
let third: { contractId: string; providerId: string };
let adminActor: Awaited<ReturnType<typeof loadActor>>;
let providerAdmin: Awaited<ReturnType<typeof loadActor>>;
let otherArea: { id: string; actor: Awaited<ReturnType<typeof loadActor>> };

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	const db = database.db;
	const area = await makeOrganisation(db, 'area', 'Seuranta-alue');
	areaId = area.id;
	const ctx = ctxFor(c.clock);
	const b = await providerWithContract(database, ctx, areaId, { serviceType: 'job_search_coaching' });
	big = { ...b, contractNumber: (await db.query.contracts.findFirst({ where: (x, { eq }) => eq(x.id, b.contractId) }))!.contractNumber };
	small = await providerWithContract(database, ctx, areaId, { serviceType: 'career_coaching' });
	third = await providerWithContract(database, ctx, areaId, { serviceType: 'job_search_coaching' });
	const admin = await makeUser(db, { org: areaId, roles: ['area_admin'] });
	officerId = (await makeUser(db, { org: areaId, roles: ['case_officer'] })).id;
	coachId = (await makeUser(db, { org: big.providerId, roles: ['coach'] })).id;
	const padmin = await makeUser(db, { org: big.providerId, roles: ['provider_admin'] });
	adminActor = await loadActor(db, admin.id, TODAY);
	providerAdmin = await loadActor(db, padmin.id, TODAY);
	const other = await makeOrganisation(db, 'area', 'Toinen alue');
	otherArea = { id: other.id, actor: await loadActor(db, (await makeUser(db, { org: other.id, roles: ['area_admin'] })).id, TODAY) };

	// The big contract, March 2026. Ten referrals answered 1…10 hours after referral (median 5.5 h), the first five
	// by their due day and the other five late (50 % in time); five accepted, five declined (3 no capacity, 2 not
	// suitable); one more still waiting (not answered: not in the answer figures).
	for (let i = 1; i <= 10; i++) {
		const accepted = i <= 5;
		await person(big, {
			referredAt: '2026-03-02T08:00:00Z',
			answerDue: i <= 5 ? '2026-03-02' : '2026-03-01',
			answeredAt: `2026-03-02T${String(8 + i).padStart(2, '0')}:00:00Z`,
			status: accepted ? 'accepted' : 'declined',
			declineReason: accepted ? undefined : i <= 8 ? 'no_capacity' : 'not_suitable',
			// The accepted five are active, each 8 days present and 2 absent in March (80 %), with a notice decided
			// after 1…5 days (median 3 days).
			participation: accepted ? { status: 'active', start: '2026-03-02' } : undefined,
			marks: accepted ? { present: days(2, 8), absent: days(10, 2) } : undefined,
			notice: accepted ? { createdAt: '2026-03-12T10:00:00Z', decidedAt: `2026-03-${String(12 + i).padStart(2, '0')}T10:00:00Z` } : undefined
		});
	}
	await person(big, { referredAt: '2026-03-20T08:00:00Z' });
	// Five completed (1 Feb – 31 Mar: 59 days) and five interrupted (2 – 11 Mar: 10 days, employed): average 34.5 days.
	// Their ARVIs are due in March: five on time, five late; all accepted in March, five employed, five job seekers.
	for (let i = 1; i <= 10; i++) {
		const completed = i <= 5;
		await person(big, {
			referredAt: '2026-01-20T08:00:00Z',
			answeredAt: '2026-01-20T09:00:00Z',
			status: 'accepted',
			participation: completed
				? { status: 'completed', start: '2026-02-01', end: '2026-03-31' }
				: { status: 'interrupted', start: '2026-03-02', end: '2026-03-11', reason: 'employed' },
			arvi: {
				dueOn: '2026-03-25',
				submittedAt: i % 2 ? '2026-03-20T10:00:00Z' : '2026-03-27T10:00:00Z',
				outcome: i <= 5 ? 'employed' : 'job_seeker',
				decidedAt: '2026-03-30T10:00:00Z'
			}
		});
	}
	// An invoice for March: submitted 2 Apr, checked 2 days later, approved 1 day after that, paid 3 days after approval.
	await db.insert(invoices).values({
		contractId: big.contractId,
		areaId,
		providerId: big.providerId,
		status: 'paid',
		periodFrom: '2026-03-01',
		periodUntil: '2026-03-31',
		specificationId: `SPEC-${randomUUID()}`,
		netCents: 100_000,
		grossCents: 125_500,
		createdAt: at('2026-04-01T10:00:00Z'),
		createdBy: coachId,
		submittedAt: at('2026-04-02T10:00:00Z'),
		checkedAt: at('2026-04-04T10:00:00Z'),
		approvedAt: at('2026-04-05T10:00:00Z'),
		paidOn: '2026-04-08'
	});

	// The small contract: three referrals in March, two in February (people in single digits everywhere).
	for (const d of ['2026-03-03', '2026-03-04', '2026-03-05', '2026-02-03', '2026-02-04'])
		await person(small, { referredAt: `${d}T08:00:00Z`, answeredAt: `${d}T10:00:00Z`, status: 'accepted', participation: { status: 'active', start: d } });
	// The third provider: six referrals in February, one in March.
	for (const d of ['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06', '2026-02-09', '2026-03-09'])
		await person(third, { referredAt: `${d}T08:00:00Z` });
}, 240_000);
afterAll(() => database?.close());

type DashboardData = { stats: Statistics; invalid: boolean; filters: { from: string; to: string }; view: string; contractCount: number };
const dashboardView = async (query: string, actor = adminActor, org = areaId) =>
	(await dashboardLoad(
		makeEvent({ actor, clock: c.clock, params: { orgId: org }, url: `http://localhost/area/${org}/dashboard?${query}` }) as never
	)) as unknown as DashboardData;
/** Everything the dashboard shows of a selection: its overview, its contracts' view and its providers' view together. */
const dashboard = async (query: string, actor = adminActor, org = areaId): Promise<DashboardData> => {
	const [overview, byContract, byProvider] = await Promise.all(['', '&view=contracts', '&view=providers'].map((v) => dashboardView(query + v, actor, org)));
	return { ...overview, stats: { ...overview.stats, contracts: byContract.stats.contracts, providers: byProvider.stats.providers } };
};

describe('the figures on constructed data', () => {
	it('gives the exact medians, percentages and averages of a contract', async () => {
		const d = await dashboard('from=2026-03&to=2026-03');
		const f = d.stats.contracts.find((x) => x.contract.id === big.contractId)!.figures;
		expect(f.referrals).toBe(11);
		expect(f.answeredInTimePct).toBe(50);
		expect(f.answerHoursMedian).toBe(5.5);
		expect(f.accepted).toBe(5);
		expect(f.declined).toBe(5);
		expect(f.starts).toBe(10);
		expect(f.completions).toBe(5);
		expect(f.interruptions).toBe(5);
		expect(f.avgDurationDays).toBe(34.5);
		expect(f.attendancePct).toBe(80);
		expect(f.notices).toBe(5);
		expect(f.noticeDaysMedian).toBe(3);
		expect(f.arviOnTimePct).toBe(50);
		expect(f.arviAccepted).toBe(10);
		expect(f.employedPct).toBe(50);
		expect(f.outcomes).toEqual({ employed: 5, job_seeker: 5, training: 'small', other: 'small' });
		expect(f.invoicedCents).toBe(125_500);
		expect([f.daysToCheck, f.daysToApprove, f.daysToPay]).toEqual([2, 1, 3]);
		// The reasons of the five declined are 3 and 2 people: both hidden, the total of five shown.
		expect(d.stats.declineReasons).toEqual({ no_capacity: 'small', not_suitable: 'small', no_response: 'small', other: 'small' });
		expect(d.stats.interruptionReasons.employed).toBe(5);
	});

	it('shows the budget with the projection to the end of the contract', async () => {
		const d = await dashboard('from=2026-03&to=2026-03');
		const b = d.stats.contracts.find((x) => x.contract.id === big.contractId)!.budget;
		expect(b.invoiced).toBe(125_500);
		expect(b.approved).toBe(125_500);
		expect(b.remaining).toBe(b.committed - 125_500);
		// One invoiced month (March); the contract ends in December: nine more months at the same pace.
		expect(b.projectedCents).toBe(125_500 * 10);
	});

	it('hides the small contract and the provider rows that would give it back', async () => {
		const d = await dashboard('from=2026-03&to=2026-03');
		const s = d.stats.contracts.find((x) => x.contract.id === small.contractId)!.figures;
		expect(s.referrals).toBe('small');
		expect(s.answerHoursMedian).toBe('small');
		// Total = 11 + 3 + 1: with the big contract's 11 shown, the total must not be too, or 15 − 11 = 4 would be known.
		const shown = [d.stats.total.figures.referrals, ...d.stats.contracts.map((x) => x.figures.referrals)];
		expect(shown.filter((v) => v === 'small').length).not.toBe(1);
	});

	it('drops a filter it does not offer, says so, and shows the default', async () => {
		const d = await dashboard('from=2026-13&to=nonsense&serviceType=x&provider=42');
		expect(d.invalid).toBe(true);
		expect(d.filters).toMatchObject({ from: '2025-05', to: '2026-04' });
	});
});

/** RFC 4180 rows (quoted cells may hold commas and doubled quotes). */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	const s = text.replace(/^\uFEFF/, '');
	for (let i = 0; i < s.length; i++) {
		const ch = s[i];
		if (quoted) {
			if (ch === '"' && s[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') quoted = true;
		else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\r' && s[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += ch;
	}
	return rows;
}

/** Every shown people count is at least 5 or "<5". */
function checkCount(v: Shown, where: string) {
	if (typeof v === 'number') expect(v, where).toBeGreaterThanOrEqual(5);
	else expect(['small', null], where).toContain(v);
}

/** In a group of counts that add up, never exactly one is hidden (subtraction would give it back). */
function checkGroup(total: Shown, members: Shown[], where: string) {
	// An empty selection has nothing to subtract from.
	if (members.length === 0) return;
	const cells = [total, ...members];
	expect(cells.filter((v) => v === 'small').length, where).not.toBe(1);
}

describe('small-cell suppression under every combination of filters', () => {
	const periods = [
		['2026-01', '2026-04'],
		['2026-02', '2026-02'],
		['2026-03', '2026-03'],
		['2026-02', '2026-03'],
		['2026-03', '2026-04']
	];
	const serviceTypes = ['', 'job_search_coaching', 'career_coaching'];

	it('shows no figure about fewer than 5 people, and no group with one hidden figure, on the page and in the CSV', async () => {
		const providers = ['', big.providerId, small.providerId, third.providerId];
		let combinations = 0;
		for (const [from, to] of periods)
			for (const st of serviceTypes)
				for (const pr of providers) {
					const q = `from=${from}&to=${to}&serviceType=${st}&provider=${pr}`;
					const { stats } = await dashboard(q);
					combinations++;
					const rows: [string, Figures][] = [
						['total', stats.total.figures],
						...stats.providers.map((p) => [`provider ${p.providerName}`, p.figures] as [string, Figures]),
						...stats.contracts.map((x) => [`contract ${x.contract.contractNumber}`, x.figures] as [string, Figures])
					];
					for (const [where, f] of rows) {
						for (const col of COUNT_COLUMNS) checkCount(f[col], `${q} ${where} ${col}`);
						for (const [o, v] of Object.entries(f.outcomes)) checkCount(v, `${q} ${where} outcome ${o}`);
						checkGroup(f.arviAccepted, Object.values(f.outcomes), `${q} ${where} outcomes`);
					}
					for (const m of stats.months) for (const col of TREND_COUNT_COLUMNS) checkCount(m.figures[col], `${q} ${m.month} ${col}`);
					for (const col of COUNT_COLUMNS) {
						checkGroup(
							stats.total.figures[col],
							stats.providers.map((p) => p.figures[col]),
							`${q} providers ${col}`
						);
						checkGroup(
							stats.total.figures[col],
							stats.contracts.map((x) => x.figures[col]),
							`${q} contracts ${col}`
						);
						for (const p of stats.providers)
							checkGroup(
								p.figures[col],
								stats.contracts.filter((x) => x.contract.providerId === p.providerId).map((x) => x.figures[col]),
								`${q} ${p.providerName} ${col}`
							);
					}
					for (const col of TREND_COUNT_COLUMNS)
						checkGroup(
							stats.total.figures[col],
							stats.months.map((m) => m.figures[col]),
							`${q} months ${col}`
						);
					checkGroup(stats.total.figures.declined, Object.values(stats.declineReasons), `${q} decline reasons`);
					checkGroup(stats.total.figures.interruptions, Object.values(stats.interruptionReasons), `${q} interruption reasons`);
					for (const v of [...Object.values(stats.declineReasons), ...Object.values(stats.interruptionReasons)]) checkCount(v, `${q} reasons`);

					// The CSV of the same selection: every count is "<5", empty or at least 5.
					for (const table of ['contracts', 'providers', 'months', 'distributions']) {
						const res = (await dashboardExport(
							makeEvent({ actor: adminActor, clock: c.clock, params: { orgId: areaId }, url: `http://localhost/x?${q}&table=${table}` }) as never
						)) as Response;
						expect(res.status).toBe(200);
						const lines = parseCsv(await res.text());
						const header = lines[0];
						const countCols = header
							.map((h, i) => [h, i] as const)
							.filter(([h]) =>
								[
									'Ohjaukset',
									'Hyväksytyt',
									'Hylätyt',
									'Aloitukset',
									'Päättyneet',
									'Keskeytykset',
									'Ilmoitukset',
									'Hyväksytyt ARVI-palautteet',
									'Henkilöitä'
								].includes(h)
							)
							.map(([, i]) => i);
						for (const line of lines.slice(1))
							for (const i of countCols) {
								const cell = line[i];
								if (cell === '<5' || cell === '') continue;
								expect(Number(cell), `${q} ${table} ${header[i]}`).toBeGreaterThanOrEqual(5);
							}
					}
				}
		expect(combinations).toBe(periods.length * serviceTypes.length * providers.length);
	}, 240_000);
});

describe('the scorecard', () => {
	it("shows the area's view of a provider with the area's average beside it", async () => {
		const d = (await areaScorecard(
			makeEvent({
				actor: adminActor,
				clock: c.clock,
				params: { orgId: areaId, providerId: big.providerId },
				url: 'http://localhost/x?from=2026-03&to=2026-03'
			}) as never
		)) as unknown as { sections: { average: Figures | null; contracts: { figures: Figures }[] }[] };
		expect(d.sections[0].contracts).toHaveLength(1);
		expect(d.sections[0].contracts[0].figures.attendancePct).toBe(80);
		// The area's average: all marks of the area (the big contract's 40 of 50 and the others' none).
		expect(d.sections[0].average?.attendancePct).toBe(80);
	});

	it('shows a provider only itself, with the average of an area of three providers', async () => {
		const d = (await providerScorecard(
			makeEvent({ actor: providerAdmin, clock: c.clock, params: { orgId: big.providerId }, url: 'http://localhost/x?from=2026-03&to=2026-03' }) as never
		)) as unknown as { sections: { areaId: string; average: Figures | null; contracts: { contract: { id: string } }[] }[] };
		expect(d.sections.map((s) => s.areaId)).toEqual([areaId]);
		expect(d.sections[0].contracts.map((x) => x.contract.id)).toEqual([big.contractId]);
		expect(d.sections[0].average).not.toBeNull();
		const csv = await (
			(await providerScorecardExport(
				makeEvent({ actor: providerAdmin, clock: c.clock, params: { orgId: big.providerId }, url: 'http://localhost/x?from=2026-03&to=2026-03' }) as never
			)) as Response
		).text();
		expect(csv).toContain(big.contractNumber);
	});

	it('sends each view only its own part of the figures, and keeps the selection across views', async () => {
		const q = 'from=2026-03&to=2026-03';
		const [overview, budget, byContract, byProvider, unknown] = await Promise.all(
			['', '&view=budget', '&view=contracts', '&view=providers', '&view=everything'].map((v) => dashboardView(q + v))
		);
		expect(overview.view).toBe('overview');
		expect(overview.stats.contracts).toEqual([]);
		expect(overview.stats.providers).toEqual([]);
		expect(overview.stats.months.map((m) => m.month)).toEqual(['2026-03']);
		expect(overview.contractCount).toBeGreaterThan(0);
		for (const d of [budget, byContract]) {
			expect(d.stats.contracts.map((x) => x.contract.id)).toContain(big.contractId);
			expect(d.stats.months).toEqual([]);
			expect(d.stats.providers).toEqual([]);
		}
		expect(byProvider.stats.providers.map((p) => p.providerId)).toContain(big.providerId);
		expect(byProvider.stats.contracts).toEqual([]);
		expect(byProvider.filters).toEqual(overview.filters);
		// A view the page does not have: the overview, and the page says the address was not understood.
		expect(unknown.view).toBe('overview');
		expect(unknown.invalid).toBe(true);
		expect(overview.invalid).toBe(false);
	});

	it("gives another area nothing of this area's provider", async () => {
		await expect(
			areaScorecard(
				makeEvent({ actor: otherArea.actor, clock: c.clock, params: { orgId: otherArea.id, providerId: big.providerId }, url: 'http://localhost/x' }) as never
			)
		).rejects.toMatchObject({ status: 404 });
		const d = await dashboard('', otherArea.actor, otherArea.id);
		expect(d.stats.contracts).toEqual([]);
	});
});

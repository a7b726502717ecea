/**
 * Differencing across two period filters: a period is whole calendar months and a count over a period is shown only
 * when each of its months has 0 or at least 5 (statistics.ts, the period rule). On random data over six months, for
 * every pair of periods one inside the other, the difference of any count shown in both is 0 or at least 5.
 */
import { describe, expect, it } from 'vitest';
import { buildStatistics, type Figures, type StatContract, type StatRows } from '../../src/lib/domain/dashboard';
import { monthsOf, periodHidden } from '../../src/lib/domain/statistics';

const MONTHS = monthsOf('2026-01', '2026-06');

const contracts: StatContract[] = [1, 2, 3, 4].map((i) => ({
	id: `c${i}`,
	contractNumber: `K-${i}`,
	title: `Contract ${i}`,
	serviceType: 'coaching',
	providerId: i <= 2 ? 'p1' : 'p2',
	providerName: i <= 2 ? 'Provider 1' : 'Provider 2',
	endDate: '2027-12-31',
	budgetCents: 1_000_000
}));

/** A small deterministic random generator (the same data in every run). */
function rng(seed: number) {
	let x = seed;
	return () => {
		x = (x * 1103515245 + 12345) % 2147483648;
		return x / 2147483648;
	};
}

/** Per contract and month a random number of referrals (0–12), each accepted or declined, starts and ends. */
function data(seed: number) {
	const r = rng(seed);
	const all: { month: string; referral: StatRows['referrals'][number]; part: StatRows['participations'][number] }[] = [];
	for (const c of contracts)
		for (const month of MONTHS) {
			const n = Math.floor(r() * 13);
			for (let i = 0; i < n; i++) {
				const accepted = r() < 0.7;
				all.push({
					month,
					referral: {
						contractId: c.id,
						month,
						status: accepted ? 'accepted' : 'declined',
						declineReason: accepted ? null : 'no_capacity',
						n: 1,
						answered: 1,
						inTime: 1
					},
					part: {
						contractId: c.id,
						startMonth: month,
						endMonth: r() < 0.3 ? month : null,
						status: r() < 0.3 ? 'completed' : 'active',
						endReason: null,
						n: 1,
						durationSum: 30,
						durations: 1
					}
				});
			}
		}
	return all;
}

function view(all: ReturnType<typeof data>, from: string, to: string) {
	const months = monthsOf(from, to);
	const inP = all.filter((x) => months.includes(x.month));
	const rows: StatRows = {
		referrals: inP.map((x) => x.referral),
		participations: inP.map((x) => x.part),
		attendance: [],
		notices: [],
		arvis: [],
		invoices: [],
		medians: [],
		budgets: []
	};
	return buildStatistics(contracts, rows, months);
}

const COUNTS = ['referrals', 'accepted', 'declined', 'starts', 'completions'] as const;

/** Every count shown as a number, by cell id. */
function shownCounts(s: ReturnType<typeof view>): Map<string, number> {
	const out = new Map<string, number>();
	const add = (unit: string, f: Figures) => {
		for (const col of COUNTS) if (typeof f[col] === 'number') out.set(`${unit}:${col}`, f[col] as number);
	};
	for (const c of s.contracts) add(`c:${c.contract.id}`, c.figures);
	for (const p of s.providers) add(`p:${p.providerId}`, p.figures);
	add('t', s.total.figures);
	return out;
}

describe('differencing across periods', () => {
	it('hides a count over a period when one of its months has 1–4', () => {
		const monthly = new Map([
			[
				'a',
				new Map([
					['2026-01', 6],
					['2026-02', 3]
				])
			],
			[
				'b',
				new Map([
					['2026-01', 6],
					['2026-02', 0]
				])
			]
		]);
		expect([...periodHidden(monthly)]).toEqual(['a']);
	});

	it('never lets the difference of two shown counts over nested periods be 1–4 people', () => {
		let compared = 0;
		let shownOverMonths = 0;
		for (let seed = 1; seed <= 20; seed++) {
			const all = data(seed);
			const periods: [string, string][] = [];
			for (let i = 0; i < MONTHS.length; i++) for (let j = i; j < MONTHS.length; j++) periods.push([MONTHS[i], MONTHS[j]]);
			const shown = new Map(periods.map(([f, t]) => [`${f}/${t}`, shownCounts(view(all, f, t))]));
			for (const [af, at] of periods)
				for (const [bf, bt] of periods) {
					if (!(af <= bf && bt <= at) || (af === bf && at === bt)) continue; // b inside a
					const a = shown.get(`${af}/${at}`)!;
					const b = shown.get(`${bf}/${bt}`)!;
					for (const [id, n] of a) {
						const m = b.get(id);
						if (m === undefined) continue;
						compared++;
						if (af !== at) shownOverMonths++;
						const d = n - m;
						expect(d === 0 || d >= 5, `${id}: ${af}–${at} ${n}, ${bf}–${bt} ${m}`).toBe(true);
					}
				}
		}
		// The rule leaves figures to compare (it does not simply hide everything longer than a month).
		expect(compared).toBeGreaterThan(1000);
		expect(shownOverMonths).toBeGreaterThan(500);
	});
});

import type { ServiceType } from '$lib/domain/contracts';
import type { DemoOrgKey } from './users';

interface DemoPrice {
	unit: 'participant_start' | 'participant_day' | 'hour' | 'meeting' | 'lump_sum' | 'outcome_bonus';
	description: string;
	euros: number;
	vatBp: number;
	/** Months after the contract start; a second line for the same unit is a price change. */
	fromMonth?: number;
	condition?: 'employed' | 'training' | 'job_seeker' | 'other';
}

export interface DemoContract {
	area: DemoOrgKey;
	provider: DemoOrgKey;
	number: string;
	title: string;
	serviceType: ServiceType;
	kind: 'framework' | 'single';
	languages: ('fi' | 'sv' | 'en')[];
	places: string[];
	capacityTotal: number | null;
	capacityPerCohort: number | null;
	budgetEuros: number;
	prices: DemoPrice[];
	/** `rolling`: the cohort runs from eight weeks before the seeding day to sixteen weeks after it (so that Today always has a group). */
	cohorts: { name: string; startMonth: number; months: number; capacity: number; place: string; language: 'fi' | 'sv'; rolling?: boolean }[];
}

/** Realistic contracts: coaching with continuous intake, trainings in cohorts, an expert assessment. */
export const DEMO_CONTRACTS: DemoContract[] = [
	{
		area: 'pohjanmaa',
		provider: 'pohjola',
		number: 'POH-2026-014',
		title: 'Työnhakuvalmennus, Vaasan seutu',
		serviceType: 'job_search_coaching',
		kind: 'framework',
		languages: ['fi', 'sv'],
		places: ['Vaasa', 'Mustasaari'],
		capacityTotal: 120,
		capacityPerCohort: null,
		budgetEuros: 180_000,
		prices: [
			{ unit: 'participant_start', description: 'Valmennuksen aloitus', euros: 150, vatBp: 2550 },
			{ unit: 'meeting', description: 'Valmennustapaaminen (60 min)', euros: 95, vatBp: 2550 },
			{ unit: 'meeting', description: 'Valmennustapaaminen (60 min), indeksikorotus', euros: 98.5, vatBp: 2550, fromMonth: 6 },
			{ unit: 'outcome_bonus', description: 'Työllistymisbonus', euros: 400, vatBp: 2550, condition: 'employed' }
		],
		cohorts: []
	},
	{
		area: 'pohjanmaa',
		provider: 'rannikko',
		number: 'POH-2026-021',
		title: 'Kotoutumiskoulutus / Integrationsutbildning, ruotsinkielinen',
		serviceType: 'integration_training',
		kind: 'single',
		languages: ['sv'],
		places: ['Vaasa', 'Pietarsaari'],
		capacityTotal: 48,
		capacityPerCohort: 16,
		budgetEuros: 410_000,
		prices: [{ unit: 'participant_day', description: 'Opiskelijatyöpäivä', euros: 78, vatBp: 0 }],
		cohorts: [
			{ name: 'Integration Vasa, vår', startMonth: 1, months: 5, capacity: 16, place: 'Vaasa', language: 'sv' },
			{ name: 'Integration Jakobstad, höst', startMonth: 8, months: 4, capacity: 16, place: 'Pietarsaari', language: 'sv' }
		]
	},
	{
		area: 'pohjanmaa',
		provider: 'tyokyky',
		number: 'POH-2026-030',
		title: 'Työkyvyn arviointi',
		serviceType: 'work_ability_assessment',
		kind: 'framework',
		languages: ['fi', 'sv'],
		places: ['Vaasa'],
		capacityTotal: null,
		capacityPerCohort: null,
		budgetEuros: 60_000,
		prices: [{ unit: 'lump_sum', description: 'Arviointi ja lausunto', euros: 850, vatBp: 0 }],
		cohorts: []
	},
	{
		area: 'pohjanmaa',
		provider: 'kotoutumispolku',
		number: 'POH-2026-033',
		title: 'Ammatillinen työvoimakoulutus: hitsaaja',
		serviceType: 'vocational_training',
		kind: 'single',
		languages: ['fi'],
		places: ['Seinäjoki'],
		capacityTotal: 32,
		capacityPerCohort: 16,
		budgetEuros: 290_000,
		prices: [
			{ unit: 'participant_day', description: 'Opiskelijatyöpäivä', euros: 92, vatBp: 0 },
			{ unit: 'participant_start', description: 'Aloitus ja henkilökohtaistaminen', euros: 240, vatBp: 0 }
		],
		cohorts: [{ name: 'Hitsaajat 1/2026', startMonth: 2, months: 6, capacity: 16, place: 'Seinäjoki', language: 'fi' }]
	},
	{
		area: 'pohjanmaa',
		provider: 'pohjola',
		number: 'POH-2026-041',
		title: 'Työnhakuvalmennus ryhmässä, Vaasa',
		serviceType: 'job_search_coaching',
		kind: 'single',
		languages: ['fi'],
		places: ['Vaasa'],
		capacityTotal: 24,
		capacityPerCohort: 12,
		budgetEuros: 120_000,
		prices: [
			{ unit: 'participant_day', description: 'Valmennuspäivä ryhmässä', euros: 64, vatBp: 2550 },
			{ unit: 'participant_start', description: 'Aloitus ja henkilökohtainen suunnitelma', euros: 120, vatBp: 2550 }
		],
		cohorts: [
			{ name: 'Työnhakuryhmä Vaasa', startMonth: 0, months: 0, capacity: 12, place: 'Vaasa, Kauppapuistikko 12', language: 'fi', rolling: true },
			// A colleague's group (demo/attendance.ts): on the demo coach's Today among the other groups of the day.
			{ name: 'Työnhakuryhmä Palosaari', startMonth: 0, months: 0, capacity: 12, place: 'Vaasa, Palosaarentie 58', language: 'fi', rolling: true }
		]
	},
	{
		area: 'keskisuomi',
		provider: 'pohjola',
		number: 'KS-2026-005',
		title: 'Uravalmennus, Jyväskylä',
		serviceType: 'career_coaching',
		kind: 'framework',
		languages: ['fi'],
		places: ['Jyväskylä'],
		capacityTotal: 80,
		capacityPerCohort: null,
		budgetEuros: 95_000,
		prices: [{ unit: 'hour', description: 'Valmennustunti', euros: 89, vatBp: 2550 }],
		cohorts: []
	},
	{
		area: 'keskisuomi',
		provider: 'uraohjaus',
		number: 'KS-2026-011',
		title: 'Osaamiskartoitus',
		serviceType: 'skills_assessment',
		kind: 'single',
		languages: ['fi', 'en'],
		places: ['Jyväskylä', 'Äänekoski'],
		capacityTotal: 60,
		capacityPerCohort: null,
		budgetEuros: 42_000,
		prices: [{ unit: 'lump_sum', description: 'Kartoitus ja raportti', euros: 620, vatBp: 0 }],
		cohorts: []
	}
];

/** A one-page PDF made by hand (no library needed for a demo attachment). */
export function demoPdf(title: string): Uint8Array {
	const text = title.replace(/[()\\]/g, ' ').replace(/[^\x20-\x7e]/g, '?');
	const stream = `BT /F1 14 Tf 50 780 Td (${text}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let pdf = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(pdf.length);
		pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = pdf.length;
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new TextEncoder().encode(pdf);
}

/**
 * National-scale data, filled set-based (`insert … select … generate_series`, no row-by-row inserts): the one
 * copy of the generator used by `bench/seed-scale.ts` (npm run seed:scale), `bench/attendance-explain.ts` and
 * tests/integration/seed-scale.test.ts.
 *
 * At scale 1: 45 areas, 300 providers, 2,400 contracts with price lines, ~3,300 users in every role (one shared
 * argon2id hash), ~70,000 participations a year (customers, referrals), cohorts and coaching meetings,
 * ~10 million attendance rows over two years, ARVIs for ended participations (draft, submitted, returned,
 * accepted), invoices of the past months in every state with lines computed from the recorded attendance and
 * the price lines (plus credit notes), period locks for the invoiced months, invoice events and audit rows.
 *
 * Everything is relative to "today" (a Helsinki date): assignments are valid today, cohorts meet today
 * (schedule weekdays, never on a Finnish public holiday), coaching meetings are planned today, participations
 * are open today. One provider's first coach is the "busiest coach" (~100 open participations, cohorts and
 * meetings today), and that contract has a month with ~100 participants present.
 *
 * The statements are plain SQL sent through `exec`, so the same fill runs on postgres.js and on PGlite
 * (drizzle's `db.execute(sql.raw(…))`). Scratch tables live in the schema `b`, dropped at the end.
 */
import { performance } from 'node:perf_hooks';
import { isValidBusinessId, isValidFinnishIban, vatNumberFromBusinessId } from '../../src/lib/domain/identifiers';
import { isoWeekday, isWorkingDay } from '../../src/lib/domain/working-days';
import { SERVICE_TYPES } from '../../src/lib/domain/contracts';

export type Row = Record<string, unknown>;
export type Exec = (text: string) => Promise<Row[]>;

export interface FillOptions {
	/** 1 = national scale; participations, attendance and (unless given) organisations scale with it. */
	scale: number;
	/** Helsinki date the data is current for (YYYY-MM-DD). */
	today: string;
	exec: Exec;
	/** argon2id hash shared by every user (computed once by the caller). */
	passwordHash: string | null;
	areas?: number;
	providers?: number;
	contracts?: number;
	/** Drop attendance's indexes and keys for the load and rebuild them afterwards (default true). */
	dropIndexes?: boolean;
	/** A second connection for building indexes two at a time (postgres only); sequential without it. */
	openExtra?: () => Promise<{ exec: Exec; close(): Promise<void> }>;
	/** VACUUM ANALYZE at the end (default true). */
	vacuum?: boolean;
	log?: (msg: string) => void;
}

export interface Timing {
	step: string;
	seconds: number;
}

export interface FillResult {
	timings: Timing[];
	months: number;
	sizes: { areas: number; providers: number; contracts: number; participations: number; coachesPerProvider: number; officersPerArea: number };
	facts: ScaleFacts;
}

/** What the load benchmarks need to know about the generated data (bench/.scale.json). */
export interface ScaleFacts {
	today: string;
	todayMeets: boolean;
	password: string;
	busiestCoach: { userId: string; email: string; providerId: string; openParticipations: number; cohortsToday: number; meetingsToday: number };
	caseOfficer: { userId: string; email: string; areaId: string };
	finance: { userId: string; email: string; providerId: string };
	reviewer: { userId: string; email: string; areaId: string };
	approver: { userId: string; email: string; areaId: string };
	providerAdmin: { userId: string; email: string; providerId: string };
	areaAdmin: { userId: string; email: string; areaId: string };
	areaId: string;
	invoiceMonth: {
		contractId: string;
		providerId: string;
		areaId: string;
		periodFrom: string;
		periodUntil: string;
		participantsPresent: number;
		invoiceId: string | null;
		invoiceStatus: string | null;
	};
	counts: Record<string, number>;
}

/** The demo password every generated user has. */
export const SCALE_PASSWORD = 'Kesä-Lounas-Tori-2026';
export const COACHES_PER_PROVIDER = 5;
export const OFFICERS_PER_AREA = 20;
/** Cohort participants (the rest are one-to-one coaching with weekly meetings). */
const COHORT_SHARE = 0.88;
const AVG_COHORT_SIZE = 16;
/** Share of day marks that replaced an earlier mark (the earlier one stays as history, current = false). */
const HISTORY_SHARE = 0.03;
const BUSY_COHORTS = 4;
const BUSY_COHORT_SIZE = 20;
const BUSY_COACHING = 20;

export const COUNTED_TABLES = [
	'organisations',
	'users',
	'memberships',
	'assignments',
	'area_providers',
	'contracts',
	'price_lines',
	'cohorts',
	'customers',
	'referrals',
	'participations',
	'meetings',
	'attendance',
	'arvis',
	'arvi_versions',
	'feedback_invitations',
	'feedback_answers',
	'invoices',
	'invoice_lines',
	'invoice_events',
	'period_locks',
	'audit_log',
	'notifications',
	'remarks',
	'remark_events'
] as const;

// ---------------------------------------------------------------------------------------------------
// Dates and literals
// ---------------------------------------------------------------------------------------------------

export function addDays(day: string, n: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}
export const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
export function addMonths(day: string, n: number): string {
	const d = new Date(`${monthStart(day)}T00:00:00Z`);
	d.setUTCMonth(d.getUTCMonth() + n);
	return d.toISOString().slice(0, 10);
}
export const monthEnd = (day: string) => addDays(addMonths(day, 1), -1);

/** Today's date in Helsinki. */
export function helsinkiToday(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

// ---------------------------------------------------------------------------------------------------
// Organisations' identifiers (computed here: a few hundred rows)
// ---------------------------------------------------------------------------------------------------

function businessIdFor(n: number, taken: Set<string>): string {
	for (let base = 2000000 + n * 17; ; base++) {
		const digits = String(base);
		const sum = [7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * Number(digits[i]), 0);
		const r = sum % 11;
		if (r === 1) continue;
		const id = `${digits}-${r === 0 ? 0 : 11 - r}`;
		if (taken.has(id)) continue;
		taken.add(id);
		if (!isValidBusinessId(id)) throw new Error(`generated an invalid business id ${id}`);
		return id;
	}
}

function finnishIbanFor(n: number): string {
	const bban = `1${String(1000000000000 + n * 7919).padStart(13, '0')}`;
	const check = 98n - (BigInt(`${bban}151800`) % 97n);
	const iban = `FI${String(check).padStart(2, '0')}${bban}`;
	if (!isValidFinnishIban(iban)) throw new Error(`generated an invalid IBAN ${iban}`);
	return iban;
}

const AREA_NAMES = [
	'Helsinki',
	'Espoo',
	'Vantaa-Kerava',
	'Tampereen seutu',
	'Turun seutu',
	'Oulun seutu',
	'Jyväskylän seutu',
	'Kuopion seutu',
	'Lahden seutu',
	'Pohjanmaa'
];
const FIRST = [
	'Aino',
	'Eino',
	'Helmi',
	'Juho',
	'Kaisa',
	'Lauri',
	'Maria',
	'Mikko',
	'Noora',
	'Onni',
	'Pia',
	'Sami',
	'Tiina',
	'Ville',
	'Anna',
	'Elias',
	'Sofia',
	'Leo',
	'Ella',
	'Oskari'
];
const LAST = [
	'Virtanen',
	'Korhonen',
	'Mäkinen',
	'Nieminen',
	'Mäkelä',
	'Hämäläinen',
	'Laine',
	'Heikkinen',
	'Koskinen',
	'Järvinen',
	'Lehtonen',
	'Salo',
	'Björk',
	'Lindqvist',
	'Niemi',
	'Kallio'
];
const sqlArray = (xs: readonly string[]) => `array[${xs.map(q).join(', ')}]`;
/** A person's name from a number (deterministic). */
const personName = (nExpr: string) =>
	`(${sqlArray(FIRST)})[1 + (${nExpr} * 7) % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + ((${nExpr}) / ${FIRST.length} + ${nExpr} * 3) % ${LAST.length}]`;

// ---------------------------------------------------------------------------------------------------
// Attendance indexes: dropped for the bulk load, rebuilt from the migrated definitions
// ---------------------------------------------------------------------------------------------------

/** The attendance table's keys, indexes and the foreign keys to/from it, as definitions. */
export async function attendanceDefinitions(exec: Exec): Promise<string[]> {
	const rows = await exec(`
		select 'constraint ' || conrelid::regclass::text || '.' || conname || ': ' || pg_get_constraintdef(oid) as d
		from pg_constraint where conrelid = 'attendance'::regclass or confrelid = 'attendance'::regclass
		union all
		select 'index ' || indexname || ': ' || indexdef from pg_indexes where schemaname = 'public' and tablename = 'attendance'
		order by 1`);
	return rows.map((r) => String(r.d));
}

interface Saved {
	fks: { tbl: string; name: string; def: string }[];
	keys: { name: string; type: string; idxdef: string }[];
	indexes: { name: string; def: string }[];
}

async function dropAttendanceIndexes(exec: Exec): Promise<Saved> {
	const fks = (await exec(
		`select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def from pg_constraint
		 where contype = 'f' and (conrelid = 'attendance'::regclass or confrelid = 'attendance'::regclass) order by 1, 2`
	)) as unknown as Saved['fks'];
	const keys = (await exec(
		`select conname as name, contype::text as type, pg_get_indexdef(conindid) as idxdef from pg_constraint
		 where conrelid = 'attendance'::regclass and contype in ('p', 'u') order by 1`
	)) as unknown as Saved['keys'];
	const indexes = (await exec(
		`select i.indexname as name, i.indexdef as def from pg_indexes i
		 where i.schemaname = 'public' and i.tablename = 'attendance'
		   and not exists (select 1 from pg_constraint c where c.conrelid = 'attendance'::regclass and c.conname = i.indexname)
		 order by 1`
	)) as unknown as Saved['indexes'];
	for (const f of fks) await exec(`alter table ${f.tbl} drop constraint "${f.name}"`);
	for (const k of keys) await exec(`alter table attendance drop constraint "${k.name}"`);
	for (const i of indexes) await exec(`drop index "${i.name}"`);
	return { fks, keys, indexes };
}

// ---------------------------------------------------------------------------------------------------
// The fill
// ---------------------------------------------------------------------------------------------------

export async function fillNationalData(o: FillOptions): Promise<FillResult> {
	const T = o.today;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(T)) throw new Error('today must be YYYY-MM-DD');
	if (!(o.scale > 0)) throw new Error('scale must be positive');
	const log = o.log ?? (() => {});
	const exec = o.exec;
	const x = (text: string) => exec(text);
	const S = o.scale;
	const AREAS = o.areas ?? Math.max(2, Math.round(45 * S));
	const PROVIDERS = o.providers ?? Math.max(3, Math.round(300 * S));
	const CONTRACTS = Math.max(PROVIDERS, o.contracts ?? Math.max(6, Math.round(2400 * S)));
	const PARTICIPATIONS = Math.max(40, Math.round(140_000 * S));
	const COHORTS = Math.max(4, Math.round((PARTICIPATIONS * COHORT_SHARE) / AVG_COHORT_SIZE));
	const CPP = COACHES_PER_PROVIDER;
	const OPA = OFFICERS_PER_AREA;
	const W0 = addDays(T, -730);
	const M0 = monthStart(T);
	const timings: Timing[] = [];
	const timed = async <R>(step: string, fn: () => Promise<R>): Promise<R> => {
		const s = performance.now();
		const r = await fn();
		const seconds = (performance.now() - s) / 1000;
		timings.push({ step, seconds });
		log(`${step}: ${seconds.toFixed(1)} s`);
		return r;
	};

	// Days off in the data's span (public holidays and the eves that are days off), as a table.
	const holidays: string[] = [];
	for (let d = addDays(W0, -400); d <= addDays(T, 800); d = addDays(d, 1)) if (isoWeekday(d) <= 5 && !isWorkingDay(d)) holidays.push(d);
	const todayDow = isoWeekday(T);
	const todayMeets = isWorkingDay(T) || (todayDow > 5 && !holidays.includes(T));
	// The busiest coach's cohorts meet on weekdays, and on today's weekday when today is a weekend day.
	const busyWeekdays = todayDow <= 5 ? [1, 2, 3, 4, 5] : [1, 2, 3, 4, 5, todayDow];
	if (!isWorkingDay(T))
		log(
			`note: ${T} is ${todayDow > 5 ? 'a weekend day' : 'a public holiday'}; ${todayMeets ? "only the busiest coach's weekend cohorts meet today" : 'no cohort meets today'}`
		);
	const status = (start: string, iend: string, planned: string) => `
		case when ${start} > date '${T}' then null when ${iend} < date '${T}' then ${iend} when ${planned} < date '${T}' then ${planned} end,
		case when ${start} > date '${T}' then 'starting' when ${iend} < date '${T}' then 'interrupted'
		     when ${planned} < date '${T}' then 'completed' else 'active' end`;
	const randomContract = `1 + least(${CONTRACTS - 1}, floor(${CONTRACTS} * power(random(), 1.3))::int)`;

	await x(`drop schema if exists b cascade`);
	await x(`create schema b`);
	await x(`select setseed(0.4242)`);
	await x(`create table b.holiday (day date primary key)`);
	await x(`insert into b.holiday values ${holidays.map((d) => `('${d}')`).join(', ')}`);

	await timed('organisations, users, contracts, price lines', async () => {
		const taken = new Set<string>();
		const orgRows: string[] = [];
		for (let n = 1; n <= AREAS; n++) {
			const bilingual = n % 9 === 0;
			const base = AREA_NAMES[(n - 1) % AREA_NAMES.length];
			const name = `${base}n työllisyysalue ${n}`;
			const bid = businessIdFor(n, taken);
			orgRows.push(
				`('area', ${n}, ${q(name)}, ${bilingual ? q(`Sysselsättningsområde ${n}`) : 'null'}, ${q(bid)}, null, ${q(vatNumberFromBusinessId(bid))}, ` +
					`${q(`Kaupungintalo ${n}`)}, ${q(String(10000 + n * 10).padStart(5, '0'))}, ${q(base.split(' ')[0])}, ${q(`0037${bid.replace('-', '')}`)}, ${bilingual ? `'{fi,sv}'` : `'{fi}'`})`
			);
		}
		for (let n = 1; n <= PROVIDERS; n++) {
			const bid = businessIdFor(1000 + n, taken);
			orgRows.push(
				`('provider', ${n}, ${q(`Palveluntuottaja ${n} Oy`)}, null, ${q(bid)}, ${q(finnishIbanFor(n))}, ${q(vatNumberFromBusinessId(bid))}, ` +
					`${q(`Yrityskatu ${n}`)}, ${q(String(20000 + n * 10).padStart(5, '0'))}, ${q(AREA_NAMES[n % AREA_NAMES.length].split(' ')[0])}, ${q(`0037${bid.replace('-', '')}`)}, '{fi}')`
			);
		}
		await x(`create table b.org (kind text, n int, name text, name_sv text, business_id text, iban text, vat text, street text, postal text, city text, ovt text, languages text[],
		         id uuid not null default gen_random_uuid())`);
		await x(`insert into b.org (kind, n, name, name_sv, business_id, iban, vat, street, postal, city, ovt, languages) values ${orgRows.join(',\n')}`);
		await x(`create table b.area as select n, id, languages from b.org where kind = 'area'`);
		await x(`create table b.provider as select n, id from b.org where kind = 'provider'`);
		await x(`insert into organisations (id, kind, name, name_sv, business_id, iban, bic, vat_number, street_address, postal_code, city, ovt, peppol_id, einvoice_operator, languages, created_at)
			select id, kind, name, name_sv, business_id, iban, case when iban is not null then 'NDEAFIHH' end, vat, street, postal, city, ovt, '0216:' || ovt, 'E204503',
			       languages, timestamptz '${W0} 09:00:00+02' - interval '400 days' from b.org`);

		// Users: every role in every area and provider. Coaches and case officers keep the numbering of their own tables.
		await x(`create table b.coach as select n, gen_random_uuid() as id, (n - 1) / ${CPP} + 1 as provider_n from generate_series(1, ${PROVIDERS * CPP}) n`);
		await x(`create table b.officer as select n, gen_random_uuid() as id, (n - 1) / ${OPA} + 1 as area_n from generate_series(1, ${AREAS * OPA}) n`);
		await x(`create table b.staff (id uuid not null default gen_random_uuid(), kind text, org_n int, role text, k int, email text, name text)`);
		const areaRoles: [string, string, number][] = [
			['area_admin', 'paakayttaja', 1],
			['invoice_reviewer', 'asiatarkastaja', 2],
			['invoice_approver', 'hyvaksyja', 2],
			['auditor', 'tarkastaja', 1]
		];
		const providerRoles: [string, string, number][] = [
			['provider_admin', 'yllapitaja', 1],
			['finance', 'talous', 1]
		];
		for (const [role, word, count] of areaRoles) {
			await x(`insert into b.staff (kind, org_n, role, k, email, name)
				select 'area', a.n, ${q(role)}, k, ${q(word)} || k || '.alue' || a.n || '@bench.invalid', ${personName(`(a.n * 11 + k * 5 + ${word.length})`)}
				from b.area a cross join generate_series(1, ${count}) k`);
		}
		for (const [role, word, count] of providerRoles) {
			await x(`insert into b.staff (kind, org_n, role, k, email, name)
				select 'provider', p.n, ${q(role)}, k, ${q(word)} || k || '.ptp' || p.n || '@bench.invalid', ${personName(`(p.n * 13 + k + ${word.length})`)}
				from b.provider p cross join generate_series(1, ${count}) k`);
		}
		const hash = o.passwordHash ? q(o.passwordHash) : 'null';
		const created = `timestamptz '${W0} 09:00:00+02' - interval '200 days'`;
		await x(
			`insert into users (id, email, name, password_hash, created_at) select id, 'valmentaja' || n || '@bench.invalid', ${personName('n')}, ${hash}, ${created} from b.coach`
		);
		await x(
			`insert into users (id, email, name, password_hash, created_at) select id, 'virkailija' || n || '@bench.invalid', ${personName('(n + 3)')}, ${hash}, ${created} from b.officer`
		);
		await x(`insert into users (id, email, name, password_hash, created_at) select id, email, name, ${hash}, ${created} from b.staff`);
		await x(`insert into memberships (user_id, organisation_id, role) select c.id, p.id, 'coach' from b.coach c join b.provider p on p.n = c.provider_n`);
		await x(`insert into memberships (user_id, organisation_id, role) select o.id, a.id, 'case_officer' from b.officer o join b.area a on a.n = o.area_n`);
		await x(`insert into memberships (user_id, organisation_id, role)
			select s.id, org.id, s.role from b.staff s join b.org org on org.kind = s.kind and org.n = s.org_n`);

		// Contracts cover the whole two years (and beyond): area n % AREAS, provider n % PROVIDERS.
		await x(`create table b.contract as
			select n, gen_random_uuid() as id, (n - 1) % ${AREAS} + 1 as area_n, (n - 1) % ${PROVIDERS} + 1 as provider_n,
			       date '${W0}' - 60 - floor(random() * 300)::int as start_date, date '${T}' + 240 + floor(random() * 500)::int as end_date,
			       (${sqlArray(SERVICE_TYPES)})[1 + (n - 1) % ${SERVICE_TYPES.length}] as service_type,
			       case when n % 5 = 0 then '{sick}'::text[] else '{}'::text[] end as billable
			from generate_series(1, ${CONTRACTS}) n`);
		await x(`alter table b.contract add column training boolean`);
		await x(`update b.contract set training = service_type not like '%coaching'`);
		await x(`insert into contracts (id, area_id, provider_id, contract_number, diary_number, title, service_type, kind, status, start_date, end_date, languages, places,
		                               capacity_per_cohort, budget_cents, payment_term_days, deadlines, invoicing_period, billable_absences,
		                               midpoint_feedback_weeks, created_at, updated_at)
			select c.id, a.id, p.id, 'HP-' || extract(year from c.start_date) || '-' || lpad(c.n::text, 4, '0'), 'DNRO/' || c.n,
			       initcap(replace(c.service_type, '_', ' ')) || ' ' || c.n, c.service_type, case when c.n % 3 = 0 then 'single' else 'framework' end,
			       'active', c.start_date, c.end_date, a.languages, array['Toimipiste ' || c.provider_n], 24, 100000000, 21,
			       '{"referralAnswer":{"days":5,"count":"working"},"absenceReport":{"days":3,"count":"working"},"arvi":{"days":14,"count":"calendar"}}'::jsonb,
			       'month', c.billable,
			       -- Half of the training contracts ask for mid-point feedback of participations longer than 8 weeks.
			       case when c.training and c.n % 2 = 0 then 8 end,
			       c.start_date - 30, c.start_date - 30
			from b.contract c join b.area a on a.n = c.area_n join b.provider p on p.n = c.provider_n`);
		await x(`insert into area_providers (area_id, provider_id, created_at)
			select distinct a.id, p.id, timestamptz '${W0} 09:00:00+02' - interval '400 days' from b.contract c join b.area a on a.n = c.area_n join b.provider p on p.n = c.provider_n`);
		// Assignments valid today: every coach for each area their provider has contracts with.
		await x(`insert into assignments (user_id, provider_id, area_id, valid_from, valid_until, created_at)
			select distinct ch.id, p.id, a.id, date '${W0}' - 60, date '${T}' + 365, timestamptz '${W0} 09:00:00+02' - interval '60 days'
			from b.coach ch join b.contract c on c.provider_n = ch.provider_n join b.area a on a.n = c.area_n join b.provider p on p.n = c.provider_n`);

		// Price lines: per participant day (0 % VAT for training, 25.5 % for coaching), per start (two contracts in three),
		// per meeting or per hour, and outcome bonuses naming an ARVI end situation. Every tenth contract raised its
		// day price a year ago (a second line, in force from then).
		await x(
			`create table b.price (id uuid not null default gen_random_uuid(), contract_id uuid, unit text, description text, price int, vat int, valid_from date, condition text)`
		);
		await x(`insert into b.price (contract_id, unit, description, price, vat, valid_from, condition)
			select c.id, 'participant_day', 'Opiskelijatyöpäivä', 6000 + ((c.n * 37) % 90) * 100, case when c.training then 0 else 2550 end, c.start_date, null from b.contract c
			union all
			select c.id, 'participant_day', 'Opiskelijatyöpäivä (korotettu)', (6000 + ((c.n * 37) % 90) * 100) * 105 / 100, case when c.training then 0 else 2550 end, date '${T}' - 365, null
			from b.contract c where c.n % 10 = 0
			union all
			select c.id, 'participant_start', 'Aloitus', 25000 + (c.n % 7) * 2500, 2550, c.start_date, null from b.contract c where c.n % 3 <> 0
			union all
			select c.id, case when c.n % 2 = 0 then 'meeting' else 'hour' end, case when c.n % 2 = 0 then 'Valmennustapaaminen' else 'Valmennustunti' end,
			       case when c.n % 2 = 0 then 8500 + (c.n % 5) * 500 else 7000 + (c.n % 4) * 750 end, 2550, c.start_date, null from b.contract c
			union all
			select c.id, 'outcome_bonus', 'Tulospalkkio: työllistyminen', 60000, 2550, c.start_date, 'employed' from b.contract c
			union all
			select c.id, 'outcome_bonus', 'Tulospalkkio: koulutukseen', 30000, 2550, c.start_date, 'training' from b.contract c where c.n % 4 = 0`);
		await x(`insert into price_lines (id, contract_id, unit, description, unit_price_cents, vat_rate_bp, valid_from, condition)
			select id, contract_id, unit, description, price, vat, valid_from, condition from b.price`);
		await x(`alter table b.price add column valid_to date`);
		await x(`update b.price p set valid_to = s.vt from (
			select id, coalesce(lead(valid_from) over (partition by contract_id, unit, coalesce(condition, '') order by valid_from), date 'infinity') as vt from b.price) s
			where s.id = p.id`);
	});

	await timed('cohorts, customers, referrals, participations', async () => {
		// Contract sizes are skewed (a few big framework contracts, many small ones): contract = n * u^1.3.
		// Cohorts start on a Monday anywhere in the two years (or the next month), run 14-29 weeks, 10-22 people.
		await x(`create table b.cohort as
			select x.n, gen_random_uuid() as id, x.contract_n,
			       x.sd - ((x.sd - date '2000-01-03') % 7) as start_date,
			       x.sd - ((x.sd - date '2000-01-03') % 7) + x.weeks * 7 - 3 as end_date,
			       case when x.r1 < 0.40 then '{1,2,3,4,5}'::int[] when x.r1 < 0.75 then '{1,2,3,4}'::int[]
			            when x.r1 < 0.90 then '{1,2,3}'::int[] else '{2,4}'::int[] end as weekdays,
			       x.size, (c.provider_n - 1) * ${CPP} + 1 + x.coach_k as coach_n, false as busy
			from (select n, ${randomContract} as contract_n,
			             date '${W0}' + floor(random() * 761)::int as sd, random() as r1, 14 + floor(random() * 16)::int as weeks,
			             10 + floor(random() * 13)::int as size, floor(random() * ${CPP})::int as coach_k
			      from generate_series(1, ${COHORTS}) n offset 0) x
			join b.contract c on c.n = x.contract_n`);
		// The busiest coach (provider 1's first coach) on contract 1: cohorts that started ten weeks ago and meet today.
		const monday = addDays(T, -(todayDow - 1));
		await x(`insert into b.cohort (n, id, contract_n, start_date, end_date, weekdays, size, coach_n, busy)
			select ${COHORTS} + k, gen_random_uuid(), 1, date '${addDays(monday, -70)}', date '${addDays(monday, -70 + 26 * 7 - 3)}',
			       '{${busyWeekdays.join(',')}}'::int[], ${BUSY_COHORT_SIZE}, 1, true
			from generate_series(1, ${BUSY_COHORTS}) k`);
		await x(`insert into cohorts (id, contract_id, name, start_date, end_date, weekdays, daily_start, daily_end, place, language, capacity)
			select co.id, c.id, 'Ryhmä ' || co.n, co.start_date, co.end_date, co.weekdays, '09:00', '15:00', 'Opetustila ' || (co.n % 7 + 1), 'fi', 24
			from b.cohort co join b.contract c on c.n = co.contract_n`);
		await x(`create table b.part (
			n int generated always as identity primary key,
			id uuid not null default gen_random_uuid(), referral_id uuid not null default gen_random_uuid(),
			customer_id uuid not null default gen_random_uuid(),
			cohort_n int, cohort_id uuid, contract_id uuid not null, area_id uuid not null, provider_id uuid not null,
			coach_id uuid not null, officer_id uuid not null, weekdays int[],
			start_date date not null, planned_end date not null, end_date date, status text not null, end_reason text, language text)`);
		// Cohort participants: 10 % join up to two weeks late, 8 % are interrupted part-way (not the busiest coach's).
		await x(`insert into b.part (cohort_n, cohort_id, contract_id, area_id, provider_id, coach_id, officer_id, weekdays, start_date, planned_end, end_date, status)
			select y.cohort_n, y.cohort_id, y.contract_id, y.area_id, y.provider_id, y.coach_id, y.officer_id, y.weekdays, y.start_date, y.planned_end,
			       ${status('y.start_date', 'y.iend', 'y.planned_end')}
			from (
				select co.n as cohort_n, co.id as cohort_id, c.id as contract_id, a.id as area_id, pr.id as provider_id, ch.id as coach_id,
				       o.id as officer_id, co.weekdays, co.end_date as planned_end,
				       co.start_date + case when k.r_late < 0.10 and not co.busy then k.late_days else 0 end as start_date,
				       case when k.r_int < 0.08 and not co.busy
				            then co.start_date + greatest(case when k.r_late < 0.10 then k.late_days else 0 end, floor(k.r_when * (co.end_date - co.start_date))::int) end as iend
				from b.cohort co
				join b.contract c on c.n = co.contract_n
				join b.area a on a.n = c.area_n
				join b.provider pr on pr.n = c.provider_n
				join b.coach ch on ch.n = co.coach_n
				cross join lateral (select i, random() as r_late, random() as r_int, random() as r_when,
				                           floor(random() * 15)::int as late_days, floor(random() * ${OPA})::int as officer_k
				                    from generate_series(1, co.size) i offset 0) k
				join b.officer o on o.n = (c.area_n - 1) * ${OPA} + 1 + k.officer_k
			) y`);
		const [{ n: inCohorts }] = await x(`select count(*)::int as n from b.part`);
		const coaching = Math.max(0, PARTICIPATIONS - Number(inCohorts));
		// One-to-one coaching (no cohort): 8-30 weeks, a meeting a week. The busiest coach's customers started
		// 1-20 weeks ago on today's weekday, so that each has a meeting today.
		await x(`insert into b.part (cohort_n, cohort_id, contract_id, area_id, provider_id, coach_id, officer_id, weekdays, start_date, planned_end, end_date, status)
			select null, null, y.contract_id, y.area_id, y.provider_id, y.coach_id, y.officer_id, null, y.start_date, y.planned_end,
			       ${status('y.start_date', 'y.iend', 'y.planned_end')}
			from (
				select c.id as contract_id, a.id as area_id, pr.id as provider_id, ch.id as coach_id, o.id as officer_id,
				       x.start_date, x.start_date + x.weeks * 7 as planned_end,
				       case when x.r_int < 0.08 and not x.busy then x.start_date + floor(x.r_when * x.weeks * 7)::int end as iend
				from ((select ${randomContract} as contract_n,
				             date '${W0}' + floor(random() * 761)::int as start_date, 8 + floor(random() * 23)::int as weeks,
				             floor(random() * ${CPP})::int as coach_k, floor(random() * ${OPA})::int as officer_k,
				             random() as r_int, random() as r_when, false as busy
				      from generate_series(1, ${coaching}) offset 0)
				      union all
				      (select 1, date '${T}' - 7 * k, 30, 0, floor(random() * ${OPA})::int, 1, 1, true
				      from generate_series(1, ${BUSY_COACHING}) k)) x
				join b.contract c on c.n = x.contract_n
				join b.area a on a.n = c.area_n
				join b.provider pr on pr.n = c.provider_n
				join b.coach ch on ch.n = (c.provider_n - 1) * ${CPP} + 1 + x.coach_k
				join b.officer o on o.n = (c.area_n - 1) * ${OPA} + 1 + x.officer_k
			) y`);
		await x(`update b.part set language = case when n % 14 = 0 then 'sv' when n % 33 = 0 then 'en' else 'fi' end,
			end_reason = case when status <> 'interrupted' then null when n % 20 < 10 then 'employed' when n % 20 < 13 then 'studies'
			                  when n % 20 < 16 then 'health' when n % 20 = 16 then 'moved' when n % 20 < 19 then 'did_not_attend' else 'other' end`);
		await x(`insert into customers (id, area_id, customer_number, name, language, created_at)
			select customer_id, area_id, 'AS-' || n, ${personName('(n * 17 + 1)')} || ' ' || n, language, start_date - 21 from b.part`);
		await x(`insert into referrals (id, customer_id, contract_id, cohort_id, area_id, provider_id, officer_id, status, needs, planned_start,
		                               referred_at, answer_due, answered_at, answered_by)
			select referral_id, customer_id, contract_id, cohort_id, area_id, provider_id, officer_id, 'accepted', 'Työnhaun tuki', start_date,
			       start_date - 21, start_date - 14, start_date - 16, coach_id from b.part`);
		// The consent each referral records (the provider's access depends on one being in force).
		await x(`insert into consents (customer_id, form_version, scope, given_on, recorded_by, recorded_at)
			select customer_id, 'SUO-2025-1', 'Yhteystiedot, läsnäolot ja poissaolot palveluntuottajalle', start_date - 22, officer_id, start_date - 21 from b.part`);
		await x(`insert into participations (id, referral_id, customer_id, contract_id, cohort_id, coach_id, status, start_date,
		                                    planned_end_date, end_date, end_reason, created_at)
			select id, referral_id, customer_id, contract_id, cohort_id, coach_id, status, start_date, planned_end, end_date,
			       end_reason, start_date - 16 from b.part`);
		await x(`create index on b.part (cohort_n)`);
		await x(`analyze b.part`);
	});

	await timed('meetings', async () => {
		// Coaching customers weekly, cohort participants every four weeks; planned up to two weeks ahead; 5 % cancelled.
		await x(`insert into meetings (participation_id, contract_id, day, start_time, duration_minutes, mode, client_key, created_by, created_at, cancelled_at)
			select x.id, x.contract_id, x.day, x.start_time, x.minutes, x.mode, gen_random_uuid(), x.coach_id,
			       (x.day - 7) + time '12:00' at time zone 'Europe/Helsinki',
			       case when x.r < 0.05 and x.day <> date '${T}' then (x.day - 1) + time '12:00' at time zone 'Europe/Helsinki' end
			from (
				select p.id, p.contract_id, p.coach_id, p.start_date + s.off + s.k * s.step as day, random() as r,
				       (array['in_person', 'remote', 'phone'])[1 + floor(random() * 3)::int] as mode,
				       (array[45, 60, 60, 90])[1 + floor(random() * 4)::int] as minutes,
				       lpad((8 + floor(random() * 8))::int::text, 2, '0') || ':00' as start_time
				from b.part p
				cross join lateral (select case when p.cohort_n is null then 0 else 3 end as off,
				                           case when p.cohort_n is null then 7 else 28 end as step) st
				cross join lateral (select st.off, st.step, k from generate_series(0,
				        (least(coalesce(p.end_date, p.planned_end), date '${T}' + 14) - p.start_date - st.off) / st.step) k) s
				offset 0
			) x
			order by x.day`);
	});

	// Attendance: month by month in day order (as the rows would arrive), without indexes; they are built after.
	const dropIndexes = o.dropIndexes ?? true;
	const saved = dropIndexes ? await timed('drop attendance indexes/keys for the bulk load', () => dropAttendanceIndexes(exec)) : null;
	// The dashboard's monthly summary (attendance_month) is filled once after the load, not mark by mark by its trigger.
	await x(`alter table attendance disable trigger attendance_month_sync`);
	const [{ first }] = await x(`select min(start_date)::text as first from b.part`);
	const months: string[] = [];
	for (let m = monthStart(String(first)); m <= T; m = addMonths(m, 1)) months.push(m);
	await timed(`attendance rows (${months.length} monthly chunks)`, async () => {
		for (const m of months) {
			const from = m;
			const until = monthEnd(m) < T ? monthEnd(m) : T;
			// Day marks of cohort participants on the cohort's weekdays, never on a public holiday. 88 % present;
			// absences with a reason. 3 % of days were marked twice: the earlier mark stays as history
			// (current = false), the current row points at it (replaces_id). 1 % marked four days late (only days
			// early in a month, so that every mark is in before its month is invoiced). Today: only the
			// even-numbered cohorts have marked yet.
			await x(`insert into attendance (id, participation_id, contract_id, cohort_id, meeting_id, day, status, reason, reason_text,
			                                marked_at, received_at, marked_by, client_key, current, late, correction, replaces_id)
				select case when v.cur then gen_random_uuid() else x.hid end,
				       x.pid, x.contract_id, x.cohort_id, null, x.day,
				       case when (x.r < 0.88) = v.cur then 'present' else 'absent' end,
				       case when v.cur then (case when x.r < 0.88 then null when x.r < 0.93 then 'sick' when x.r < 0.94 then 'sick_child'
				                                  when x.r < 0.96 then 'job_interview_or_work' when x.r < 0.98 then 'agreed_leave'
				                                  when x.r < 0.995 then 'unexcused' else 'other' end)
				            else (case when x.r < 0.88 then 'unexcused' end) end,
				       case when v.cur and x.r >= 0.995 then 'Muu syy' end,
				       x.at + case when x.late then interval '4 days' else interval '0' end - case when v.cur then interval '0' else interval '3 hours' end,
				       x.at + case when x.late then interval '4 days' else interval '0' end - case when v.cur then interval '0' else interval '3 hours' end
				            + interval '3 seconds',
				       x.coach_id, gen_random_uuid(), v.cur, v.cur and x.late, false,
				       case when v.cur then x.hid end
				from (
					select p.id as pid, p.contract_id, p.cohort_id, p.coach_id, p.start_date + i as day, random() as r,
					       random() < 0.01 and p.start_date + i < date '${T}' - 5 and extract(day from p.start_date + i) <= 20 as late,
					       case when random() < ${HISTORY_SHARE} then gen_random_uuid() end as hid,
					       ((p.start_date + i) + time '08:30' + random() * interval '7 hours') at time zone 'Europe/Helsinki' as at
					from b.part p
					cross join lateral generate_series(greatest(0, date '${from}' - p.start_date), least(coalesce(p.end_date, date '${T}'), date '${until}') - p.start_date) i
					where p.cohort_n is not null and p.start_date <= date '${until}' and coalesce(p.end_date, date '${T}') >= date '${from}'
					  and ((p.start_date + i) - date '2000-01-03') % 7 + 1 = any(p.weekdays)
					  and not exists (select 1 from b.holiday h where h.day = p.start_date + i)
					  and (p.start_date + i < date '${T}' or p.cohort_n % 2 = 0)
					order by 5
					offset 0
				) x
				cross join lateral (values (true), (false)) v(cur)
				where v.cur or x.hid is not null`);
			// Meeting marks (the mark carries the participation's cohort, as writeMark does). 90 % present.
			await x(`insert into attendance (participation_id, contract_id, cohort_id, meeting_id, day, status, reason, reason_text,
			                                marked_at, received_at, marked_by, client_key, current, late, correction, replaces_id)
				select x.participation_id, x.contract_id, x.cohort_id, x.mid, x.day,
				       case when x.r < 0.9 then 'present' else 'absent' end,
				       case when x.r < 0.9 then null when x.r < 0.95 then 'sick' when x.r < 0.98 then 'agreed_leave' else 'unexcused' end,
				       null, x.at, x.at + interval '3 seconds', x.coach_id, gen_random_uuid(), true, false, false, null
				from (
					select m.id as mid, m.participation_id, p.contract_id, p.cohort_id, p.coach_id, m.day, random() as r,
					       (m.day + m.start_time::time + interval '1 hour') at time zone 'Europe/Helsinki' as at
					from meetings m join b.part p on p.id = m.participation_id
					where m.cancelled_at is null and m.day between date '${from}' and date '${until}'
					  and m.day <= coalesce(p.end_date, date '${T}') and (m.day < date '${T}' or p.n % 2 = 0)
					order by m.day
					offset 0
				) x`);
		}
	});
	if (saved) {
		// Index builds two at a time on two connections when a second one is available (CREATE INDEX takes a
		// SHARE lock, which does not block another CREATE INDEX); keys attached to their unique indexes, FKs validated.
		const builds = [...saved.keys.map((k) => ({ name: k.name, def: k.idxdef })), ...saved.indexes];
		const queue = [...builds];
		const worker = async (run: Exec) => {
			for (let b = queue.shift(); b; b = queue.shift()) {
				const s = performance.now();
				await run(b.def);
				const seconds = (performance.now() - s) / 1000;
				timings.push({ step: `build ${b.name}`, seconds });
				log(`  built ${b.name} in ${seconds.toFixed(1)} s`);
			}
		};
		await timed(`build attendance indexes (${o.openExtra ? 2 : 1} connection${o.openExtra ? 's' : ''})`, async () => {
			if (!o.openExtra) return worker(exec);
			const [a, b] = await Promise.all([o.openExtra(), o.openExtra()]);
			try {
				await Promise.all([worker(a.exec), worker(b.exec)]);
			} finally {
				await Promise.all([a.close(), b.close()]);
			}
		});
		await timed('attach keys and validate foreign keys', async () => {
			for (const k of saved.keys)
				await x(`alter table attendance add constraint "${k.name}" ${k.type === 'p' ? 'primary key' : 'unique'} using index "${k.name}"`);
			for (const f of saved.fks) await x(`alter table ${f.tbl} add constraint "${f.name}" ${f.def}`);
		});
	}

	await timed('attendance monthly summary for the dashboard (attendance_month)', async () => {
		await x(`select refresh_attendance_month()`);
		await x(`alter table attendance enable trigger attendance_month_sync`);
	});
	await timed('ARVIs (draft, submitted, returned, accepted)', () => fillArvis(x, T));
	await timed('participant feedback (invitations, anonymous answers)', () => fillFeedback(x, T));
	await timed('invoices, lines, credit notes, period locks, events', () => fillInvoices(x, T, M0));

	await timed('quality remarks (1–3 per contract) and their history', () => fillRemarks(x, T));

	await timed('audit rows', async () => {
		// What the services write with each change: invoice events, period locks and ARVI steps.
		await x(`insert into audit_log (at, user_id, organisation_id, area_id, action, target_type, target_ids, customer_ids)
			select e.at, e.by, e.org_id, i.area_id, 'invoice.' || e.kind, 'invoice', array[i.id::text], '{}'::uuid[]
			from b.ev e join b.inv i on i.id = e.invoice_id`);
		await x(`insert into audit_log (at, user_id, organisation_id, area_id, action, target_type, target_ids, customer_ids)
			select l.locked_at, l.locked_by, c.provider_id, c.area_id, 'attendance.lock_period', 'contract', array[l.contract_id::text], '{}'::uuid[]
			from period_locks l join contracts c on c.id = l.contract_id`);
		await x(`insert into audit_log (at, user_id, organisation_id, area_id, action, target_type, target_ids, customer_ids)
			select a.created_at, p.coach_id, a.provider_id, a.area_id, 'arvi.create', 'arvi', array[a.id::text], array[a.customer_id]
			from arvis a join participations p on p.id = a.participation_id
			union all
			select v.submitted_at, v.submitted_by, a.provider_id, a.area_id, 'arvi.submit', 'arvi', array[a.id::text], array[a.customer_id]
			from arvi_versions v join arvis a on a.id = v.arvi_id
			union all
			select v.decided_at, v.decided_by, a.area_id, a.area_id, case v.decision when 'accepted' then 'arvi.accept' else 'arvi.return' end, 'arvi',
			       array[a.id::text], array[a.customer_id]
			from arvi_versions v join arvis a on a.id = v.arvi_id where v.decision is not null
			order by 1`);
	});

	await timed('notifications', async () => {
		// What the services notify of the events above (every page counts the user's unread ones): a new
		// referral to its coach, the answer to its officer, each invoice step to those who act next, an ARVI
		// to the officer and back to the coach. Read within hours, except some of the last two weeks'.
		await x(`insert into notifications (user_id, kind, link, created_at, read_at)
			select n.user_id, n.kind, n.link, n.at,
			       case when n.at < '${T}'::date - 14 or hashtext(n.link || n.user_id::text) % 2 = 0 then n.at + interval '3 hours' end
			from (
				select p.coach_id as user_id, 'referral_new' as kind, '/provider/' || r.provider_id || '/referrals/' || r.id as link, r.referred_at as at
				from referrals r join participations p on p.referral_id = r.id
				union all
				select r.officer_id, 'referral_accepted', '/area/' || r.area_id || '/referrals/' || r.id, r.answered_at
				from referrals r where r.answered_at is not null
				union all
				select m.user_id, 'invoice_' || e.kind, '/area/' || i.area_id || '/invoices/' || i.id, e.at
				from invoice_events e join invoices i on i.id = e.invoice_id
				join memberships m on m.organisation_id = i.area_id and m.role = case e.kind when 'submitted' then 'invoice_reviewer' else 'invoice_approver' end
				where e.kind in ('submitted', 'checked')
				union all
				select coalesce(i.submitted_by, i.created_by), 'invoice_' || e.kind, '/provider/' || i.provider_id || '/invoices/' || i.id, e.at
				from invoice_events e join invoices i on i.id = e.invoice_id
				where e.kind in ('returned', 'approved')
				union all
				select r.officer_id, 'arvi_submitted', '/area/' || a.area_id || '/arvi/' || a.id, v.submitted_at
				from arvi_versions v join arvis a on a.id = v.arvi_id join participations p on p.id = a.participation_id join referrals r on r.id = p.referral_id
				union all
				select p.coach_id, case v.decision when 'accepted' then 'arvi_accepted' else 'arvi_returned' end, '/provider/' || a.provider_id || '/arvi/' || a.id, v.decided_at
				from arvi_versions v join arvis a on a.id = v.arvi_id join participations p on p.id = a.participation_id
				where v.decision is not null
			) n`);
	});

	await timed('deadline reminders already sent', () => fillReminders(x, T));

	const facts = await timed('facts for the benchmarks', () => scaleFacts(x, T, M0, todayMeets));
	await x(`drop schema b cascade`);
	if (o.vacuum ?? true) {
		await timed('vacuum analyze', async () => {
			await x(`vacuum (analyze) attendance`);
			await x(`vacuum (analyze)`);
		});
	}
	return {
		timings,
		months: months.length,
		sizes: { areas: AREAS, providers: PROVIDERS, contracts: CONTRACTS, participations: PARTICIPATIONS, coachesPerProvider: CPP, officersPerArea: OPA },
		facts
	};
}

// ---------------------------------------------------------------------------------------------------
// Deadline reminders

/**
 * The reminders the deadline job (src/lib/server/notifications/reminders.ts) would have sent by `T` in a service
 * that had run all along: each ARVI form and remark still waiting whose deadline has passed is recorded as
 * reminded the day after it, and one due tomorrow as reminded today. Without them a fresh database has a
 * backlog (5,578 overdue ARVIs at scale 1) that the job sends 500 of a kind every 10 minutes, each with its
 * e-mail jobs, inside the benchmarks' measurements for hours. The objects are those of the job's own queries;
 * tests/integration/seed-scale.test.ts runs the job on the seeded data and expects nothing left to send.
 */
async function fillReminders(x: Exec, T: string) {
	await x(`insert into deadline_reminders (object_type, object_id, stage, due_on, sent_at)
		select w.type, w.id, case when w.due_on < '${T}'::date then 'overdue' else 'due_soon' end, w.due_on,
		       least(w.due_on + 1, '${T}'::date)::timestamp at time zone 'Europe/Helsinki' + interval '8 hours'
		from (
			select 'notice' as type, id, due_on from notices where status in ('open', 'acknowledged')
			union all select 'arvi', id, due_on from arvis where status in ('draft', 'returned')
			union all select 'remark', id, due_on from remarks where status in ('open', 'more_requested')
		) w
		where w.due_on < '${T}'::date or w.due_on = '${T}'::date + 1`);
}

// ---------------------------------------------------------------------------------------------------
// Quality remarks
// ---------------------------------------------------------------------------------------------------

/**
 * One to three remarks per contract, filed by one of the area's case officers over the last 300 days, numbered per
 * area and year like the service does: those older than 30 days closed, 10–30 days answered by the provider's
 * admin, newer ones open (some of them past their deadline, for the home pages' overdue counts). Remarks are about
 * the contract, so no customer is involved; the deadline is 14 calendar days (≈ 10 working days).
 */
async function fillRemarks(x: Exec, T: string) {
	await x(`insert into remarks (area_id, provider_id, contract_id, number, category, description, observed_on, status, response_days, due_on,
			filed_at, filed_by, first_answered_at, closed_at, version)
		select r.area_id, r.provider_id, r.contract_id,
		       extract(year from r.filed)::int || '-' || lpad((row_number() over (partition by r.area_id, extract(year from r.filed) order by r.filed, r.contract_id, r.n))::text, 4, '0'),
		       (array['service_content', 'staffing', 'schedule', 'premises', 'reporting', 'customer_treatment', 'invoicing', 'data_protection', 'other'])[1 + r.h % 9],
		       'Laatupoikkeama (testiaineisto)', r.filed::date - 2,
		       case when r.age > 30 then 'closed' when r.age > 10 then 'answered' else 'open' end,
		       10, r.filed::date + 14, r.filed, r.officer,
		       case when r.age > 10 then r.filed + interval '6 days' end,
		       case when r.age > 30 then r.filed + interval '20 days' end,
		       case when r.age > 30 then 3 when r.age > 10 then 2 else 1 end
		from (
			select c.id as contract_id, c.area_id, c.provider_id, g.n, abs(hashtext(c.id::text || g.n::text)) as h,
			       abs(hashtext(c.id::text || g.n::text)) % 300 as age,
			       ('${T}'::date - abs(hashtext(c.id::text || g.n::text)) % 300)::timestamptz + interval '9 hours' as filed,
			       (select m.user_id from memberships m where m.organisation_id = c.area_id and m.role = 'case_officer' order by m.user_id limit 1) as officer
			from contracts c cross join generate_series(1, 1 + abs(hashtext(c.id::text)) % 3) g(n)
		) r
		where r.officer is not null`);
	await x(`insert into remark_events (remark_id, kind, at, by, text, due_on)
		select id, 'filed', filed_at, filed_by, description, due_on from remarks
		union all
		select r.id, 'answered', r.first_answered_at,
		       coalesce((select m.user_id from memberships m where m.organisation_id = r.provider_id and m.role = 'provider_admin' order by m.user_id limit 1), r.filed_by),
		       'Selvitys (testiaineisto)', null
		from remarks r where r.first_answered_at is not null
		union all
		select id, 'closed', closed_at, filed_by, null, null from remarks where closed_at is not null
		order by 3`);
}

// ---------------------------------------------------------------------------------------------------
// ARVIs
// ---------------------------------------------------------------------------------------------------

async function fillArvis(x: Exec, T: string) {
	// One per ended participation, due 14 calendar days after the end (the contracts' ARVI deadline). The state
	// follows the time since the end: recent ones are drafts or submitted, older ones mostly accepted.
	await x(`create table b.arvi as
		select gen_random_uuid() as id, p.id as participation_id, p.area_id, p.provider_id, p.contract_id, p.customer_id, p.coach_id, p.officer_id,
		       p.start_date, p.end_date, p.status as pstatus, p.end_reason, p.language, p.n,
		       date '${T}' - p.end_date as age, y.r, y.r2, y.r3, y.r4,
		       case when date '${T}' - p.end_date < 14 then (case when y.r < 0.6 then 'draft' else 'submitted' end)
		            when date '${T}' - p.end_date < 45 then (case when y.r < 0.10 then 'draft' when y.r < 0.45 then 'submitted' when y.r < 0.60 then 'returned' else 'accepted' end)
		            else (case when y.r < 0.03 then 'draft' when y.r < 0.05 then 'submitted' when y.r < 0.07 then 'returned' else 'accepted' end) end as status,
		       case when p.end_reason = 'employed' then 'employed' when p.end_reason = 'studies' then 'training'
		            when p.end_reason is not null then (case when y.r2 < 0.7 then 'job_seeker' else 'other' end)
		            when y.r2 < 0.35 then 'employed' when y.r2 < 0.55 then 'training' when y.r2 < 0.95 then 'job_seeker' else 'other' end as situation
		from b.part p cross join lateral (select random() as r, random() as r2, random() as r3, random() as r4 offset 0) y
		where p.status in ('completed', 'interrupted')`);
	// Every state exists at any scale: the latest ended ones are submitted and draft, the latest ended two weeks ago returned.
	await x(`update b.arvi set status = 'submitted' where id = (select id from b.arvi order by age, n limit 1)`);
	await x(`update b.arvi set status = 'draft' where id = (select id from b.arvi order by age, n offset 1 limit 1)`);
	await x(`update b.arvi set status = 'returned' where id = (select id from b.arvi where age >= 14 order by age, n limit 1)`);
	// Submission day: 1-10 days after the end (never after today); decision: later, never after today.
	await x(
		`alter table b.arvi add column sub_at timestamptz, add column dec_at timestamptz, add column two boolean, add column content jsonb, add column coach_name text`
	);
	await x(`update b.arvi set
		sub_at = (end_date + 1 + floor(r3 * least(10, age - 1))::int) + time '10:00' at time zone 'Europe/Helsinki',
		two = status = 'accepted' and age >= 45 and r4 < 0.10`);
	await x(`update b.arvi set dec_at = case when two then sub_at + interval '6 days 3 hours'
		else (sub_at::date + floor(r4 * (date '${T}' - (sub_at at time zone 'Europe/Helsinki')::date))::int) + time '13:00' at time zone 'Europe/Helsinki' end`);
	await x(`update b.arvi a set coach_name = u.name from users u where u.id = a.coach_id`);
	const pick = (arr: string[], r: string) => `(${sqlArray(arr)})[1 + floor(${r} * ${arr.length})::int]`;
	const activities = [
		'Työnhaun suunnitelma, CV ja hakemukset päivitettiin; harjoiteltiin työhaastatteluja.',
		'Osallistui ryhmävalmennukseen ja yksilötapaamisiin; kartoitettiin osaaminen ja koulutustarpeet.',
		'Tutustuttiin alan työpaikkoihin, tehtiin työkokeilu ja laadittiin jatkosuunnitelma.'
	];
	await x(`update b.arvi set content = jsonb_build_object(
		'activities', ${pick(activities, 'r3')},
		'workPeriods', case when end_date - start_date >= 28 and r2 < 0.4
		                    then jsonb_build_array(jsonb_build_object('from', (start_date + 7)::text, 'until', (start_date + 20)::text, 'workplace', 'Harjoittelupaikka ' || (n % 50 + 1) || ' Oy'))
		                    else '[]'::jsonb end,
		'qualifications', case when r4 < 0.5 then jsonb_build_array(jsonb_build_object('kind', 'card', 'name', 'Työturvallisuuskortti', 'date', least(start_date + 5, end_date)::text)) else '[]'::jsonb end,
		'skills', ${pick(['Asiakaspalvelu, tiimityö ja täsmällisyys.', 'Varastotyö, trukkiajo ja järjestelmällisyys.', 'Tietotekniikka, kielitaito (suomi, englanti) ja oma-aloitteisuus.'], 'r2')},
		'suitableWork', ${pick(['Asiakaspalvelutehtävät, myymälätyö', 'Logistiikka- ja varastotyö', 'Toimistotyö ja asiakastuki'], 'r4')},
		'readiness', ${pick(['ready', 'mostly_ready', 'needs_support', 'not_ready'], 'r')},
		'situation', situation,
		'situationFrom', end_date::text,
		'situationText', case when situation = 'other' then 'Kuntouttava työtoiminta alkaa' else '' end,
		'nextSteps', jsonb_build_array(jsonb_build_object(
		     'kind', case situation when 'employed' then 'job' when 'training' then 'further_training' else 'another_service' end,
		     'reason', case situation when 'employed' then 'Työsuhde alkanut; seuranta kolmen kuukauden päästä.' when 'training' then 'Ammatillinen koulutus tukee työllistymistä.'
		                              else 'Tarvitsee vielä tukea työnhakuun.' end)),
		'customerView', ${pick(['Valmennus oli hyödyllinen ja selkeytti omia tavoitteita.', 'Sain paljon tukea hakemusten tekemiseen.', 'Ryhmästä oli apua, jatkan työnhakua itsenäisesti.'], 'r3')},
		'reviewedOn', end_date::text,
		'reviewedHow', ${pick(['in_person', 'phone', 'video'], 'r4')},
		'reviewedBy', coach_name)`);
	await x(`insert into arvis (id, participation_id, area_id, provider_id, contract_id, customer_id, status, language, due_on, content, draft_revision,
	                          draft_saved_at, draft_saved_by, outcome, submitted_at, decided_at, created_at, version)
		select a.id, a.participation_id, a.area_id, a.provider_id, a.contract_id, a.customer_id, a.status, a.language, a.end_date + 14,
		       case when a.status = 'draft' then jsonb_build_object('activities', a.content->'activities', 'workPeriods', '[]'::jsonb, 'qualifications', '[]'::jsonb,
		                'skills', case when a.r3 < 0.5 then a.content->'skills' else '""'::jsonb end, 'suitableWork', '""'::jsonb, 'readiness', '""'::jsonb,
		                'situation', '""'::jsonb, 'situationFrom', '""'::jsonb, 'situationText', '""'::jsonb, 'nextSteps', '[]'::jsonb, 'customerView', '""'::jsonb,
		                'reviewedOn', '""'::jsonb, 'reviewedHow', '""'::jsonb, 'reviewedBy', '""'::jsonb)
		            else a.content end,
		       case when a.status = 'draft' then 1 when a.two then 4 else 3 end,
		       case when a.status = 'draft' then (a.end_date + 1) + time '15:00' at time zone 'Europe/Helsinki' else a.sub_at end, a.coach_id,
		       case when a.status = 'accepted' then a.situation end,
		       case when a.status <> 'draft' then a.sub_at end,
		       case when a.status in ('accepted', 'returned') then a.dec_at end,
		       a.end_date + time '16:00' at time zone 'Europe/Helsinki',
		       case a.status when 'draft' then 1 when 'submitted' then 1 when 'returned' then 2 else (case when a.two then 4 else 2 end) end
		from b.arvi a`);
	await x(`insert into arvi_versions (arvi_id, number, content, submitted_at, submitted_by, decision, comment, decided_at, decided_by)
		select a.id, 1, a.content, a.sub_at, a.coach_id,
		       case when a.status = 'submitted' then null when a.status = 'returned' or a.two then 'returned' else 'accepted' end,
		       case when a.status = 'returned' or a.two then 'Täydennä suositellut jatkotoimet ja asiakkaan näkemys.' end,
		       case when a.status = 'returned' then a.dec_at when a.two then a.sub_at + interval '2 days' when a.status = 'accepted' then a.dec_at end,
		       case when a.status in ('returned', 'accepted') then a.officer_id end
		from b.arvi a where a.status <> 'draft'
		union all
		select a.id, 2, a.content, a.sub_at + interval '4 days', a.coach_id, 'accepted', null, a.dec_at, a.officer_id from b.arvi a where a.two`);
}

// ---------------------------------------------------------------------------------------------------
// Participant feedback
// ---------------------------------------------------------------------------------------------------

async function fillFeedback(x: Exec, T: string) {
	// One invitation per ended participation (the reaction to its end), valid 30 days; about 45 % are answered
	// (the token hash is then gone). Open ones keep a random hash, as if never shown yet.
	await x(`create table b.fb as
		select gen_random_uuid() as id, p.id as participation_id, p.area_id, p.provider_id, p.contract_id, p.cohort_id, p.end_date as day, p.n,
		       'end'::text as kind, random() < 0.45 as answered, random() as r, random() as r2
		from b.part p where p.status in ('completed', 'interrupted') and p.end_date is not null`);
	// Mid-point invitations where the contract says so (feedback/midpoints.ts): participations planned longer than
	// the contract's weeks that were still running on their mid-point day, made by the sweep that morning; fewer
	// are answered than at the end.
	await x(`insert into b.fb
		select gen_random_uuid(), p.id, p.area_id, p.provider_id, p.contract_id, p.cohort_id, m.day, p.n, 'midpoint', random() < 0.35, random(), random()
		from b.part p
		join contracts c on c.id = p.contract_id
		cross join lateral (select p.start_date + (p.planned_end - p.start_date) / 2 as day) m
		where c.midpoint_feedback_weeks is not null and p.planned_end - p.start_date > c.midpoint_feedback_weeks * 7
		  and p.status <> 'starting' and m.day <= date '${T}' and (p.end_date is null or p.end_date >= m.day)`);
	// A fifth of the open ones were sent to the customer by the area (mostly by e-mail).
	await x(`insert into feedback_invitations (id, participation_id, area_id, provider_id, contract_id, cohort_id, kind, token_hash, created_at, expires_at, answered,
	                                          sent_at, sent_via)
		select id, participation_id, area_id, provider_id, contract_id, cohort_id, kind,
		       case when answered then null else encode(sha256(convert_to(id::text, 'UTF8')), 'hex') end,
		       day + time '16:00' at time zone 'Europe/Helsinki', day + 30 + time '16:00' at time zone 'Europe/Helsinki', answered,
		       case when not answered and r2 >= 0.8 then day + 1 + time '10:00' at time zone 'Europe/Helsinki' end,
		       case when not answered and r2 >= 0.8 then case when r2 >= 0.95 then 'sms' else 'email' end end
		from b.fb`);
	// The answers keep the area, provider, contract, cohort and month only; scores lean to the good end; one in
	// six has a free text (most released by the area, some still waiting).
	const score = (r: string) => `least(5, 1 + floor(power(${r}, 0.6) * 5))::smallint`;
	await x(`insert into feedback_answers (area_id, provider_id, contract_id, cohort_id, kind, answered_month, content, coach_support, usefulness, recommend,
	                                     free_text, text_status)
		select f.area_id, f.provider_id, f.contract_id, f.cohort_id, f.kind, to_char(least(date '${T}', f.day + floor(f.r * 10)::int), 'YYYY-MM'),
		       ${score('y.a')}, ${score('y.b')}, ${score('y.c')}, ${score('y.d')},
		       case when f.r2 < 0.17 then (array['Hyvä ja käytännöllinen kurssi.', 'Valmentaja jaksoi auttaa hakemusten kanssa.', 'Liian vähän yksilöohjausta.'])[1 + floor(f.r * 3)::int] end,
		       case when f.r2 >= 0.17 then 'none' when f.r2 < 0.14 then 'released' else 'pending' end
		from b.fb f cross join lateral (select random() as a, random() as b, random() as c, random() as d offset 0) y
		where f.answered`);
}

// ---------------------------------------------------------------------------------------------------
// Invoices
// ---------------------------------------------------------------------------------------------------

async function fillInvoices(x: Exec, T: string, M0: string) {
	// The facts of every ended month, grouped into lines exactly as the pricing engine groups them
	// (src/lib/domain/invoicing/pricing.ts): each fact priced by the price line in force on its day.
	await x(`create table b.line (contract_id uuid, month date, price_id uuid, units int, minutes int, details jsonb)`);
	await x(`analyze b.price`);
	await x(`analyze b.contract`);
	// Billable day marks: present, or absent for a reason the contract pays for.
	await x(`insert into b.line
		select a.contract_id, date_trunc('month', a.day)::date, pr.id, count(*)::int, 0,
		       jsonb_agg(case when a.status = 'absent' then jsonb_build_object('participationId', a.participation_id, 'day', a.day, 'absenceReason', a.reason)
		                      else jsonb_build_object('participationId', a.participation_id, 'day', a.day) end order by a.day, a.participation_id)
		from attendance a
		join b.contract c on c.id = a.contract_id
		join b.price pr on pr.contract_id = a.contract_id and pr.unit = 'participant_day' and a.day >= pr.valid_from and a.day < pr.valid_to
		where a.current and a.meeting_id is null and a.day < date '${M0}' and (a.status = 'present' or a.reason = any(c.billable))
		group by 1, 2, 3`);
	// Held meetings (a current "present" mark on them): per meeting or per hour, as the contract prices them.
	await x(`insert into b.line
		select m.contract_id, date_trunc('month', m.day)::date, pr.id, count(*)::int, sum(m.duration_minutes)::int,
		       jsonb_agg(jsonb_build_object('participationId', m.participation_id, 'day', m.day, 'meetingId', m.id, 'minutes', m.duration_minutes)
		                 order by m.day, m.participation_id, m.id)
		from meetings m
		join attendance a on a.meeting_id = m.id and a.current and a.status = 'present'
		join b.price pr on pr.contract_id = m.contract_id and pr.unit in ('meeting', 'hour') and m.day >= pr.valid_from and m.day < pr.valid_to
		where m.cancelled_at is null and m.day < date '${M0}'
		group by 1, 2, 3`);
	// Starts (participations that have started).
	await x(`insert into b.line
		select p.contract_id, date_trunc('month', p.start_date)::date, pr.id, count(*)::int, 0,
		       jsonb_agg(jsonb_build_object('participationId', p.id, 'day', p.start_date) order by p.start_date, p.id)
		from participations p
		join b.price pr on pr.contract_id = p.contract_id and pr.unit = 'participant_start' and p.start_date >= pr.valid_from and p.start_date < pr.valid_to
		where p.status <> 'starting' and p.start_date < date '${M0}'
		group by 1, 2, 3`);
	// Outcome bonuses: accepted ARVIs whose end situation a bonus names, on the (Helsinki) day of acceptance.
	await x(`insert into b.line
		select a.contract_id, date_trunc('month', a.day)::date, pr.id, count(*)::int, 0,
		       jsonb_agg(jsonb_build_object('participationId', a.participation_id, 'day', a.day, 'outcome', a.outcome) order by a.day, a.participation_id)
		from (select contract_id, participation_id, outcome, (decided_at at time zone 'Europe/Helsinki')::date as day from arvis where status = 'accepted') a
		join b.price pr on pr.contract_id = a.contract_id and pr.unit = 'outcome_bonus' and pr.condition = a.outcome and a.day >= pr.valid_from and a.day < pr.valid_to
		where a.day < date '${M0}'
		group by 1, 2, 3`);
	await x(`create table b.iline as
		select l.contract_id, l.month, l.price_id, pr.unit, pr.description, pr.price, pr.vat, l.details,
		       case when pr.unit = 'hour' then (l.minutes * 200 + 60) / 120 else l.units * 100 end as qty,
		       (row_number() over (partition by l.contract_id, l.month
		            order by array_position(array['participant_start', 'participant_day', 'hour', 'meeting', 'lump_sum', 'outcome_bonus'], pr.unit),
		                     pr.valid_from, coalesce(pr.condition, '') collate "C", pr.id::text collate "C") - 1)::int as position
		from b.line l join b.price pr on pr.id = l.price_id`);
	await x(`analyze b.iline`);
	// Line net = quantity (hundredths) × unit price, rounded half away from zero once (all positive here).
	await x(`alter table b.iline add column net bigint`);
	await x(`update b.iline set net = (2 * qty::bigint * price + 100) / 200`);
	// VAT once per rate on the sum of that rate's nets; totals.
	await x(`create table b.tot as
		select contract_id, month, sum(taxable)::bigint as net, sum(vat_cents)::bigint as vat_cents,
		       jsonb_agg(jsonb_build_object('vatRateBp', vat, 'taxableCents', taxable, 'vatCents', vat_cents) order by vat desc) as vat
		from (select contract_id, month, vat, sum(net)::bigint as taxable, (2 * sum(net)::bigint * vat + 10000) / 20000 as vat_cents
		      from b.iline group by 1, 2, 3) r
		group by 1, 2`);
	await x(`create unique index on b.tot (contract_id, month)`);
	await x(`analyze b.tot`);

	// One invoice per contract and ended month with facts. The state follows the month's age: last month's are
	// anywhere in the cycle (the only drafts and returned ones: one open invoice per contract), older ones
	// approved or paid. Every step happens on or before today, in order.
	await x(`create table b.inv (
		id uuid not null default gen_random_uuid(), contract_id uuid, month date, area_id uuid, provider_id uuid, kind text, credit_of uuid,
		status text, created_at timestamptz, submitted_at timestamptz, returned_at timestamptz, checked_at timestamptz, approved_at timestamptz,
		paid_on date, finance_id uuid, reviewer_id uuid, approver_id uuid, spec text, language text, role text, number text)`);
	// Random draws made once per period (a volatile expression in a joined subquery could be drawn again per probe).
	await x(`create table b.period as
		select contract_id, month, ((extract(year from date '${M0}') - extract(year from month)) * 12 + extract(month from date '${M0}') - extract(month from month))::int as age,
		       random() as r, random() as r2, 1 + floor(random() * 2)::int as k
		from b.tot`);
	// Last month's invoices go round the states in turn (so that every state exists at any scale); one old
	// invoice is always credited.
	await x(`alter table b.period add column rn int, add column credited boolean`);
	await x(`update b.period p set rn = s.rn, credited = p.age >= 4 and (p.r2 < 0.015 or s.first) from (
		select contract_id, month, row_number() over (partition by month order by r)::int as rn,
		       age >= 4 and row_number() over (partition by age >= 4 order by r2) = 1 as first from b.period) s
		where s.contract_id = p.contract_id and s.month = p.month`);
	await x(`create unique index on b.period (contract_id, month)`);
	await x(`analyze b.period`);
	await x(`create index on b.staff (kind, org_n, role, k)`);
	await x(`analyze b.staff`);
	await x(`analyze b.contract`);
	await x(`analyze b.area`);
	await x(`insert into b.inv (contract_id, month, area_id, provider_id, kind, status, created_at, submitted_at, returned_at, checked_at, approved_at, paid_on,
	                            finance_id, reviewer_id, approver_id, spec, language, role)
		select y.contract_id, y.month, y.area_id, y.provider_id, 'invoice', y.status,
		       y.base + y.g * 0 + interval '8 hours',
		       case when y.status <> 'draft' then y.base + y.g * 1 + interval '10 hours' end,
		       case when y.status = 'returned' then y.base + y.g * 2 + interval '12 hours' end,
		       case when y.status in ('checked', 'approved', 'paid') then y.base + y.g * 2 + interval '12 hours' end,
		       case when y.status in ('approved', 'paid') then y.base + y.g * 3 + interval '14 hours' end,
		       case when y.status = 'paid' then least(date '${T}' - 1, (y.base + y.g * 1)::date + 21) end,
		       y.finance_id, y.reviewer_id, y.approver_id, 'SP-' || upper(substr(md5(y.contract_id::text || y.month::text), 1, 12)), y.language,
		       case when y.credited then 'credited' when y.age between 2 and 3 and y.r2 < 0.03 then 'credit_pending' else 'plain' end
		from (
			select t.contract_id, t.month, c.area_id, c.provider_id, z.age, z.r, z.r2, z.credited,
			       ((t.month + interval '1 month')::date)::timestamp at time zone 'Europe/Helsinki' as base,
			       least(interval '3 days', (date '${T}' - (t.month + interval '1 month')::date) * interval '1 day' / 6) as g,
			       case when z.age >= 4 then (case when z.credited then 'paid' when z.r < 0.97 then 'paid' else 'approved' end)
			            when z.age = 3 then (case when z.rn = 1 then 'approved' when z.r < 0.8 then 'paid' else 'approved' end)
			            when z.age = 2 then (case when z.rn = 1 then 'checked' when z.rn = 2 then 'submitted' when z.r < 0.4 then 'paid' when z.r < 0.8 then 'approved'
			                                      when z.r < 0.95 then 'checked' else 'submitted' end)
			            else (array['returned', 'draft', 'submitted', 'checked', 'approved'])[1 + (z.rn - 1) % 5]
			       end as status,
			       f.id as finance_id, rv.id as reviewer_id, ap.id as approver_id, case when a.languages = '{fi,sv}' and z.r2 > 0.7 then 'sv' else 'fi' end as language
			from b.tot t
			join contracts c on c.id = t.contract_id
			join b.contract bc on bc.id = c.id
			join b.area a on a.n = bc.area_n
			join b.period z on z.contract_id = t.contract_id and z.month = t.month
			join b.staff f on f.kind = 'provider' and f.org_n = bc.provider_n and f.role = 'finance'
			join b.staff rv on rv.kind = 'area' and rv.org_n = bc.area_n and rv.role = 'invoice_reviewer' and rv.k = z.k
			join b.staff ap on ap.kind = 'area' and ap.org_n = bc.area_n and ap.role = 'invoice_approver' and ap.k = z.k
			where t.month < date '${M0}'
		) y`);
	await x(`update b.inv set role = 'plain' where role = 'credit_pending' and status not in ('approved', 'paid')`);
	// Credit notes: some old paid invoices were credited in full (approved) and invoiced again (paid); a few
	// recent ones have a credit note still in review.
	await x(`insert into b.inv (contract_id, month, area_id, provider_id, kind, credit_of, status, created_at, submitted_at, checked_at, approved_at,
	                            finance_id, reviewer_id, approver_id, spec, language, role)
		select i.contract_id, i.month, i.area_id, i.provider_id, 'credit_note', i.id,
		       case when i.role = 'credited' then 'approved' when extract(epoch from i.approved_at)::bigint % 2 = 0 then 'submitted' else 'checked' end,
		       s.at, s.at + interval '1 day', case when i.role = 'credited' or extract(epoch from i.approved_at)::bigint % 2 = 1 then s.at + interval '2 days' end,
		       case when i.role = 'credited' then s.at + interval '3 days' end,
		       i.finance_id, i.reviewer_id, i.approver_id, i.spec || '-H', i.language, 'note'
		from b.inv i
		cross join lateral (select case when i.role = 'credited' then (i.paid_on + 10) + time '09:00' at time zone 'Europe/Helsinki'
		                                else i.approved_at + interval '2 days' end as at) s
		where i.role in ('credited', 'credit_pending')`);
	await x(`insert into b.inv (contract_id, month, area_id, provider_id, kind, status, created_at, submitted_at, checked_at, approved_at, paid_on,
	                            finance_id, reviewer_id, approver_id, spec, language, role)
		select n.contract_id, n.month, n.area_id, n.provider_id, 'invoice', 'paid', n.approved_at + interval '1 day', n.approved_at + interval '2 days',
		       n.approved_at + interval '4 days', n.approved_at + interval '6 days', (n.approved_at + interval '16 days')::date,
		       n.finance_id, n.reviewer_id, n.approver_id, 'SP-' || upper(substr(md5(n.id::text), 1, 12)), n.language, 'reinvoice'
		from b.inv n where n.kind = 'credit_note' and n.status = 'approved'`);
	// Numbers per provider and year of issue ("2026-0007"), in order of submission; the reference is the number's
	// digits with the 7-3-1 check digit.
	await x(`update b.inv i set number = s.number from (
		select id, to_char(submitted_at at time zone 'Europe/Helsinki', 'YYYY') || '-' ||
		       lpad(row_number() over (partition by provider_id, to_char(submitted_at at time zone 'Europe/Helsinki', 'YYYY') order by submitted_at, id)::text, 4, '0') as number
		from b.inv where submitted_at is not null) s where s.id = i.id`);
	await x(`analyze b.inv`);
	await x(`create function b.ref(base text) returns text language sql immutable as $$
		select base || ((10 - sum(substr(reverse(base), i, 1)::int * (array[7, 3, 1])[(i - 1) % 3 + 1]) % 10) % 10)::text
		from generate_series(1, length(base)) i $$`);
	await x(`insert into invoices (id, contract_id, area_id, provider_id, kind, credit_of, status, period_from, period_until, number, issue_date, due_date,
	                             payment_reference, language, specification_id, vat, net_cents, vat_cents, gross_cents, created_at, created_by,
	                             submitted_at, submitted_by, checked_at, checked_by, approved_at, approved_by, paid_on, paid_recorded_by, version)
		select i.id, i.contract_id, i.area_id, i.provider_id, i.kind, i.credit_of, i.status, i.month, (i.month + interval '1 month - 1 day')::date,
		       i.number, (i.submitted_at at time zone 'Europe/Helsinki')::date, (i.submitted_at at time zone 'Europe/Helsinki')::date + 21,
		       case when i.number is not null then b.ref(replace(i.number, '-', '')) end, i.language, i.spec, t.vat, t.net, t.vat_cents, t.net + t.vat_cents,
		       i.created_at, i.finance_id, i.submitted_at, case when i.submitted_at is not null then i.finance_id end,
		       i.checked_at, case when i.checked_at is not null then i.reviewer_id end, i.approved_at, case when i.approved_at is not null then i.approver_id end,
		       i.paid_on, case when i.paid_on is not null then i.approver_id end,
		       1 + (i.submitted_at is not null)::int + (i.returned_at is not null or i.checked_at is not null)::int + (i.approved_at is not null)::int + (i.paid_on is not null)::int
		from b.inv i join b.tot t on t.contract_id = i.contract_id and t.month = i.month
		order by i.created_at`);
	await x(`insert into invoice_lines (invoice_id, position, kind, unit, price_line_id, description, quantity_hundredths, unit_price_cents, vat_rate_bp, net_cents, justification, details)
		select i.id, l.position, 'recorded', l.unit, l.price_id, l.description, l.qty, l.price, l.vat, l.net, null, l.details
		from b.inv i join b.iline l on l.contract_id = i.contract_id and l.month = i.month
		order by i.created_at, i.id, l.position`);
	await x(`analyze invoices`);
	await x(`analyze invoice_lines`);
	// Submitting locks the month (a returned invoice keeps its lock; an approved credit note does not lift it).
	await x(`insert into period_locks (contract_id, start_date, end_date, invoice_id, locked_at, locked_by)
		select contract_id, month, (month + interval '1 month - 1 day')::date, id, submitted_at, finance_id from b.inv
		where kind = 'invoice' and submitted_at is not null order by submitted_at`);
	// Events: created, submitted (with the snapshot of what was sent), returned, checked, approved, paid, credited.
	await x(`create table b.ev as
		select id as invoice_id, 'created' as kind, created_at as at, finance_id as by, provider_id as org_id, null::text as comment from b.inv
		union all select id, 'submitted', submitted_at, finance_id, provider_id, null from b.inv where submitted_at is not null
		union all select id, 'returned', returned_at, reviewer_id, area_id, 'Tarkista osallistujapäivien määrä ennen uudelleenlähetystä.' from b.inv where returned_at is not null
		union all select id, 'checked', checked_at, reviewer_id, area_id, null from b.inv where checked_at is not null
		union all select id, 'approved', approved_at, approver_id, area_id, null from b.inv where approved_at is not null
		union all select id, 'paid', paid_on + time '12:00' at time zone 'Europe/Helsinki', approver_id, area_id, paid_on::text from b.inv where paid_on is not null
		union all select credit_of, 'credited', created_at, finance_id, provider_id, null from b.inv where credit_of is not null`);
	await x(`create table b.snap as
		select l.invoice_id, jsonb_build_object('lines', jsonb_agg(jsonb_build_object('id', l.id, 'invoiceId', l.invoice_id, 'position', l.position, 'kind', l.kind,
		           'unit', l.unit, 'priceLineId', l.price_line_id, 'description', l.description, 'quantityHundredths', l.quantity_hundredths,
		           'unitPriceCents', l.unit_price_cents, 'vatRateBp', l.vat_rate_bp, 'netCents', l.net_cents, 'justification', l.justification) order by l.position),
		       'totals', jsonb_build_object('net', min(i.net_cents), 'vat', min(i.vat_cents), 'gross', min(i.gross_cents))) as snapshot
		from invoice_lines l join invoices i on i.id = l.invoice_id where i.submitted_at is not null group by l.invoice_id`);
	await x(`insert into invoice_events (invoice_id, kind, at, by, comment, snapshot)
		select e.invoice_id, e.kind, e.at, e.by, e.comment, case when e.kind = 'submitted' then s.snapshot end
		from b.ev e left join b.snap s on s.invoice_id = e.invoice_id and e.kind = 'submitted' order by e.at`);
	// Budget commitments comfortably above what has been invoiced (the warning is for the future, not now).
	await x(`update contracts c set budget_cents = greatest(c.budget_cents, ((s.gross * 3) / 10000000 + 1) * 10000000)
		from (select contract_id, sum(gross_cents)::bigint as gross from invoices where kind = 'invoice' group by 1) s where s.contract_id = c.id`);
}

// ---------------------------------------------------------------------------------------------------
// Facts for the load benchmarks
// ---------------------------------------------------------------------------------------------------

async function scaleFacts(x: Exec, T: string, M0: string, todayMeets: boolean): Promise<ScaleFacts> {
	const dow = isoWeekday(T);
	// Provider 1's first coach, who has the busy cohorts and coaching customers (and is the busiest by construction).
	const [coach] =
		await x(`select c.id::text as id, (select count(*)::int from participations p where p.coach_id = c.id and p.status in ('starting', 'active')) as n
		from b.coach c where c.n = 1`);
	const [coachInfo] = await x(`select u.email, m.organisation_id::text as provider_id from users u join memberships m on m.user_id = u.id and m.role = 'coach'
		where u.id = '${coach.id}'`);
	const [today] = await x(`select
		(select count(distinct co.id)::int from cohorts co join participations p on p.cohort_id = co.id
		 where p.coach_id = '${coach.id}' and co.start_date <= date '${T}' and co.end_date >= date '${T}' and ${dow} = any(co.weekdays)
		   and not exists (select 1 from b.holiday h where h.day = date '${T}')) as cohorts,
		(select count(*)::int from meetings m join participations p on p.id = m.participation_id
		 where p.coach_id = '${coach.id}' and m.day = date '${T}' and m.cancelled_at is null) as meetings`);
	const role = async (r: string, kind: 'area' | 'provider', orgId?: string) => {
		const [row] = await x(`select u.id::text as user_id, u.email, m.organisation_id::text as org_id from memberships m join users u on u.id = m.user_id
			where m.role = '${r}' ${orgId ? `and m.organisation_id = '${orgId}'` : ''} order by u.email limit 1`);
		if (!row) throw new Error(`no ${r} (${kind}) in the data`);
		return row;
	};
	// A contract's ended month with about 100 participants present (closest to 100, latest first).
	const [month] =
		await x(`select a.contract_id::text as contract_id, date_trunc('month', a.day)::date::text as month, count(distinct a.participation_id)::int as n
		from attendance a where a.current and a.status = 'present' and a.day >= date '${M0}' - interval '3 months' and a.day < date '${M0}'
		group by 1, 2 order by abs(count(distinct a.participation_id) - 100), 2 desc, 1 limit 1`);
	const [contract] = await x(`select area_id::text, provider_id::text from contracts where id = '${month.contract_id}'`);
	const [inv] =
		await x(`select id::text, status from invoices where contract_id = '${month.contract_id}' and period_from = date '${month.month}' and kind = 'invoice'
		order by created_at desc limit 1`);
	const officer = await role('case_officer', 'area', String(contract.area_id));
	const reviewer = await role('invoice_reviewer', 'area', String(contract.area_id));
	const approver = await role('invoice_approver', 'area', String(contract.area_id));
	const areaAdmin = await role('area_admin', 'area', String(contract.area_id));
	const finance = await role('finance', 'provider', String(coachInfo.provider_id));
	const providerAdmin = await role('provider_admin', 'provider', String(coachInfo.provider_id));
	const counts: Record<string, number> = {};
	for (const t of COUNTED_TABLES) counts[t] = Number((await x(`select count(*)::bigint as n from ${t}`))[0].n);
	return {
		today: T,
		todayMeets,
		password: SCALE_PASSWORD,
		busiestCoach: {
			userId: String(coach.id),
			email: String(coachInfo.email),
			providerId: String(coachInfo.provider_id),
			openParticipations: Number(coach.n),
			cohortsToday: Number(today.cohorts),
			meetingsToday: Number(today.meetings)
		},
		caseOfficer: { userId: String(officer.user_id), email: String(officer.email), areaId: String(officer.org_id) },
		finance: { userId: String(finance.user_id), email: String(finance.email), providerId: String(finance.org_id) },
		reviewer: { userId: String(reviewer.user_id), email: String(reviewer.email), areaId: String(reviewer.org_id) },
		approver: { userId: String(approver.user_id), email: String(approver.email), areaId: String(approver.org_id) },
		providerAdmin: { userId: String(providerAdmin.user_id), email: String(providerAdmin.email), providerId: String(providerAdmin.org_id) },
		areaAdmin: { userId: String(areaAdmin.user_id), email: String(areaAdmin.email), areaId: String(areaAdmin.org_id) },
		areaId: String(contract.area_id),
		invoiceMonth: {
			contractId: String(month.contract_id),
			providerId: String(contract.provider_id),
			areaId: String(contract.area_id),
			periodFrom: String(month.month),
			periodUntil: monthEnd(String(month.month)),
			participantsPresent: Number(month.n),
			invoiceId: inv ? String(inv.id) : null,
			invoiceStatus: inv ? String(inv.status) : null
		},
		counts
	};
}

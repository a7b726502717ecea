/**
 * Issue 15 §3, generated: every form action and every POST/PUT/PATCH/DELETE endpoint found in src/routes is
 * sent each class of bad input, through the real input hook, as a signed-in person who may use it. None may
 * answer 5xx, and none may change the database (every table's checksum before and after, except the
 * append-only audit log, sessions, rate-limit counters and an API key's last use, which a refused request
 * may legitimately touch).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { loadActor } from '../../src/lib/server/auth/actor';
import type { Actor } from '../../src/lib/server/policy';
import { createApiKey } from '../../src/lib/server/api/keys';
import { createReferral } from '../../src/lib/server/referrals/create';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { recordAttendance } from '../../src/lib/server/attendance/service';
import { fileRemark } from '../../src/lib/server/remarks/filing';
import { checkInput } from '../../src/lib/server/hooks/input';
import { AREA_ROLES, PROVIDER_ROLES } from '../../src/lib/domain/roles';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeAssignment, makeOrganisation, makeUser, testClock } from './helpers/fixtures';
import { invoiceSetting, openOctober, TODAY } from './helpers/invoices';
import { mark } from './helpers/participations';

const ROUTES = 'src/routes';
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Tables a refused request may write to: the append-only audit log, sessions, throttling, a key's last use. */
const MAY_CHANGE = new Set(['audit_log', 'sessions', 'rate_limits', 'api_keys']);

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : [path];
	});
}

const routeFiles = filesUnder(ROUTES);
/** Every form field name in the pages and components: every action is sent all of them. */
const FIELD_NAMES = [
	...new Set(
		[...routeFiles, ...filesUnder('src/lib/components')]
			.filter((f) => f.endsWith('.svelte'))
			.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bname="([A-Za-z][\w.-]*)"/g)].map((m) => m[1]))
	)
].sort();

/** `/area/[orgId=uuid]/contracts/[contractId=uuid]` of a route file. */
const routeIdOf = (file: string) => '/' + relative(ROUTES, file).split('/').slice(0, -1).join('/');
const paramNames = (routeId: string) => [...routeId.matchAll(/\[(\w+)(?:=\w+)?\]/g)].map((m) => m[1]);

interface Target {
	routeId: string;
	name: string;
	kind: 'action' | 'endpoint';
	handler: (event: never) => unknown;
}

async function discoverTargets(): Promise<Target[]> {
	const targets: Target[] = [];
	for (const file of routeFiles) {
		if (file.endsWith('+page.server.ts')) {
			const mod = await import(/* @vite-ignore */ `../../${file}`);
			for (const [name, handler] of Object.entries((mod.actions ?? {}) as Record<string, Target['handler']>)) {
				targets.push({ routeId: routeIdOf(file), name, kind: 'action', handler });
			}
		} else if (file.endsWith('+server.ts')) {
			const mod = await import(/* @vite-ignore */ `../../${file}`);
			for (const method of MUTATING) if (mod[method]) targets.push({ routeId: routeIdOf(file), name: method, kind: 'endpoint', handler: mod[method] });
		}
	}
	return targets;
}

/** The classes of bad input, as request bodies (the content type decides how a handler reads them; none: set by the body). */
type Body = { contentType: string | null; body: BodyInit };

/** A multipart form whose uploaded CSV file holds a NUL (files are read by the action, not the hook). */
function fileWithNul(): Body {
	const data = new FormData();
	for (const f of FIELD_NAMES) if (f !== 'file') data.append(f, 'x');
	const csv =
		'customerNumber;name;language;consentFormVersion;consentScope;consentGivenOn\nA-1;Maija\u0000;fi;v1;luovutus;2026-11-20\n1234567-8;1\u0000;2026-11-20;100\n';
	data.append('file', new File([csv], 'rows.csv', { type: 'text/csv' }));
	return { contentType: null, body: data };
}

function form(value: (field: string) => string, extra: Record<string, string> = {}): Body {
	const data = new URLSearchParams();
	for (const f of FIELD_NAMES) data.append(f, value(f));
	for (const [k, v] of Object.entries(extra)) data.append(k, v);
	return { contentType: 'application/x-www-form-urlencoded', body: data.toString() };
}

/** Values that look right but are rolled over, out of range or not decimal. */
function badDate(field: string, year9999: boolean): string {
	if (/time$/i.test(field)) return '25:00';
	if (/meeting$/i.test(field)) return year9999 ? '9999-12-31T10:00' : '2026-02-30T10:00';
	if (/minutes/i.test(field)) return '0x1F';
	return year9999 ? '9999-12-31' : '2026-02-30';
}

const json = (value: unknown): Body => ({ contentType: 'application/json', body: JSON.stringify(value) });

/** A JSON body shaped like every JSON endpoint's (sync batch, ARVI draft, API referral) but wrong in every value. */
function jsonShaped(value: (path: string) => unknown) {
	return {
		marks: [
			{
				clientKey: value('clientKey'),
				participationId: value('participationId'),
				day: value('day'),
				status: value('status'),
				reason: value('reason'),
				reasonText: value('reasonText'),
				markedAt: value('markedAt')
			}
		],
		meetings: [
			{
				clientKey: value('clientKey'),
				participationId: value('participationId'),
				day: value('day'),
				startTime: value('startTime'),
				durationMinutes: value('durationMinutes'),
				mode: value('mode')
			}
		],
		content: { activities: value('activities'), workPeriods: value('workPeriods') },
		baseRevision: value('baseRevision'),
		device: value('device'),
		key: value('key'),
		...Object.fromEntries(
			[
				'officerEmail',
				'contractId',
				'cohortId',
				'customerNumber',
				'name',
				'phone',
				'email',
				'language',
				'personalId',
				'needs',
				'plannedStart',
				'consentFormVersion',
				'consentScope',
				'consentGivenOn',
				'endpoint'
			].map((k) => [k, value(k)])
		)
	};
}

/** `keyField` is the "all present" form's per-person field (`key:<participationId>`). */
function badBodies(keyField: string): Record<string, Body> {
	const extra = { [keyField]: 'not-a-uuid' };
	return {
		'NUL in every field': form(() => 'Maija\u0000Meikäläinen', { [keyField]: randomUUID() + '\u0000' }),
		'huge integers': form((f) => (f === 'version' || f === 'revision' ? '2147483648' : '99999999999999999999'), extra),
		'rolled-over dates and times': form((f) => badDate(f, false), extra),
		'year 9999': form((f) => badDate(f, true), extra),
		'text/plain body': { contentType: 'text/plain', body: 'version=1\r\nname=x' },
		'JSON to a form': json({ version: 1, name: 'x' }),
		'CSV file holding a NUL': fileWithNul(),
		'broken multipart': { contentType: 'multipart/form-data; boundary=----x', body: '------x\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated' },
		'JSON: objects where strings belong': json(jsonShaped(() => ({ a: [1, { b: 2 }] }))),
		'JSON: NUL in every string': json(jsonShaped((k) => (k === 'baseRevision' ? 1 : `x\u0000${k}`))),
		'JSON: huge numbers': json(jsonShaped(() => 2 ** 53 + 2)),
		'JSON: not an object': json(['a', 1]),
		'JSON: broken': { contentType: 'application/json', body: '{"marks": [' }
	};
}

let database: Database;
const { clock } = testClock(`${TODAY}T08:00:00Z`);
let targets: Target[] = [];
let params: Record<string, string> = {};
const actors: Record<'area' | 'provider' | 'platform', Actor> = {} as never;
let apiKey = '';
let participationId = '';

/** A checksum per table (rows as text, sorted): equal before and after means nothing changed. */
async function checksums(): Promise<Record<string, string>> {
	const tables = await database.db.execute<{ name: string }>(
		sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
	);
	const out: Record<string, string> = {};
	for (const { name } of (Array.isArray(tables) ? tables : (tables as { rows: { name: string }[] }).rows) as { name: string }[]) {
		if (MAY_CHANGE.has(name) || name.startsWith('__drizzle')) continue;
		const rows = await database.db.execute<{ sum: string | null }>(
			sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from "${name}" t`)
		);
		out[name] = ((Array.isArray(rows) ? rows : (rows as { rows: { sum: string }[] }).rows) as { sum: string }[])[0].sum;
	}
	return out;
}

function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
	return Object.keys(after).filter((t) => before[t] !== after[t]);
}

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
	const c = testClock();
	const t = await invoiceSetting(database, c);
	const invoiceId = await openOctober(database, t);
	participationId = t.s.participationIds[0];
	const waiting = await createReferral(database.db, t.s.octx, t.areaId, {
		contractId: t.contractId,
		cohortId: t.s.cohortId,
		customerNumber: 'BAD-1',
		name: 'Odottava Asiakas',
		phone: null,
		email: null,
		language: 'fi',
		personalId: null,
		needs: null,
		plannedStart: null,
		consentFormVersion: 'v1',
		consentScope: 'luovutus',
		consentGivenOn: '2026-11-01'
	});
	if (!waiting.ok) throw new Error(waiting.error);
	// An ended participation (its ARVI draft) and an unexcused absence (its notice), so those actions are reached.
	const ending = t.s.participationIds[2];
	const coach = await t.s.coachActor();
	for (const [version, change] of [
		[1, { kind: 'start', day: '2026-10-01' }],
		[2, { kind: 'complete', day: '2026-11-20' }]
	] as const) {
		const done = await changeParticipation(database.db, t.s.cctx, coach!, ending, version, change);
		if (!done.ok) throw new Error(`participation: ${done.error}`);
	}
	const arvi = (await database.db.query.arvis.findFirst({ where: (x, { eq }) => eq(x.participationId, ending) }))!;
	await recordAttendance(database.db, t.s.cctx, coach!, {
		marks: [mark(t.s.participationIds[1], TODAY, 'absent', { reason: 'unexcused', reasonText: 'Ei vastannut' })]
	});
	const notice = (await database.db.query.notices.findFirst({ where: (x, { eq }) => eq(x.participationId, t.s.participationIds[1]) }))!;
	// A quality remark waiting for the provider's answer, so that the remark actions are reached.
	const remark = await fileRemark(database.db, t.s.octx, (await t.s.officerActor())!, t.areaId, {
		contractId: t.contractId,
		cohortId: null,
		participationId: null,
		category: 'schedule',
		description: 'Myöhässä',
		observedOn: '2026-11-20',
		responseDays: 10,
		attachment: null
	});
	if (!remark.ok) throw new Error(remark.error);
	// One person with every role of each side (and an assignment), so that each action is reached.
	const areaUser = await makeUser(database.db, { org: t.areaId, roles: [...AREA_ROLES] });
	const providerUser = await makeUser(database.db, { org: t.providerId, roles: [...PROVIDER_ROLES] });
	await makeAssignment(database.db, { userId: providerUser.id, providerId: t.providerId, areaId: t.areaId, validFrom: '2026-01-01', validUntil: '2026-12-31' });
	const platform = await makeOrganisation(database.db, 'platform');
	const platformUser = await makeUser(database.db, { org: platform.id, roles: ['platform_admin'] });
	actors.area = (await loadActor(database.db, areaUser.id, TODAY))!;
	actors.provider = (await loadActor(database.db, providerUser.id, TODAY))!;
	actors.platform = (await loadActor(database.db, platformUser.id, TODAY))!;
	apiKey = await createApiKey(database.db, t.s.octx, t.areaId, 'bad input', ['referrals:write', 'referrals:read']);
	params = {
		contractId: t.contractId,
		referralId: waiting.referralId,
		participationId,
		invoiceId,
		providerId: t.providerId,
		customerId: t.s.customerIds[0],
		arviId: arvi.id,
		noticeId: notice.id,
		remarkId: remark.remarkId,
		token: 'not-a-token'
	};
	targets = await discoverTargets();
	// Kept for the per-route parameters below.
	params.areaId = t.areaId;
	params.providerOrgId = t.providerId;
});
afterAll(() => database?.close());

function eventFor(target: Target, body: Body) {
	const side = target.routeId.startsWith('/provider') ? 'provider' : target.routeId.startsWith('/admin') ? 'platform' : 'area';
	const routeParams = Object.fromEntries(
		paramNames(target.routeId).map((p) => [p, p === 'orgId' ? (side === 'provider' ? params.providerOrgId : params.areaId) : (params[p] ?? randomUUID())])
	);
	const path = target.routeId.replace(/\[(\w+)(?:=\w+)?\]/g, (_, p: string) => routeParams[p]);
	const url = `http://localhost${path}${target.kind === 'action' ? `?/${target.name}` : ''}`;
	const headers: Record<string, string> = { origin: 'http://localhost', ...(body.contentType ? { 'content-type': body.contentType } : {}) };
	if (target.routeId.startsWith('/api/')) headers.authorization = `Bearer ${apiKey}`;
	const base = makeEvent({ actor: actors[side], clock, params: routeParams, url }) as Record<string, unknown>;
	return {
		...base,
		request: new Request(url, { method: target.kind === 'action' ? 'POST' : target.name, headers, body: body.body }),
		route: { id: target.routeId },
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false
	};
}

/**
 * Runs the handler behind the real input hook: the status it ended with (or the unexpected error), and
 * whether the handler read the body at all.
 */
async function send(target: Target, body: Body): Promise<{ outcome: number | Error; read: boolean }> {
	let outcome: number | Error = 0;
	const event = eventFor(target, body);
	await checkInput({
		event: event as never,
		resolve: async (event) => {
			try {
				outcome = await statusOf(() => target.handler(event as never));
			} catch (e) {
				outcome = e instanceof Error ? e : new Error(String(e));
			}
			return new Response(null);
		}
	});
	return { outcome, read: event.request.bodyUsed };
}

describe('bad input to every action and endpoint (generated from src/routes)', () => {
	it('finds the actions and endpoints', () => {
		// A broken discovery must not pass as "nothing answered 500".
		expect(targets.filter((t) => t.kind === 'action').length).toBeGreaterThan(50);
		expect(targets.map((t) => `${t.routeId} ${t.name}`)).toEqual(
			expect.arrayContaining(['/provider/[orgId=uuid]/attendance POST', '/api/v1/referrals POST', '/language POST', '/logout POST', '/login default'])
		);
	});

	it('answers no 5xx and changes nothing', { timeout: 600_000 }, async () => {
		const problems: string[] = [];
		for (const target of targets) {
			const before = await checksums();
			for (const [kind, body] of Object.entries(badBodies(`key:${participationId}`))) {
				const { outcome } = await send(target, body);
				if (outcome instanceof Error || outcome >= 500) {
					problems.push(
						`${target.routeId} ${target.name} · ${kind}: ${outcome instanceof Error ? `${outcome.name}: ${outcome.message.slice(0, 160)}` : outcome}`
					);
				}
			}
			const changed = changedTables(before, await checksums());
			if (changed.length) problems.push(`${target.routeId} ${target.name}: changed ${changed.join(', ')}`);
		}
		expect(problems).toEqual([]);
	});

	it('answers a NUL in a form field 400 in every action that reads its form', async () => {
		const notRefused: string[] = [];
		let reading = 0;
		for (const target of targets.filter((t) => t.kind === 'action')) {
			const { outcome, read } = await send(target, badBodies(`key:${participationId}`)['NUL in every field']);
			// Some answer before reading anything (not found, already signed in, nothing to read): those change nothing either.
			if (!read) continue;
			reading++;
			if (outcome !== 400) notRefused.push(`${target.routeId} ${target.name}: ${outcome}`);
		}
		expect(notRefused).toEqual([]);
		expect(reading).toBeGreaterThan(50);
	});
});

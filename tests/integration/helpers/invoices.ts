/**
 * An invoicing setting for the invoice tests: a contract (Mon–Fri cohort, three customers, sick days billable,
 * 30-day payment term) whose October 2026 was recorded by the coach day by day (days, absences, coaching
 * meetings), price lines with a price change on 16 October and two VAT rates (a third with `meetingPrice`),
 * parties with what an e-invoice needs, and the money people of both sides. The test clock ends at 2026-11-23 (October has ended, November has not).
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../src/lib/server/db/client';
import { contracts, customers, invoiceEvents, invoiceLines, invoices, memberships, organisations } from '../../../src/lib/server/db/schema';
import { loadActor } from '../../../src/lib/server/auth/actor';
import { addPriceLine } from '../../../src/lib/server/contracts/service';
import type { PriceLineInput } from '../../../src/lib/server/contracts/schemas';
import { recordAttendance, type MarkInput, type MeetingInput } from '../../../src/lib/server/attendance/service';
import { openInvoice, reviewInvoice, submitInvoice } from '../../../src/lib/server/invoices/service';
import { isValidBusinessId } from '../../../src/lib/domain/identifiers';
import type { Role } from '../../../src/lib/domain/roles';
import { businessId } from './contracts';
import { ctxFor, makeUser, type testClock } from './fixtures';
import { mark, participationSetting } from './participations';

export const TODAY = '2026-11-23';
export const SEPTEMBER = { from: '2026-09-01', until: '2026-09-30' };
export const OCTOBER = { from: '2026-10-01', until: '2026-10-31' };
export const NOVEMBER = { from: '2026-11-01', until: '2026-11-30' };
export const DECEMBER = { from: '2026-12-01', until: '2026-12-31' };

/** Unit prices (cents) and VAT rates (basis points) of the setting's contract. */
export const PRICE = {
	dayUntil15Oct: 8_735,
	dayFrom16Oct: 9_130,
	dayFromNov: 9_500,
	start: 5_000,
	meeting: 8_000
} as const;

/**
 * What October's records come to, worked out by hand:
 * - days at 87,35 €: P1 on 1, 2, 15 Oct present and 5 Oct sick (billable), P2 on 14 Oct → 5 × 87,35 = 436,75 €;
 * - days at 91,30 €: P1 on 16, 19 Oct, P2 on 20 Oct → 3 × 91,30 = 273,90 € (P2's agreed leave on 21 Oct is not billable);
 * - starts at 50,00 € + 0 %: P1 (1 Oct) and P2 (14 Oct); P3 has not started → 100,00 €;
 * - VAT 25,5 % on 710,65 € = 181,21575 → 181,22 € (per line it would be 111,37 + 69,84 = 181,21); VAT 0 % on 100,00 € = 0.
 * Coaching meetings are billed only when the contract has a meeting price (`meetingPrice`): then P1's on 7 Oct and
 * P2's on 28 Oct (P2's on 22 Oct was missed) at 80,00 € + 14 % add 160,00 € + 22,40 € (OCTOBER_WITH_MEETINGS).
 */
export const OCTOBER_TOTALS = {
	vat: [
		{ vatRateBp: 2550, taxableCents: 71_065, vatCents: 18_122 },
		{ vatRateBp: 0, taxableCents: 10_000, vatCents: 0 }
	],
	netCents: 81_065,
	vatCents: 18_122,
	grossCents: 99_187
} as const;

export const OCTOBER_WITH_MEETINGS = {
	vat: [
		{ vatRateBp: 2550, taxableCents: 71_065, vatCents: 18_122 },
		{ vatRateBp: 1400, taxableCents: 16_000, vatCents: 2_240 },
		{ vatRateBp: 0, taxableCents: 10_000, vatCents: 0 }
	],
	netCents: 97_065,
	vatCents: 20_362,
	grossCents: 117_427
} as const;

let orgNumber = 0;

/** A valid Finnish business id not used by any other organisation of this test database. */
function freshBusinessId(): string {
	orgNumber++;
	const id = businessId(5_100_000 + orgNumber * 7_919 + Math.floor(Math.random() * 700) * 11);
	if (!isValidBusinessId(id)) throw new Error(`invalid business id ${id}`);
	return id;
}

/** Everything an e-invoice needs of a party: address, VAT number, OVT e-invoice address and operator. */
async function einvoiceReady(database: Database, organisationId: string, id: string, extra: Partial<typeof organisations.$inferInsert> = {}) {
	const digits = id.replace('-', '');
	await database.db
		.update(organisations)
		.set({
			businessId: id,
			vatNumber: `FI${digits}`,
			streetAddress: 'Hovioikeudenpuistikko 5',
			postalCode: '65100',
			city: 'Vaasa',
			ovt: `0037${digits}`,
			einvoiceOperator: 'NDEAFIHH',
			...extra
		})
		.where(eq(organisations.id, organisationId));
}

type Clock = ReturnType<typeof testClock>;

export async function invoiceSetting(database: Database, c: Clock, opts: { budgetCents?: number; meetingPrice?: boolean } = {}) {
	c.set('2026-10-01T06:00:00Z');
	const s = await participationSetting(database, c.clock, {
		customers: 3,
		cohort: true,
		start: '2026-10-01',
		contract: { billableAbsences: ['sick'], paymentTermDays: 30, budget: opts.budgetCents ?? 25_000_000 }
	});
	const lines: Omit<PriceLineInput, 'condition'>[] = [
		{ unit: 'participant_day', description: 'Osallistujapäivä', unitPrice: PRICE.dayUntil15Oct, vatRate: 2550, validFrom: '2026-01-01' },
		{ unit: 'participant_day', description: 'Osallistujapäivä (hinta 16.10. alkaen)', unitPrice: PRICE.dayFrom16Oct, vatRate: 2550, validFrom: '2026-10-16' },
		{ unit: 'participant_day', description: 'Osallistujapäivä (hinta 1.11. alkaen)', unitPrice: PRICE.dayFromNov, vatRate: 2550, validFrom: '2026-11-01' },
		{ unit: 'participant_start', description: 'Aloitus', unitPrice: PRICE.start, vatRate: 0, validFrom: '2026-01-01' },
		...(opts.meetingPrice
			? [{ unit: 'meeting' as const, description: 'Valmennustapaaminen', unitPrice: PRICE.meeting, vatRate: 1400, validFrom: '2026-01-01' }]
			: [])
	];
	for (const line of lines) {
		const [{ version }] = await database.db.select({ version: contracts.version }).from(contracts).where(eq(contracts.id, s.contractId));
		const r = await addPriceLine(database.db, s.octx, s.contractId, version, { ...line, condition: null });
		if (!r.ok) throw new Error(`price line: ${r.error}`);
	}

	// October as the coach recorded it, each day on the day itself (well within the marking deadline).
	const [p1, p2] = s.participationIds;
	const meetingKeys = new Map<string, string>();
	const keyOf = (participationId: string, day: string) => {
		if (!meetingKeys.has(`${participationId}|${day}`)) meetingKeys.set(`${participationId}|${day}`, randomUUID());
		return meetingKeys.get(`${participationId}|${day}`)!;
	};
	const meeting = (participationId: string, day: string, minutes: number): MeetingInput => ({
		clientKey: keyOf(participationId, day),
		participationId,
		day,
		startTime: '10:00',
		durationMinutes: minutes,
		mode: 'in_person'
	});
	const plan: Record<string, { marks: MarkInput[]; meetings?: MeetingInput[] }> = {
		'2026-10-01': { marks: [mark(p1, '2026-10-01', 'present')] },
		'2026-10-02': { marks: [mark(p1, '2026-10-02', 'present')] },
		'2026-10-05': { marks: [mark(p1, '2026-10-05', 'absent', { reason: 'sick' })] },
		'2026-10-07': { meetings: [meeting(p1, '2026-10-07', 60)], marks: [mark(p1, '2026-10-07', 'present', { meetingKey: keyOf(p1, '2026-10-07') })] },
		'2026-10-14': { marks: [mark(p2, '2026-10-14', 'present')] },
		'2026-10-15': { marks: [mark(p1, '2026-10-15', 'present')] },
		'2026-10-16': { marks: [mark(p1, '2026-10-16', 'present')] },
		'2026-10-19': { marks: [mark(p1, '2026-10-19', 'present')] },
		'2026-10-20': { marks: [mark(p2, '2026-10-20', 'present')] },
		'2026-10-21': { marks: [mark(p2, '2026-10-21', 'absent', { reason: 'agreed_leave' })] },
		'2026-10-22': {
			meetings: [meeting(p2, '2026-10-22', 45)],
			marks: [mark(p2, '2026-10-22', 'absent', { reason: 'agreed_leave', meetingKey: keyOf(p2, '2026-10-22') })]
		},
		'2026-10-28': { meetings: [meeting(p2, '2026-10-28', 30)], marks: [mark(p2, '2026-10-28', 'present', { meetingKey: keyOf(p2, '2026-10-28') })] }
	};
	for (const [day, input] of Object.entries(plan)) {
		c.set(`${day}T12:00:00Z`);
		const r = await recordAttendance(database.db, s.cctx, await s.coachActor(), input);
		const refused = [...r.marks, ...r.meetings].filter((x) => !x.ok);
		if (refused.length) throw new Error(`attendance on ${day}: ${JSON.stringify(refused)}`);
	}

	c.set(`${TODAY}T08:00:00Z`);
	await einvoiceReady(
		database,
		s.providerId,
		(await database.db.select({ b: organisations.businessId }).from(organisations).where(eq(organisations.id, s.providerId)))[0].b!,
		{ bic: 'NDEAFIHH' }
	);
	await einvoiceReady(database, s.area.id, freshBusinessId(), { streetAddress: 'Kauppapuistikko 11' });

	const person = async (org: string, roles: Role[]) => {
		const u = await makeUser(database.db, { org, roles });
		return { id: u.id, actor: await loadActor(database.db, u.id, TODAY), ctx: ctxFor(c.clock, u.id, org) };
	};
	const t = {
		s,
		areaId: s.area.id,
		providerId: s.providerId,
		contractId: s.contractId,
		finance: await person(s.providerId, ['finance']),
		reviewer: await person(s.area.id, ['invoice_reviewer']),
		approver: await person(s.area.id, ['invoice_approver']),
		approver2: await person(s.area.id, ['invoice_approver']),
		person,
		/** A person with memberships in several organisations (roles in each). */
		async member(roles: { org: string; roles: Role[] }[]) {
			const u = await makeUser(database.db, {});
			await database.db.insert(memberships).values(roles.flatMap((r) => r.roles.map((role) => ({ userId: u.id, organisationId: r.org, role }))));
			return { id: u.id, actor: await loadActor(database.db, u.id, TODAY), ctx: ctxFor(c.clock, u.id, roles[0].org) };
		}
	};
	return t;
}

export type InvoiceSetting = Awaited<ReturnType<typeof invoiceSetting>>;

export async function invoiceRow(database: Database, id: string) {
	const [row] = await database.db.select().from(invoices).where(eq(invoices.id, id));
	return row;
}

export async function linesOf(database: Database, id: string) {
	return database.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, id)).orderBy(invoiceLines.position);
}

export async function eventsOf(database: Database, id: string) {
	return database.db.select().from(invoiceEvents).where(eq(invoiceEvents.invoiceId, id)).orderBy(invoiceEvents.at, invoiceEvents.id);
}

/** The names and customer numbers of the setting's customers: never in an exported document. */
export async function customerIdentities(database: Database, t: InvoiceSetting) {
	const rows = await database.db
		.select({ name: customers.name, number: customers.customerNumber })
		.from(customers)
		.where(inArray(customers.id, t.s.customerIds));
	return rows.flatMap((r) => [r.name, r.number]);
}

/** Opens October; throws unless it opens. */
export async function openOctober(database: Database, t: InvoiceSetting) {
	const r = await openInvoice(database.db, t.finance.ctx, t.finance.actor, t.contractId, OCTOBER);
	if (!r.ok) throw new Error(`open: ${r.error}`);
	return r.invoiceId;
}

/** October opened and submitted (version 2). */
export async function submittedOctober(database: Database, t: InvoiceSetting) {
	const id = await openOctober(database, t);
	const r = await submitInvoice(database.db, t.finance.ctx, t.finance.actor, id, 1);
	if (!r.ok) throw new Error(`submit: ${r.error}`);
	return id;
}

/** October opened, submitted and checked by the reviewer (version 3). */
export async function checkedOctober(database: Database, t: InvoiceSetting) {
	const id = await submittedOctober(database, t);
	const r = await reviewInvoice(database.db, t.reviewer.ctx, t.reviewer.actor, id, 2, { kind: 'check' });
	if (!r.ok) throw new Error(`check: ${r.error}`);
	return id;
}

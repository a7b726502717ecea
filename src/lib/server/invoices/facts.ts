/**
 * What the records say about an invoice's period, in the pricing engine's terms (src/lib/domain/invoicing/
 * pricing.ts), and the lines computed from them; which invoices hold their period, and which periods of a
 * contract have ended. Nothing is stored or authorised here: the transitions (service.ts) do that.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { ABSENCE_REASONS, type AbsenceReason } from '$lib/domain/attendance';
import { addDays } from '$lib/domain/clock';
import { periodContaining, type Period } from '$lib/domain/invoicing/periods';
import {
	priceInvoice,
	type CorrectionFact,
	type DayMarkFact,
	type ManualLineInput,
	type MeetingFact,
	type OutcomeFact,
	type PriceLine,
	type StartFact
} from '$lib/domain/invoicing/pricing';
import { rowsOf, type DbOrTx, type Tx } from '../db/client';
import { reductionLines } from '../remarks/reductions';
import { arvis, attendance, invoiceLines, invoices, meetings, participations, priceLines, type Contract, type Invoice } from '../db/schema';

/**
 * The invoices that hold their period: every invoice of the contract except one whose every line approved
 * (or paid) credit notes have credited in full (one whole credit, or partial ones that add up), after which
 * the period can be invoiced again. A partly credited invoice keeps its period.
 */
export const holdsPeriod = sql`(not exists (select 1 from ${invoices} cn where cn.credit_of = ${invoices.id} and cn.status in ('approved', 'paid'))
	or exists (select 1 from ${invoiceLines} l where l.invoice_id = ${invoices.id} and l.net_cents <> coalesce((
		select sum(cl.net_cents) from ${invoiceLines} cl join ${invoices} cn on cn.id = cl.invoice_id
		where cl.credited_line_id = l.id and cn.status in ('approved', 'paid')), 0)))`;

/** Periods of a contract (month or quarter, clipped to its dates) that have ended by `today`. */
export function endedPeriods(c: Pick<Contract, 'startDate' | 'endDate' | 'invoicingPeriod'>, today: string): Period[] {
	const out: Period[] = [];
	for (let from = c.startDate; from <= c.endDate;) {
		const cal = periodContaining(from, c.invoicingPeriod);
		const until = cal.until < c.endDate ? cal.until : c.endDate;
		if (until >= today) break;
		out.push({ from, until });
		from = addDays(until, 1);
	}
	return out;
}

/**
 * What the records say about a contract's period, in the pricing engine's terms: current day marks, held
 * and missed meetings, starts, outcomes of ARVIs accepted in the period, and the corrections of earlier
 * locked periods not yet settled (with what the earlier invoice counted).
 */
export async function invoiceFacts(tx: DbOrTx, contract: Contract, period: Period) {
	// Plain statements whose rows are the pricing engine's facts as they are (named, days as text): about 1,500 rows
	// for a contract-month of 100 participants, which drizzle's row mapping and a copy per row would double the
	// cost of (bench/load.ts "Invoice computation"). Only accepted outcomes decided in the period are read (an
	// index of arvis holds their Helsinki day). Corrections: the current row of a locked day made after the lock,
	// and what the invoice counted then (the newest row of that day that was settled or was not a correction).
	const { from, until } = period;
	const marksQuery = tx.execute(sql`
		select participation_id as "participationId", day::text as day, status, reason from ${attendance}
		where contract_id = ${contract.id} and current and meeting_id is null and day between ${from}::date and ${until}::date`);
	const meetingsQuery = tx.execute(sql`
		select m.id as "meetingId", m.participation_id as "participationId", m.day::text as day, m.duration_minutes as minutes,
			case when exists (select 1 from ${attendance} a where a.meeting_id = m.id and a.current and a.status = 'present') then 'held' else 'not_held' end as status
		from ${meetings} m
		where m.contract_id = ${contract.id} and m.cancelled_at is null and m.day between ${from}::date and ${until}::date`);
	const startsQuery = tx.execute(sql`
		select id as "participationId", start_date::text as day from ${participations}
		where contract_id = ${contract.id} and status <> 'starting' and start_date between ${from}::date and ${until}::date`);
	const outcomesQuery = tx.execute(sql`
		select participation_id as "participationId", (decided_at at time zone 'Europe/Helsinki')::date::text as day, outcome from ${arvis}
		where contract_id = ${contract.id} and status = 'accepted' and outcome is not null
			and (decided_at at time zone 'Europe/Helsinki')::date between ${from}::date and ${until}::date`);
	type CorrectionRow = {
		id: string;
		participation_id: string;
		day: string;
		status: string;
		reason: string | null;
		before_status: string | null;
		before_reason: string | null;
	};
	const correctionsQuery = tx.execute<CorrectionRow>(sql`
		select a.id, a.participation_id, a.day::text as day, a.status, a.reason, b.status as before_status, b.reason as before_reason
		from ${attendance} a
		left join lateral (
			select h.status, h.reason from ${attendance} h
			where h.participation_id = a.participation_id and h.day = a.day and h.meeting_id is null and h.id <> a.id
				and (not h.correction or h.settled_at is not null)
			order by h.received_at desc limit 1
		) b on true
		where a.contract_id = ${contract.id} and a.current and a.correction and a.settled_at is null and a.meeting_id is null and a.day < ${from}::date`);
	// Independent statements, sent at once (pipelined on a transaction's connection): one wait instead of six. Their
	// texts do not depend on the values, so each is prepared once per connection (preparingByText).
	const [marks, meetingRows, starts, outcomes, correctionRows, lines] = await Promise.all([
		marksQuery,
		meetingsQuery,
		startsQuery,
		outcomesQuery,
		correctionsQuery,
		tx.execute(sql`
			select id, unit, description, unit_price_cents as "unitPriceCents", vat_rate_bp as "vatRateBp", valid_from::text as "validFrom", condition,
				vat_exemption as "vatExemption"
			from ${priceLines} where contract_id = ${contract.id}`)
	]);
	const corrections: CorrectionFact[] = rowsOf<CorrectionRow>(correctionRows).map((r) => ({
		participationId: r.participation_id,
		day: r.day,
		before: r.before_status ? { status: r.before_status as 'present' | 'absent', reason: r.before_reason as AbsenceReason | null } : null,
		after: { status: r.status as 'present' | 'absent', reason: r.reason as AbsenceReason | null },
		originalPeriod: r.day.slice(0, 7)
	}));
	// A bigint arrives as text (postgres.js) or a BigInt (PGlite); a price is within Number's exact integers (MAX_CENTS).
	const contractLines: PriceLine[] = rowsOf<PriceLine>(lines).map((l) => ({ ...l, unitPriceCents: Number(l.unitPriceCents) }));
	const lumpSum = contractLines.some((l) => l.unit === 'lump_sum');
	return {
		priceLines: contractLines,
		billableAbsences: contract.billableAbsences.filter((r): r is AbsenceReason => (ABSENCE_REASONS as readonly string[]).includes(r)),
		marks: rowsOf<DayMarkFact>(marks),
		meetings: rowsOf<MeetingFact>(meetingRows),
		starts: rowsOf<StartFact>(starts),
		outcomes: rowsOf<OutcomeFact>(outcomes),
		lumpSums: lumpSum ? [{ day: period.from }] : [],
		corrections,
		correctionIds: rowsOf<CorrectionRow>(correctionRows).map((r) => r.id)
	};
}

/**
 * The invoice's lines computed again from the records, with its manual lines (and `extra`, one being
 * added). Nothing is stored here: the caller stores the lines only when the pricing engine accepts them.
 */
export async function computeLines(tx: Tx, invoice: Pick<Invoice, 'id' | 'periodFrom' | 'periodUntil'>, contract: Contract, extra: ManualLineInput[] = []) {
	const period = { from: invoice.periodFrom, until: invoice.periodUntil };
	const manual = await tx
		.select()
		.from(invoiceLines)
		.where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.kind, 'manual'), isNull(invoiceLines.remarkId)))
		.orderBy(asc(invoiceLines.position));
	const f = await invoiceFacts(tx, contract, period);
	const manualLines: ManualLineInput[] = [
		...manual.map((m) => ({
			description: m.description,
			quantityHundredths: m.quantityHundredths,
			unitPriceCents: m.unitPriceCents,
			vatRateBp: m.vatRateBp,
			justification: m.justification ?? '',
			vatExemption: m.vatExemption
		})),
		...extra,
		// Price reductions of closed quality remarks not yet on another invoice: made again at every computation.
		...(await reductionLines(tx, contract.id, invoice.id))
	];
	const priced = priceInvoice({ period, ...f, manualLines });
	return { priced, correctionIds: f.correctionIds };
}

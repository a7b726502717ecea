/**
 * What the records say about an invoice's period, in the pricing engine's terms (src/lib/domain/invoicing/
 * pricing.ts), and the lines computed from them; which invoices hold their period, and which periods of a
 * contract have ended. Nothing is stored or authorised here: the transitions (service.ts) do that.
 */
import { and, asc, eq, gte, isNull, lte, ne, sql } from 'drizzle-orm';
import { ABSENCE_REASONS, type AbsenceReason } from '$lib/domain/attendance';
import { addDays, helsinkiDate } from '$lib/domain/clock';
import { periodContaining, type Period } from '$lib/domain/invoicing/periods';
import { priceInvoice, type CorrectionFact, type ManualLineInput, type OutcomeCondition } from '$lib/domain/invoicing/pricing';
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
	const marksQuery = tx
		.select({ participationId: attendance.participationId, day: attendance.day, status: attendance.status, reason: attendance.reason })
		.from(attendance)
		.where(
			and(
				eq(attendance.contractId, contract.id),
				sql`${attendance.current}`,
				isNull(attendance.meetingId),
				gte(attendance.day, period.from),
				lte(attendance.day, period.until)
			)
		)
		.prepare('invoice_facts_marks');
	const meetingsQuery = tx
		.select({
			meetingId: meetings.id,
			participationId: meetings.participationId,
			day: meetings.day,
			minutes: meetings.durationMinutes,
			// Named in full: in a one-table select drizzle would write a bare "id", which the subquery reads as a.id.
			held: sql<boolean>`exists (select 1 from ${attendance} a where a.meeting_id = "meetings"."id" and a.current and a.status = 'present')`
		})
		.from(meetings)
		.where(and(eq(meetings.contractId, contract.id), isNull(meetings.cancelledAt), gte(meetings.day, period.from), lte(meetings.day, period.until)))
		.prepare('invoice_facts_meetings');
	const startsQuery = tx
		.select({ participationId: participations.id, day: participations.startDate })
		.from(participations)
		.where(
			and(
				eq(participations.contractId, contract.id),
				ne(participations.status, 'starting'),
				gte(participations.startDate, period.from),
				lte(participations.startDate, period.until)
			)
		)
		.prepare('invoice_facts_starts');
	const outcomesQuery = tx
		.select({ participationId: arvis.participationId, outcome: arvis.outcome, decidedAt: arvis.decidedAt })
		.from(arvis)
		.where(and(eq(arvis.contractId, contract.id), eq(arvis.status, 'accepted')))
		.prepare('invoice_facts_outcomes');
	// Corrections: the current row of a locked day made after the lock, and what the invoice counted then
	// (the newest row of that day that was settled or was not a correction).
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
		where a.contract_id = ${contract.id} and a.current and a.correction and a.settled_at is null and a.meeting_id is null and a.day < ${period.from}::date`);
	// Independent statements, sent at once (pipelined on a transaction's connection): one wait instead of six. Their
	// texts do not depend on the values, so each is prepared once per connection (not described and planned again).
	const [marks, meetingRows, starts, outcomeRows, correctionRows, lines] = await Promise.all([
		marksQuery.execute(),
		meetingsQuery.execute(),
		startsQuery.execute(),
		outcomesQuery.execute(),
		correctionsQuery,
		tx.select().from(priceLines).where(eq(priceLines.contractId, contract.id)).prepare('invoice_facts_lines').execute()
	]);
	const outcomes = outcomeRows
		.filter((o) => o.outcome && o.decidedAt)
		.map((o) => ({ participationId: o.participationId, day: helsinkiDate(o.decidedAt!), outcome: o.outcome as OutcomeCondition }))
		.filter((o) => o.day >= period.from && o.day <= period.until);
	const corrections: CorrectionFact[] = rowsOf<CorrectionRow>(correctionRows).map((r) => ({
		participationId: r.participation_id,
		day: r.day,
		before: r.before_status ? { status: r.before_status as 'present' | 'absent', reason: r.before_reason as AbsenceReason | null } : null,
		after: { status: r.status as 'present' | 'absent', reason: r.reason as AbsenceReason | null },
		originalPeriod: r.day.slice(0, 7)
	}));
	const lumpSum = lines.some((l) => l.unit === 'lump_sum');
	return {
		priceLines: lines,
		billableAbsences: contract.billableAbsences.filter((r): r is AbsenceReason => (ABSENCE_REASONS as readonly string[]).includes(r)),
		marks: marks.map((m) => ({ ...m, reason: m.reason as AbsenceReason | null })),
		meetings: meetingRows.map((m) => ({
			meetingId: m.meetingId,
			participationId: m.participationId,
			day: m.day,
			minutes: m.minutes,
			status: m.held ? ('held' as const) : ('not_held' as const)
		})),
		starts,
		outcomes,
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

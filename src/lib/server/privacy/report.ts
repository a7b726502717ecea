/**
 * A customer's own report (GDPR art. 15): everything the portal holds on one customer of the area, and
 * who has seen it. The JSON form is `CustomerReport` (schema `ptp.customer-report/1`, documented in the
 * README); the PDF (`./pdf.ts`) prints the same object in the customer's language. Nothing here decides
 * access: the caller has authorised `customer.report` and found the customer with `customerOfArea`.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ArviContent } from '$lib/domain/arvi';
import type { Locale } from '$lib/i18n';
import { recordAudit, searchAudit, AUDIT_EXPORT_MAX, type AuditContext } from '../audit';
import { rowsOf, type DbOrTx } from '../db/client';
import {
	arvis,
	attendance,
	consents,
	contracts,
	customers,
	invoices,
	meetings,
	notices,
	organisations,
	participations,
	referrals,
	remarks
} from '../db/schema';

export const CUSTOMER_REPORT_SCHEMA = 'ptp.customer-report/1';

export interface CustomerReport {
	schema: typeof CUSTOMER_REPORT_SCHEMA;
	producedAt: string;
	area: { id: string; name: string };
	customer: {
		id: string;
		customerNumber: string;
		name: string;
		phone: string | null;
		email: string | null;
		language: Locale;
		personalIdStored: boolean;
		createdAt: string;
		contactCorrectedAt: string | null;
	};
	consents: { formVersion: string; scope: string; givenOn: string; recordedAt: string; revokedOn: string | null; revokeReason: string | null }[];
	referrals: {
		id: string;
		referredAt: string;
		status: string;
		contractNumber: string;
		contractTitle: string;
		provider: string;
		needs: string | null;
		plannedStart: string | null;
		answerDue: string;
		answeredAt: string | null;
		declineReason: string | null;
		withdrawReason: string | null;
	}[];
	participations: {
		id: string;
		contractNumber: string;
		provider: string;
		status: string;
		startDate: string;
		plannedEndDate: string | null;
		endDate: string | null;
		endReason: string | null;
		attendance: { day: string; status: string; reason: string | null; note: string | null }[];
		meetings: { day: string; startTime: string; durationMinutes: number; mode: string; cancelled: boolean }[];
	}[];
	notices: {
		kind: string;
		day: string;
		fromDay: string | null;
		reason: string | null;
		text: string | null;
		status: string;
		decision: string | null;
		comment: string | null;
		createdAt: string;
	}[];
	arvis: {
		id: string;
		status: string;
		language: Locale;
		dueOn: string;
		submittedAt: string | null;
		decidedAt: string | null;
		outcome: string | null;
		content: ArviContent;
	}[];
	/** Quality remarks the area filed about the customer's participation (`number` as the area reads it). */
	remarks: {
		number: string;
		category: string;
		status: string;
		observedOn: string;
		filedAt: string;
		description: string;
		contractNumber: string;
		provider: string;
	}[];
	/** Invoices whose per-customer specification includes the customer (amounts are the contract's, not theirs). */
	invoices: { number: string | null; kind: string; status: string; periodFrom: string; periodUntil: string; provider: string }[];
	/** Who has seen or changed the customer's data, from the audit log (oldest first). */
	access: { at: string; who: string | null; action: string }[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The customer's report; undefined when the customer is not the area's. The production is audited. */
export async function customerReport(db: DbOrTx, ctx: AuditContext, areaId: string, customerId: string): Promise<CustomerReport | undefined> {
	const [c] = await db
		.select({ customer: customers, areaName: organisations.name })
		.from(customers)
		.innerJoin(organisations, eq(customers.areaId, organisations.id))
		.where(and(eq(customers.id, customerId), eq(customers.areaId, areaId)));
	if (!c) return undefined;
	// Who has seen it, read before this production is recorded (so it lists what came before).
	const access = await searchAudit(db, { areaId, customerId, limit: AUDIT_EXPORT_MAX });
	const [consentRows, referralRows, participationRows, noticeRows, arviRows, remarkRows] = await Promise.all([
		db.select().from(consents).where(eq(consents.customerId, customerId)).orderBy(asc(consents.recordedAt)),
		db
			.select({ r: referrals, contractNumber: contracts.contractNumber, contractTitle: contracts.title, provider: organisations.name })
			.from(referrals)
			.innerJoin(contracts, eq(referrals.contractId, contracts.id))
			.innerJoin(organisations, eq(referrals.providerId, organisations.id))
			.where(and(eq(referrals.customerId, customerId), eq(referrals.areaId, areaId)))
			.orderBy(asc(referrals.referredAt)),
		db
			.select({ p: participations, contractNumber: contracts.contractNumber, provider: organisations.name })
			.from(participations)
			.innerJoin(contracts, eq(participations.contractId, contracts.id))
			.innerJoin(organisations, eq(contracts.providerId, organisations.id))
			.where(and(eq(participations.customerId, customerId), eq(contracts.areaId, areaId)))
			.orderBy(asc(participations.startDate)),
		db
			.select()
			.from(notices)
			.where(and(eq(notices.customerId, customerId), eq(notices.areaId, areaId)))
			.orderBy(asc(notices.createdAt)),
		db
			.select()
			.from(arvis)
			.where(and(eq(arvis.customerId, customerId), eq(arvis.areaId, areaId)))
			.orderBy(asc(arvis.createdAt)),
		db
			.select({ r: remarks, contractNumber: contracts.contractNumber, provider: organisations.name })
			.from(remarks)
			.innerJoin(contracts, eq(remarks.contractId, contracts.id))
			.innerJoin(organisations, eq(remarks.providerId, organisations.id))
			.where(and(eq(remarks.customerId, customerId), eq(remarks.areaId, areaId)))
			.orderBy(asc(remarks.filedAt))
	]);
	const pIds = participationRows.map((p) => p.p.id);
	const [marks, meetingRows, invoiceRows] = pIds.length
		? await Promise.all([
				db
					.select({
						participationId: attendance.participationId,
						day: attendance.day,
						status: attendance.status,
						reason: attendance.reason,
						note: attendance.reasonText
					})
					.from(attendance)
					.where(and(inArray(attendance.participationId, pIds), eq(attendance.current, true)))
					.orderBy(asc(attendance.day)),
				db.select().from(meetings).where(inArray(meetings.participationId, pIds)).orderBy(asc(meetings.day), asc(meetings.startTime)),
				db
					.execute(
						sql`select i.number, i.kind, i.status, to_char(i.period_from, 'YYYY-MM-DD') as period_from, to_char(i.period_until, 'YYYY-MM-DD') as period_until, o.name as provider
						from ${invoices} i join ${organisations} o on o.id = i.provider_id
						where i.area_id = ${areaId} and exists (
							select 1 from invoice_lines l, jsonb_array_elements(l.details) d
							where l.invoice_id = i.id and d->>'participationId' in (select id::text from ${participations} where customer_id = ${customerId}))
						order by i.created_at`
					)
					.then((r) => rowsOf<{ number: string | null; kind: string; status: string; period_from: string; period_until: string; provider: string }>(r))
			])
		: [[], [], []];
	await recordAudit(db, ctx, { action: 'customer.report', areaId, targetType: 'customer', targetIds: [customerId], customerIds: [customerId] });
	const cu = c.customer;
	return {
		schema: CUSTOMER_REPORT_SCHEMA,
		producedAt: ctx.clock().toISOString(),
		area: { id: areaId, name: c.areaName },
		customer: {
			id: cu.id,
			customerNumber: cu.customerNumber,
			name: cu.name,
			phone: cu.phone,
			email: cu.email,
			language: cu.language,
			personalIdStored: !!cu.personalIdEncrypted,
			createdAt: cu.createdAt.toISOString(),
			contactCorrectedAt: iso(cu.contactCorrectedAt)
		},
		consents: consentRows.map((x) => ({
			formVersion: x.formVersion,
			scope: x.scope,
			givenOn: x.givenOn,
			recordedAt: x.recordedAt.toISOString(),
			revokedOn: x.revokedOn,
			revokeReason: x.revokeReason
		})),
		referrals: referralRows.map(({ r, ...x }) => ({
			id: r.id,
			referredAt: r.referredAt.toISOString(),
			status: r.status,
			contractNumber: x.contractNumber,
			contractTitle: x.contractTitle,
			provider: x.provider,
			needs: r.needs,
			plannedStart: r.plannedStart,
			answerDue: r.answerDue,
			answeredAt: iso(r.answeredAt),
			declineReason: r.declineReason,
			withdrawReason: r.withdrawReason
		})),
		participations: participationRows.map(({ p, ...x }) => ({
			id: p.id,
			contractNumber: x.contractNumber,
			provider: x.provider,
			status: p.status,
			startDate: p.startDate,
			plannedEndDate: p.plannedEndDate,
			endDate: p.endDate,
			endReason: p.endReason,
			attendance: marks.filter((m) => m.participationId === p.id).map(({ participationId: _p, ...m }) => m),
			meetings: meetingRows
				.filter((m) => m.participationId === p.id)
				.map((m) => ({ day: m.day, startTime: m.startTime, durationMinutes: m.durationMinutes, mode: m.mode, cancelled: !!m.cancelledAt }))
		})),
		notices: noticeRows.map((n) => ({
			kind: n.kind,
			day: n.day,
			fromDay: n.fromDay,
			reason: n.reason,
			text: n.text,
			status: n.status,
			decision: n.decision,
			comment: n.comment,
			createdAt: n.createdAt.toISOString()
		})),
		arvis: arviRows.map((a) => ({
			id: a.id,
			status: a.status,
			language: a.language,
			dueOn: a.dueOn,
			submittedAt: iso(a.submittedAt),
			decidedAt: iso(a.decidedAt),
			outcome: a.outcome,
			content: a.content
		})),
		remarks: remarkRows.map(({ r, contractNumber, provider }) => ({
			number: r.number,
			category: r.category,
			status: r.status,
			observedOn: r.observedOn,
			filedAt: r.filedAt.toISOString(),
			description: r.description,
			contractNumber,
			provider
		})),
		invoices: invoiceRows.map((i) => ({
			number: i.number,
			kind: i.kind,
			status: i.status,
			periodFrom: i.period_from,
			periodUntil: i.period_until,
			provider: i.provider
		})),
		access: access.map((a) => ({ at: a.at.toISOString(), who: a.userName, action: a.action })).sort((a, b) => a.at.localeCompare(b.at))
	};
}

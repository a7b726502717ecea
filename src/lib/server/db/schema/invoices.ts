import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ComputedLine, VatRow } from '../../../domain/invoicing/pricing';
import type { Buyer, Seller, VatExemption } from '../../einvoice/document';
import { inList } from './attendance';
import { contracts } from './contracts';
import { organisations } from './organisations';
import { users } from './users';

export const INVOICE_STATUSES = ['draft', 'submitted', 'returned', 'checked', 'approved', 'paid'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * The seller's and buyer's details as they were when the invoice was submitted (see invoices/parties.ts):
 * every view and export of a submitted, checked, approved or paid invoice is built from this copy, never from
 * the registers, so a later change of a bank account or an address cannot reach an invoice already sent.
 */
export interface FrozenParties {
	seller: Seller & { peppolId: string | null };
	buyer: Buyer & { peppolId: string | null };
	contractNumber: string;
	paymentTermDays: number;
	/** The reason of 0 % lines that carry none of their own (all lines before price lines had one). */
	vatExemption: VatExemption;
	/** The texts of the reasons the lines carry (by VATEX code), as sent; absent on invoices sent before lines had one. */
	vatExemptions?: VatExemption[];
}

/**
 * An invoice (or a credit note) of one contract for one invoicing period. Its lines are computed from the
 * records (see src/lib/domain/invoicing/pricing.ts); the per-customer breakdown stays in `invoice_lines.details`
 * behind access control, and the exported document carries only `specificationId`. Amounts in integer cents.
 */
export const invoices = pgTable(
	'invoices',
	{
		id: uuid().primaryKey().defaultRandom(),
		contractId: uuid()
			.notNull()
			.references(() => contracts.id),
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		providerId: uuid()
			.notNull()
			.references(() => organisations.id),
		kind: text({ enum: ['invoice', 'credit_note'] })
			.notNull()
			.default('invoice'),
		/** A credit note: the approved invoice it corrects. */
		creditOf: uuid(),
		status: text({ enum: INVOICE_STATUSES }).notNull().default('draft'),
		periodFrom: date({ mode: 'string' }).notNull(),
		periodUntil: date({ mode: 'string' }).notNull(),
		/** Set at the first submission; kept through returns. Unique per provider. */
		number: text(),
		issueDate: date({ mode: 'string' }),
		dueDate: date({ mode: 'string' }),
		paymentReference: text(),
		/** The buyer's language for the document's fixed texts. */
		language: text({ enum: ['fi', 'sv', 'en'] })
			.notNull()
			.default('fi'),
		specificationId: text().notNull().unique(),
		vat: jsonb().$type<VatRow[]>().notNull().default([]),
		/** Frozen at every submission; null on an invoice never submitted. */
		parties: jsonb().$type<FrozenParties>(),
		netCents: bigint({ mode: 'number' }).notNull().default(0),
		vatCents: bigint({ mode: 'number' }).notNull().default(0),
		grossCents: bigint({ mode: 'number' }).notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		createdBy: uuid()
			.notNull()
			.references(() => users.id),
		submittedAt: timestamp({ withTimezone: true }),
		submittedBy: uuid().references(() => users.id),
		checkedAt: timestamp({ withTimezone: true }),
		checkedBy: uuid().references(() => users.id),
		approvedAt: timestamp({ withTimezone: true }),
		approvedBy: uuid().references(() => users.id),
		paidOn: date({ mode: 'string' }),
		paidRecordedBy: uuid().references(() => users.id),
		/** Optimistic lock: every transition names the version it read. */
		version: integer().notNull().default(1)
	},
	(t) => [
		unique('invoices_provider_number').on(t.providerId, t.number),
		index('invoices_contract_idx').on(t.contractId, t.periodFrom),
		index('invoices_area_idx').on(t.areaId, t.status, t.submittedAt),
		// The area's invoice list by period (a month's invoices among all the area's): only the invoices reaching into the
		// period are read, not every invoice of the area (the reviewer's month: 924 → 42 heap blocks; bench/RESULTS.md).
		index('invoices_area_period_idx').on(t.areaId, t.periodUntil),
		index('invoices_provider_idx').on(t.providerId, t.status, t.createdAt),
		// "Is this invoice credited?" (the period it holds, its page, a new credit note): without it, a scan of every invoice.
		index('invoices_credit_of_idx')
			.on(t.creditOf)
			.where(sql`${t.creditOf} is not null`),
		check('invoices_status_check', sql`${t.status} in (${inList(INVOICE_STATUSES)})`),
		check('invoices_period_check', sql`${t.periodFrom} <= ${t.periodUntil}`)
	]
);

/** The lines of an invoice as computed (or typed, with a justification), with the records behind each. */
export const invoiceLines = pgTable(
	'invoice_lines',
	{
		id: uuid().primaryKey().defaultRandom(),
		invoiceId: uuid()
			.notNull()
			.references(() => invoices.id, { onDelete: 'cascade' }),
		position: integer().notNull(),
		kind: text({ enum: ['recorded', 'correction', 'manual'] }).notNull(),
		unit: text(),
		priceLineId: uuid(),
		description: text().notNull(),
		quantityHundredths: integer().notNull(),
		/** bigint like the price lines it copies (up to `MAX_CENTS`). */
		unitPriceCents: bigint({ mode: 'number' }).notNull(),
		vatRateBp: integer().notNull(),
		netCents: bigint({ mode: 'number' }).notNull(),
		/** 0 % lines: the VATEX code of the exemption, copied from the price line; null on lines stored before it existed. */
		vatExemption: text(),
		justification: text(),
		details: jsonb().$type<ComputedLine['details']>().notNull().default([]),
		/**
		 * A credit note's line: the line of the credited invoice it credits (all of it, a part of its quantity or
		 * an amount). What remains to credit of a line is its net less the nets of the lines that credit it.
		 */
		creditedLineId: uuid().references((): AnyPgColumn => invoiceLines.id),
		/**
		 * A price reduction for a quality remark (remarks.ts; no foreign key here: the remark refers to its invoice).
		 * Such a line is made from the remark at every computation, never typed or removed by the provider.
		 */
		remarkId: uuid()
	},
	(t) => [
		index('invoice_lines_invoice_idx').on(t.invoiceId, t.position),
		index('invoice_lines_credited_line_idx')
			.on(t.creditedLineId)
			.where(sql`${t.creditedLineId} is not null`)
	]
);

/** What happened to an invoice, by whom and when; a submission keeps a snapshot of what was sent. */
export const invoiceEvents = pgTable(
	'invoice_events',
	{
		id: uuid().primaryKey().defaultRandom(),
		invoiceId: uuid()
			.notNull()
			.references(() => invoices.id, { onDelete: 'cascade' }),
		kind: text({ enum: ['created', 'recomputed', 'manual_line', 'submitted', 'returned', 'checked', 'approved', 'paid', 'credited'] }).notNull(),
		at: timestamp({ withTimezone: true }).notNull(),
		by: uuid()
			.notNull()
			.references(() => users.id),
		comment: text(),
		snapshot: jsonb()
	},
	(t) => [index('invoice_events_invoice_idx').on(t.invoiceId, t.at)]
);

/** An approver's own limit in an area (optional): invoices above it need another approver. */
export const approvalLimits = pgTable(
	'approval_limits',
	{
		areaId: uuid()
			.notNull()
			.references(() => organisations.id),
		userId: uuid()
			.notNull()
			.references(() => users.id),
		maxCents: bigint({ mode: 'number' }).notNull()
	},
	(t) => [unique('approval_limits_area_user').on(t.areaId, t.userId), check('approval_limits_positive', sql`${t.maxCents} >= 0`)]
);

export type Invoice = typeof invoices.$inferSelect;
export type InvoiceLine = typeof invoiceLines.$inferSelect;

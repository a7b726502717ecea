import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A changed value of a sensitive field (e.g. a bank account): never customer data. */
export type AuditChanges = Record<string, { from: string | null; to: string | null }>;

/**
 * Append-only: a trigger (migration 0001) rejects UPDATE, DELETE and TRUNCATE, and the README shows
 * how to revoke those privileges from the application's database role as well. No free text from forms.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		at: timestamp({ withTimezone: true }).notNull(),
		userId: uuid(),
		/** The organisation the actor acted for. */
		organisationId: uuid(),
		/** The area whose data was touched, so that the area's auditors find it. */
		areaId: uuid(),
		action: text().notNull(),
		targetType: text(),
		targetIds: text().array().notNull().default([]),
		customerIds: uuid().array().notNull().default([]),
		/** Old and new values of a sensitive change (a provider's bank account); null for other entries. */
		changes: jsonb().$type<AuditChanges>(),
		ip: text(),
		userAgent: text(),
		requestId: text()
	},
	(t) => [
		index('audit_log_at_idx').on(t.at),
		index('audit_log_user_idx').on(t.userId, t.at),
		index('audit_log_area_idx').on(t.areaId, t.at),
		index('audit_log_org_idx').on(t.organisationId, t.at),
		index('audit_log_customers_idx').using('gin', t.customerIds),
		// A followed object's entries (the auditor's home counts the new ones): `target_ids @> array[…]`.
		index('audit_log_targets_idx').using('gin', t.targetIds)
	]
);

export type AuditEntry = typeof auditLog.$inferSelect;

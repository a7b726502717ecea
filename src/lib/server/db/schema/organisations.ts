import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const organisations = pgTable(
	'organisations',
	{
		id: uuid().primaryKey().defaultRandom(),
		kind: text({ enum: ['area', 'provider', 'platform'] }).notNull(),
		name: text().notNull(),
		/** Swedish name for bilingual areas; null when the organisation has none. */
		nameSv: text(),
		/** Y-tunnus (Finnish business id), check digit validated on entry. */
		businessId: text().unique(),
		iban: text(),
		bic: text(),
		vatNumber: text(),
		streetAddress: text(),
		postalCode: text(),
		city: text(),
		/** E-invoice address: OVT code and/or Peppol participant id (scheme 0037/0216), and operator. */
		ovt: text(),
		peppolId: text(),
		einvoiceOperator: text(),
		/** Languages of service, e.g. {fi} or {fi,sv}. */
		languages: text()
			.array()
			.notNull()
			.default(sql`'{fi}'::text[]`),
		/** An area's municipalities (names, as the area gives them); empty for providers. */
		municipalities: text()
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Set by a platform admin: its people lose access at once; nothing is deleted. Null when active. */
		deactivatedAt: timestamp({ withTimezone: true })
	},
	(t) => [check('organisations_kind_check', sql`${t.kind} in ('area', 'provider', 'platform')`)]
);

export type Organisation = typeof organisations.$inferSelect;

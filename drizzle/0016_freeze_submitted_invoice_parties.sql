-- Invoices sent before the parties were frozen at submission: freeze them now from the registers as they
-- are (the closest there is to what was sent), in the shape of FrozenParties (invoices/parties.ts), so that
-- from here on no register change reaches them. Drafts and returned invoices keep showing live data.
UPDATE "invoices" AS i SET "parties" = jsonb_build_object(
	'seller', jsonb_build_object(
		'name', s."name",
		'businessId', coalesce(s."business_id", ''),
		'vatId', coalesce(s."vat_number", CASE WHEN s."business_id" IS NOT NULL THEN 'FI' || replace(btrim(s."business_id"), '-', '') END),
		'address', jsonb_build_object('street', coalesce(s."street_address", ''), 'postalCode', coalesce(s."postal_code", ''), 'city', coalesce(s."city", ''), 'countryCode', 'FI'),
		'einvoiceAddress', s."ovt",
		'einvoiceOperator', s."einvoice_operator",
		'peppolId', s."peppol_id",
		'iban', coalesce(s."iban", ''),
		'bic', coalesce(s."bic", '')
	),
	'buyer', jsonb_build_object(
		'name', b."name",
		'businessId', coalesce(b."business_id", ''),
		'vatId', coalesce(b."vat_number", CASE WHEN b."business_id" IS NOT NULL THEN 'FI' || replace(btrim(b."business_id"), '-', '') END),
		'address', jsonb_build_object('street', coalesce(b."street_address", ''), 'postalCode', coalesce(b."postal_code", ''), 'city', coalesce(b."city", ''), 'countryCode', 'FI'),
		'einvoiceAddress', b."ovt",
		'einvoiceOperator', b."einvoice_operator",
		'peppolId', b."peppol_id",
		'buyerReference', c."contract_number",
		'orderReference', NULL
	),
	'contractNumber', c."contract_number",
	'paymentTermDays', c."payment_term_days",
	-- The texts of einvoice/document.ts (TEXTS[language].exemption) as they are at this migration.
	'vatExemption', jsonb_build_object('code', 'VATEX-EU-132-1I', 'text', CASE i."language"
		WHEN 'sv' THEN 'Momsfri utbildningstjänst (MomsL 39 §)'
		WHEN 'en' THEN 'VAT-exempt training service (Finnish VAT Act 39 §)'
		ELSE 'Arvonlisäveroton koulutuspalvelu (AVL 39 §)' END)
)
FROM "organisations" AS s, "organisations" AS b, "contracts" AS c
WHERE s."id" = i."provider_id" AND b."id" = i."area_id" AND c."id" = i."contract_id"
	AND i."status" IN ('submitted', 'checked', 'approved', 'paid') AND i."parties" IS NULL;
--> statement-breakpoint
-- A provider's contact person was one row shared by every area; it is now each area's own supplier record.
UPDATE "area_providers" AS ap SET "contact_name" = k."name", "contact_email" = k."email", "contact_phone" = k."phone"
FROM "contacts" AS k
WHERE k."organisation_id" = ap."provider_id" AND k."contract_id" IS NULL AND ap."contact_name" IS NULL;
--> statement-breakpoint
DELETE FROM "contacts" WHERE "contract_id" IS NULL AND "organisation_id" IN (SELECT "provider_id" FROM "area_providers");

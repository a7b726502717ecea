ALTER TABLE "customers" ADD COLUMN "contact_corrected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "consents" ADD COLUMN "revoke_reason" text;--> statement-breakpoint
CREATE INDEX "consents_customer_in_force_idx" ON "consents" USING btree ("customer_id") WHERE "consents"."revoked_on" is null;

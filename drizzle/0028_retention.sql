CREATE TABLE "retention_rules" (
	"area_id" uuid PRIMARY KEY NOT NULL,
	"customer_months" integer NOT NULL,
	"consent_months" integer NOT NULL,
	"referral_text_months" integer NOT NULL,
	"absence_reason_months" integer NOT NULL,
	"arvi_text_months" integer NOT NULL,
	"audit_months" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "retention_rules_months_check" CHECK (least("retention_rules"."customer_months", "retention_rules"."consent_months", "retention_rules"."referral_text_months", "retention_rules"."absence_reason_months", "retention_rules"."arvi_text_months") >= 1 and "retention_rules"."audit_months" >= 12)
);
--> statement-breakpoint
CREATE TABLE "retention_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"ran_at" timestamp with time zone NOT NULL,
	"as_of" date NOT NULL,
	"counts" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "arvis" ADD COLUMN "texts_removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "retention_rules" ADD CONSTRAINT "retention_rules_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_rules" ADD CONSTRAINT "retention_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "retention_runs_area_idx" ON "retention_runs" USING btree ("area_id","ran_at");--> statement-breakpoint
CREATE INDEX "participations_customer_idx" ON "participations" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "referrals_customer_idx" ON "referrals" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "attendance_reason_text_idx" ON "attendance" USING btree ("contract_id","day") WHERE "attendance"."reason_text" is not null;--> statement-breakpoint
-- The nightly retention run (one job per night; schedule in src/lib/server/jobs/worker.ts).
SELECT pgboss.create_queue('retention', '{"policy":"singleton","retryLimit":3,"retryDelay":300,"retryBackoff":true,"expireInSeconds":3600}');

CREATE TABLE "arvi_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"arvi_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"content" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid NOT NULL,
	"decision" text,
	"comment" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "arvi_versions_number" UNIQUE("arvi_id","number")
);
--> statement-breakpoint
CREATE TABLE "arvis" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participation_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"language" text NOT NULL,
	"due_on" date NOT NULL,
	"content" jsonb NOT NULL,
	"draft_revision" integer DEFAULT 0 NOT NULL,
	"draft_device" text,
	"draft_key" text,
	"draft_saved_at" timestamp with time zone,
	"draft_saved_by" uuid,
	"outcome" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "arvis_participationId_unique" UNIQUE("participation_id"),
	CONSTRAINT "arvis_status_check" CHECK ("arvis"."status" in ('draft', 'submitted', 'returned', 'accepted'))
);
--> statement-breakpoint
ALTER TABLE "arvi_versions" ADD CONSTRAINT "arvi_versions_arvi_id_arvis_id_fk" FOREIGN KEY ("arvi_id") REFERENCES "public"."arvis"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arvi_versions" ADD CONSTRAINT "arvi_versions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arvi_versions" ADD CONSTRAINT "arvi_versions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arvis" ADD CONSTRAINT "arvis_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arvis" ADD CONSTRAINT "arvis_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arvis" ADD CONSTRAINT "arvis_provider_id_organisations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arvis" ADD CONSTRAINT "arvis_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arvis" ADD CONSTRAINT "arvis_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "arvis" ADD CONSTRAINT "arvis_draft_saved_by_users_id_fk" FOREIGN KEY ("draft_saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "arvis_provider_idx" ON "arvis" USING btree ("provider_id","status","due_on");--> statement-breakpoint
CREATE INDEX "arvis_area_idx" ON "arvis" USING btree ("area_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "arvis_contract_idx" ON "arvis" USING btree ("contract_id","outcome");
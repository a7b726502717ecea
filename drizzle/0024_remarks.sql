CREATE TABLE "remark_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"remark_id" uuid NOT NULL,
	"event_id" uuid,
	"filename" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "remark_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"remark_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" uuid NOT NULL,
	"text" text,
	"corrective_action" text,
	"corrective_by" date,
	"due_on" date,
	"amount_cents" bigint,
	CONSTRAINT "remark_events_kind_check" CHECK ("remark_events"."kind" in ('filed', 'answered', 'more_requested', 'closed', 'price_reduction'))
);
--> statement-breakpoint
CREATE TABLE "remarks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"cohort_id" uuid,
	"participation_id" uuid,
	"customer_id" uuid,
	"number" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"observed_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"response_days" integer NOT NULL,
	"due_on" date NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"filed_by" uuid NOT NULL,
	"first_answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reduction_cents" bigint,
	"reduction_vat_rate_bp" integer,
	"reduction_reason" text,
	"reduction_at" timestamp with time zone,
	"reduction_by" uuid,
	"reduction_invoice_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "remarks_area_number_unique" UNIQUE("area_id","number"),
	CONSTRAINT "remarks_status_check" CHECK ("remarks"."status" in ('open', 'answered', 'more_requested', 'closed')),
	CONSTRAINT "remarks_category_check" CHECK ("remarks"."category" in ('service_content', 'staffing', 'schedule', 'premises', 'reporting', 'customer_treatment', 'invoicing', 'data_protection', 'other')),
	CONSTRAINT "remarks_reduction_check" CHECK ("remarks"."reduction_cents" is null or "remarks"."reduction_cents" > 0)
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "remark_id" uuid;--> statement-breakpoint
ALTER TABLE "remark_attachments" ADD CONSTRAINT "remark_attachments_remark_id_remarks_id_fk" FOREIGN KEY ("remark_id") REFERENCES "public"."remarks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remark_attachments" ADD CONSTRAINT "remark_attachments_event_id_remark_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."remark_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remark_attachments" ADD CONSTRAINT "remark_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remark_events" ADD CONSTRAINT "remark_events_remark_id_remarks_id_fk" FOREIGN KEY ("remark_id") REFERENCES "public"."remarks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remark_events" ADD CONSTRAINT "remark_events_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_provider_id_organisations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_reduction_by_users_id_fk" FOREIGN KEY ("reduction_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remarks" ADD CONSTRAINT "remarks_reduction_invoice_id_invoices_id_fk" FOREIGN KEY ("reduction_invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "remark_attachments_remark_idx" ON "remark_attachments" USING btree ("remark_id");--> statement-breakpoint
CREATE INDEX "remark_events_remark_idx" ON "remark_events" USING btree ("remark_id","seq");--> statement-breakpoint
CREATE INDEX "remarks_area_idx" ON "remarks" USING btree ("area_id","status","due_on");--> statement-breakpoint
CREATE INDEX "remarks_provider_idx" ON "remarks" USING btree ("provider_id","status","due_on");--> statement-breakpoint
CREATE INDEX "remarks_contract_idx" ON "remarks" USING btree ("contract_id");
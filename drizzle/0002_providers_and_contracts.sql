CREATE TABLE "area_providers" (
	"area_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "area_providers_area_id_provider_id_pk" PRIMARY KEY("area_id","provider_id")
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"weekdays" integer[] NOT NULL,
	"daily_start" text NOT NULL,
	"daily_end" text NOT NULL,
	"place" text NOT NULL,
	"language" text NOT NULL,
	"capacity" integer NOT NULL,
	CONSTRAINT "cohorts_period_check" CHECK ("cohorts"."start_date" <= "cohorts"."end_date"),
	CONSTRAINT "cohorts_capacity_check" CHECK ("cohorts"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"contract_id" uuid,
	"name" text NOT NULL,
	"title" text,
	"email" text,
	"phone" text
);
--> statement-breakpoint
CREATE TABLE "contract_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"used" boolean DEFAULT false NOT NULL,
	CONSTRAINT "contract_options_period_check" CHECK ("contract_options"."start_date" <= "contract_options"."end_date")
);
--> statement-breakpoint
CREATE TABLE "contract_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"changed_fields" text[] NOT NULL,
	"snapshot" jsonb NOT NULL,
	"user_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"contract_number" text NOT NULL,
	"diary_number" text,
	"title" text NOT NULL,
	"service_type" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"languages" text[] DEFAULT '{fi}'::text[] NOT NULL,
	"places" text[] DEFAULT '{}'::text[] NOT NULL,
	"capacity_total" integer,
	"capacity_per_cohort" integer,
	"budget_cents" bigint DEFAULT 0 NOT NULL,
	"payment_term_days" integer DEFAULT 21 NOT NULL,
	"deadlines" jsonb NOT NULL,
	"invoicing_period" text DEFAULT 'month' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contracts_area_number" UNIQUE("area_id","contract_number"),
	CONSTRAINT "contracts_period_check" CHECK ("contracts"."start_date" <= "contracts"."end_date"),
	CONSTRAINT "contracts_budget_check" CHECK ("contracts"."budget_cents" >= 0),
	CONSTRAINT "contracts_capacity_check" CHECK (coalesce("contracts"."capacity_total", 1) > 0 and coalesce("contracts"."capacity_per_cohort", 1) > 0)
);
--> statement-breakpoint
CREATE TABLE "price_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"unit" text NOT NULL,
	"description" text NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"vat_rate_bp" integer NOT NULL,
	"valid_from" date NOT NULL,
	"condition" text,
	CONSTRAINT "price_lines_price_check" CHECK ("price_lines"."unit_price_cents" >= 0),
	CONSTRAINT "price_lines_vat_check" CHECK ("price_lines"."vat_rate_bp" between 0 and 10000)
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "bic" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "vat_number" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "street_address" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "postal_code" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "city" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "ovt" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "peppol_id" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "einvoice_operator" text;--> statement-breakpoint
ALTER TABLE "area_providers" ADD CONSTRAINT "area_providers_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_providers" ADD CONSTRAINT "area_providers_provider_id_organisations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_documents" ADD CONSTRAINT "contract_documents_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_documents" ADD CONSTRAINT "contract_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_options" ADD CONSTRAINT "contract_options_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_versions" ADD CONSTRAINT "contract_versions_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_versions" ADD CONSTRAINT "contract_versions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_provider_id_organisations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_lines" ADD CONSTRAINT "price_lines_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "area_providers_provider_idx" ON "area_providers" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "cohorts_contract_idx" ON "cohorts" USING btree ("contract_id","start_date");--> statement-breakpoint
CREATE INDEX "contacts_org_idx" ON "contacts" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "contacts_contract_idx" ON "contacts" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_documents_contract_idx" ON "contract_documents" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_options_contract_idx" ON "contract_options" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_versions_contract_idx" ON "contract_versions" USING btree ("contract_id","at");--> statement-breakpoint
CREATE INDEX "contracts_area_idx" ON "contracts" USING btree ("area_id","status");--> statement-breakpoint
CREATE INDEX "contracts_provider_idx" ON "contracts" USING btree ("provider_id","status");--> statement-breakpoint
CREATE INDEX "price_lines_contract_idx" ON "price_lines" USING btree ("contract_id","unit","valid_from");--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;
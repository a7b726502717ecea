CREATE TABLE "attendance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participation_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"cohort_id" uuid,
	"meeting_id" uuid,
	"day" date NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"reason_text" text,
	"marked_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"marked_by" uuid NOT NULL,
	"client_key" uuid NOT NULL,
	"current" boolean NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"correction" boolean DEFAULT false NOT NULL,
	"replaces_id" uuid,
	"settled_at" timestamp with time zone,
	CONSTRAINT "attendance_clientKey_unique" UNIQUE("client_key"),
	CONSTRAINT "attendance_status_check" CHECK ("attendance"."status" in ('present', 'absent')),
	CONSTRAINT "attendance_reason_check" CHECK (("attendance"."status" = 'present' and "attendance"."reason" is null) or ("attendance"."status" = 'absent' and "attendance"."reason" in ('sick', 'sick_child', 'job_interview_or_work', 'agreed_leave', 'unexcused', 'other')))
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participation_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"day" date NOT NULL,
	"start_time" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"mode" text NOT NULL,
	"client_key" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "meetings_clientKey_unique" UNIQUE("client_key"),
	CONSTRAINT "meetings_duration_check" CHECK ("meetings"."duration_minutes" between 5 and 600),
	CONSTRAINT "meetings_mode_check" CHECK ("meetings"."mode" in ('in_person', 'remote', 'phone'))
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"participation_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"officer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"from_day" date,
	"reason" text,
	"text" text,
	"attendance_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"due_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"read_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision" text,
	"comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "notices_kind_check" CHECK ("notices"."kind" in ('unexcused_absence', 'absence_threshold', 'interruption', 'extension_request')),
	CONSTRAINT "notices_status_check" CHECK ("notices"."status" in ('open', 'acknowledged', 'decided'))
);
--> statement-breakpoint
CREATE TABLE "participation_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"reason" text,
	"text" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "period_locks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"invoice_id" uuid,
	"locked_at" timestamp with time zone NOT NULL,
	"locked_by" uuid NOT NULL,
	CONSTRAINT "period_locks_period_check" CHECK ("period_locks"."start_date" <= "period_locks"."end_date")
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "unexcused_threshold" integer DEFAULT 5;--> statement-breakpoint
ALTER TABLE "participations" ADD COLUMN "planned_end_date" date;--> statement-breakpoint
ALTER TABLE "participations" ADD COLUMN "end_date" date;--> statement-breakpoint
ALTER TABLE "participations" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "participations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_marked_by_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_provider_id_organisations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_officer_id_users_id_fk" FOREIGN KEY ("officer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_attendance_id_attendance_id_fk" FOREIGN KEY ("attendance_id") REFERENCES "public"."attendance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_events" ADD CONSTRAINT "participation_events_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_events" ADD CONSTRAINT "participation_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_locks" ADD CONSTRAINT "period_locks_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_locks" ADD CONSTRAINT "period_locks_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_current_day_uniq" ON "attendance" USING btree ("participation_id","day") WHERE "attendance"."current" and "attendance"."meeting_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_current_meeting_uniq" ON "attendance" USING btree ("meeting_id") WHERE "attendance"."current" and "attendance"."meeting_id" is not null;--> statement-breakpoint
CREATE INDEX "attendance_contract_day_idx" ON "attendance" USING btree ("contract_id","day") WHERE "attendance"."current";--> statement-breakpoint
CREATE INDEX "attendance_cohort_day_idx" ON "attendance" USING btree ("cohort_id","day") WHERE "attendance"."current" and "attendance"."cohort_id" is not null;--> statement-breakpoint
CREATE INDEX "attendance_participation_day_idx" ON "attendance" USING btree ("participation_id","day");--> statement-breakpoint
CREATE INDEX "meetings_participation_idx" ON "meetings" USING btree ("participation_id","day");--> statement-breakpoint
CREATE INDEX "notices_area_idx" ON "notices" USING btree ("area_id","status","due_on");--> statement-breakpoint
CREATE INDEX "notices_officer_idx" ON "notices" USING btree ("officer_id","status");--> statement-breakpoint
CREATE INDEX "notices_provider_idx" ON "notices" USING btree ("provider_id","status");--> statement-breakpoint
CREATE INDEX "notices_participation_idx" ON "notices" USING btree ("participation_id","kind");--> statement-breakpoint
CREATE INDEX "participation_events_participation_idx" ON "participation_events" USING btree ("participation_id","recorded_at");--> statement-breakpoint
CREATE INDEX "period_locks_contract_idx" ON "period_locks" USING btree ("contract_id","start_date");
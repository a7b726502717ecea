CREATE TABLE "feedback_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"area_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"cohort_id" uuid,
	"kind" text NOT NULL,
	"answered_month" text NOT NULL,
	"content" smallint NOT NULL,
	"coach_support" smallint NOT NULL,
	"usefulness" smallint NOT NULL,
	"recommend" smallint NOT NULL,
	"free_text" text,
	"text_status" text DEFAULT 'none' NOT NULL,
	"text_reviewed_at" timestamp with time zone,
	"text_reviewed_by" uuid,
	CONSTRAINT "feedback_answers_scale_check" CHECK ("feedback_answers"."content" between 1 and 5 and "feedback_answers"."coach_support" between 1 and 5 and "feedback_answers"."usefulness" between 1 and 5 and "feedback_answers"."recommend" between 1 and 5),
	CONSTRAINT "feedback_answers_text_status_check" CHECK ("feedback_answers"."text_status" in ('none', 'pending', 'released', 'withheld'))
);
--> statement-breakpoint
CREATE TABLE "feedback_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participation_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"cohort_id" uuid,
	"kind" text NOT NULL,
	"token_hash" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered" boolean DEFAULT false NOT NULL,
	"sent_at" timestamp with time zone,
	"sent_via" text,
	CONSTRAINT "feedback_invitations_tokenHash_unique" UNIQUE("token_hash"),
	CONSTRAINT "feedback_invitations_participation_kind" UNIQUE("participation_id","kind"),
	CONSTRAINT "feedback_invitations_kind_check" CHECK ("feedback_invitations"."kind" in ('end', 'midpoint'))
);
--> statement-breakpoint
ALTER TABLE "feedback_answers" ADD CONSTRAINT "feedback_answers_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_answers" ADD CONSTRAINT "feedback_answers_provider_id_organisations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_answers" ADD CONSTRAINT "feedback_answers_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_answers" ADD CONSTRAINT "feedback_answers_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_answers" ADD CONSTRAINT "feedback_answers_text_reviewed_by_users_id_fk" FOREIGN KEY ("text_reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_invitations" ADD CONSTRAINT "feedback_invitations_participation_id_participations_id_fk" FOREIGN KEY ("participation_id") REFERENCES "public"."participations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_invitations" ADD CONSTRAINT "feedback_invitations_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_invitations" ADD CONSTRAINT "feedback_invitations_provider_id_organisations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_invitations" ADD CONSTRAINT "feedback_invitations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_invitations" ADD CONSTRAINT "feedback_invitations_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_answers_area_idx" ON "feedback_answers" USING btree ("area_id","contract_id");--> statement-breakpoint
CREATE INDEX "feedback_answers_provider_idx" ON "feedback_answers" USING btree ("provider_id","contract_id");--> statement-breakpoint
CREATE INDEX "feedback_invitations_area_idx" ON "feedback_invitations" USING btree ("area_id","contract_id");--> statement-breakpoint
CREATE INDEX "feedback_invitations_provider_idx" ON "feedback_invitations" USING btree ("provider_id","contract_id");
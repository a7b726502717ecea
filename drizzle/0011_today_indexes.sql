CREATE INDEX "participations_cohort_idx" ON "participations" USING btree ("cohort_id");--> statement-breakpoint
CREATE INDEX "meetings_created_by_idx" ON "meetings" USING btree ("created_by","day");
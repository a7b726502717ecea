DROP INDEX "attendance_cohort_day_idx";--> statement-breakpoint
CREATE INDEX "attendance_cohort_day_idx" ON "attendance" USING btree ("cohort_id","day") WHERE "attendance"."cohort_id" is not null;
ALTER TABLE "contracts" ADD COLUMN "midpoint_feedback_weeks" integer;
--> statement-breakpoint
-- The daily sweep that makes mid-point feedback invitations (feedback/midpoints.ts): one run at a time.
SELECT pgboss.create_queue('feedback_midpoints', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":900}');

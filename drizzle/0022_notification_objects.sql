ALTER TABLE "notifications" ADD COLUMN "object_type" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "object_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject" text;--> statement-breakpoint
CREATE INDEX "notifications_object_idx" ON "notifications" USING btree ("object_id");
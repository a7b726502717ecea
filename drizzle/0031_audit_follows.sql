CREATE TABLE "audit_follows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"area_id" uuid NOT NULL,
	"target_type" text,
	"target_id" uuid,
	"action" text,
	"user_email" text,
	"seen_id" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_follows" ADD CONSTRAINT "audit_follows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_follows" ADD CONSTRAINT "audit_follows_area_id_organisations_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_follows_user_idx" ON "audit_follows" USING btree ("user_id","area_id");
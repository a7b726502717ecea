ALTER TABLE "audit_log" ADD COLUMN "changes" jsonb;--> statement-breakpoint
ALTER TABLE "area_providers" ADD COLUMN "supplier_number" text;--> statement-breakpoint
ALTER TABLE "area_providers" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "area_providers" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "area_providers" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "area_providers" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "parties" jsonb;
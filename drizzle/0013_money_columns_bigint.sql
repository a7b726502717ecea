ALTER TABLE "price_lines" ALTER COLUMN "unit_price_cents" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "invoice_lines" ALTER COLUMN "unit_price_cents" SET DATA TYPE bigint;
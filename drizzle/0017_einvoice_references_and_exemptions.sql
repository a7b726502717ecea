ALTER TABLE "contracts" ADD COLUMN "buyer_reference" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "order_reference" text;--> statement-breakpoint
ALTER TABLE "price_lines" ADD COLUMN "vat_exemption" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "vat_exemption" text;
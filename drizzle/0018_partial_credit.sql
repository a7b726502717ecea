ALTER TABLE "invoice_lines" ADD COLUMN "credited_line_id" uuid;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_credited_line_id_invoice_lines_id_fk" FOREIGN KEY ("credited_line_id") REFERENCES "public"."invoice_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoice_lines_credited_line_idx" ON "invoice_lines" USING btree ("credited_line_id") WHERE "invoice_lines"."credited_line_id" is not null;--> statement-breakpoint
-- Credit notes made before partial credit credited every line of their invoice, in the same order: link each
-- of their lines to the line it credits, so what remains to credit is known for every invoice.
UPDATE "invoice_lines" AS cl SET "credited_line_id" = ol."id"
FROM "invoices" AS cn, "invoice_lines" AS ol
WHERE cl."invoice_id" = cn."id" AND cn."kind" = 'credit_note' AND cn."credit_of" IS NOT NULL
	AND ol."invoice_id" = cn."credit_of" AND ol."position" = cl."position" AND cl."credited_line_id" IS NULL;

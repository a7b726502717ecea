CREATE INDEX "audit_log_targets_idx" ON "audit_log" USING gin ("target_ids");--> statement-breakpoint
CREATE INDEX "participations_contract_start_all_idx" ON "participations" USING btree ("contract_id","start_date");

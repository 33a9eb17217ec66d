ALTER TABLE "evaluator_ratings" ADD COLUMN "spot_check_entry_id" integer;--> statement-breakpoint
ALTER TABLE "evaluator_work" ADD COLUMN "spot_check_entry_id" integer;--> statement-breakpoint
ALTER TABLE "spot_check_entries" ADD COLUMN "reviewer_expert_id" integer;--> statement-breakpoint
ALTER TABLE "spot_check_entries" ADD COLUMN "reviewer_assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "spot_check_entries" ADD CONSTRAINT "spot_check_entries_reviewer_expert_id_experts_id_fk" FOREIGN KEY ("reviewer_expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;
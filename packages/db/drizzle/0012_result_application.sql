CREATE TABLE "budget_proposal_lines" (
	"proposal_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"base_fen" bigint NOT NULL,
	"grade" text,
	"grade_cut_bp" integer NOT NULL,
	"extra_cut_bp" integer NOT NULL,
	"cut_bp" integer NOT NULL,
	"cut_fen" bigint NOT NULL,
	"proposed_fen" bigint NOT NULL,
	"priority" boolean NOT NULL,
	"unrectified" boolean NOT NULL,
	"distortion" boolean NOT NULL,
	"override_fen" bigint,
	"override_reason" text,
	"overridden_by" integer,
	"overridden_at" timestamp with time zone,
	CONSTRAINT "budget_proposal_lines_proposal_id_item_id_pk" PRIMARY KEY("proposal_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "budget_proposals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "budget_proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_unit_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"basis_year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"cut_fair_bp" integer NOT NULL,
	"cut_poor_bp" integer NOT NULL,
	"extra_cut_bp" integer NOT NULL,
	"department_grade" text,
	"department_adjustment_bp" integer DEFAULT 0 NOT NULL,
	"base_fen" bigint NOT NULL,
	"items_cut_fen" bigint NOT NULL,
	"department_adjustment_fen" bigint NOT NULL,
	"proposed_fen" bigint NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"issued_at" timestamp with time zone,
	"issued_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_proposals_org_year_uq" UNIQUE("org_unit_id","fiscal_year")
);
--> statement-breakpoint
CREATE TABLE "policy_exit_decisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policy_exit_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"other_item_id" integer,
	"grounds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decided_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_findings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_findings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"result_id" integer NOT NULL,
	"finding" text NOT NULL,
	"required_action" text,
	"item_id" integer,
	"deadline" date,
	"rectification_task_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_results" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subject_kind" text NOT NULL,
	"item_id" integer,
	"org_unit_id" integer,
	"region_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"source" text NOT NULL,
	"score" numeric(5, 1) NOT NULL,
	"grade" text NOT NULL,
	"distortion" boolean DEFAULT false NOT NULL,
	"summary" text,
	"source_ref" text,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "budget_items" ADD COLUMN "functional_subject" text;--> statement-breakpoint
ALTER TABLE "budget_proposal_lines" ADD CONSTRAINT "budget_proposal_lines_proposal_id_budget_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."budget_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_proposal_lines" ADD CONSTRAINT "budget_proposal_lines_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_proposal_lines" ADD CONSTRAINT "budget_proposal_lines_overridden_by_users_id_fk" FOREIGN KEY ("overridden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_proposals" ADD CONSTRAINT "budget_proposals_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_proposals" ADD CONSTRAINT "budget_proposals_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_exit_decisions" ADD CONSTRAINT "policy_exit_decisions_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_exit_decisions" ADD CONSTRAINT "policy_exit_decisions_other_item_id_budget_items_id_fk" FOREIGN KEY ("other_item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_exit_decisions" ADD CONSTRAINT "policy_exit_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_findings" ADD CONSTRAINT "evaluation_findings_result_id_evaluation_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."evaluation_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_findings" ADD CONSTRAINT "evaluation_findings_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_findings" ADD CONSTRAINT "evaluation_findings_rectification_task_id_rectification_tasks_id_fk" FOREIGN KEY ("rectification_task_id") REFERENCES "public"."rectification_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_results" ADD CONSTRAINT "evaluation_results_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_proposal_lines_item_idx" ON "budget_proposal_lines" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "policy_exit_decisions_item_idx" ON "policy_exit_decisions" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "evaluation_findings_result_idx" ON "evaluation_findings" USING btree ("result_id");--> statement-breakpoint
CREATE INDEX "evaluation_findings_item_idx" ON "evaluation_findings" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_results_subject_uq" ON "evaluation_results" USING btree ("subject_kind",coalesce("item_id", "org_unit_id", "region_id"),"fiscal_year","source");--> statement-breakpoint
CREATE INDEX "evaluation_results_year_idx" ON "evaluation_results" USING btree ("fiscal_year","subject_kind");--> statement-breakpoint
CREATE INDEX "evaluation_results_item_idx" ON "evaluation_results" USING btree ("item_id");
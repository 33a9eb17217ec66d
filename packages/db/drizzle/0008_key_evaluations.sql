CREATE TABLE "evaluation_methods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_methods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"evaluation_id" integer NOT NULL,
	"method" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"note" text,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_panel" (
	"evaluation_id" integer NOT NULL,
	"expert_id" integer NOT NULL,
	"assigned_by" integer,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "evaluation_panel_evaluation_id_expert_id_pk" PRIMARY KEY("evaluation_id","expert_id")
);
--> statement-breakpoint
CREATE TABLE "evaluation_scores" (
	"evaluation_id" integer NOT NULL,
	"expert_id" integer NOT NULL,
	"line_key" text NOT NULL,
	"score" double precision NOT NULL,
	"comment" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_scores_evaluation_id_expert_id_line_key_pk" PRIMARY KEY("evaluation_id","expert_id","line_key")
);
--> statement-breakpoint
CREATE TABLE "evaluator_ratings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluator_ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"expert_id" integer,
	"institution_id" integer,
	"evaluation_id" integer,
	"marks" jsonb NOT NULL,
	"total" double precision NOT NULL,
	"misconduct" text DEFAULT 'no' NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"rated_by" integer,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluator_work" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluator_work_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"expert_id" integer,
	"institution_id" integer,
	"org_unit_id" integer NOT NULL,
	"description" text NOT NULL,
	"ended_on" date NOT NULL,
	"evaluation_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "experts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"fields" jsonb NOT NULL,
	"title" text NOT NULL,
	"employer" text NOT NULL,
	"employer_org_unit_id" integer,
	"institution_id" integer,
	"user_id" integer,
	"phone" text,
	"region_id" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experts_userId_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "key_evaluations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "key_evaluations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"item_id" integer,
	"org_unit_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"region_id" integer NOT NULL,
	"carrier" text NOT NULL,
	"institution_id" integer,
	"aggregation" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"lines" jsonb NOT NULL,
	"template_name" text NOT NULL,
	"due_on" date,
	"findings" text,
	"recommendations" text,
	"summary" text,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"score" double precision,
	"grade" text,
	"comment" text,
	"planned_by" integer,
	"reported_by" integer,
	"reported_at" timestamp with time zone,
	"accepted_by" integer,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "qualifications" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "staff_count" integer;--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "fields" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "library_status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "region_fiscal_facts" ADD COLUMN "tax_revenue_fen" bigint;--> statement-breakpoint
ALTER TABLE "region_fiscal_facts" ADD COLUMN "basic_guarantees_arranged_fen" bigint;--> statement-breakpoint
ALTER TABLE "region_fiscal_facts" ADD COLUMN "basic_guarantees_needed_fen" bigint;--> statement-breakpoint
ALTER TABLE "region_fiscal_facts" ADD COLUMN "treasury_cash_fen" bigint;--> statement-breakpoint
ALTER TABLE "region_fiscal_facts" ADD COLUMN "monthly_expenditure_fen" bigint;--> statement-breakpoint
ALTER TABLE "region_fiscal_facts" ADD COLUMN "execution_rate_bp" integer;--> statement-breakpoint
ALTER TABLE "region_fiscal_facts" ADD COLUMN "management_score" double precision;--> statement-breakpoint
ALTER TABLE "evaluation_methods" ADD CONSTRAINT "evaluation_methods_evaluation_id_key_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."key_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_methods" ADD CONSTRAINT "evaluation_methods_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_panel" ADD CONSTRAINT "evaluation_panel_evaluation_id_key_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."key_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_panel" ADD CONSTRAINT "evaluation_panel_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_panel" ADD CONSTRAINT "evaluation_panel_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_evaluation_id_key_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."key_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_ratings" ADD CONSTRAINT "evaluator_ratings_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_ratings" ADD CONSTRAINT "evaluator_ratings_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_ratings" ADD CONSTRAINT "evaluator_ratings_rated_by_users_id_fk" FOREIGN KEY ("rated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_work" ADD CONSTRAINT "evaluator_work_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_work" ADD CONSTRAINT "evaluator_work_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_work" ADD CONSTRAINT "evaluator_work_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_employer_org_unit_id_org_units_id_fk" FOREIGN KEY ("employer_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_evaluations" ADD CONSTRAINT "key_evaluations_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_evaluations" ADD CONSTRAINT "key_evaluations_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_evaluations" ADD CONSTRAINT "key_evaluations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_evaluations" ADD CONSTRAINT "key_evaluations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_evaluations" ADD CONSTRAINT "key_evaluations_planned_by_users_id_fk" FOREIGN KEY ("planned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_evaluations" ADD CONSTRAINT "key_evaluations_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_evaluations" ADD CONSTRAINT "key_evaluations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluator_work_expert_idx" ON "evaluator_work" USING btree ("expert_id");--> statement-breakpoint
CREATE INDEX "evaluator_work_inst_idx" ON "evaluator_work" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "key_evaluations_item_idx" ON "key_evaluations" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "key_evaluations_org_idx" ON "key_evaluations" USING btree ("org_unit_id");--> statement-breakpoint
UPDATE "institutions" SET "library_status" = 'suspended' WHERE "active" = false;

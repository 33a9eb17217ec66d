CREATE TABLE "budget_approval_items" (
	"approval_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"target_version_id" integer NOT NULL,
	"cycle_target_version_id" integer,
	CONSTRAINT "budget_approval_items_approval_id_item_id_pk" PRIMARY KEY("approval_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "budget_approvals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "budget_approvals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"number" text NOT NULL,
	"org_unit_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"approved_on" date NOT NULL,
	"approved_by" integer,
	"total_fen" bigint NOT NULL,
	"department_target_version_id" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_approvals_number_uq" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "department_targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "department_targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_unit_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"overall_goal" text NOT NULL,
	"indicators" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "department_targets_org_year_uq" UNIQUE("org_unit_id","fiscal_year")
);
--> statement-breakpoint
CREATE TABLE "ex_ante_requirements" (
	"item_id" integer NOT NULL,
	"reason" text NOT NULL,
	"required_by" integer,
	"required_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ex_ante_requirements_item_id_pk" PRIMARY KEY("item_id")
);
--> statement-breakpoint
CREATE TABLE "indicator_library" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_library_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"level1" text NOT NULL,
	"level2" text NOT NULL,
	"operator" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"standard" text NOT NULL,
	"fund_type_id" text,
	"sector" text,
	"reference_value" double precision,
	"reference_min" double precision,
	"reference_max" double precision,
	"guidance" text,
	"source" text NOT NULL,
	"origin" text DEFAULT 'bureau' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "institutions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"credentials" text NOT NULL,
	"credit_code" text,
	"contact" text,
	"org_unit_id" integer,
	"region_id" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "institutions_creditCode_unique" UNIQUE("credit_code"),
	CONSTRAINT "institutions_orgUnitId_unique" UNIQUE("org_unit_id")
);
--> statement-breakpoint
CREATE TABLE "target_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "target_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"subject" text NOT NULL,
	"target_id" integer,
	"department_target_id" integer,
	"item_id" integer,
	"org_unit_id" integer NOT NULL,
	"fiscal_year" integer,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"content" jsonb NOT NULL,
	"changes" jsonb,
	"quality" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone NOT NULL,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"criteria" jsonb,
	"comments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"opinion" text,
	"effective_from" date,
	"effective_to" date,
	"approval_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "target_versions_target_version_uq" UNIQUE("target_id","version"),
	CONSTRAINT "target_versions_department_version_uq" UNIQUE("department_target_id","version")
);
--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ALTER COLUMN "conclusion" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ALTER COLUMN "summary" SET DEFAULT '';--> statement-breakpoint
ALTER TABLE "budget_items" ADD COLUMN "is_new" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "budget_items" ADD COLUMN "is_capital_construction" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "budget_items" ADD COLUMN "sector" text;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "status" text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "assessor" text DEFAULT 'department' NOT NULL;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "institution_id" integer;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "computed_conclusion" text;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "override_reason" text;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "total_score" double precision;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "verdicts" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "required_changes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "report_attachment_ids" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "submitted_by" integer;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "reviewed_by" integer;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "review_comment" text;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "review_checks" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "library_indicator_id" integer;--> statement-breakpoint
ALTER TABLE "budget_approval_items" ADD CONSTRAINT "budget_approval_items_approval_id_budget_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."budget_approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_approval_items" ADD CONSTRAINT "budget_approval_items_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_approvals" ADD CONSTRAINT "budget_approvals_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_approvals" ADD CONSTRAINT "budget_approvals_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_targets" ADD CONSTRAINT "department_targets_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_targets" ADD CONSTRAINT "department_targets_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ex_ante_requirements" ADD CONSTRAINT "ex_ante_requirements_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ex_ante_requirements" ADD CONSTRAINT "ex_ante_requirements_required_by_users_id_fk" FOREIGN KEY ("required_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_library" ADD CONSTRAINT "indicator_library_fund_type_id_fund_types_id_fk" FOREIGN KEY ("fund_type_id") REFERENCES "public"."fund_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_library" ADD CONSTRAINT "indicator_library_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_target_id_performance_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."performance_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_department_target_id_department_targets_id_fk" FOREIGN KEY ("department_target_id") REFERENCES "public"."department_targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_approval_id_budget_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."budget_approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_approval_items_item_idx" ON "budget_approval_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "budget_approvals_org_idx" ON "budget_approvals" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "indicator_library_fund_idx" ON "indicator_library" USING btree ("fund_type_id");--> statement-breakpoint
CREATE INDEX "indicator_library_sector_idx" ON "indicator_library" USING btree ("sector");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_library_name_uq" ON "indicator_library" USING btree (coalesce("fund_type_id", ''),coalesce("sector", ''),"name") WHERE "indicator_library"."active";--> statement-breakpoint
CREATE INDEX "target_versions_org_idx" ON "target_versions" USING btree ("org_unit_id","status");--> statement-breakpoint
CREATE INDEX "target_versions_item_idx" ON "target_versions" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "target_versions_pending_uq" ON "target_versions" USING btree ("target_id") WHERE "target_versions"."status" = 'submitted' and "target_versions"."target_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "target_versions_department_pending_uq" ON "target_versions" USING btree ("department_target_id") WHERE "target_versions"."status" = 'submitted' and "target_versions"."department_target_id" is not null;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD CONSTRAINT "ex_ante_assessments_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD CONSTRAINT "ex_ante_assessments_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" ADD CONSTRAINT "ex_ante_assessments_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_library_indicator_id_indicator_library_id_fk" FOREIGN KEY ("library_indicator_id") REFERENCES "public"."indicator_library"("id") ON DELETE no action ON UPDATE no action;
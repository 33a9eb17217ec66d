CREATE TABLE "budget_adjustments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "budget_adjustments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"adjusted_on" date NOT NULL,
	"reason" text NOT NULL,
	"document_no" text,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "department_self_evaluations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "department_self_evaluations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_unit_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"department_target_id" integer NOT NULL,
	"target_version_id" integer,
	"status" text DEFAULT 'draft' NOT NULL,
	"scheme" text NOT NULL,
	"initial_fen" bigint NOT NULL,
	"adjusted_fen" bigint NOT NULL,
	"executed_fen" bigint NOT NULL,
	"lines" jsonb NOT NULL,
	"measures" text DEFAULT '' NOT NULL,
	"evidence_attachment_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"score" double precision,
	"grade" text,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scored_at" timestamp with time zone,
	"final_score" double precision,
	"final_grade" text,
	"prepared_by" integer,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"confirmed_by" integer,
	"confirmed_at" timestamp with time zone,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"return_comment" text,
	"round" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "department_self_evaluations_org_year_uq" UNIQUE("org_unit_id","fiscal_year")
);
--> statement-breakpoint
ALTER TABLE "budget_adjustments" ADD CONSTRAINT "budget_adjustments_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_adjustments" ADD CONSTRAINT "budget_adjustments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_self_evaluations" ADD CONSTRAINT "department_self_evaluations_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_self_evaluations" ADD CONSTRAINT "department_self_evaluations_department_target_id_department_targets_id_fk" FOREIGN KEY ("department_target_id") REFERENCES "public"."department_targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_self_evaluations" ADD CONSTRAINT "department_self_evaluations_prepared_by_users_id_fk" FOREIGN KEY ("prepared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_self_evaluations" ADD CONSTRAINT "department_self_evaluations_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_self_evaluations" ADD CONSTRAINT "department_self_evaluations_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_self_evaluations" ADD CONSTRAINT "department_self_evaluations_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_adjustments_year_item_idx" ON "budget_adjustments" USING btree ("fiscal_year","item_id");
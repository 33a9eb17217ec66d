CREATE TABLE "self_evaluations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "self_evaluations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"org_unit_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
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
	CONSTRAINT "self_evaluations_item_year_uq" UNIQUE("item_id","fiscal_year")
);
--> statement-breakpoint
CREATE TABLE "spot_check_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "spot_check_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"spot_check_id" integer NOT NULL,
	"self_evaluation_id" integer NOT NULL,
	"reason" text NOT NULL,
	"self_score" double precision,
	"self_grade" text,
	"check_problems" integer DEFAULT 0 NOT NULL,
	"review_score" double precision,
	"review_grade" text,
	"review_note" text,
	"distorted" boolean,
	"difference" double precision,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"rectification_task_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spot_check_entries_uq" UNIQUE("spot_check_id","self_evaluation_id")
);
--> statement-breakpoint
CREATE TABLE "spot_checks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "spot_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"fiscal_year" integer NOT NULL,
	"scope_path" text NOT NULL,
	"seed" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"candidate_count" integer NOT NULL,
	"drawn_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "self_evaluations" ADD CONSTRAINT "self_evaluations_item_id_budget_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."budget_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluations" ADD CONSTRAINT "self_evaluations_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluations" ADD CONSTRAINT "self_evaluations_prepared_by_users_id_fk" FOREIGN KEY ("prepared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluations" ADD CONSTRAINT "self_evaluations_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluations" ADD CONSTRAINT "self_evaluations_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_evaluations" ADD CONSTRAINT "self_evaluations_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_entries" ADD CONSTRAINT "spot_check_entries_spot_check_id_spot_checks_id_fk" FOREIGN KEY ("spot_check_id") REFERENCES "public"."spot_checks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_entries" ADD CONSTRAINT "spot_check_entries_self_evaluation_id_self_evaluations_id_fk" FOREIGN KEY ("self_evaluation_id") REFERENCES "public"."self_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_entries" ADD CONSTRAINT "spot_check_entries_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_checks" ADD CONSTRAINT "spot_checks_drawn_by_users_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "self_evaluations_year_org_idx" ON "self_evaluations" USING btree ("fiscal_year","org_unit_id");--> statement-breakpoint
CREATE INDEX "self_evaluations_unscored_idx" ON "self_evaluations" USING btree ("fiscal_year","id") WHERE "self_evaluations"."scored_at" is null;--> statement-breakpoint
CREATE INDEX "spot_check_entries_se_idx" ON "spot_check_entries" USING btree ("self_evaluation_id");--> statement-breakpoint
CREATE INDEX "spot_checks_year_idx" ON "spot_checks" USING btree ("fiscal_year");
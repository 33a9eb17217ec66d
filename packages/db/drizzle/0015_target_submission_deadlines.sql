CREATE TABLE "target_submission_deadlines" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "target_submission_deadlines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"region_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"deadline" date NOT NULL,
	"set_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "target_submission_deadlines_region_year_uq" UNIQUE("region_id","fiscal_year")
);
--> statement-breakpoint
ALTER TABLE "target_submission_deadlines" ADD CONSTRAINT "target_submission_deadlines_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_submission_deadlines" ADD CONSTRAINT "target_submission_deadlines_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
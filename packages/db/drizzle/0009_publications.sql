CREATE TABLE "management_assessments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "management_assessments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"region_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_feedback" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "public_feedback_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"region_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"item_key" text NOT NULL,
	"org_unit_id" integer NOT NULL,
	"satisfaction" integer,
	"comment" text,
	"contact" text,
	"client_hash" text NOT NULL,
	"challenge" text NOT NULL,
	"reply" text,
	"replied_by" integer,
	"replied_at" timestamp with time zone,
	"reply_published" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_feedback_challenge_unique" UNIQUE("challenge")
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "publications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"region_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"draft" text NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"selection" jsonb NOT NULL,
	"raw" jsonb NOT NULL,
	"public" jsonb NOT NULL,
	"note" text,
	"created_by" integer,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"publish_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publications_set_version_uq" UNIQUE("region_id","fiscal_year","draft","version")
);
--> statement-breakpoint
ALTER TABLE "management_assessments" ADD CONSTRAINT "management_assessments_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "management_assessments" ADD CONSTRAINT "management_assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_feedback" ADD CONSTRAINT "public_feedback_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_feedback" ADD CONSTRAINT "public_feedback_replied_by_users_id_fk" FOREIGN KEY ("replied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "management_assessments_region_idx" ON "management_assessments" USING btree ("region_id","fiscal_year");--> statement-breakpoint
CREATE INDEX "public_feedback_item_idx" ON "public_feedback" USING btree ("region_id","fiscal_year","item_key");--> statement-breakpoint
CREATE INDEX "public_feedback_client_idx" ON "public_feedback" USING btree ("client_hash","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "publications_open_uq" ON "publications" USING btree ("region_id","fiscal_year","draft") WHERE "publications"."status" <> 'approved';--> statement-breakpoint
CREATE INDEX "publications_public_idx" ON "publications" USING btree ("status","publish_on");--> statement-breakpoint
CREATE FUNCTION "publications_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION 'publication % is approved and immutable', OLD.id USING ERRCODE = 'P0001';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "publications_immutable" BEFORE UPDATE OR DELETE ON "publications" FOR EACH ROW EXECUTE FUNCTION "publications_immutable"();

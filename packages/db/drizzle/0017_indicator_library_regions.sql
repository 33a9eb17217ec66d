DROP INDEX "indicator_library_name_uq";--> statement-breakpoint
ALTER TABLE "indicator_library" ADD COLUMN "region_id" integer;--> statement-breakpoint
ALTER TABLE "indicator_library" ADD CONSTRAINT "indicator_library_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_library_region_idx" ON "indicator_library" USING btree ("region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_library_name_uq" ON "indicator_library" USING btree (coalesce("region_id", 0),coalesce("fund_type_id", ''),coalesce("sector", ''),"name") WHERE "indicator_library"."active";--> statement-breakpoint
-- ===== hand-written (issue 11: indicator library by region) =====
-- Existing bureau entries belong to the region of the user who added them, or else to the top
-- region (the city or province the library was kept for); plugin entries stay region-less.
UPDATE "indicator_library" l SET "region_id" = o."region_id"
  FROM "users" u JOIN "org_units" o ON o."id" = u."org_unit_id"
  WHERE l."origin" = 'bureau' AND l."created_by" = u."id";--> statement-breakpoint
UPDATE "indicator_library" SET "region_id" = (SELECT "id" FROM "regions" ORDER BY length("path"), "id" LIMIT 1)
  WHERE "origin" = 'bureau' AND "region_id" IS NULL;

-- Assessments recorded before the workflow existed were final conclusions: they stand as accepted.
UPDATE "ex_ante_assessments" SET "status" = 'accepted', "computed_conclusion" = "conclusion" WHERE "conclusion" IS NOT NULL;--> statement-breakpoint
UPDATE "ex_ante_assessments" SET "summary" = "summary" || E'\n评估机构：' || "third_party" WHERE "third_party" IS NOT NULL AND "third_party" <> '';--> statement-breakpoint
CREATE UNIQUE INDEX "ex_ante_open_uq" ON "ex_ante_assessments" USING btree ("item_id") WHERE "ex_ante_assessments"."status" <> 'accepted';--> statement-breakpoint
ALTER TABLE "ex_ante_assessments" DROP COLUMN "third_party";
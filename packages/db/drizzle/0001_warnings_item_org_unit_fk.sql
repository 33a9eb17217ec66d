ALTER TABLE "warnings" DROP CONSTRAINT "warnings_item_id_budget_items_id_fk";
--> statement-breakpoint
ALTER TABLE "warnings" DROP CONSTRAINT "warnings_org_unit_id_org_units_id_fk";
--> statement-breakpoint
DROP INDEX "budget_items_org_unit_idx";--> statement-breakpoint
ALTER TABLE "budget_items" ADD CONSTRAINT "budget_items_org_unit_id_uq" UNIQUE("org_unit_id","id");--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_item_org_unit_fk" FOREIGN KEY ("org_unit_id","item_id") REFERENCES "public"."budget_items"("org_unit_id","id") ON DELETE no action ON UPDATE cascade;

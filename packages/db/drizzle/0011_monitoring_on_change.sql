CREATE SEQUENCE "public"."monitoring_dirty_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "monitoring_dirty_items" (
	"item_id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitoring_runs" ADD COLUMN "mode" text DEFAULT 'full' NOT NULL;--> statement-breakpoint
ALTER TABLE "monitoring_runs" ADD COLUMN "rules_fingerprint" text;--> statement-breakpoint
-- Judging on change: every write to what monitoring rules read marks its items in
-- monitoring_dirty_items, in the writer's transaction (statement-level: a bulk import of 10,000
-- payments is one insert of its distinct items). Items in ascending order, so two writers lock
-- the marks in the same order.
CREATE FUNCTION jx_mark_items_dirty(item_ids integer[]) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO monitoring_dirty_items (item_id, seq)
  SELECT s.item_id, nextval('monitoring_dirty_seq')
  FROM (SELECT DISTINCT u.item_id FROM unnest(item_ids) AS u(item_id) WHERE u.item_id IS NOT NULL ORDER BY 1) s
  ON CONFLICT (item_id) DO UPDATE SET seq = excluded.seq, marked_at = now();
END
$fn$;
--> statement-breakpoint
CREATE FUNCTION jx_dirty_execution_records_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_new));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER execution_records_dirty_insert AFTER INSERT ON execution_records REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_execution_records_insert();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_execution_records_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_new UNION SELECT item_id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER execution_records_dirty_update AFTER UPDATE ON execution_records REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_execution_records_update();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_execution_records_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER execution_records_dirty_delete AFTER DELETE ON execution_records REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_execution_records_delete();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_indicator_reports_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_new));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER indicator_reports_dirty_insert AFTER INSERT ON indicator_reports REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_indicator_reports_insert();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_indicator_reports_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_new UNION SELECT item_id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER indicator_reports_dirty_update AFTER UPDATE ON indicator_reports REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_indicator_reports_update();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_indicator_reports_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER indicator_reports_dirty_delete AFTER DELETE ON indicator_reports REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_indicator_reports_delete();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_indicators_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_new));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER indicators_dirty_insert AFTER INSERT ON indicators REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_indicators_insert();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_indicators_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_new UNION SELECT item_id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER indicators_dirty_update AFTER UPDATE ON indicators REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_indicators_update();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_indicators_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER indicators_dirty_delete AFTER DELETE ON indicators REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_indicators_delete();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_performance_targets_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_new));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER performance_targets_dirty_insert AFTER INSERT ON performance_targets REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_performance_targets_insert();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_performance_targets_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_new UNION SELECT item_id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER performance_targets_dirty_update AFTER UPDATE ON performance_targets REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_performance_targets_update();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_performance_targets_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT item_id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER performance_targets_dirty_delete AFTER DELETE ON performance_targets REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_performance_targets_delete();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_budget_items_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT id FROM changed_new));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER budget_items_dirty_insert AFTER INSERT ON budget_items REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_budget_items_insert();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_budget_items_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT id FROM changed_new UNION SELECT id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER budget_items_dirty_update AFTER UPDATE ON budget_items REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_budget_items_update();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_budget_items_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(SELECT id FROM changed_old));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER budget_items_dirty_delete AFTER DELETE ON budget_items REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_budget_items_delete();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_region_fiscal_facts_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(
    SELECT bi.id FROM budget_items bi JOIN org_units o ON o.id = bi.org_unit_id
    WHERE o.region_id IN (SELECT region_id FROM changed_new)));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER region_fiscal_facts_dirty_insert AFTER INSERT ON region_fiscal_facts REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_region_fiscal_facts_insert();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_region_fiscal_facts_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(
    SELECT bi.id FROM budget_items bi JOIN org_units o ON o.id = bi.org_unit_id
    WHERE o.region_id IN (SELECT region_id FROM changed_new UNION SELECT region_id FROM changed_old)));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER region_fiscal_facts_dirty_update AFTER UPDATE ON region_fiscal_facts REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_region_fiscal_facts_update();
--> statement-breakpoint
CREATE FUNCTION jx_dirty_region_fiscal_facts_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM jx_mark_items_dirty(ARRAY(
    SELECT bi.id FROM budget_items bi JOIN org_units o ON o.id = bi.org_unit_id
    WHERE o.region_id IN (SELECT region_id FROM changed_old)));
  RETURN NULL;
END
$fn$;--> statement-breakpoint
CREATE TRIGGER region_fiscal_facts_dirty_delete AFTER DELETE ON region_fiscal_facts REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION jx_dirty_region_fiscal_facts_delete();
